"""Consumption: hourly and daily aggregates kept up to date from readings, and the one query API.

Ingestion stores readings and then calls :meth:`ConsumptionService.recompute_many` with, per meter,
the time range of what it stored; late and out-of-order readings are handled the same way, and the
result is exactly what a recompute from scratch gives. The rules are in :mod:`services.metering`;
this module loads, stores and answers. Charts and reports read the aggregates only: a daily or
monthly query is one indexed query on ``DailyAggregate``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services import aggregates
from services.aggregates import RESET_EVENT_CODE, RecomputeResult
from services.clock import Clock
from services.db.models import DailyAggregate, HourlyAggregate, Meter, Reading, TelemetrySample
from services.db.prepared import Prepared
from services.enums import Quality, ReadingSource
from services.errors import InvalidInput, NotFound
from services.metering import (
    DEFAULT_MAX_GAP,
    DayValue,
    Energy,
    MeterProfile,
    Registers,
    day_hours,
    month_end_registers,
    monthly_values,
)

__all__ = [
    "RESET_EVENT_CODE",
    "ConsumptionService",
    "CurrentReadings",
    "NetworkPoint",
    "Point",
    "RecomputeResult",
    "RegisterPoint",
]

log = logging.getLogger(__name__)

MAX_DAYS = 3700
"""Longest period a daily query answers (about ten years)."""
MAX_BUCKETS = 5000
ENERGY_COLUMNS = ("t1", "t2", "t3", "t4", "total")
K = TypeVar("K", date, datetime)


# --- DTOs -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Point(Generic[K]):
    """Consumption (kWh) of one hour, day or month, with its quality."""

    at: K
    """An hour's start as an aware local datetime in the site's time zone, a day, or a month's first day."""
    t1: Decimal
    t2: Decimal
    t3: Decimal
    t4: Decimal
    total: Decimal
    quality: Quality


@dataclass(frozen=True, slots=True)
class RegisterPoint:
    """Registers (kWh, as the meter shows them) at the end of a day or of a month."""

    at: date
    """The day, or the month's first day."""
    t1: Decimal | None
    t2: Decimal | None
    total: Decimal | None
    quality: Quality


@dataclass(frozen=True, slots=True)
class CurrentReadings:
    meter_id: int
    ts: datetime
    t1: Decimal | None
    t2: Decimal | None
    t3: Decimal | None
    t4: Decimal | None
    total: Decimal
    source: ReadingSource


@dataclass(frozen=True, slots=True)
class NetworkPoint:
    """Averages of one bucket of telemetry samples; None where no sample had the value."""

    start: datetime
    samples: int
    power_w: float | None
    voltage_a: float | None
    voltage_b: float | None
    voltage_c: float | None
    current_a: float | None
    current_b: float | None
    current_c: float | None
    frequency_hz: float | None
    quality: Quality
    """Measured, or missing when the bucket has no sample."""

    @property
    def missing(self) -> bool:
        return self.quality is Quality.MISSING


def _point(at: K, energy: Energy, quality: Quality) -> Point[K]:
    return Point(at, energy.t1, energy.t2, energy.t3, energy.t4, energy.total, quality)


def _energy(values: Sequence[Decimal]) -> Energy:
    return Energy(*values)


# --- Recompute ----------------------------------------------------------------------------------------


_NEWEST_READING = Prepared(
    lambda meter_id: (
        Reading.filter(meter_id=meter_id)
        .order_by("-ts")
        .limit(1)
        .values("ts", "t1", "t2", "t3", "t4", "total", "source")
    ),
    arity=1,
)


