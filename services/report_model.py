"""What a report is: its kind, the request (site, period, plot, format) and the table it produces.

A table is typed: each column says what its cells are (text, whole number, kWh, roubles, percent, date,
date and time), so the writers in :mod:`services.report_files` make real numbers and dates of them.
Column titles and the names of enum values are message ids that the adapter translates; services never
hold user text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum, StrEnum

from services.errors import InvalidInput


class ReportKind(StrEnum):
    READINGS = "readings"
    """Monthly readings per meter: t1/t2 at the start and end of the month and the consumption."""
    PLOTS = "plots"
    """Consumption per plot for a period."""
    IMBALANCE = "imbalance"
    """Main meter(s) against the sum of individual meters, per day or per month."""
    RESTRICTIONS = "restrictions"
    """The journal of restriction operations (ведомость операций ограничения)."""
    VERIFICATION = "verification"
    """Meters whose next verification falls in the period."""
    EVENTS = "events"
    """The event journal."""


class ReportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


class Granularity(StrEnum):
    DAY = "day"
    MONTH = "month"


class CellKind(StrEnum):
    TEXT = "text"
    INT = "int"
    KWH = "kwh"
    """Three decimals."""
    MONEY = "money"
    """Two decimals."""
    PERCENT = "percent"
    """One decimal."""
    DATE = "date"
    DATETIME = "datetime"
    """A naive local date and time in the site's time zone (spreadsheets have no time zones)."""
    LABEL = "label"
    """An enum member or a bool, named by the adapter."""


Cell = str | int | Decimal | date | datetime | Enum | bool | None
Row = tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    """Stable name; the adapter maps it to a translated title."""
    kind: CellKind
    width: int = 14
    """Characters, for the spreadsheet."""


MAX_PERIOD_DAYS = 366
MAX_VERIFICATION_DAYS = 5 * 366
USES_PLOT = frozenset(ReportKind) - {ReportKind.IMBALANCE}
"""Reports that a plot filter narrows (the imbalance is the whole site's)."""


@dataclass(frozen=True, slots=True)
class ReportRequest:
    site_id: int
    kind: ReportKind
    start: date
    """First day, local; for the monthly readings the month's first day."""
    end: date
    """Last day, local, inclusive."""
    fmt: ReportFormat
    plot_id: int | None = None
    granularity: Granularity = Granularity.DAY


@dataclass(frozen=True, slots=True)
class ReportFile:
    name: str
    content_type: str
    body: bytes


@dataclass(frozen=True, slots=True)
class SiteInfo:
    id: int
    slug: str
    name: str
    timezone: str


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def check_period(kind: ReportKind, start: date | None, end: date | None) -> tuple[date, date]:
    """The period, or InvalidInput: ``missing``, ``before_start``, ``too_long``."""
    if start is None or end is None:
        raise InvalidInput("period", "missing")
    if end < start:
        raise InvalidInput("period", "before_start")
    limit = MAX_VERIFICATION_DAYS if kind is ReportKind.VERIFICATION else MAX_PERIOD_DAYS
    if (end - start).days >= limit:
        raise InvalidInput("period", "too_long")
    return start, end
