"""A 30-day daily consumption query for one meter (``ConsumptionService.daily``, the real service API)
with a year of 30-minute data for 1,000 meters in PostgreSQL.

    .venv/bin/python -m bench.consumption_query            # about three minutes

A fresh database (``mb_bench_<pid>``, dropped at the end) gets 1,000 two-tariff meters in
Europe/Moscow and, per meter, a reading every 30 minutes for 365 days (17.5 M readings), loaded with
COPY. The hourly and daily aggregates are then produced by SQL from those readings (register
differences between full hours and between local midnights: what the service computes for readings on
a 30-minute grid), because recomputing 1,000 meter-years through the service would take far longer than
a benchmark should; the script checks that claim on a few meters by recomputing a month through
``ConsumptionService.recompute`` and comparing. Then random meters and random 30-day periods are
queried one after another and the latencies printed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from bench.common import bench_database, create_fleet, percentiles, postgres_version, print_machine, raw_connection
from meters.simulator import HOURLY_LOAD
from services.clock import SystemClock
from services.consumption import ConsumptionService

ZONE = "Europe/Moscow"
STEP = timedelta(minutes=30)
DAYS = 365
LOAD = np.array(HOURLY_LOAD)


def year_grid(first_day: date) -> tuple[list[str], np.ndarray]:
    """The reading times (as text for COPY) and whether each interval ending there is day zone."""
    start = datetime.combine(first_day, datetime.min.time(), ZoneInfo(ZONE)).astimezone(UTC)
    count = DAYS * 48 + 1
    moments = [start + STEP * i for i in range(count)]
    local_hours = np.array([(m - STEP).astimezone(ZoneInfo(ZONE)).hour for m in moments])
    return [m.isoformat() for m in moments], (local_hours >= 7) & (local_hours < 23)


def meter_csv(meter_id: int, stamps: list[str], day_zone: np.ndarray, rng: np.random.Generator, received: str) -> bytes:
    """One meter's year of readings as CSV: registers grow by a daily load curve with noise."""
    hours = np.array([int(s[11:13]) for s in stamps])
    kwh = rng.uniform(0.15, 0.6) * LOAD[(hours + 3) % 24] * rng.uniform(0.7, 1.3, len(stamps))
    kwh[0] = 0.0
    t1 = np.round(rng.uniform(1000, 20000) + np.cumsum(np.where(day_zone, kwh, 0.0)), 3)
    t2 = np.round(rng.uniform(300, 8000) + np.cumsum(np.where(day_zone, 0.0, kwh)), 3)
    lines = [
        f"{meter_id},{stamp},{a:.3f},{b:.3f},{a + b:.3f},telemetry,0,{received}"
        for stamp, a, b in zip(stamps, t1.tolist(), t2.tolist(), strict=True)
    ]
    return ("\n".join(lines) + "\n").encode()


async def load_readings(url: str, meter_ids: list[int], first_day: date) -> int:
    stamps, day_zone = year_grid(first_day)
    rng = np.random.default_rng(7)
    received = datetime.now(UTC).isoformat()

    async def chunks() -> AsyncIterator[bytes]:
        for meter_id in meter_ids:
            yield meter_csv(meter_id, stamps, day_zone, rng, received)

    conn = await raw_connection(url)
    try:
        await conn.copy_to_table(
            "reading",
            source=chunks(),
            columns=["meter_id", "ts", "t1", "t2", "total", "source", "flags", "received_at"],
            format="csv",
        )
        await conn.execute("ANALYZE reading")
    finally:
        await conn.close()
    return len(stamps) * len(meter_ids)


