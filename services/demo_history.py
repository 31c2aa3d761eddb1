"""The demo's history: hourly registers of every meter and the hourly and daily aggregates they give.

Pure and deterministic. Energy is kept in integer units of 0.001 kWh so that every sum is exact.

The load of a plot follows its household (:class:`services.demo_data.Profile`): a standby load when
nobody is there (fridge, cameras), a daily curve with morning and evening peaks when somebody is,
weekends and holidays at the dacha, electric heating when it is cold (a seasonal temperature with
day-to-day weather), a sauna heater on some Saturday evenings. The main meter measures the sum of the
plots plus 3–6 % of line losses (more at peak load), through current transformers: its registers are
the primary energy divided by the multiplier.

Aggregates follow DESIGN.md's metering rules as services/metering.py states them: hours are UTC hours;
a two-register meter takes each zone from its own register, a one-register meter has its consumption
split by the zone (07:00–23:00 local is t1) of each hour; a communication gap (no readings for more than
an hour) is spread evenly over its hours, which are estimated, as is every day they touch; a day's end
registers are the readings at the next local midnight, interpolated when it falls inside a gap.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from services.demo_data import MeterSpec, Profile
from services.enums import Quality

HOUR = timedelta(hours=1)
HOURLY_LOAD = (
    0.35, 0.30, 0.28, 0.27, 0.28, 0.35, 0.60, 1.05, 1.20, 0.95, 0.75, 0.70,
    0.72, 0.70, 0.66, 0.66, 0.78, 1.00, 1.35, 1.55, 1.60, 1.45, 1.05, 0.60,
)  # fmt: skip
"""Load relative to the mean while somebody is at home, per local hour."""
HOLIDAYS = {(1, d) for d in range(1, 9)} | {(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)}
"""Russian public holidays (month, day): the dacha is full."""


@dataclass(frozen=True, slots=True)
class Window:
    """Reading instants every hour from the local midnight ``days`` days ago to the last full hour."""

    instants: tuple[datetime, ...]
    local: tuple[datetime, ...]
    zone_t1: tuple[bool, ...]
    """Per hour (between instant i and i + 1): does it start in the day zone?"""
    timezone: ZoneInfo

    @property
    def hours(self) -> int:
        return len(self.instants) - 1


def make_window(now: datetime, days: int, timezone: ZoneInfo, day_start_min: int, night_start_min: int) -> Window:
    end = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    first_day = end.astimezone(timezone).date() - timedelta(days=days)
    start = datetime(first_day.year, first_day.month, first_day.day, tzinfo=timezone).astimezone(UTC)
    count = int((end - start) / HOUR) + 1
    instants = tuple(start + i * HOUR for i in range(count))
    local = tuple(instant.astimezone(timezone) for instant in instants)
    zone_t1 = tuple(day_start_min <= t.hour * 60 + t.minute < night_start_min for t in local[:-1])
    return Window(instants=instants, local=local, zone_t1=zone_t1, timezone=timezone)


# --- the households --------------------------------------------------------------------------------


def temperatures(window: Window, rng: random.Random) -> dict[date, float]:
    """Mean air temperature per local day near Moscow: a seasonal wave plus day-to-day weather."""
    days = sorted({t.date() for t in window.local})
    weather = 0.0
    result: dict[date, float] = {}
    for day in days:
        weather = 0.8 * weather + rng.gauss(0.0, 2.0)
        season = 5.5 + 12.5 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 200) / 365.25)
        result[day] = season + weather
    return result


def _weekend_like(day: date) -> bool:
    return day.weekday() >= 5 or (day.month, day.day) in HOLIDAYS


class _Presence:
    """Whether somebody is on the plot at a local time; decisions per week are drawn once, in order."""

    def __init__(self, spec: MeterSpec, rng: random.Random, temps: dict[date, float]) -> None:
        self.profile = spec.profile
        self.rng = rng
        self.temps = temps
        self.weeks: dict[tuple[int, int], bool] = {}
        self.away: set[date] = set()
        self.vacation_start = 182 + rng.randrange(0, 50)

    def _comes_this_week(self, day: date) -> bool:
        key = day.isocalendar()[:2]
        if key not in self.weeks:
            warm = self.temps.get(day, 10.0) > 8
            chance = {Profile.WEEKENDS: 0.9 if warm else 0.55, Profile.RARE: 0.45 if warm else 0.2}
            self.weeks[key] = self.rng.random() < chance.get(self.profile, 1.0)
        return self.weeks[key]

    def at(self, local: datetime) -> bool:
        day, hour = local.date(), local.hour
        match self.profile:
            case Profile.PERMANENT:
                return True
            case Profile.SUMMER:
                return 5 <= day.month <= 9
            case Profile.WEEKENDS:
                doy = day.timetuple().tm_yday
                if self.vacation_start <= doy < self.vacation_start + 14:
                    return True
                return self._weekend_visit(day, hour, arrive_friday=True)
            case _:
                return self._weekend_visit(day, hour, arrive_friday=False)

    def _weekend_visit(self, day: date, hour: int, *, arrive_friday: bool) -> bool:
        if (day.month, day.day) in HOLIDAYS:
            return True
        weekday = day.weekday()
        if weekday == 4 and arrive_friday and hour >= 19:
            return self._comes_this_week(day)
        if weekday == 5:
            return (arrive_friday or hour >= 10) and self._comes_this_week(day)
        if weekday == 6:
            return hour < (20 if arrive_friday else 17) and self._comes_this_week(day)
        return False


def household_load(spec: MeterSpec, window: Window, temps: dict[date, float], rng: random.Random) -> list[float]:
    """kWh of each hour of the window."""
    presence = _Presence(spec, rng, temps)
    standby = 0.15 if spec.profile == Profile.PERMANENT else rng.uniform(0.03, 0.10)
    sauna_days: dict[date, bool] = {}
    loads: list[float] = []
    for local in window.local[:-1]:
        day = local.date()
        temp = temps.get(day, 10.0)
        load = standby * rng.uniform(0.8, 1.2)
        if presence.at(local):
            summer = 1.0 + 0.3 * max(0.0, min(1.0, (temp - 10) / 10))  # pumps and watering
            load += spec.mean_kw * summer * HOURLY_LOAD[local.hour] * rng.lognormvariate(0.0, 0.25)
            cold = max(0.0, min(1.0, (16 - temp) / 26))
            heating = spec.heating_kw if spec.profile == Profile.PERMANENT else (1.0 if temp < 8 else 0.0)
            load += heating * cold * rng.uniform(0.8, 1.2)
            if spec.sauna and day.weekday() == 5 and 17 <= local.hour <= 20:
                if day not in sauna_days:
                    sauna_days[day] = rng.random() < 0.7
                load += (8.0 if spec.phases == 3 else 4.5) if sauna_days[day] else 0.0
        loads.append(load)
    return loads


# --- registers -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Series:
    """Registers (0.001 kWh) at every instant of the window; a one-tariff meter has ``t1`` only."""

    t1: tuple[int, ...]
    t2: tuple[int, ...] | None
    multiplier: int
    gap: tuple[int, int] | None = None
    """(a, b): the readings strictly between instants a and b never arrived."""

    def total(self, index: int) -> int:
        return self.t1[index] + (self.t2[index] if self.t2 is not None else 0)

    def has_reading(self, index: int) -> bool:
        return self.gap is None or not self.gap[0] < index < self.gap[1]


def _accumulate(increments: Sequence[float], start_units: int, scale: float = 1.0) -> list[int]:
    """Registers from per-hour increments (units), rounding the running sum so no error piles up."""
    registers = [start_units]
    running = 0.0
    for increment in increments:
        running += increment
        registers.append(start_units + round(running / scale))
    return registers


def registers(spec: MeterSpec, units_per_hour: Sequence[float], window: Window, multiplier: int = 1) -> Series:
    """``units_per_hour`` is the primary energy; a meter with a multiplier counts it divided."""
    start = spec.start_kwh * 1000
    if spec.tariffs == 1:
        return Series(t1=tuple(_accumulate(units_per_hour, start, multiplier)), t2=None, multiplier=multiplier)
    day = [u if t1 else 0.0 for u, t1 in zip(units_per_hour, window.zone_t1, strict=True)]
    night = [0.0 if t1 else u for u, t1 in zip(units_per_hour, window.zone_t1, strict=True)]
    t1_start = start * 7 // 10
    return Series(
        t1=tuple(_accumulate(day, t1_start, multiplier)),
        t2=tuple(_accumulate(night, start - t1_start, multiplier)),
        multiplier=multiplier,
    )


def main_meter_units(plot_units: Sequence[Sequence[int]]) -> list[float]:
    """Primary energy at the main meter per hour: the plots' sum plus line losses (3–6 %, more at peak load)."""
    hours = len(plot_units[0]) if plot_units else 0
    result: list[float] = []
    for hour in range(hours):
        plots = sum(units[hour] for units in plot_units)
        loss = min(0.06, 0.025 + 0.0008 * plots / 1000)
        result.append(plots * (1 + loss))
    return result


