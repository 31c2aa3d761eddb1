"""Numbers, energy, dates and times as a reader of the chosen language expects (babel/CLDR).

"1 234,567 кВт·ч" and "23.11.2026 14:05" in Russian, "1,234.567 kWh" in English; times in the site's
time zone. Dates keep the dd.mm.yyyy form in both languages: the bot serves Russian sites, and English
readers there know it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.numbers import format_decimal

import locales
from handlers.i18n import DOMAIN, N_

KWH = N_("kWh")
DATE_PATTERN = "dd.MM.yyyy"
DATETIME_PATTERN = "dd.MM.yyyy HH:mm"


def format_number(value: Decimal | int | float, locale: str, *, decimals: int = 3) -> str:
    """Up to ``decimals`` decimals, trailing zeros dropped, grouped: "1 234,5"."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=locale)


def format_signed(value: Decimal | int | float, locale: str, *, decimals: int = 3) -> str:
    """With a plus sign for a positive value: "+15,5"."""
    text = format_number(value, locale, decimals=decimals)
    return "+" + text if value > 0 else text


@cache
def kwh_unit(locale: str) -> str:
    return locales.translations(locale, DOMAIN).gettext(KWH)


def format_kwh(value: Decimal | int | float, locale: str, *, signed: bool = False) -> str:
    """ "1 234,567 кВт·ч" (with a non-breaking space before the unit)."""
    number = format_signed(value, locale) if signed else format_number(value, locale)
    return f"{number}\u00a0{kwh_unit(locale)}"


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def format_dt(moment: datetime, tz: str, locale: str) -> str:
    """An aware time in the time zone ``tz``: "23.11.2026 14:05"."""
    return babel_format_datetime(moment, DATETIME_PATTERN, tzinfo=_zone(tz), locale=locale)


def format_date(day: date, locale: str) -> str:
    """A calendar day: "23.11.2026"."""
    return babel_format_date(day, DATE_PATTERN, locale=locale)
