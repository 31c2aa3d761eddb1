"""What the chart service takes and gives: kinds, the request, the localized labels, the result.

Re-exported by :mod:`services.charts`; import them from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from services.chart_periods import PeriodMode, Scale
from services.chart_render import PlotData
from services.consumption import RegisterPoint
from services.meters import MeterRef


class ChartFamily(StrEnum):
    CONSUMPTION = "consumption"
    READINGS = "readings"
    NETWORK = "network"


class ChartKind(StrEnum):
    """The seeds' reports: consumption by hour, day and month; readings by day and month; network quality."""

    CONSUMPTION_HOURLY = "consumption_hourly"
    CONSUMPTION_DAILY = "consumption_daily"
    CONSUMPTION_MONTHLY = "consumption_monthly"
    READINGS_DAILY = "readings_daily"
    READINGS_MONTHLY = "readings_monthly"
    NETWORK_VOLTAGE = "network_voltage"
    NETWORK_CURRENT = "network_current"
    NETWORK_FREQUENCY = "network_frequency"

    @property
    def family(self) -> ChartFamily:
        return ChartFamily(self.value.split("_", 1)[0])

    @property
    def scale(self) -> Scale:
        if self in _MONTH_SCALE:
            return Scale.MONTH
        return Scale.YEAR if self in _YEAR_SCALE else Scale.DAY

    @property
    def unit(self) -> ChartUnit:
        return _UNITS.get(self, ChartUnit.KWH)

    @property
    def periods(self) -> tuple[PeriodMode, ...]:
        """The period modes that apply (billing only where the site's billing periods are not months)."""
        if self.scale is Scale.MONTH:
            return (PeriodMode.ROLLING, PeriodMode.CALENDAR, PeriodMode.BILLING)
        if self.scale is Scale.YEAR:
            return (PeriodMode.CALENDAR, PeriodMode.BILLING)
        return (PeriodMode.CALENDAR,)


class ChartUnit(StrEnum):
    KWH = "kwh"
    VOLT = "volt"
    AMPERE = "ampere"
    HERTZ = "hertz"


_MONTH_SCALE = frozenset({ChartKind.CONSUMPTION_DAILY, ChartKind.READINGS_DAILY})
_YEAR_SCALE = frozenset({ChartKind.CONSUMPTION_MONTHLY, ChartKind.READINGS_MONTHLY})
_UNITS = {
    ChartKind.NETWORK_VOLTAGE: ChartUnit.VOLT,
    ChartKind.NETWORK_CURRENT: ChartUnit.AMPERE,
    ChartKind.NETWORK_FREQUENCY: ChartUnit.HERTZ,
}


def kind_of(family: ChartFamily, scale: Scale) -> ChartKind | None:
    """The kind of ``family`` at ``scale`` (None: no such report, e.g. readings by hour)."""
    for kind in ChartKind:
        if kind.family is family and kind.scale is scale:
            return kind
    return None


@dataclass(frozen=True, slots=True)
class ChartRequest:
    person_id: int
    meter_id: int
    kind: ChartKind = ChartKind.CONSUMPTION_DAILY
    anchor: date | None = None
    """A day inside the wanted period (the last day of a rolling one); None: today in the site's zone."""
    mode: PeriodMode = PeriodMode.ROLLING
    """How a month is counted: the last 30 days, a calendar month or a billing period (ignored where it
    does not apply: a day is a day, a year is calendar or billing)."""


