"""The metering rules: consumption from cumulative registers. Pure functions, no I/O.

DESIGN.md's rules, made precise:

1. **Readings** are normalized first: UTC, sorted by time, one per time (an exact repeat collapses;
   two different readings at one time keep the larger, so the result never depends on arrival order).
2. **An interval** is a pair of consecutive readings. Its consumption of a register is
   ``round(later × multiplier) − round(earlier × multiplier)`` in 0.001 kWh. Rounding each scaled
   register (not each difference) makes every sum over consecutive intervals telescope: the hours of a
   period add up to ``round(last × m) − round(first × m)``, which is exactly ``(last − first) × m`` for
   the integer multipliers of current transformers. An interval depends on its two readings only, so a
   late reading changes the intervals around it and nothing else.
3. **A register that goes down** (any tariff or the total) makes the interval a *reset*: no consumption,
   its hours are missing, the later reading is the new baseline, and a :class:`RegisterReset` is reported
   for the integrity event. Consumption is therefore never negative.
4. **Spreading.** An interval's consumption is spread over the time it covers with largest-remainder
   allocation, so the parts are 0.001 kWh multiples that add up exactly. An interval no longer than the
   profile's ``max_measured_gap`` (65 min by default; telemetry comes every 30 min or faster) is
   *measured*; a longer one is a gap whose consumption is spread in proportion to time — linear
   interpolation of the registers between the neighbours — and is *estimated*, as is an interval that
   touches a reading the device itself flagged as estimated.
5. **Tariffs.** A meter with two or more tariffs whose readings carry every tariff register gets each
   tariff from its own register. With exactly two tariffs, t1 is spread over the interval's day-zone
   time and t2 over its night-zone time (07:00–23:00 and 23:00–07:00 local unless the site says
   otherwise), falling back to all of the interval when the zone has no time in it. A single-register
   device (one tariff, or a reading with the total only) has its total split by zone: the part spread
   over day-zone time is t1, the rest t2.
6. **Hours** are UTC hours. An hour no data interval overlaps is *missing* (zero); one touched by an
   estimated or a reset interval is *estimated*; otherwise *measured*. The time before the first and
   after the last reading does not degrade the hours it shares with data.
7. **Days** are calendar days in the site's time zone (zoneinfo: 23, 24 or 25 hours; an hour belongs to
   the day it starts in). A day is the sum of its hours; *measured* when every hour is, *missing* when no
   hour has data, *estimated* otherwise — gaps inside it are interpolated by rule 4, and a partly covered
   day (the first one, today) is incomplete. Its end registers are the last reading at or before
   midnight; when midnight falls inside a gap they are interpolated between the neighbours.
8. **Months** are sums of their days, with the same quality rule over days.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum, IntEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

from services.enums import Quality

__all__ = [
    "DEFAULT_MAX_GAP",
    "HOUR",
    "KWH_STEP",
    "DayValue",
    "Energy",
    "HourValue",
    "Interval",
    "IntervalKind",
    "MeterProfile",
    "MeteringResult",
    "MonthValue",
    "RegisterReading",
    "RegisterReset",
    "Registers",
    "ceil_hour",
    "combine_quality",
    "compute",
    "daily_values",
    "day_bounds",
    "day_hours",
    "end_registers",
    "find_resets",
    "floor_hour",
    "hourly_values",
    "interval_energy",
    "interval_kind",
    "intervals",
    "local_day",
    "month_end_registers",
    "monthly_values",
    "normalize",
    "quality_of_counts",
    "spread",
]

HOUR = timedelta(hours=1)
DEFAULT_MAX_GAP = timedelta(minutes=65)
KWH_STEP = Decimal("0.001")
UNITS_PER_KWH = 1000
REGISTER_NAMES = ("t1", "t2", "t3", "t4", "total")
_MICROSECOND = timedelta(microseconds=1)


# --- Inputs -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegisterReading:
    """Cumulative registers (kWh) of one meter at one time; tariffs a meter does not report are None."""

    ts: datetime
    total: Decimal
    t1: Decimal | None = None
    t2: Decimal | None = None
    t3: Decimal | None = None
    t4: Decimal | None = None
    estimated: bool = False
    """The device flagged this reading as estimated."""

    def tariff(self, index: int) -> Decimal | None:
        return (self.t1, self.t2, self.t3, self.t4)[index]

    def registers(self) -> tuple[tuple[str, Decimal | None], ...]:
        return (("t1", self.t1), ("t2", self.t2), ("t3", self.t3), ("t4", self.t4), ("total", self.total))

    def _order_key(self) -> tuple[datetime, Decimal, tuple[Decimal, ...], bool]:
        absent = Decimal(-1)
        return (
            self.ts,
            self.total,
            tuple(absent if v is None else v for v in (self.t1, self.t2, self.t3, self.t4)),
            self.estimated,
        )


@dataclass(frozen=True, slots=True)
class MeterProfile:
    """What the rules need to know about a meter and its site."""

    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Moscow"))
    multiplier: Decimal = Decimal(1)
    tariff_count: int = 2
    day_zone_start_min: int = 7 * 60
    """Start of the day zone (t1), minutes after local midnight."""
    night_zone_start_min: int = 23 * 60
    """Start of the night zone (t2), minutes after local midnight."""
    max_measured_gap: timedelta = DEFAULT_MAX_GAP

    def __post_init__(self) -> None:
        if self.multiplier <= 0:
            raise ValueError("multiplier must be positive")
        if not 1 <= self.tariff_count <= 4:
            raise ValueError("tariff_count must be 1..4")
        for minute in (self.day_zone_start_min, self.night_zone_start_min):
            if not 0 <= minute < 24 * 60:
                raise ValueError("zone starts are minutes of the day, 0..1439")
        if self.max_measured_gap <= timedelta(0):
            raise ValueError("max_measured_gap must be positive")


# --- Outputs ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Energy:
    """Consumption (kWh, multiples of 0.001) per tariff zone and in total."""

    t1: Decimal = Decimal("0.000")
    t2: Decimal = Decimal("0.000")
    t3: Decimal = Decimal("0.000")
    t4: Decimal = Decimal("0.000")
    total: Decimal = Decimal("0.000")

    @classmethod
    def from_units(cls, units: Sequence[int]) -> Energy:
        """From five integers of 0.001 kWh: t1, t2, t3, t4, total."""
        t1, t2, t3, t4, total = (Decimal(u).scaleb(-3) for u in units)
        return cls(t1, t2, t3, t4, total)

    def units(self) -> tuple[int, int, int, int, int]:
        t1, t2, t3, t4, total = (int(v.scaleb(3)) for v in (self.t1, self.t2, self.t3, self.t4, self.total))
        return (t1, t2, t3, t4, total)

    def __add__(self, other: Energy) -> Energy:
        return Energy(
            self.t1 + other.t1, self.t2 + other.t2, self.t3 + other.t3, self.t4 + other.t4, self.total + other.total
        )


ZERO = Energy()


@dataclass(frozen=True, slots=True)
class Registers:
    """Register values (kWh, as the meter shows them: no multiplier) at one instant."""

    total: Decimal
    t1: Decimal | None = None
    t2: Decimal | None = None


@dataclass(frozen=True, slots=True)
class HourValue:
    hour: datetime
    """Start of the UTC hour."""
    energy: Energy
    quality: Quality


@dataclass(frozen=True, slots=True)
class DayValue:
    day: date
    """Calendar day in the site's time zone."""
    energy: Energy
    quality: Quality
    end: Registers | None = None
    """Registers at the end of the day (None when unknown)."""


