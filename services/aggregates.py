"""Recomputing the stored aggregates of many meters at once: load, apply the rules, write in bulk.

:func:`recompute` is the whole pipeline behind :class:`services.consumption.ConsumptionService`:
the readings each meter needs (:mod:`services.consumption_window`), the hours touched by them
(:mod:`services.metering`), the stored hours of the days those hours belong to, the days, and then
one upsert per table and the reset events, in one transaction. Every value written is a function of
the readings alone, so recomputing any range gives what a recompute from scratch gives.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from services.consumption_window import CHUNK, MeterWindow, cadence, initial_bounds, load_windows
from services.data_versions import AGGREGATES
from services.db.models import DailyAggregate, HourlyAggregate, MeterEvent
from services.enums import EventClass, Quality, Severity
from services.metering import (
    HOUR,
    DayValue,
    Energy,
    HourValue,
    MeterProfile,
    RegisterReset,
    daily_values,
    day_bounds,
    day_hours,
    end_registers,
    find_resets,
    hourly_values,
    local_day,
    quality_of_counts,
)

RESET_EVENT_CODE = "register_reset"
ENERGY_COLUMNS = ("t1", "t2", "t3", "t4", "total")


@dataclass(frozen=True, slots=True)
class RecomputeResult:
    meter_id: int
    hours: int
    """Hourly aggregates written."""
    days: int
    """Daily aggregates written."""
    resets: tuple[RegisterReset, ...] = ()
    """Register resets found now for the first time (stored as integrity events)."""
    withdrawn: int = 0
    """Reset events removed because late readings showed them elsewhere."""


@dataclass(slots=True)
class _Plan:
    window: MeterWindow
    hours: list[HourValue] = field(default_factory=list)
    days: list[date] = field(default_factory=list)
    day_values: list[DayValue] = field(default_factory=list)
    resets: list[RegisterReset] = field(default_factory=list)

    @property
    def meter_id(self) -> int:
        return self.window.meter_id


async def recompute(
    profiles: Mapping[int, MeterProfile],
    ranges: Mapping[int, tuple[datetime, datetime | None]],
    cadences: dict[int, timedelta],
) -> list[RecomputeResult]:
    """Recompute what the readings of each meter's range touch. ``cadences`` remembers how often each
    meter reports, so that the next first query reads little more than it needs; it is only a hint."""
    windows = [
        MeterWindow(meter_id, profile, start, end, *initial_bounds(profile, start, end, cadences.get(meter_id)))
        for meter_id, (start, end) in ranges.items()
        if (profile := profiles.get(meter_id)) is not None
    ]
    await load_windows(windows)
    for window in windows:
        step = cadence(window)
        if step is not None:
            cadences[window.meter_id] = step
    plans = [_plan(window) for window in windows]
    async with in_transaction() as conn:
        await _upsert_hours(conn, plans)
        await _sum_days(conn, plans)
        await _upsert_days(conn, plans)
        fresh, withdrawn = await _sync_reset_events(conn, plans)
    AGGREGATES.bump(p.meter_id for p in plans if p.hours)  # cached charts of these meters are stale now
    return [
        RecomputeResult(
            p.meter_id, len(p.hours), len(p.day_values), tuple(fresh.get(p.meter_id, ())), withdrawn.get(p.meter_id, 0)
        )
        for p in plans
    ]


def _plan(window: MeterWindow) -> _Plan:
    plan = _Plan(window)
    span = window.affected()
    if span is None:
        return plan
    tz = window.profile.timezone
    plan.hours = hourly_values(window.readings, window.profile, *span)
    plan.days = sorted({local_day(h.hour, tz) for h in plan.hours})
    plan.resets = find_resets(window.readings)
    return plan


async def _sum_days(conn: BaseDBAsyncClient, plans: Sequence[_Plan]) -> None:
    """Each plan's days: from the hours just computed when they cover the day, else from the stored
    hours (the ones just written included), which the database adds up with one query per local day
    (usually one or two per flush)."""
    groups: dict[tuple[datetime, datetime], list[tuple[_Plan, date, int]]] = {}
    for plan in plans:
        computed = {h.hour: h for h in plan.hours}
        profile = plan.window.profile
        for day in plan.days:
            hours = day_hours(day, profile.timezone)
            if all(hour in computed for hour in hours):  # inside the recomputed span: no need to ask
                plan.day_values.extend(daily_values(computed, [day], profile, plan.window.readings))
            else:
                groups.setdefault((hours[0], hours[-1] + HOUR), []).append((plan, day, len(hours)))
    for (lo, hi), items in groups.items():
        sums = await _hour_sums(conn, [plan.meter_id for plan, _, _ in items], lo, hi)
        for plan, day, hour_count in items:
            energy, measured, with_data = sums.get(plan.meter_id, (Energy(), 0, 0))
            quality = quality_of_counts(measured, with_data, hour_count)
            end = None
            if quality is not Quality.MISSING:
                profile = plan.window.profile
                end = end_registers(plan.window.readings, day_bounds(day, profile.timezone)[1], profile)
            plan.day_values.append(DayValue(day, energy, quality, end))


async def _hour_sums(
    conn: BaseDBAsyncClient, meter_ids: list[int], lo: datetime, hi: datetime
) -> dict[int, tuple[Energy, int, int]]:
    """Per meter, the sum of its hours in ``[lo, hi)``, how many are measured and how many have data.
    Exact on both databases: PostgreSQL adds ``numeric``; SQLite, which keeps decimals as text, adds
    integers of 0.001 kWh."""
    postgres = conn.capabilities.dialect == "postgres"
    sums = ", ".join(
        f'SUM("{c}")' if postgres else f'SUM(CAST(ROUND("{c}" * 1000) AS INTEGER))' for c in ENERGY_COLUMNS
    )
    counts = (
        f"SUM(CASE WHEN quality = '{Quality.MEASURED.value}' THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN quality <> '{Quality.MISSING.value}' THEN 1 ELSE 0 END)"
    )
    table = HourlyAggregate._meta.db_table
    result: dict[int, tuple[Energy, int, int]] = {}
    for index in range(0, len(meter_ids), CHUNK):
        chunk = meter_ids[index : index + CHUNK]
        if postgres:
            where, values = "meter_id = ANY($1::int[]) AND hour >= $2 AND hour < $3", [chunk, lo, hi]
        else:
            marks = ", ".join("?" for _ in chunk)
            where, values = f"meter_id IN ({marks}) AND hour >= ? AND hour < ?", [*chunk, lo, hi]
        sql = f'SELECT meter_id, {sums}, {counts} FROM "{table}" WHERE {where} GROUP BY meter_id'  # noqa: S608
        _, rows = await conn.execute_query(sql, values)
        for row in rows:
            meter_id, *totals, measured, with_data = tuple(row)
            values_kwh = [Decimal(v or 0) if postgres else Decimal(v or 0).scaleb(-3) for v in totals]
            result[int(meter_id)] = (Energy(*values_kwh), int(measured), int(with_data))
    return result


# --- Writing ----------------------------------------------------------------------------------------


async def _upsert(
    conn: BaseDBAsyncClient,
    table: str,
    key: tuple[str, ...],
    columns: dict[str, str],
    rows: Sequence[tuple[object, ...]],
) -> None:
    """Insert ``rows`` or update the row with the same ``key``: a single statement on PostgreSQL
    (``unnest`` of one array per column), one prepared statement run for every row on SQLite.
    ``columns`` maps each column to its PostgreSQL type."""
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in key)
    conflict = f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    if conn.capabilities.dialect == "postgres":
        arrays = ", ".join(f"${i}::{kind}[]" for i, kind in enumerate(columns.values(), start=1))
        sql = f'INSERT INTO "{table}" ({names}) SELECT * FROM unnest({arrays}) {conflict}'  # noqa: S608 (fixed names)
        await conn.execute_query(sql, [list(column) for column in zip(*rows, strict=True)])
    else:
        marks = ", ".join("?" for _ in columns)
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks}) {conflict}'  # noqa: S608 (fixed names)
        await conn.execute_many(sql, [list(row) for row in rows])


def _energy_values(energy: Energy) -> tuple[Decimal, ...]:
    return (energy.t1, energy.t2, energy.t3, energy.t4, energy.total)


async def _upsert_hours(conn: BaseDBAsyncClient, plans: Sequence[_Plan]) -> None:
    columns = {"meter_id": "int", "hour": "timestamptz"} | dict.fromkeys(ENERGY_COLUMNS, "numeric")
    rows = [(p.meter_id, h.hour, *_energy_values(h.energy), h.quality.value) for p in plans for h in p.hours]
    await _upsert(conn, HourlyAggregate._meta.db_table, ("meter_id", "hour"), columns | {"quality": "varchar"}, rows)


async def _upsert_days(conn: BaseDBAsyncClient, plans: Sequence[_Plan]) -> None:
    columns = (
        {"meter_id": "int", "day": "date"}
        | dict.fromkeys((*ENERGY_COLUMNS, "end_t1", "end_t2", "end_total"), "numeric")
        | {"quality": "varchar"}
    )
    rows = []
    for plan in plans:
        for day in plan.day_values:
            end = (None, None, None) if day.end is None else (day.end.t1, day.end.t2, day.end.total)
            rows.append((plan.meter_id, day.day, *_energy_values(day.energy), *end, day.quality.value))
    await _upsert(conn, DailyAggregate._meta.db_table, ("meter_id", "day"), columns, rows)


async def _sync_reset_events(
    conn: BaseDBAsyncClient, plans: Sequence[_Plan]
) -> tuple[dict[int, list[RegisterReset]], dict[int, int]]:
    """Within each loaded span of readings the reset events become exactly the resets found there: new
    ones are stored, ones that late readings moved elsewhere are removed. Returns both, per meter."""
    spans = {
        p.meter_id: (p.window.readings[0].ts, p.window.readings[-1].ts) for p in plans if len(p.window.readings) > 1
    }
    if not spans:
        return {}, {}
    lo = min(first for first, _ in spans.values())
    hi = max(last for _, last in spans.values())
    existing: dict[int, dict[datetime, int]] = {}
    meter_ids = list(spans)
    for index in range(0, len(meter_ids), CHUNK):
        rows = (
            await MeterEvent.filter(
                meter_id__in=meter_ids[index : index + CHUNK],
                code=RESET_EVENT_CODE,
                from_monitoring=True,
                ts__gt=lo,
                ts__lte=hi,
            )
            .using_db(conn)
            .values_list("id", "meter_id", "ts")
        )
        for event_id, meter_id, ts in rows:
            first, last = spans[meter_id]
            if first < ts <= last:
                existing.setdefault(meter_id, {})[ts] = event_id
    fresh: dict[int, list[RegisterReset]] = {}
    withdrawn: dict[int, int] = {}
    stale: list[int] = []
    for plan in plans:
        known = existing.get(plan.meter_id, {})
        found = {r.ts for r in plan.resets}
        fresh[plan.meter_id] = [r for r in plan.resets if r.ts not in known]
        gone = [event_id for ts, event_id in known.items() if ts not in found]
        stale.extend(gone)
        withdrawn[plan.meter_id] = len(gone)
    if stale:
        await MeterEvent.filter(id__in=stale).using_db(conn).delete()
    events = [
        MeterEvent(
            meter_id=meter_id,
            ts=reset.ts,
            code=RESET_EVENT_CODE,
            event_class=EventClass.INTEGRITY,
            severity=Severity.WARNING,
            text=reset.text,
            from_monitoring=True,
        )
        for meter_id, resets in fresh.items()
        for reset in resets
    ]
    if events:
        await MeterEvent.bulk_create(events, ignore_conflicts=True, using_db=conn)
    return fresh, withdrawn


__all__ = ["RESET_EVENT_CODE", "RecomputeResult", "recompute"]