HOURLY_SQL = """
INSERT INTO hourlyaggregate (meter_id, hour, t1, t2, t3, t4, total, quality)
SELECT meter_id, ts, next_t1 - t1, next_t2 - t2, 0, 0, next_total - total, 'measured'
FROM (SELECT meter_id, ts, t1, t2, total,
             lead(t1) OVER w AS next_t1, lead(t2) OVER w AS next_t2, lead(total) OVER w AS next_total
      FROM reading WHERE date_trunc('hour', ts) = ts
      WINDOW w AS (PARTITION BY meter_id ORDER BY ts)) s
WHERE next_total IS NOT NULL
"""
DAILY_SQL = f"""
INSERT INTO dailyaggregate (meter_id, day, t1, t2, t3, t4, total, end_t1, end_t2, end_total, quality)
SELECT meter_id, day, t1 - prev_t1, t2 - prev_t2, 0, 0, total - prev_total, t1, t2, total, 'measured'
FROM (SELECT meter_id, (ts AT TIME ZONE '{ZONE}')::date - 1 AS day, t1, t2, total,
             lag(t1) OVER w AS prev_t1, lag(t2) OVER w AS prev_t2, lag(total) OVER w AS prev_total
      FROM reading WHERE (ts AT TIME ZONE '{ZONE}')::time = '00:00'
      WINDOW w AS (PARTITION BY meter_id ORDER BY ts)) s
WHERE prev_total IS NOT NULL
"""


async def aggregate_by_sql(url: str) -> tuple[int, int]:
    conn = await raw_connection(url)
    try:
        hours = await conn.execute(HOURLY_SQL)
        days = await conn.execute(DAILY_SQL)
        await conn.execute("ANALYZE hourlyaggregate; ANALYZE dailyaggregate")
    finally:
        await conn.close()
    return int(hours.split()[-1]), int(days.split()[-1])


async def check_consistency(service: ConsumptionService, meter_ids: list[int], first_day: date) -> None:
    """The SQL aggregates equal what the service computes: recompute a month of a few meters, compare."""
    start = first_day + timedelta(days=100)
    end = start + timedelta(days=29)
    zone = ZoneInfo(ZONE)
    for meter_id in meter_ids:
        before = await service.daily(meter_id, start, end)
        since = datetime.combine(start, datetime.min.time(), zone).astimezone(UTC)
        until = datetime.combine(end + timedelta(days=1), datetime.min.time(), zone).astimezone(UTC)
        await service.recompute(meter_id, since, until)
        after = await service.daily(meter_id, start, end)
        if before != after:
            mismatch = next((b, a) for b, a in zip(before, after, strict=True) if b != a)
            raise SystemExit(f"SQL aggregates differ from the service's for meter {meter_id}: {mismatch}")
    print(f"consistency: a month of {len(meter_ids)} meters recomputed by the service equals the SQL aggregates")


async def measure(service: ConsumptionService, meter_ids: list[int], first_day: date, count: int) -> list[float]:
    rng = random.Random(11)
    latencies = []
    for n in range(count):
        meter_id = rng.choice(meter_ids)
        start = first_day + timedelta(days=rng.randrange(DAYS - 30))
        began = time.perf_counter()
        points = await service.daily(meter_id, start, start + timedelta(days=29))
        elapsed = time.perf_counter() - began
        if len(points) != 30 or any(p.quality.value == "missing" for p in points):
            raise SystemExit(f"unexpected answer for meter {meter_id} from {start}")
        if n >= count // 10:  # the first tenth warms the pool and the caches up
            latencies.append(elapsed * 1000)
    return latencies


async def main(args: argparse.Namespace) -> None:
    first_day = date.today() - timedelta(days=DAYS)
    async with bench_database() as url:
        print_machine(await postgres_version(url))
        fleet = await create_fleet(url, args.meters, timezone=ZONE)
        meter_ids = sorted(fleet.values())
        began = time.monotonic()
        readings = await load_readings(url, meter_ids, first_day)
        loaded = time.monotonic() - began
        print(f"readings: {readings:,} loaded with COPY in {loaded:.0f} s", flush=True)
        began = time.monotonic()
        hours, days = await aggregate_by_sql(url)
        print(f"aggregates by SQL: {hours:,} hourly, {days:,} daily in {time.monotonic() - began:.0f} s", flush=True)
        service = ConsumptionService(SystemClock())
        await check_consistency(service, meter_ids[:3], first_day)
        latencies = await measure(service, meter_ids, first_day, args.queries)
        figures = percentiles(latencies)
        print(
            f"ConsumptionService.daily, 30 days, one meter of {args.meters}: {len(latencies)} queries, "
            + ", ".join(f"{name} {value:.2f} ms" for name, value in figures.items()),
            flush=True,
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meters", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=2000)
    asyncio.run(main(parser.parse_args()))