@dataclass(frozen=True, slots=True)
class MonthValue:
    month: date
    """First day of the month."""
    energy: Energy
    quality: Quality


@dataclass(frozen=True, slots=True)
class RegisterReset:
    """A register went down between two readings: a reset or a replacement of the meter."""

    ts: datetime
    """Time of the reading that is lower: the new baseline."""
    previous_ts: datetime
    registers: tuple[str, ...]
    """Which registers went down (t1..t4, total)."""
    text: str
    """Technical detail for the event journal, e.g. ``total 5000.000 -> 3.000``."""


class IntervalKind(Enum):
    MEASURED = "measured"
    ESTIMATED = "estimated"
    RESET = "reset"


@dataclass(frozen=True, slots=True)
class Interval:
    start: RegisterReading
    end: RegisterReading
    kind: IntervalKind


@dataclass(frozen=True, slots=True)
class MeteringResult:
    hours: list[HourValue]
    days: list[DayValue]
    resets: list[RegisterReset]


# --- Time helpers -----------------------------------------------------------------------------------


def floor_hour(ts: datetime) -> datetime:
    if ts.tzinfo is not UTC:
        ts = ts.astimezone(UTC)
    return ts.replace(minute=0, second=0, microsecond=0)


def ceil_hour(ts: datetime) -> datetime:
    floor = floor_hour(ts)
    return floor if floor == ts else floor + HOUR