def increments(series: Series) -> list[int]:
    """Register total increments per hour, times the multiplier (consumption in units)."""
    return [(series.total(i + 1) - series.total(i)) * series.multiplier for i in range(len(series.t1) - 1)]


# --- aggregates ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HourValue:
    index: int
    """The hour from instant ``index`` to ``index + 1``."""
    t1: int
    t2: int
    quality: Quality


@dataclass(frozen=True, slots=True)
class DayValue:
    day: date
    t1: int
    t2: int
    end: tuple[int, int | None, int]
    """End registers t1, t2 (None for one tariff), total, without the multiplier."""
    quality: Quality


def spread(units: int, weights: Sequence[int]) -> list[int]:
    """``units`` in proportion to ``weights``, in whole units that add up exactly (largest remainder)."""
    total = sum(weights)
    if total == 0:
        return [0] * len(weights)
    shares = [units * w / total for w in weights]
    parts = [math.floor(share) for share in shares]
    order = sorted(range(len(weights)), key=lambda i: shares[i] - parts[i], reverse=True)
    for i in order[: units - sum(parts)]:
        parts[i] += 1
    return parts


def _measured_hour(series: Series, window: Window, i: int) -> HourValue:
    m = series.multiplier
    if series.t2 is not None:
        return HourValue(
            i, (series.t1[i + 1] - series.t1[i]) * m, (series.t2[i + 1] - series.t2[i]) * m, Quality.MEASURED
        )
    used = (series.t1[i + 1] - series.t1[i]) * m
    return HourValue(i, used if window.zone_t1[i] else 0, 0 if window.zone_t1[i] else used, Quality.MEASURED)