class ConsumptionService:
    def __init__(self, clock: Clock, max_measured_gap: timedelta = DEFAULT_MAX_GAP) -> None:
        self._clock = clock
        self._max_gap = max_measured_gap
        self._lock = asyncio.Lock()
        self._cadences: dict[int, timedelta] = {}

    async def recompute(self, meter_id: int, start: datetime, end: datetime | None) -> RecomputeResult:
        """Bring the aggregates touched by the readings of ``[start, end]`` up to date (``end`` None:
        through the newest reading). Raises NotFound for an unknown meter and InvalidInput for a meter
        whose settings the rules cannot use (an unknown time zone, a multiplier that is not positive)."""
        results = await self._recompute({meter_id: (start, end)}, strict=True)
        if not results:
            raise NotFound(f"meter {meter_id}")
        return results[0]

    async def recompute_many(self, ranges: Mapping[int, tuple[datetime, datetime | None]]) -> None:
        """:meth:`recompute` for many meters with batched reads and one write per table (the
        ingestion flush). Unknown meters are skipped, and so are (with an error in the log) meters
        whose settings the rules cannot use."""
        await self._recompute(ranges, strict=False)

    async def _recompute(
        self, ranges: Mapping[int, tuple[datetime, datetime | None]], *, strict: bool
    ) -> list[RecomputeResult]:
        for start, end in ranges.values():
            _check_aware(start, "start")
            if end is not None:
                _check_aware(end, "end")
                if end < start:
                    raise InvalidInput("end", "before_start")
        async with self._lock:  # one recompute at a time: each reads what the previous one wrote
            profiles = await self._profiles(list(ranges), strict=strict)
            return await aggregates.recompute(profiles, ranges, self._cadences)

    async def _profiles(self, meter_ids: list[int], *, strict: bool) -> dict[int, MeterProfile]:
        rows = await Meter.filter(id__in=meter_ids).values_list(
            "id",
            "multiplier",
            "tariff_count",
            "site__timezone",
            "site__day_zone_start_min",
            "site__night_zone_start_min",
        )
        profiles: dict[int, MeterProfile] = {}
        for meter_id, multiplier, tariff_count, timezone, day_start, night_start in rows:
            try:
                profiles[meter_id] = MeterProfile(
                    timezone=_zone(timezone),
                    multiplier=multiplier,
                    tariff_count=min(max(tariff_count, 1), 4),
                    day_zone_start_min=day_start,
                    night_zone_start_min=night_start,
                    max_measured_gap=self._max_gap,
                )
            except (InvalidInput, ValueError) as exc:
                if strict:
                    raise InvalidInput("meter", "unusable_settings") from exc
                log.error("consumption: meter %s skipped, its settings are unusable: %s", meter_id, exc)
        return profiles

    # --- Queries ----------------------------------------------------------------------------------

    async def current_readings(self, meter_id: int) -> CurrentReadings | None:
        """The newest reading of the meter, or None when it has none."""
        rows = await _NEWEST_READING.fetch(meter_id)
        if not rows:
            return None
        row = rows[0]
        return CurrentReadings(
            meter_id, row["ts"], row["t1"], row["t2"], row["t3"], row["t4"], row["total"], ReadingSource(row["source"])
        )

    async def hourly(self, meter_id: int, day: date) -> list[Point[datetime]]:
        """Every hour of the local ``day`` (23, 24 or 25 points), missing hours included."""
        tz = await self._timezone(meter_id)
        hours = day_hours(day, tz)
        rows = await HourlyAggregate.filter(meter_id=meter_id, hour__gte=hours[0], hour__lte=hours[-1]).values_list(
            "hour", *ENERGY_COLUMNS, "quality"
        )
        found = {row[0]: (_energy(row[1:6]), Quality(row[6])) for row in rows}
        missing = (Energy(), Quality.MISSING)
        return [_point(hour.astimezone(tz), *found.get(hour, missing)) for hour in hours]

    async def daily(self, meter_id: int, start: date, end: date) -> list[Point[date]]:
        """Every day of ``[start, end]``, missing days included. One indexed query."""
        days = await self._days(meter_id, start, end)
        return [_point(day, value.energy, value.quality) for day, value in days.items()]

    async def monthly(self, meter_id: int, year: int) -> list[Point[date]]:
        """The twelve months of ``year``, each the sum of its days."""
        days = await self._days(meter_id, date(year, 1, 1), date(year, 12, 31))
        return [_point(m.month, m.energy, m.quality) for m in monthly_values(days.values(), year)]

    async def readings_daily(self, meter_id: int, start: date, end: date) -> list[RegisterPoint]:
        """Registers at the end of every day of ``[start, end]``."""
        days = await self._days(meter_id, start, end)
        return [_register_point(day, value.end, value.quality) for day, value in days.items()]

    async def readings_monthly(self, meter_id: int, year: int) -> list[RegisterPoint]:
        """Registers at the end of each month of ``year``."""
        days = await self._days(meter_id, date(year, 1, 1), date(year, 12, 31))
        return [
            _register_point(month, registers, quality)
            for month, registers, quality in month_end_registers(days.values(), year)
        ]

    async def network(self, meter_id: int, start: datetime, end: datetime, bucket: timedelta) -> list[NetworkPoint]:
        """Averages of voltage, current (per phase), frequency and power per ``bucket`` from ``start``
        up to ``end`` (or now, if sooner); a bucket without samples is missing."""
        _check_aware(start, "start")
        _check_aware(end, "end")
        end = min(end, self._clock.now())
        if bucket <= timedelta(0):
            raise InvalidInput("bucket", "not_positive")
        if end <= start:
            return []
        count = -(-(end - start) // bucket)
        if count > MAX_BUCKETS:
            raise InvalidInput("bucket", "too_many_buckets")
        rows = (
            await TelemetrySample.filter(meter_id=meter_id, ts__gte=start, ts__lt=end)
            .order_by("ts")
            .values_list("ts", *NETWORK_COLUMNS)
        )
        buckets: list[list[tuple[float | None, ...]]] = [[] for _ in range(count)]
        for row in rows:
            buckets[(row[0] - start) // bucket].append(tuple(row[1:]))
        return [_network_point(start + bucket * i, samples) for i, samples in enumerate(buckets)]

    async def _timezone(self, meter_id: int) -> ZoneInfo:
        name = await Meter.filter(id=meter_id).first().values_list("site__timezone", flat=True)
        if name is None:
            raise NotFound(f"meter {meter_id}")
        return _zone(str(name))

    async def _days(self, meter_id: int, start: date, end: date) -> dict[date, DayValue]:
        """Every day of ``[start, end]`` from ``DailyAggregate`` (absent days are missing)."""
        if end < start:
            raise InvalidInput("end", "before_start")
        if (end - start).days >= MAX_DAYS:
            raise InvalidInput("end", "period_too_long")
        rows = await DailyAggregate.filter(meter_id=meter_id, day__gte=start, day__lte=end).values_list(
            "day", *ENERGY_COLUMNS, "quality", "end_t1", "end_t2", "end_total"
        )
        found = {row[0]: row for row in rows}
        days: dict[date, DayValue] = {}
        for offset in range((end - start).days + 1):
            day = start + timedelta(days=offset)
            row = found.get(day)
            if row is None:
                days[day] = DayValue(day, Energy(), Quality.MISSING)
            else:
                registers = None if row[9] is None else Registers(row[9], row[7], row[8])
                days[day] = DayValue(day, _energy(row[1:6]), Quality(row[6]), registers)
        return days


NETWORK_COLUMNS = (
    "power_w",
    "voltage_a",
    "voltage_b",
    "voltage_c",
    "current_a",
    "current_b",
    "current_c",
    "frequency_hz",
)


def _network_point(start: datetime, samples: list[tuple[float | None, ...]]) -> NetworkPoint:
    averages: dict[str, float | None] = {}
    for column, name in enumerate(NETWORK_COLUMNS):
        values = [v for s in samples if (v := s[column]) is not None]
        averages[name] = sum(values) / len(values) if values else None
    quality = Quality.MEASURED if samples else Quality.MISSING
    return NetworkPoint(start=start, samples=len(samples), quality=quality, **averages)


def _register_point(at: date, registers: Registers | None, quality: Quality) -> RegisterPoint:
    if registers is None:
        return RegisterPoint(at, None, None, None, Quality.MISSING)
    return RegisterPoint(at, registers.t1, registers.t2, registers.total, quality)


def _check_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(name, "naive_datetime")


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput("timezone", "unknown_timezone") from exc