def local_day(instant: datetime, tz: ZoneInfo) -> date:
    return instant.astimezone(tz).date()


@lru_cache(maxsize=4096)
def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC instants of the local midnights that start and end ``day`` (23, 24 or 25 hours apart)."""
    start = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    return start, end


def day_hours(day: date, tz: ZoneInfo) -> list[datetime]:
    """The UTC hours that belong to the local ``day``: those that start in it."""
    start, end = day_bounds(day, tz)
    hours: list[datetime] = []
    hour = ceil_hour(start)
    while hour < end:
        hours.append(hour)
        hour += HOUR
    return hours


def _hours_between(start: datetime, end: datetime) -> list[datetime]:
    """Hours that overlap ``[start, end)`` by a positive amount of time."""
    hours: list[datetime] = []
    hour = floor_hour(start)
    while hour < end:
        hours.append(hour)
        hour += HOUR
    return hours


# --- Normalization and intervals --------------------------------------------------------------------


def normalize(readings: Iterable[RegisterReading]) -> list[RegisterReading]:
    """Readings in UTC, sorted by time, one per time (the largest when two differ)."""
    by_ts: dict[datetime, RegisterReading] = {}
    for reading in readings:
        if reading.ts.tzinfo is None:
            raise ValueError("reading times must be timezone-aware")
        if reading.ts.tzinfo is not UTC:
            reading = _replace_ts(reading, reading.ts.astimezone(UTC))
        known = by_ts.get(reading.ts)
        if known is None or known._order_key() < reading._order_key():
            by_ts[reading.ts] = reading
    return [by_ts[ts] for ts in sorted(by_ts)]


def _replace_ts(reading: RegisterReading, ts: datetime) -> RegisterReading:
    return RegisterReading(ts, reading.total, reading.t1, reading.t2, reading.t3, reading.t4, reading.estimated)


def _any_down(earlier: RegisterReading, later: RegisterReading) -> bool:
    """Whether any register goes down from ``earlier`` to ``later`` (:func:`_went_down` without the names)."""
    if later.total < earlier.total:
        return True
    for before, after in (
        (earlier.t1, later.t1),
        (earlier.t2, later.t2),
        (earlier.t3, later.t3),
        (earlier.t4, later.t4),
    ):
        if before is not None and after is not None and after < before:
            return True
    return False


def _went_down(earlier: RegisterReading, later: RegisterReading) -> list[str]:
    down: list[str] = []
    for name in REGISTER_NAMES:
        before, after = getattr(earlier, name), getattr(later, name)
        if before is not None and after is not None and after < before:
            down.append(name)
    return down


def interval_kind(earlier: RegisterReading, later: RegisterReading, profile: MeterProfile) -> IntervalKind:
    if _any_down(earlier, later):
        return IntervalKind.RESET
    if later.ts - earlier.ts > profile.max_measured_gap or earlier.estimated or later.estimated:
        return IntervalKind.ESTIMATED
    return IntervalKind.MEASURED


def intervals(readings: Sequence[RegisterReading], profile: MeterProfile) -> list[Interval]:
    """Consecutive pairs of normalized readings with their kind."""
    return [Interval(a, b, interval_kind(a, b, profile)) for a, b in itertools.pairwise(readings)]


def find_resets(readings: Sequence[RegisterReading]) -> list[RegisterReset]:
    """Every place where a register of the normalized readings goes down."""
    resets: list[RegisterReset] = []
    for earlier, later in itertools.pairwise(readings):
        down = _went_down(earlier, later)
        if down:
            values = dict(earlier.registers()), dict(later.registers())
            text = "; ".join(f"{name} {values[0][name]:.3f} -> {values[1][name]:.3f}" for name in down)
            resets.append(RegisterReset(later.ts, earlier.ts, tuple(down), text))
    return resets


# --- Spreading one interval -------------------------------------------------------------------------


class Zone(IntEnum):
    DAY = 0
    NIGHT = 1


_Change = tuple[datetime, Zone]


@dataclass(frozen=True, slots=True)
class _Slot:
    """A piece of an interval inside one UTC hour and one tariff zone."""

    hour: datetime
    zone: Zone
    micros: int


def _scaled_units(value: Decimal, multiplier: Decimal) -> int:
    """``value × multiplier`` rounded to 0.001 kWh, as an integer count of 0.001 kWh."""
    return int((value * multiplier).quantize(KWH_STEP, rounding=ROUND_HALF_UP).scaleb(3))


def spread(units: int, weights: Sequence[int]) -> list[int]:
    """Split ``units`` in proportion to ``weights`` by largest remainders: integer parts that add up
    exactly to ``units`` (ties go to the earlier part)."""
    total_weight = sum(weights)
    if total_weight <= 0:
        raise ValueError("weights must have a positive sum")
    parts: list[int] = []
    remainders: list[int] = []
    for weight in weights:
        part, remainder = divmod(units * weight, total_weight)
        parts.append(part)
        remainders.append(remainder)
    leftover = units - sum(parts)
    for index in sorted(range(len(weights)), key=lambda i: (-remainders[i], i))[:leftover]:
        parts[index] += 1
    return parts


@lru_cache(maxsize=4096)
def _zone_changes(
    day: date, tz: ZoneInfo, day_start_min: int, night_start_min: int
) -> tuple[tuple[datetime, Zone], ...]:
    """UTC instants on local ``day`` where the tariff zone changes, with the zone that begins."""
    changes = []
    for minute, zone in ((day_start_min, Zone.DAY), (night_start_min, Zone.NIGHT)):
        local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=tz)
        changes.append((local.astimezone(UTC), zone))
    return tuple(sorted(changes))


class _ZoneClock:
    """The tariff zone changes of a site over a stretch of time, for the many intervals inside it."""

    def __init__(self, profile: MeterProfile, start: datetime, end: datetime) -> None:
        self._changes: list[_Change] = []
        if profile.day_zone_start_min == profile.night_zone_start_min:
            return  # one zone all day long
        tz = profile.timezone
        day = local_day(start, tz) - timedelta(days=1)  # its changes all precede ``start``: one sets the zone
        last = local_day(end, tz)
        while day <= last:
            self._changes.extend(_zone_changes(day, tz, profile.day_zone_start_min, profile.night_zone_start_min))
            day += timedelta(days=1)

    def segment(self, instant: datetime) -> tuple[Zone, datetime]:
        """The zone at ``instant`` and the end of the stretch of it that contains ``instant``: the next
        zone change or the end of the UTC hour, whichever comes first."""
        hour_end = floor_hour(instant) + HOUR
        if not self._changes:
            return Zone.DAY, hour_end
        index = bisect.bisect_right(self._changes, (instant, Zone.NIGHT))
        zone = self._changes[index - 1][1]
        if index < len(self._changes) and self._changes[index][0] < hour_end:
            return zone, self._changes[index][0]
        return zone, hour_end

    def timeline(self, start: datetime, end: datetime) -> tuple[Zone, list[_Change]]:
        """The zone at ``start`` and the changes inside ``(start, end)``."""
        if not self._changes:
            return Zone.DAY, []
        index = bisect.bisect_right(self._changes, (start, Zone.NIGHT))
        inside: list[_Change] = []
        for change in self._changes[index:]:
            if change[0] >= end:
                break
            inside.append(change)
        return self._changes[index - 1][1], inside


def _slots(start: datetime, end: datetime, clock: _ZoneClock) -> list[_Slot]:
    """Cut ``[start, end)`` at UTC hour boundaries and zone changes."""
    zone, changes = clock.timeline(start, end)
    if not changes and end <= floor_hour(start) + HOUR:
        return [_Slot(floor_hour(start), zone, (end - start) // _MICROSECOND)]
    slots: list[_Slot] = []
    cursor, change_index = start, 0
    while cursor < end:
        hour = floor_hour(cursor)
        stop = min(hour + HOUR, end)
        if change_index < len(changes) and changes[change_index][0] <= stop:
            stop = changes[change_index][0]
        slots.append(_Slot(hour, zone, (stop - cursor) // _MICROSECOND))
        while change_index < len(changes) and changes[change_index][0] <= stop:
            zone = changes[change_index][1]
            change_index += 1
        cursor = stop
    return slots


def _tariff_registers(reading: RegisterReading, count: int) -> list[Decimal] | None:
    """The first ``count`` tariff registers of a multi-tariff meter's reading, None when one is absent."""
    values = [v for v in (reading.t1, reading.t2, reading.t3, reading.t4)[:count] if v is not None]
    return values if count >= 2 and len(values) == count else None