def _gap_hours(series: Series, window: Window, a: int, b: int) -> list[HourValue]:
    """The interval from reading ``a`` to reading ``b`` spread over its hours, which are estimated."""
    m = series.multiplier
    hours = range(a, b)
    day = [1 if window.zone_t1[i] else 0 for i in hours]
    night = [1 - d for d in day]
    if series.t2 is not None:
        t1 = spread((series.t1[b] - series.t1[a]) * m, day if any(day) else [1] * len(day))
        t2 = spread((series.t2[b] - series.t2[a]) * m, night if any(night) else [1] * len(night))
    else:
        parts = spread((series.t1[b] - series.t1[a]) * m, [1] * len(day))
        t1 = [p * d for p, d in zip(parts, day, strict=True)]
        t2 = [p * n for p, n in zip(parts, night, strict=True)]
    return [HourValue(i, t1[k], t2[k], Quality.ESTIMATED) for k, i in enumerate(hours)]


def hourly(series: Series, window: Window) -> list[HourValue]:
    values: list[HourValue] = []
    i = 0
    while i < window.hours:
        if series.gap is not None and i == series.gap[0]:
            values += _gap_hours(series, window, *series.gap)
            i = series.gap[1]
            continue
        values.append(_measured_hour(series, window, i))
        i += 1
    return values


def _registers_at(series: Series, index: int) -> tuple[int, int | None, int]:
    """Registers at an instant; inside a gap, each of them and the total interpolated linearly between the
    gap's ends (rounded half up, as services/metering.py does)."""

    def at(value: Callable[[int], int]) -> int:
        if series.gap is None or series.has_reading(index):
            return value(index)
        a, b = series.gap
        numerator = value(a) * (b - a) + (value(b) - value(a)) * (index - a)
        return (2 * numerator + (b - a)) // (2 * (b - a))

    t2 = series.t2
    return at(series.t1.__getitem__), at(t2.__getitem__) if t2 is not None else None, at(series.total)


def daily(series: Series, hours: Sequence[HourValue], window: Window) -> list[DayValue]:
    """Local days: the sum of the hours starting in each, end registers at the next midnight. Today, not
    over yet, is estimated until its last hour is in."""
    by_day: dict[date, list[HourValue]] = {}
    for value in hours:
        by_day.setdefault(window.local[value.index].date(), []).append(value)
    result: list[DayValue] = []
    for day, values in by_day.items():
        end_index = values[-1].index + 1
        partial = end_index == window.hours and window.local[end_index].date() == day
        gap = any(v.quality is Quality.ESTIMATED for v in values) or not series.has_reading(end_index)
        estimated = partial or gap
        result.append(
            DayValue(
                day=day,
                t1=sum(v.t1 for v in values),
                t2=sum(v.t2 for v in values),
                end=_registers_at(series, end_index),
                quality=Quality.ESTIMATED if estimated else Quality.MEASURED,
            )
        )
    return result
