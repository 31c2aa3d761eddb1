"""Loading just enough readings to recompute the aggregates touched by new readings, in batches.

A recompute of ``[start, end]`` touches the intervals from the last reading before ``start`` (``p``) to
the first one after ``end`` (``n``), hence the hours that overlap ``[p, n]`` and the local days those
hours belong to. To compute those hours exactly a window needs every reading from the last one at or
before the first hour's start to the first one at or after the last hour's end; to know the end
registers of the last day, up to the first reading at or after that day's end.

Most flushes add a few readings after the ones already stored, so one query per group of meters with
alike windows (back as far as the meter's reporting rate needs, forward to the end of the local day)
brings everything. What that misses (a new meter, a long gap, late data in the middle of a day) is
found by a few more queries for the meters that need them. The cost of a recompute is therefore the
readings of the hours it rewrites: a meter that reports every 30 minutes costs a handful of rows, one
that reports every second up to an hour of them.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import TypeVar, cast

from tortoise.router import router

from services.db.models import Reading
from services.ingest_model import ReadingFlag
from services.metering import (
    HOUR,
    MeterProfile,
    RegisterReading,
    ceil_hour,
    day_bounds,
    floor_hour,
    local_day,
)

T = TypeVar("T")

MINUTE = timedelta(minutes=1)
GROUP_SLACK = timedelta(minutes=15)
"""Windows whose lower bounds are this close share a query (from the lowest)."""
CHUNK = 500
"""Meters per query: keeps the statement well under SQLite's limit of bound variables."""

ReadingRow = tuple[int, datetime, Decimal | None, Decimal | None, Decimal | None, Decimal | None, Decimal, int]
COLUMNS = ("meter_id", "ts", "t1", "t2", "t3", "t4", "total", "flags")


_ESTIMATED = int(ReadingFlag.ESTIMATED)
"""The flag as a plain int: ``int & IntFlag`` goes through the enum machinery for every row."""


def to_reading(row: ReadingRow) -> RegisterReading:
    _, ts, t1, t2, t3, t4, total, flags = row
    return RegisterReading(ts, total, t1, t2, t3, t4, (flags & _ESTIMATED) != 0)


@dataclass(slots=True)
class MeterWindow:
    """The readings of one meter loaded so far: every reading in ``[lo, hi]`` (``hi`` None: to the end)."""

    meter_id: int
    profile: MeterProfile
    start: datetime
    end: datetime | None
    lo: datetime
    hi: datetime | None
    readings: list[RegisterReading] = field(default_factory=list)
    no_earlier: bool = False
    """No reading exists before ``lo``."""
    no_later: bool = False
    """No reading exists after ``hi``."""

    def __post_init__(self) -> None:
        self.no_later = self.no_later or self.hi is None

    def _previous(self) -> RegisterReading | None:
        before = [r for r in self.readings if r.ts < self.start]
        return before[-1] if before else None

    def _next(self) -> RegisterReading | None:
        if self.end is None:
            return None
        end = self.end
        return next((r for r in self.readings if r.ts > end), None)

    def needs_earlier(self) -> bool:
        """More readings before ``lo`` are needed: the one before ``start``, or the one at or before
        the start of its hour."""
        if self.no_earlier:
            return False
        previous = self._previous()
        return previous is None or self.readings[0].ts > floor_hour(previous.ts)

    def later_bound(self) -> datetime | None:
        """An instant a reading at or after which must be loaded (unless none exists); None when the
        window already reaches far enough."""
        if self.no_later:
            return None
        following = self._next()
        if following is None:
            return self.hi  # whether anything follows ``hi`` is unknown yet
        last_hour_end = ceil_hour(following.ts)
        tz = self.profile.timezone
        bound = max(last_hour_end, day_bounds(local_day(last_hour_end - HOUR, tz), tz)[1])
        return None if self.readings[-1].ts >= bound else bound

    def affected(self) -> tuple[datetime, datetime] | None:
        """``[p, n]``: from the last reading before ``start`` (or the first in the range) to the first
        one after ``end`` (or the last one); None when there is no interval in it."""
        if not self.readings:
            return None
        previous = self._previous() or next((r for r in self.readings if r.ts >= self.start), None)
        following = self._next() or self.readings[-1]
        if previous is None or following.ts <= previous.ts:
            return None
        return previous.ts, following.ts

    def prepend(self, reading: RegisterReading | None) -> None:
        if reading is None:
            self.no_earlier = True
        else:
            self.readings.insert(0, reading)
            self.lo = reading.ts

    def append(self, readings: Sequence[RegisterReading], hi: datetime) -> None:
        self.readings.extend(readings)
        self.hi = hi