_Scaled = tuple[list[int] | None, int]
"""A reading's registers × multiplier in 0.001 kWh: the meter's tariffs (None when one is absent), the total."""


def _scale(reading: RegisterReading, profile: MeterProfile) -> _Scaled:
    m = profile.multiplier
    tariffs = _tariff_registers(reading, profile.tariff_count)
    return (None if tariffs is None else [_scaled_units(v, m) for v in tariffs]), _scaled_units(reading.total, m)


def _distribute(
    start: datetime, end: datetime, before: _Scaled, after: _Scaled, clock: _ZoneClock
) -> dict[datetime, list[int]]:
    """Units (0.001 kWh) of t1, t2, t3, t4, total per UTC hour for a measured or estimated interval."""
    slots = _slots(start, end, clock)
    total_units = after[1] - before[1]
    tariff_units = None
    if before[0] is not None and after[0] is not None:
        tariff_units = [y - x for x, y in zip(before[0], after[0], strict=True)]
    if len(slots) == 1:
        row = [0, 0, 0, 0, total_units]
        if tariff_units is None:
            row[slots[0].zone] = total_units
        else:
            row[: len(tariff_units)] = tariff_units
        return {slots[0].hour: row}
    time_weights = [s.micros for s in slots]
    per_slot = [[0, 0, 0, 0, 0] for _ in slots]
    if tariff_units is not None:
        for index, units in enumerate(tariff_units):
            weights = time_weights
            if len(tariff_units) == 2:
                zone_weights = [s.micros if s.zone == index else 0 for s in slots]
                weights = zone_weights if sum(zone_weights) else time_weights
            for row, part in zip(per_slot, spread(units, weights), strict=True):
                row[index] = part
        if sum(tariff_units) == total_units:
            for row in per_slot:
                row[4] = sum(row[:4])
        else:
            shares = [sum(row[:4]) for row in per_slot]
            weights = shares if sum(shares) else time_weights
            for row, part in zip(per_slot, spread(total_units, weights), strict=True):
                row[4] = part
    else:
        for row, slot, part in zip(per_slot, slots, spread(total_units, time_weights), strict=True):
            row[slot.zone] = part
            row[4] = part
    by_hour: dict[datetime, list[int]] = {}
    for slot, row in zip(slots, per_slot, strict=True):
        acc = by_hour.setdefault(slot.hour, [0, 0, 0, 0, 0])
        for i in range(5):
            acc[i] += row[i]
    return by_hour


