"""Reading query parameters and form fields without trusting them: a bad value is as if absent."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import Enum
from typing import TypeVar

from aiohttp import web

from admin_web.keys import ADMIN_KEY, AdminServices

E = TypeVar("E", bound=Enum)

MAX_PAGE = 1_000_000


def services(request: web.Request) -> AdminServices:
    return request.app[ADMIN_KEY]


def text(source: Mapping[str, object], name: str, limit: int = 64) -> str:
    value = source.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def page(source: Mapping[str, object]) -> int:
    """The 0-based page from the 1-based ``page`` parameter."""
    raw = text(source, "page", 8)
    return min(int(raw), MAX_PAGE) - 1 if raw.isascii() and raw.isdigit() and int(raw) > 0 else 0


def choice(source: Mapping[str, object], name: str, enum: type[E]) -> E | None:
    raw = text(source, name)
    for member in enum:
        if member.value == raw:
            return member
    return None


def day(source: Mapping[str, object], name: str) -> date | None:
    """A date from ``<input type=date>`` (yyyy-mm-dd) or typed as dd.mm.yyyy."""
    raw = text(source, name, 10)
    try:
        if len(raw) == 10 and raw[2] == "." and raw[5] == ".":
            return date(int(raw[6:]), int(raw[3:5]), int(raw[:2]))
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def number(source: Mapping[str, object], name: str) -> int | None:
    raw = text(source, name, 20)
    sign = -1 if raw.startswith("-") else 1
    digits = raw.lstrip("-")
    return sign * int(digits) if digits.isascii() and digits.isdigit() else None


def flag(source: Mapping[str, object], name: str) -> bool:
    return text(source, name, 8) in {"1", "on", "true", "yes"}


async def form(request: web.Request) -> Mapping[str, object]:
    """The POSTed form (the CSRF check has read it already; aiohttp keeps it)."""
    return await request.post()
