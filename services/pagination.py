"""A page of a list: the items, where it stands, and how many there are in all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """``page`` counts from 0; ``total`` is the number of items on every page together."""

    items: tuple[T, ...]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        """How many pages there are (at least 1, so that "page 1 of 1" reads right for an empty list)."""
        return max(1, -(-self.total // self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.page > 0

    @property
    def has_next(self) -> bool:
        return self.page + 1 < self.pages


def clamp_page(page: int, total: int, page_size: int) -> int:
    """``page`` moved into range: a stale button for a page that no longer exists shows the last one."""
    if page_size < 1:
        raise ValueError("page_size must be positive")
    last = max(0, -(-total // page_size) - 1)
    return min(max(page, 0), last)