def interval_energy(interval: Interval, profile: MeterProfile) -> Energy:
    """Consumption of one interval per tariff (zone split for a single register); zero for a reset."""
    if interval.kind is IntervalKind.RESET:
        return ZERO
    a, b = interval.start, interval.end
    clock = _ZoneClock(profile, a.ts, b.ts)
    units = [0, 0, 0, 0, 0]
    for part in _distribute(a.ts, b.ts, _scale(a, profile), _scale(b, profile), clock).values():
        for i in range(5):
            units[i] += part[i]
    return Energy.from_units(units)


# --- Hours, days, months ----------------------------------------------------------------------------


@dataclass(slots=True)
class _HourAcc:
    units: list[int] = field(default_factory=lambda: [0, 0, 0, 0, 0])
    data: bool = False
    degraded: bool = False


def hourly_values(
    readings: Sequence[RegisterReading], profile: MeterProfile, start: datetime, end: datetime
) -> list[HourValue]:
    """Every UTC hour overlapping ``[start, end)``, from normalized ``readings``.

    The values are exact when ``readings`` holds every reading of the intervals that overlap these
    hours: from the last one at or before the first hour's start to the first one at or after the last
    hour's end (or the ends of the data).

    Consecutive measured intervals inside one hour and one tariff zone (a meter reporting often) are
    taken together: their consumption telescopes to the difference between the first and the last
    reading of the run (rule 2), so a run costs two scalings however many readings it has."""
    hours = _hours_between(start, end)
    if not hours:
        return []
    first, stop = hours[0], hours[-1] + HOUR
    acc = {hour: _HourAcc() for hour in hours}
    times = [r.ts for r in readings]
    begin = max(bisect.bisect_right(times, first) - 1, 0)
    finish = min(bisect.bisect_left(times, stop), len(readings) - 1)
    clock = _ZoneClock(profile, min(times[begin], first), max(times[finish], stop))
    runs = _Runs(profile, clock, acc)
    scaled: _Scaled | None = None
    for a, b in itertools.pairwise(readings[begin:]):
        if a.ts >= stop:
            break
        if b.ts <= first:
            continue
        if runs.extend(a, b):
            continue
        before, scaled = runs.close() or scaled, None
        kind = interval_kind(a, b, profile)
        if kind is IntervalKind.RESET:
            for hour in _hours_between(max(a.ts, first), min(b.ts, stop)):
                acc[hour].degraded = True
            continue
        if kind is IntervalKind.MEASURED and runs.open(a, b):
            continue
        scaled = _scale(b, profile)
        for hour, units in _distribute(a.ts, b.ts, before or _scale(a, profile), scaled, clock).items():
            slot = acc.get(hour)
            if slot is None:
                continue
            slot.data = True
            slot.degraded = slot.degraded or kind is IntervalKind.ESTIMATED
            for i in range(5):
                slot.units[i] += units[i]
    runs.close()
    return [HourValue(hour, Energy.from_units(a.units), _hour_quality(a)) for hour, a in acc.items()]


