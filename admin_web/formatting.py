"""Jinja filters: dates and times in a site's time zone as dd.mm.yyyy HH:MM, numbers as the page's
language writes them (Russian: 1 234,5), through babel. The language is the template's ``lang``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import jinja2
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

DATETIME = "dd.MM.yyyy HH:mm"
DATE = "dd.MM.yyyy"


def _lang(context: jinja2.runtime.Context) -> str:
    return str(context.get("lang") or "ru")


@jinja2.pass_context
def datetime_filter(context: jinja2.runtime.Context, value: datetime | None, timezone: str = "UTC") -> str:
    if value is None:
        return "—"
    return format_datetime(value, DATETIME, tzinfo=ZoneInfo(timezone), locale=_lang(context))


@jinja2.pass_context
def date_filter(context: jinja2.runtime.Context, value: date | None) -> str:
    if value is None:
        return "—"
    return format_date(value, DATE, locale=_lang(context))


@jinja2.pass_context
def number_filter(context: jinja2.runtime.Context, value: Decimal | float | int | None, decimals: int = 3) -> str:
    if value is None:
        return "—"
    pattern = "#,##0." + "#" * decimals if decimals > 0 else "#,##0"
    return format_decimal(value, format=pattern, locale=_lang(context))


def minutes_filter(value: int | None) -> str:
    """Minutes after midnight as HH:MM ("" for none or a bad value)."""
    if value is None or not 0 <= value < 24 * 60:
        return ""
    return f"{value // 60:02d}:{value % 60:02d}"


def install(env: jinja2.Environment) -> None:
    env.filters["dt"] = datetime_filter
    env.filters["d"] = date_filter
    env.filters["num"] = number_filter
    env.filters["hhmm"] = minutes_filter
