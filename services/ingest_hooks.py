"""What happens after each ingestion flush: alerts and relay confirmations at once, aggregates behind.

:class:`AfterFlush` is the ``on_flush`` hook of :class:`services.ingest.IngestService`. Alerts and relay
command confirmations are handled in the hook itself. Aggregates are either recomputed in the hook too
(without a worker: simple, and what a test that wants them at once uses) or, in the running process,
handed to an :class:`AggregateWorker`: the flush only marks the meters it stored readings for, with the
earliest reading time, and the worker recomputes the marked meters in coalesced passes at its own pace.
Ingestion never waits for aggregates; they lag by a few seconds, more under a heavy load.

Crash safety: the marks live in memory, but they can be derived again from the data. At start the
worker marks every meter with readings received within :data:`CATCH_UP` before the newest one received,
from the earliest of them, so whatever a crash left unaggregated is recomputed (as long as the worker was
less than that far behind).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Coroutine, Mapping
from datetime import datetime, timedelta
from typing import Any

from tortoise.functions import Min

from services.alerts import AlertService
from services.consumption import ConsumptionService
from services.data_versions import TELEMETRY
from services.db.models import Reading
from services.ingest_store import FlushReport
from services.relay import RelayService

log = logging.getLogger(__name__)

CATCH_UP = timedelta(hours=1)
"""How far back before the newest received reading the worker looks at start (see the docstring)."""
RETRY_SECONDS = 2.0


class AggregateWorker:
    """Recomputes the aggregates of marked meters in chunks of at most ``chunk`` meters, starting a
    pass at most every ``interval`` seconds and resting after each chunk as long as it took, times
    ``rest``. A chunk's computation holds the event loop (it is plain Python): small chunks and the rest
    keep the listener reading under load; the benchmarks (docs/benchmarks.md) chose the defaults."""

    def __init__(
        self, consumption: ConsumptionService, *, chunk: int = 100, interval: float = 2.0, rest: float = 2.0
    ) -> None:
        self._consumption = consumption
        self._chunk = chunk
        self._interval = interval
        self._rest = rest
        self._dirty: dict[int, datetime] = {}
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self.passes = 0
        """Chunks recomputed since start (for logs and benchmarks)."""

    def mark(self, readings_from: Mapping[int, datetime]) -> None:
        """Meters whose readings from these times on need their aggregates recomputed."""
        dirty = self._dirty
        for meter_id, ts in readings_from.items():
            known = dirty.get(meter_id)
            if known is None or ts < known:
                dirty[meter_id] = ts
        if dirty:
            self._idle.clear()
            self._wake.set()

    @property
    def backlog(self) -> int:
        """Meters waiting for a recompute."""
        return len(self._dirty)

    async def settled(self) -> None:
        """Wait until nothing is marked and no pass is running."""
        await self._idle.wait()

    async def catch_up(self) -> int:
        """Mark the meters with readings received within :data:`CATCH_UP` before the newest one;
        returns how many. (No index on ``received_at``: one scan of the readings, in the background.)"""
        newest = await Reading.all().order_by("-id").first().values_list("received_at", flat=True)
        if not isinstance(newest, datetime):  # no readings yet
            return 0
        rows = (
            await Reading.filter(received_at__gte=newest - CATCH_UP)
            .annotate(first=Min("ts"))
            .group_by("meter_id")
            .values_list("meter_id", "first")
        )
        self.mark({int(meter_id): first for meter_id, first in rows})
        return len(rows)

    async def run(self, stop: asyncio.Event) -> None:
        """Catch up, then recompute whatever gets marked until ``stop``; then once more what is left
        (the caller bounds how long that may take; what remains is caught up at the next start)."""
        try:
            caught = await self.catch_up()
            if caught:
                log.info("aggregates: catching up %d meter(s) with recently received readings", caught)
        except Exception:  # the database is away: the marks come again with the next readings
            log.exception("aggregates: catching up after a restart failed")
        while not stop.is_set():
            await _first(self._wake.wait(), stop.wait())
            if stop.is_set():
                break
            started = time.monotonic()
            await self.process()
            with contextlib.suppress(TimeoutError):  # let marks gather: one pass covers many flushes
                await asyncio.wait_for(stop.wait(), self._interval - (time.monotonic() - started))
        await self.process()

    async def process(self) -> None:
        """Recompute every marked meter, a chunk at a time."""
        self._wake.clear()
        while self._dirty:
            taken = list(self._dirty)[: self._chunk]
            ranges = {meter_id: (self._dirty.pop(meter_id), None) for meter_id in taken}
            started = time.monotonic()
            try:
                await self._consumption.recompute_many(ranges)
            except Exception:  # the database is away: keep the marks, try again later
                log.exception("aggregates: recomputing %d meter(s) failed; retrying", len(ranges))
                self.mark({meter_id: start for meter_id, (start, _) in ranges.items()})
                await asyncio.sleep(RETRY_SECONDS)
                continue
            self.passes += 1
            await asyncio.sleep((time.monotonic() - started) * self._rest)
        self._idle.set()


async def _first(*waits: Coroutine[Any, Any, Any]) -> None:
    tasks = [asyncio.ensure_future(w) for w in waits]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()


class AfterFlush:
    """The ``on_flush`` hook of :class:`services.ingest.IngestService`.

    The readings are committed before this runs, so a failure here loses no data: it is logged, and
    the next flush for the same meter recomputes from its own earliest reading onwards.
    """

    def __init__(
        self,
        consumption: ConsumptionService,
        relay: RelayService | None = None,
        alerts: AlertService | None = None,
        *,
        aggregates: AggregateWorker | None = None,
    ) -> None:
        self._consumption = consumption
        self._relay = relay
        self._alerts = alerts
        self._aggregates = aggregates

    async def __call__(self, report: FlushReport) -> None:
        if self._alerts is not None:
            self._alerts.take(report)  # first, and without waiting: alerts must leave within 250 ms
        TELEMETRY.bump(report.online)  # every meter heard from: its network-quality charts are stale
        if report.readings_from:
            if self._aggregates is not None:
                self._aggregates.mark(report.readings_from)
            else:
                await self._recompute(report.readings_from)
        if self._relay is not None:
            await self._relay.on_flush(report)

    async def _recompute(self, readings_from: Mapping[int, datetime]) -> None:
        try:
            await self._consumption.recompute_many({m: (ts, None) for m, ts in readings_from.items()})
        except Exception:
            log.exception("recomputing aggregates for %d meter(s) failed", len(readings_from))