class _Runs:
    """Measured intervals that lie inside one stretch of one hour and one zone, summed as one.

    ``open`` starts a run with an interval (when it fits in its stretch), ``extend`` adds the next one
    when it is measured, fits in the same stretch and has the same tariff registers present, and
    ``close`` adds the run to its hour and returns the last reading's scaled registers."""

    __slots__ = ("_acc", "_clock", "_first", "_gap", "_hour", "_last", "_profile", "_stretch_end", "_tariffs", "_zone")

    def __init__(self, profile: MeterProfile, clock: _ZoneClock, acc: dict[datetime, _HourAcc]) -> None:
        self._profile = profile
        self._clock = clock
        self._acc = acc
        self._gap = profile.max_measured_gap
        self._first: RegisterReading | None = None
        self._last: RegisterReading | None = None
        self._hour = self._stretch_end = datetime.min.replace(tzinfo=UTC)
        self._zone = Zone.DAY
        self._tariffs = False

    def _has_tariffs(self, reading: RegisterReading) -> bool:
        return _tariff_registers(reading, self._profile.tariff_count) is not None

    def open(self, a: RegisterReading, b: RegisterReading) -> bool:
        """Start a run with the measured interval ``(a, b)`` if it lies inside one stretch."""
        zone, stretch_end = self._clock.segment(a.ts)
        if b.ts > stretch_end:
            return False
        tariffs = self._has_tariffs(a)
        if self._has_tariffs(b) != tariffs:  # an interval of its own: the general rule applies
            return False
        self._first, self._last, self._tariffs = a, b, tariffs
        self._hour, self._stretch_end, self._zone = floor_hour(a.ts), stretch_end, zone
        return True

    def extend(self, a: RegisterReading, b: RegisterReading) -> bool:
        if self._last is not a or b.ts > self._stretch_end or a.ts >= self._stretch_end:
            return False
        if a.estimated or b.estimated or b.ts - a.ts > self._gap or _any_down(a, b):
            return False
        if self._has_tariffs(b) != self._tariffs:
            return False
        self._last = b
        return True

    def close(self) -> _Scaled | None:
        """Add the open run to its hour; the scaled registers of its last reading (None: no run)."""
        first, last = self._first, self._last
        if first is None or last is None:
            return None
        self._first = self._last = None
        start, end = _scale(first, self._profile), _scale(last, self._profile)
        slot = self._acc.get(self._hour)
        if slot is not None:
            slot.data = True
            units = slot.units
            total = end[1] - start[1]
            if start[0] is not None and end[0] is not None:
                for i, (x, y) in enumerate(zip(start[0], end[0], strict=True)):
                    units[i] += y - x
            else:
                units[self._zone] += total
            units[4] += total
        return end


