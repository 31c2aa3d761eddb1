"""Charts: drawing time, the event loop during a burst of chart requests, and cache hits.

    .venv/bin/python bench/bench_charts.py                     # SQLite in a temp dir
    MB_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_charts.py

Three figures (issue 4, "Speed"):

1. A 31-bar chart (consumption by day, two tariffs stacked, estimated and missing days marked) drawn
   in-process ``--draws`` times after a warm-up: p50 / p90 / max of ``render_png``; and the same chart
   through the service's ProcessRenderer (the round trip to a worker process).
2. A burst of 20 different chart requests at once through ChartService (database reads, drawing in the
   worker pool), while a ticker task wakes every millisecond and records how late it woke: the longest
   an update would have waited for the event loop. For comparison, the same burst drawing in threads.
3. A repeated request served from the cache (the access check included): p50 / p90 / max.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import asyncpg

from handlers.resident.chart_texts import chart_labels
from services import db
from services.chart_render import ProcessRenderer, Renderer, ThreadRenderer, render_png
from services.charts import ChartKind, ChartRequest, ChartService, PeriodMode
from services.clock import FixedClock
from services.consumption import ConsumptionService
from services.db.models import Binding, DailyAggregate, Meter, Person, Plot, Site
from services.enums import BindingStatus, Quality

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
METERS = 20
BURST = 20
LABELS = chart_labels("ru")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


async def fresh_database(base: str | None) -> tuple[str, str | None]:
    if not base:
        return f"sqlite://{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}", None
    name = f"mb_bench_charts_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(db.normalize_url(base).replace("postgres://", "postgresql://", 1))
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    return db.normalize_url(base).rsplit("/", 1)[0] + f"/{name}", name


async def drop_database(base: str, name: str) -> None:
    admin = await asyncpg.connect(db.normalize_url(base).replace("postgres://", "postgresql://", 1))
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.close()


async def seed() -> tuple[int, list[int]]:
    """A resident with ``METERS`` two-rate meters, each with 400 days of daily aggregates (some estimated,
    some missing): the person id and the meter ids."""
    site = await Site.create(slug="bench", name="Bench")
    plot = await Plot.create(site=site, number="1")
    person = await Person.create(telegram_id=1, name="Bench")
    meter_ids = []
    for n in range(METERS):
        meter = await Meter.create(site=site, plot=plot, serial=f"B{n:04d}", topic_id=f"B{n:04d}", tariff_count=2)
        await Binding.create(person=person, meter=meter, status=BindingStatus.ACTIVE)
        rows = []
        for offset in range(400):
            day = date(2026, 11, 23) - timedelta(days=offset)
            if offset % 17 == 5:
                continue  # missing
            t1, t2 = Decimal(3 + (offset * 7 + n) % 5), Decimal(1 + offset % 3)
            quality = Quality.ESTIMATED if offset % 11 == 3 else Quality.MEASURED
            rows.append(DailyAggregate(meter=meter, day=day, t1=t1, t2=t2, total=t1 + t2, quality=quality))
        await DailyAggregate.bulk_create(rows)
        meter_ids.append(meter.id)
    return person.id, meter_ids


def month_request(person_id: int, meter_id: int, month: int = 10) -> ChartRequest:
    """Consumption by day of a 31-day calendar month."""
    return ChartRequest(person_id, meter_id, ChartKind.CONSUMPTION_DAILY, date(2026, month, 15), PeriodMode.CALENDAR)


async def draw_times(service: ChartService, request: ChartRequest, draws: int) -> None:
    plot = (await service.render(request, LABELS)).plot
    assert plot.slots == 31
    for _ in range(3):
        render_png(plot)
    times = []
    for _ in range(draws):
        start = time.perf_counter()
        render_png(plot)
        times.append(time.perf_counter() - start)
    print(
        f"1. 31-bar chart, drawn in-process x{draws}: p50 {ms(percentile(times, 0.5))}, "
        f"p90 {ms(percentile(times, 0.9))}, max {ms(max(times))}"
    )
    pool = ProcessRenderer()
    try:
        await pool.warm_up()
        trips = []
        for _ in range(draws):
            start = time.perf_counter()
            await pool.render(plot)
            trips.append(time.perf_counter() - start)
    finally:
        await pool.aclose()
    print(
        f"   the same through a worker process x{draws}: p50 {ms(percentile(trips, 0.5))}, "
        f"p90 {ms(percentile(trips, 0.9))}, max {ms(max(trips))}"
    )


async def lag_during(work: Callable[[], Awaitable[object]]) -> tuple[float, list[float]]:
    """Run ``work`` while a ticker wakes every millisecond; its duration and how late each wake was."""
    loop = asyncio.get_running_loop()
    lags: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        while not done.is_set():
            due = loop.time() + 0.001
            await asyncio.sleep(0.001)
            lags.append(max(0.0, loop.time() - due))

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0.01)
    start = time.perf_counter()
    await work()
    elapsed = time.perf_counter() - start
    done.set()
    await task
    return elapsed, lags


async def burst(name: str, renderer: Renderer, person_id: int, meter_ids: list[int]) -> None:
    clock = FixedClock(NOW)
    service = ChartService(clock, ConsumptionService(clock), renderer=renderer)
    try:
        if isinstance(renderer, ProcessRenderer):
            await renderer.warm_up()
        await service.render(month_request(person_id, meter_ids[0], 1), LABELS)  # warm the thread's fonts too
        requests = [
            month_request(person_id, meter_ids[i % len(meter_ids)], 10 - i // len(meter_ids)) for i in range(BURST)
        ]
        elapsed, lags = await lag_during(lambda: asyncio.gather(*(service.render(r, LABELS) for r in requests)))
        assert service.cache_info().misses == BURST + 1
    finally:
        await service.aclose()
    print(
        f"2. burst of {BURST} chart requests, {name}: done in {elapsed:.2f} s; event-loop lag "
        f"max {ms(max(lags))}, p99 {ms(percentile(lags, 0.99))}, p50 {ms(percentile(lags, 0.5))} "
        f"({len(lags)} ticks)"
    )


async def cache_hits(person_id: int, meter_id: int, repeats: int) -> None:
    clock = FixedClock(NOW)
    service = ChartService(clock, ConsumptionService(clock), renderer=ThreadRenderer())
    request = month_request(person_id, meter_id)
    await service.render(request, LABELS)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = await service.render(request, LABELS)
        times.append(time.perf_counter() - start)
        assert result.from_cache
    print(
        f"3. repeated request from the cache x{repeats}: p50 {ms(percentile(times, 0.5))}, "
        f"p90 {ms(percentile(times, 0.9))}, max {ms(max(times))} (mean {ms(statistics.fmean(times))})"
    )


async def main(args: argparse.Namespace) -> None:
    base = os.environ.get("MB_BENCH_DATABASE_URL")
    url, name = await fresh_database(base)
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"database {'PostgreSQL' if base else 'SQLite'}, load average {load_average()}"
    )
    await db.connect(url)
    try:
        await db.migrate(url)
        person_id, meter_ids = await seed()
        clock = FixedClock(NOW)
        service = ChartService(clock, ConsumptionService(clock), renderer=ThreadRenderer())
        await draw_times(service, month_request(person_id, meter_ids[0]), args.draws)
        await burst(
            "drawn by 2 worker processes (ProcessRenderer, the default)", ProcessRenderer(), person_id, meter_ids
        )
        await burst("drawn in threads (ThreadRenderer, for comparison)", ThreadRenderer(), person_id, meter_ids)
        await cache_hits(person_id, meter_ids[0], args.repeats)
    finally:
        await db.close()
        if base and name:
            await drop_database(base, name)
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--draws", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=200)
    asyncio.run(main(parser.parse_args()))
