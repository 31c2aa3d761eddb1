"""Chart periods: a day, a month (the last 30 days, a calendar month or a billing period) or a year, and
the periods before and after one. Pure functions of dates.

A billing period (расчётный период) runs from the site's ``billing_period_start_day`` of one month to
the day before it in the next, and is named after the month it ends in: with the 20th, "November" is
20.10–19.11, the consumption whose readings are handed in from the 20th of November. With the 1st (the
default) billing periods are calendar months.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

ROLLING_DAYS = 30
"""The seeds' "consumption by day": the last 30 days (or fewer, since installation)."""
LAST_BILLING_START_DAY = 28
"""Billing start days are kept to 1..28 so that every month has one."""


class Scale(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class PeriodMode(StrEnum):
    ROLLING = "rolling"
    """30 days ending on the anchor (month scale only)."""
    CALENDAR = "calendar"
    BILLING = "billing"


@dataclass(frozen=True, slots=True)
class Period:
    """Days ``start``..``end`` (inclusive) and, for a year, its twelve month buckets."""

    scale: Scale
    mode: PeriodMode
    start: date
    end: date
    months: tuple[tuple[date, date], ...] = ()
    """Year scale: the (first, last) day of each of its twelve months (calendar or billing), January first."""

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def billing_day(start_day: int) -> int:
    return min(max(start_day, 1), LAST_BILLING_START_DAY)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (earlier when negative), kept inside the target month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def month_bounds(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    return first, first.replace(day=calendar.monthrange(day.year, day.month)[1])


def billing_month(year: int, month: int, start_day: int) -> tuple[date, date]:
    """The billing period named after ``month`` of ``year`` (the one that ends in it)."""
    start_day = billing_day(start_day)
    if start_day == 1:
        return month_bounds(date(year, month, 1))
    end = date(year, month, start_day - 1)
    return add_months(end, -1) + timedelta(days=1), end


def billing_bounds(day: date, start_day: int) -> tuple[date, date]:
    """The billing period that ``day`` belongs to."""
    start_day = billing_day(start_day)
    named = day if day.day < start_day or start_day == 1 else add_months(day, 1)
    return billing_month(named.year, named.month, start_day)


def month_buckets(year: int, mode: PeriodMode, start_day: int) -> tuple[tuple[date, date], ...]:
    """The twelve months of a year, calendar ones or billing periods (named after the month they end in)."""
    if mode is PeriodMode.BILLING:
        return tuple(billing_month(year, month, start_day) for month in range(1, 13))
    return tuple(month_bounds(date(year, month, 1)) for month in range(1, 13))


def period_of(scale: Scale, mode: PeriodMode, anchor: date, start_day: int) -> Period:
    """The period of ``scale`` that ``anchor`` is in (the rolling one ends on it)."""
    if scale is Scale.DAY:
        return Period(scale, PeriodMode.CALENDAR, anchor, anchor)
    if scale is Scale.MONTH:
        if mode is PeriodMode.ROLLING:
            return Period(scale, mode, anchor - timedelta(days=ROLLING_DAYS - 1), anchor)
        if mode is PeriodMode.BILLING:
            return Period(scale, mode, *billing_bounds(anchor, start_day))
        return Period(scale, PeriodMode.CALENDAR, *month_bounds(anchor))
    mode = PeriodMode.BILLING if mode is PeriodMode.BILLING else PeriodMode.CALENDAR
    year = anchor.year
    if mode is PeriodMode.BILLING:
        year = billing_month_of(anchor, start_day).year
    months = month_buckets(year, mode, start_day)
    return Period(scale, mode, months[0][0], months[-1][1], months)


def billing_month_of(day: date, start_day: int) -> date:
    """The first day of the month that names ``day``'s billing period."""
    end = billing_bounds(day, start_day)[1]
    return end.replace(day=1)


def previous_anchor(period: Period) -> date:
    """An anchor of the period before ``period``."""
    return period.start - timedelta(days=1)


def next_anchor(period: Period) -> date:
    """An anchor of the period after ``period`` (a rolling window moves by its length)."""
    if period.mode is PeriodMode.ROLLING:
        return period.end + timedelta(days=ROLLING_DAYS)
    return period.end + timedelta(days=1)


def year_earlier(day: date) -> date:
    """The same date a year before (28 February for the 29th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]
