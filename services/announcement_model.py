"""Announcements' vocabulary: DTOs, the notices port, domain errors, and the parsing of what authors type.

Pure: no database here. :mod:`services.announcements` holds the use cases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from services.enums import AnnouncementState, Channel
from services.errors import Conflict, InvalidInput
from services.ports import OutgoingMessage

TEXT_MAX = 3500
"""The longest announcement: a Telegram message is 4096 characters, and the heading takes some."""
CAPTION_TEXT_MAX = 800
"""With a photo the whole announcement is the photo's caption, which Telegram cuts at 1024 characters."""
PHOTO_ID_MAX = 200
PLOT_RANGE_MAX = 500
"""The most plots one range ("1-500") may name: a typo such as "1-50000" is refused, not expanded."""
PLOT_NUMBER_MAX = 32


# --- DTOs -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SiteChoice:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class PlotRef:
    id: int
    number: str


@dataclass(frozen=True, slots=True)
class Draft:
    """What an author writes. ``plot_ids`` None means every resident of the site."""

    site_id: int
    text: str
    photo_file_id: str = ""
    works_until: date | None = None
    plot_ids: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class AnnouncementDTO:
    id: int
    """0 for a preview of an announcement that is not saved yet."""
    site_id: int
    site_name: str
    timezone: str
    author_id: int | None
    author_name: str
    text: str
    photo_file_id: str
    works_until: date | None
    plots: tuple[PlotRef, ...] | None
    """The chosen plots in natural order; None when it is for every resident of the site."""
    state: AnnouncementState
    created_at: datetime | None
    published_at: datetime | None
    withdrawn_at: datetime | None

    @property
    def plot_numbers(self) -> tuple[str, ...]:
        return tuple(plot.number for plot in self.plots or ())


@dataclass(frozen=True, slots=True)
class DeliveryStats:
    """The outbox rows of one announcement by where they stand."""

    telegram: int = 0
    """Delivered in Telegram."""
    email: int = 0
    """Delivered by e-mail (the resident prefers it, has no Telegram, or blocked the bot)."""
    failed: int = 0
    pending: int = 0

    @property
    def total(self) -> int:
        return self.telegram + self.email + self.failed + self.pending

    @property
    def sent(self) -> int:
        return self.telegram + self.email


@dataclass(frozen=True, slots=True)
class AnnouncementItem:
    announcement: AnnouncementDTO
    stats: DeliveryStats


@dataclass(frozen=True, slots=True)
class Preview:
    announcement: AnnouncementDTO
    recipients: int


@dataclass(frozen=True, slots=True)
class Published:
    announcement: AnnouncementDTO
    changed: bool
    """False when it had been published (or withdrawn) already: nothing was queued."""
    queued: int


@dataclass(frozen=True, slots=True)
class Withdrawn:
    announcement: AnnouncementDTO
    changed: bool
    cancelled: int
    """Messages still waiting in the outbox that will not go out now."""


class AnnouncementNotices(Protocol):
    """Renders an announcement for one resident; the service addresses and queues it."""

    def for_resident(self, announcement: AnnouncementDTO, language: str | None, channel: Channel) -> OutgoingMessage:
        """The announcement in ``language`` (None: the default one), for Telegram or e-mail."""
        ...


# --- errors ---------------------------------------------------------------------------------------


class UnknownPlots(InvalidInput):
    """Plot numbers that the site does not have."""

    def __init__(self, numbers: tuple[str, ...]) -> None:
        super().__init__("plots", "unknown")
        self.numbers = numbers


class WrongState(Conflict):
    """The announcement is not in a state that allows the action (say, editing a published one)."""

    code = "wrong_state"

    def __init__(self, state: AnnouncementState) -> None:
        super().__init__(f"the announcement is {state.value}")
        self.state = state


# --- parsing --------------------------------------------------------------------------------------

_DATE = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_DASHES = re.compile(r"\s*[-–—]\s*")
_SEPARATORS = re.compile(r"[,;\s]+")
_RANGE = re.compile(r"(\d+)-(\d+)")
_NUMBER = re.compile(r"[\w/.]+(?:-[\w/.]+)?")


def parse_works_until(text: str) -> date:
    """ "30.11.2026" (also 1.2.2026 or 30/11/2026). InvalidInput("works_until", "format" | "invalid_date")."""
    match = _DATE.fullmatch(text.strip())
    if match is None:
        raise InvalidInput("works_until", "format")
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise InvalidInput("works_until", "invalid_date") from exc


def parse_plot_numbers(text: str) -> tuple[str, ...]:
    """Plot numbers as people type them: "1, 5, 12-15" (ranges of numbers expand; "12А" is a number too).

    InvalidInput("plots", ...) with reason ``empty``, ``format``, ``range`` (backwards) or ``range_too_large``.
    """
    compact = _DASHES.sub("-", text.strip())
    parts = [part for part in _SEPARATORS.split(compact) if part]
    if not parts:
        raise InvalidInput("plots", "empty")
    numbers: list[str] = []
    for part in parts:
        span = _RANGE.fullmatch(part)
        if span is not None:
            first, last = int(span.group(1)), int(span.group(2))
            if first > last:
                raise InvalidInput("plots", "range")
            if last - first >= PLOT_RANGE_MAX:
                raise InvalidInput("plots", "range_too_large")
            numbers.extend(str(number) for number in range(first, last + 1))
        elif _NUMBER.fullmatch(part) and len(part) <= PLOT_NUMBER_MAX:
            numbers.append(part)
        else:
            raise InvalidInput("plots", "format")
    return tuple(dict.fromkeys(numbers))


def plot_key(number: str) -> str:
    """How plot numbers compare: "012" is "12", "12а" is "12А"."""
    number = number.strip()
    return str(int(number)) if number.isdigit() else number.casefold()


def natural_order(number: str) -> tuple[int, int, str]:
    return (0, int(number), "") if number.isdigit() else (1, 0, number.casefold())


def check_text(text: str, *, with_photo: bool) -> str:
    """The text trimmed; InvalidInput("text", "empty" | "too_long")."""
    text = "\n".join(line.rstrip() for line in text.strip().splitlines())
    if not text:
        raise InvalidInput("text", "empty")
    if len(text) > (CAPTION_TEXT_MAX if with_photo else TEXT_MAX):
        raise InvalidInput("text", "too_long")
    return text