@dataclass(frozen=True, slots=True)
class ChartLabels:
    """Every word drawn on a chart, already translated by the caller; numbers and dates are formatted
    here with babel in ``locale``. Hashable: it is part of the cache key."""

    locale: str
    titles: tuple[str, ...]
    """One per :class:`ChartKind`, in its order ("Потребление по дням", ...)."""
    units: tuple[str, ...]
    """One per :class:`ChartUnit`, in its order ("кВт·ч", "В", "А", "Гц")."""
    periods: tuple[str, ...]
    """One per :class:`PeriodMode`, in its order, after a month's dates in the subtitle ("последние 30 дней",
    "календарный месяц", "расчётный период")."""
    billing_year: str
    """After a year of billing periods' dates in the subtitle ("расчётные периоды")."""
    months: tuple[str, ...]
    """Twelve stand-alone month names ("ноябрь")."""
    months_short: tuple[str, ...]
    """Twelve abbreviations for the axis ("нояб.")."""
    day_night: tuple[str, str]
    """The tariffs of a two-rate meter ("Т1 (день)", "Т2 (ночь)")."""
    tariffs: tuple[str, str, str, str]
    """T1..T4 of a meter with more rates."""
    total: str
    """The one series of a single-rate meter, and the total register."""
    phases: tuple[str, str, str]
    frequency: str
    estimated: str
    missing: str
    no_data: str
    voltage_band: str
    """The shaded normal range of voltage ("норма 230 В ±10 %")."""
    frequency_band: str

    def __post_init__(self) -> None:
        sizes = {"titles": len(ChartKind), "units": len(ChartUnit), "periods": len(PeriodMode), "months": 12}
        sizes["months_short"] = 12
        for name, size in sizes.items():
            if len(getattr(self, name)) != size:
                raise ValueError(f"ChartLabels.{name} needs {size} entries")

    def title(self, kind: ChartKind) -> str:
        return self.titles[list(ChartKind).index(kind)]

    def unit(self, unit: ChartUnit) -> str:
        return self.units[list(ChartUnit).index(unit)]

    def period(self, mode: PeriodMode) -> str:
        return self.periods[list(PeriodMode).index(mode)]


@dataclass(frozen=True, slots=True)
class ChartSummary:
    """The numbers for the caption. Energy charts: ``total``, ``average`` per point with data (hour, day
    or month), ``peak`` and when, and the same period a year before. Network charts: ``average``,
    ``peak`` (highest) and ``low`` (lowest) bucket with their times, buckets outside the normal band."""

    unit: ChartUnit
    total: Decimal | None = None
    average: Decimal | None = None
    peak: Decimal | None = None
    peak_at: date | datetime | None = None
    """A local hour start (hourly and network charts), a day, or a month's first day."""
    low: Decimal | None = None
    low_at: datetime | None = None
    last_year_total: Decimal | None = None
    """The same slots a year before, when any of them has data."""
    change_percent: Decimal | None = None
    """(total − last year) / last year × 100, to 0.1; None without a comparable last year."""
    registers: RegisterPoint | None = None
    """Readings charts: the latest registers of the period."""
    shown: int = 0
    """Slots inside the data horizon (not in the future, not before installation)."""
    estimated: int = 0
    missing: int = 0
    outside_band: int = 0


@dataclass(frozen=True, slots=True)
class ChartView:
    """Where the chart is and where one can go from it (the handler makes buttons of it)."""

    kind: ChartKind
    mode: PeriodMode
    anchor: date
    start: date
    end: date
    today: date
    previous: date | None
    """An anchor of the period before, or None when it would be before the meter's first data."""
    next: date | None
    """An anchor of the period after, or None when it would start in the future."""
    drill: tuple[date, ...]
    """Consumption by day: the days that have an hourly chart; by month: each month's first day (its
    billing period's first day in billing mode)."""
    billing: bool
    """The site's billing periods differ from calendar months (the toggle makes sense)."""
    network: bool
    """The meter sends telemetry (network-quality charts exist)."""
    phases: int


@dataclass(frozen=True, slots=True)
class ChartResult:
    png: bytes
    summary: ChartSummary
    view: ChartView
    plot: PlotData
    """What was drawn: the series and the slots marked estimated or missing."""
    meter: MeterRef
    """The meter as the requesting person sees it (their label)."""
    from_cache: bool = False