def _hour_quality(acc: _HourAcc) -> Quality:
    if not acc.data:
        return Quality.MISSING
    return Quality.ESTIMATED if acc.degraded else Quality.MEASURED


def combine_quality(qualities: Iterable[Quality], expected: int) -> Quality:
    """Quality of a sum of ``expected`` parts (absent parts are missing): measured when every part is
    measured, missing when no part has data, estimated otherwise."""
    measured = with_data = 0
    for quality in qualities:
        measured += quality is Quality.MEASURED
        with_data += quality is not Quality.MISSING
    return quality_of_counts(measured, with_data, expected)


def quality_of_counts(measured: int, with_data: int, expected: int) -> Quality:
    """:func:`combine_quality` from counts: parts measured, parts with data (measured or estimated)."""
    if with_data == 0:
        return Quality.MISSING
    return Quality.MEASURED if measured == expected else Quality.ESTIMATED


def daily_values(
    hours: Mapping[datetime, HourValue],
    days: Iterable[date],
    profile: MeterProfile,
    readings: Sequence[RegisterReading] = (),
) -> list[DayValue]:
    """Each local day from its hours (an hour not in ``hours`` is missing); end registers from the
    normalized ``readings`` around each day's end."""
    result: list[DayValue] = []
    for day in days:
        energy = ZERO
        qualities: list[Quality] = []
        day_hour_list = day_hours(day, profile.timezone)
        for hour in day_hour_list:
            value = hours.get(hour)
            if value is None:
                continue
            qualities.append(value.quality)
            if value.quality is not Quality.MISSING:
                energy = energy + value.energy
        quality = combine_quality(qualities, len(day_hour_list))
        end = None
        if quality is not Quality.MISSING:
            end = end_registers(readings, day_bounds(day, profile.timezone)[1], profile)
        result.append(DayValue(day, energy, quality, end))
    return result


