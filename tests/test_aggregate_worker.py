"""Aggregates behind ingestion: a flush only marks meters, the worker recomputes them in coalesced
passes, relay confirmations do not wait for it, and a restart recomputes what a crash left behind."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

import services.ingest_hooks as hooks
from services.clock import FixedClock
from services.consumption import ConsumptionService
from services.db.models import DailyAggregate, HourlyAggregate, Meter, Reading, Site
from services.enums import RelayState
from services.ingest import FlushReport, IngestService, RelayStateIn, TelemetryIn
from services.ingest_hooks import CATCH_UP, AfterFlush, AggregateWorker

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
TIMEOUT = 10.0


@pytest.fixture
async def meter(db: str) -> Meter:
    site = await Site.create(slug="w", name="W", timezone="UTC")
    return await Meter.create(site=site, serial="W1", topic_id="W1", tariff_count=1)


def hourly_reading(hours_before_now: int, kwh: int) -> TelemetryIn:
    return TelemetryIn("W1", NOW - timedelta(hours=hours_before_now), {"t1": Decimal(kwh)})


async def hours_of(meter: Meter) -> list[tuple[datetime, Decimal]]:
    return list(await HourlyAggregate.filter(meter_id=meter.id).order_by("hour").values_list("hour", "total"))


@pytest.fixture
async def running() -> AsyncIterator[tuple[AggregateWorker, asyncio.Event]]:
    """A worker over a real ConsumptionService, counting what it was asked to recompute."""
    worker = Counting(ConsumptionService(FixedClock(NOW)), interval=0.05)
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    yield worker, stop
    stop.set()
    await asyncio.wait_for(task, TIMEOUT)


class Counting(AggregateWorker):
    """Records the marks each pass starts with."""

    def __init__(self, consumption: ConsumptionService, interval: float) -> None:
        super().__init__(consumption, interval=interval)
        self.asked: list[Mapping[int, datetime]] = []

    async def process(self) -> None:
        self.asked.append(dict(self._dirty))
        await super().process()


async def test_flushes_mark_meters_and_the_worker_recomputes_them_once(
    meter: Meter, running: tuple[AggregateWorker, asyncio.Event]
) -> None:
    worker, _ = running
    parked = AggregateWorker(ConsumptionService(FixedClock(NOW)))  # marks only: nobody runs it
    hook = AfterFlush(ConsumptionService(FixedClock(NOW)), aggregates=parked)
    ingest = IngestService(FixedClock(NOW), on_flush=hook)
    for hours, kwh in ((3, 10), (2, 12), (1, 15)):  # three flushes
        ingest.accept(hourly_reading(hours, kwh))
        assert await ingest.flush()
    assert await hours_of(meter) == []  # the flushes did not recompute
    assert parked.backlog == 1  # one meter, marked from its earliest reading

    worker.mark({meter.id: NOW - timedelta(hours=3)})
    await asyncio.wait_for(worker.settled(), TIMEOUT)
    assert [total for _, total in await hours_of(meter)] == [Decimal("2.000"), Decimal("3.000")]
    assert worker.backlog == 0


async def test_marks_arriving_together_make_one_pass(
    meter: Meter, running: tuple[AggregateWorker, asyncio.Event]
) -> None:
    worker, _ = running
    assert isinstance(worker, Counting)
    for hours, kwh in ((3, 10), (2, 12), (1, 15)):
        await Reading.create(meter_id=meter.id, ts=NOW - timedelta(hours=hours), t1=kwh, total=kwh)
    for hours in (1, 3, 2):  # three flushes' marks before the worker wakes: the earliest one counts
        worker.mark({meter.id: NOW - timedelta(hours=hours)})
    await asyncio.wait_for(worker.settled(), TIMEOUT)
    assert worker.asked == [{meter.id: NOW - timedelta(hours=3)}]
    assert len(await hours_of(meter)) == 2
    assert await DailyAggregate.filter(meter_id=meter.id).count() == 1


async def test_relay_reports_do_not_wait_for_aggregates(meter: Meter) -> None:
    seen: list[FlushReport] = []

    class Relay:
        async def on_flush(self, report: FlushReport) -> None:
            seen.append(report)

    parked = AggregateWorker(ConsumptionService(FixedClock(NOW)))
    hook = AfterFlush(ConsumptionService(FixedClock(NOW)), Relay(), aggregates=parked)  # type: ignore[arg-type]
    ingest = IngestService(FixedClock(NOW), on_flush=hook)
    ingest.accept(hourly_reading(1, 10))
    ingest.accept(RelayStateIn("W1", RelayState.OFF))
    assert await ingest.flush()
    assert [len(r.relay_states) for r in seen] == [1]
    assert parked.backlog == 1


async def test_a_restart_recomputes_what_a_crash_left_unaggregated(meter: Meter) -> None:
    site = await Site.get(slug="w")
    other = await Meter.create(site=site, serial="W2", topic_id="W2", tariff_count=1)
    for hours, kwh in ((5, 1), (4, 2)):  # aggregated long ago: received well before the newest reading
        await Reading.create(meter_id=other.id, ts=NOW - timedelta(hours=hours), t1=kwh, total=kwh)
    await Reading.filter(meter_id=other.id).update(received_at=datetime.now(UTC) - CATCH_UP * 2)
    lost = AggregateWorker(ConsumptionService(FixedClock(NOW)))
    ingest = IngestService(FixedClock(NOW), on_flush=AfterFlush(ConsumptionService(FixedClock(NOW)), aggregates=lost))
    for hours, kwh in ((3, 10), (1, 15)):
        ingest.accept(hourly_reading(hours, kwh))
    assert await ingest.flush()  # ... and the process dies: the marks were in memory only

    worker = AggregateWorker(ConsumptionService(FixedClock(NOW)))
    assert await worker.catch_up() == 1
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    await asyncio.wait_for(worker.settled(), TIMEOUT)
    stop.set()
    await asyncio.wait_for(task, TIMEOUT)
    assert [total for _, total in await hours_of(meter)] == [Decimal("2.500"), Decimal("2.500")]
    assert await hours_of(other) == []  # not re-marked: it was received long before


async def test_a_failed_recompute_keeps_the_marks(meter: Meter, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hooks, "RETRY_SECONDS", 0.01)
    calls: list[int] = []

    class Flaky(ConsumptionService):
        async def recompute_many(self, ranges: Mapping[int, tuple[datetime, datetime | None]]) -> None:
            calls.append(len(ranges))
            if len(calls) == 1:
                raise ConnectionError("database away")
            await super().recompute_many(ranges)

    await Reading.create(meter_id=meter.id, ts=NOW - timedelta(hours=2), t1=1, total=1)
    await Reading.create(meter_id=meter.id, ts=NOW - timedelta(hours=1), t1=3, total=3)
    worker = AggregateWorker(Flaky(FixedClock(NOW)))
    worker.mark({meter.id: NOW - timedelta(hours=2)})
    await asyncio.wait_for(worker.process(), TIMEOUT)
    assert calls == [1, 1]
    assert [total for _, total in await hours_of(meter)] == [Decimal("2.000")]