def initial_bounds(
    profile: MeterProfile, start: datetime, end: datetime | None, cadence: timedelta | None = None
) -> tuple[datetime, datetime | None]:
    """The first query's window: back far enough for a meter reporting every ``cadence`` (the longest
    measured interval when unknown), forward to the end of the local day after ``end`` and a gap more,
    so that a regular meter needs nothing else."""
    gap = profile.max_measured_gap
    step = min(gap, cadence) if cadence else gap
    step = max(MINUTE, MINUTE * -(-step // MINUTE))  # whole minutes: meters alike share one query
    lo = floor_hour(start - step) - step - step / 4
    lo = lo.replace(second=0, microsecond=0)
    if end is None:
        return lo, None
    tz = profile.timezone
    day_end = day_bounds(local_day(ceil_hour(end + gap), tz), tz)[1]
    return lo, day_end + ceil_hour_delta(gap)


def cadence(window: MeterWindow) -> timedelta | None:
    """How often the meter reported lately: the longest of its last few intervals."""
    recent = window.readings[-5:]
    steps = [b.ts - a.ts for a, b in itertools.pairwise(recent)]
    return max(steps) if steps else None


def ceil_hour_delta(delta: timedelta) -> timedelta:
    hours = -(-delta // HOUR)
    return HOUR * hours


async def load_windows(windows: Iterable[MeterWindow]) -> None:
    """Fill every window until it covers what its recompute needs: one query per group of windows
    alike (same upper bound, lower bounds within a quarter of an hour), then what is still missing."""
    all_windows = list(windows)
    for lo, hi, group in _groups(all_windows):
        for chunk in _chunks(group):
            by_meter = {w.meter_id: w for w in chunk}
            for row in await _rows(list(by_meter), lo, hi):
                by_meter[row[0]].readings.append(to_reading(row))
    while await _extend(all_windows):
        pass


async def _rows(meter_ids: list[int], lo: datetime, hi: datetime | None) -> Sequence[ReadingRow]:
    """The readings of these meters in ``[lo, hi]`` by meter and time. On PostgreSQL straight from
    asyncpg, whose rows already hold aware datetimes and decimals: the ORM's conversion of each value
    was a third of the aggregate worker's time under load (docs/benchmarks.md)."""
    db = router.db_for_read(Reading) or Reading._meta.db
    if db.capabilities.dialect != "postgres":
        query = Reading.filter(meter_id__in=meter_ids, ts__gte=lo)
        if hi is not None:
            query = query.filter(ts__lte=hi)
        rows: list[ReadingRow] = await query.order_by("meter_id", "ts").values_list(*COLUMNS)
        return rows
    sql = _pg_rows(hi is not None)
    _, records = await db.execute_query(sql, [meter_ids, lo] if hi is None else [meter_ids, lo, hi])
    return cast("Sequence[ReadingRow]", records)  # asyncpg records unpack as those tuples


@cache
def _pg_rows(until: bool) -> str:
    """The readings query on PostgreSQL (built at first use: the table's name is known once the ORM is up)."""
    where = "meter_id = ANY($1::int[]) AND ts >= $2" + (" AND ts <= $3" if until else "")
    columns = ", ".join(COLUMNS)
    return f'SELECT {columns} FROM "{Reading._meta.db_table}" WHERE {where} ORDER BY meter_id, ts'  # noqa: S608


def _groups(windows: list[MeterWindow]) -> list[tuple[datetime, datetime | None, list[MeterWindow]]]:
    by_hi: dict[datetime | None, list[MeterWindow]] = {}
    for window in windows:
        by_hi.setdefault(window.hi, []).append(window)
    groups: list[tuple[datetime, datetime | None, list[MeterWindow]]] = []
    for hi, alike in by_hi.items():
        alike.sort(key=lambda w: w.lo)
        for window in alike:
            if groups and groups[-1][1] == hi and window.lo - groups[-1][0] <= GROUP_SLACK:
                groups[-1][2].append(window)
            else:
                groups.append((window.lo, hi, [window]))
            window.lo = groups[-1][0]
    return groups


async def _extend(windows: list[MeterWindow]) -> bool:
    """One round of extra queries for the windows that still miss readings; False when none does."""
    earlier = [w for w in windows if w.needs_earlier()]
    later = [(w, bound) for w in windows if (bound := w.later_bound()) is not None]
    if not earlier and not later:
        return False
    await _load_earlier(earlier)
    await _load_later(later)
    return True


async def _load_earlier(windows: list[MeterWindow]) -> None:
    with_history = await _meters_with_readings(windows, before=True)
    for window in windows:
        if window.meter_id not in with_history:
            window.no_earlier = True
    todo = [w for w in windows if w.meter_id in with_history]
    found = await asyncio.gather(*(_last_before(w.meter_id, w.lo) for w in todo))
    for window, reading in zip(todo, found, strict=True):
        window.prepend(reading)


async def _load_later(items: list[tuple[MeterWindow, datetime]]) -> None:
    step = [(w, w.hi, bound) for w, bound in items if w.hi is not None and bound > w.hi]
    probe = [w for w, bound in items if w.hi is not None and bound <= w.hi]
    for window, hi, bound in step:  # late data in the middle of a day: load the rest of the day
        query = Reading.filter(meter_id=window.meter_id, ts__gt=hi, ts__lte=bound)
        rows: list[ReadingRow] = await query.order_by("ts").values_list(*COLUMNS)
        window.append([to_reading(r) for r in rows], bound)
    with_more = await _meters_with_readings(probe, before=False)
    for window in probe:
        if window.meter_id not in with_more:
            window.no_later = True
    todo = [w for w in probe if w.meter_id in with_more]
    found = await asyncio.gather(*(_first_after(w.meter_id, w.hi) for w in todo))
    for window, reading in zip(todo, found, strict=True):
        if reading is None:
            window.no_later = True
        else:
            window.append([reading], reading.ts)


async def _meters_with_readings(windows: list[MeterWindow], *, before: bool) -> set[int]:
    """Which of these meters have any reading before their ``lo`` (or after their ``hi``): one query
    per distinct bound, cheap for the usual answer "none" (a new meter, nothing after the newest)."""
    groups: dict[datetime | None, list[int]] = {}
    for window in windows:
        groups.setdefault(window.lo if before else window.hi, []).append(window.meter_id)
    found: set[int] = set()
    for bound, meter_ids in groups.items():
        if bound is None:
            continue
        for chunk in _chunks(meter_ids):
            query = Reading.filter(meter_id__in=chunk)
            query = query.filter(ts__lt=bound) if before else query.filter(ts__gt=bound)
            found.update(row[0] for row in await query.distinct().values_list("meter_id"))
    return found


async def _last_before(meter_id: int, bound: datetime) -> RegisterReading | None:
    row: ReadingRow | None = (
        await Reading.filter(meter_id=meter_id, ts__lt=bound).order_by("-ts").first().values_list(*COLUMNS)
    )
    return None if row is None else to_reading(row)


async def _first_after(meter_id: int, bound: datetime | None) -> RegisterReading | None:
    query = Reading.filter(meter_id=meter_id)
    if bound is not None:
        query = query.filter(ts__gt=bound)
    row: ReadingRow | None = await query.order_by("ts").first().values_list(*COLUMNS)
    return None if row is None else to_reading(row)


def _chunks(items: Sequence[T]) -> list[Sequence[T]]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