def end_registers(readings: Sequence[RegisterReading], instant: datetime, profile: MeterProfile) -> Registers | None:
    """Registers at ``instant``: the last reading at or before it, or, when ``instant`` falls inside a
    gap, the registers interpolated linearly between the readings around it."""
    times = [r.ts for r in readings]
    index = bisect.bisect_right(times, instant)
    if index == 0:
        return None
    a = readings[index - 1]
    b = readings[index] if index < len(readings) else None
    if b is None or a.ts == instant or interval_kind(a, b, profile) is not IntervalKind.ESTIMATED:
        return Registers(a.total, a.t1, a.t2)
    elapsed = Decimal((instant - a.ts) // _MICROSECOND)
    length = Decimal((b.ts - a.ts) // _MICROSECOND)

    def at(before: Decimal | None, after: Decimal | None) -> Decimal | None:
        if before is None or after is None:
            return None
        return (before + (after - before) * elapsed / length).quantize(KWH_STEP, rounding=ROUND_HALF_UP)

    total = at(a.total, b.total)
    assert total is not None
    return Registers(total, at(a.t1, b.t1), at(a.t2, b.t2))


def _month_starts(year: int) -> list[date]:
    return [date(year, month, 1) for month in range(1, 13)]


def _month_length(month: date) -> int:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return (following - month).days


def monthly_values(days: Iterable[DayValue], year: int) -> list[MonthValue]:
    """The twelve months of ``year`` from its days (a day not given is missing)."""
    units = {month: [0, 0, 0, 0, 0] for month in _month_starts(year)}
    qualities: dict[date, list[Quality]] = {month: [] for month in units}
    for day in days:
        if day.day.year != year:
            continue
        month = day.day.replace(day=1)
        qualities[month].append(day.quality)
        for i, u in enumerate(day.energy.units()):
            units[month][i] += u
    return [
        MonthValue(month, Energy.from_units(units[month]), combine_quality(qualities[month], _month_length(month)))
        for month in units
    ]


def month_end_registers(days: Iterable[DayValue], year: int) -> list[tuple[date, Registers | None, Quality]]:
    """Registers at the end of each month of ``year``: those of its last day that has them. They are as
    good as that day when it is the month's last day; an earlier day standing in for an unfinished or
    broken-off month makes them estimated; a month with none is missing."""
    latest: dict[date, DayValue] = {}
    for day in days:
        if day.day.year != year or day.end is None:
            continue
        month = day.day.replace(day=1)
        known = latest.get(month)
        if known is None or known.day < day.day:
            latest[month] = day
    result: list[tuple[date, Registers | None, Quality]] = []
    for month in _month_starts(year):
        found = latest.get(month)
        if found is None:
            result.append((month, None, Quality.MISSING))
        elif found.day.day == _month_length(month):
            result.append((month, found.end, found.quality))
        else:
            result.append((month, found.end, Quality.ESTIMATED))
    return result


def compute(readings: Iterable[RegisterReading], profile: MeterProfile) -> MeteringResult:
    """Everything at once for a meter's readings: every hour and every local day the data spans."""
    ordered = normalize(readings)
    if len(ordered) < 2:
        return MeteringResult([], [], [])
    hours = hourly_values(ordered, profile, ordered[0].ts, ordered[-1].ts)
    tz = profile.timezone
    first_day, last_day = local_day(hours[0].hour, tz), local_day(hours[-1].hour, tz)
    span = [first_day + timedelta(days=i) for i in range((last_day - first_day).days + 1)]
    days = daily_values({h.hour: h for h in hours}, span, profile, ordered)
    return MeteringResult(hours, days, find_resets(ordered))
