"""Ingestion of meter messages: check, buffer, and write in batches.

Adapters (MQTT today) call ``submit_*`` with DTOs; a bad one raises :class:`InvalidInput` and the
adapter hands the raw payload to :meth:`IngestService.quarantine` with the reason. Accepted items wait
in memory until :meth:`IngestService.flush` (every ``flush_interval`` seconds, or sooner when
``batch_size`` items are waiting) writes them with a few bulk statements. A failed flush keeps the
items and retries; a batch the database refuses item by item goes to quarantine. Items are in memory
until flushed: a crash loses at most one flush interval, a clean stop loses nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from services import db as database
from services.clock import Clock
from services.ingest_model import (
    DeviceMessage,
    EventIn,
    Inbound,
    QuarantineIn,
    ReadingFlag,
    RejectReason,
    RelayStateIn,
    StatusIn,
    TelemetryIn,
    check_event,
    check_relay_state,
    check_status,
    check_telemetry,
    reason_text,
)
from services.ingest_store import FlushReport, MeterDirectory, write_batch, write_each

__all__ = [
    "DeviceMessage",
    "EventIn",
    "FlushReport",
    "Inbound",
    "IngestService",
    "IngestStats",
    "QuarantineIn",
    "ReadingFlag",
    "RejectReason",
    "RelayStateIn",
    "StatusIn",
    "TelemetryIn",
    "reason_text",
]

log = logging.getLogger(__name__)

DB_RETRY_SECONDS = 2.0
"""How often a flush is retried while the database is away."""

FlushHook = Callable[[FlushReport], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class IngestStats:
    """Counters since start, for logs and ``/metrics``."""

    received: int
    """Items accepted into the buffer (device messages and quarantine rows)."""
    ingested: int
    """Device messages written for a known meter (repeats included: they change nothing)."""
    quarantined: int
    unknown: int
    """Messages from devices that are not in the registry."""
    dropped: int
    """Items thrown away because the buffer was full (the database was away too long)."""
    pending: int
    flushes: int
    failed_flushes: int


class IngestService:
    def __init__(
        self,
        clock: Clock,
        batch_size: int = 500,
        flush_interval: float = 0.2,
        *,
        max_pending: int = 200_000,
        on_flush: FlushHook | None = None,
        directory: MeterDirectory | None = None,
    ) -> None:
        self._clock = clock
        self._batch_size = batch_size
        self._flush_interval = flush_interval
        self._max_pending = max_pending
        self._on_flush = on_flush
        self._directory = directory or MeterDirectory()
        self._pending: list[Inbound] = []
        self._lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._db_down = False
        self._received = self._ingested = self._quarantined = self._unknown = 0
        self._dropped = self._flushes = self._failed_flushes = 0

    # --- input -------------------------------------------------------------------------------------

    async def submit_telemetry(self, item: TelemetryIn) -> None:
        self._enqueue(check_telemetry(item, self._clock.now()))

    async def submit_event(self, item: EventIn) -> None:
        self._enqueue(check_event(item, self._clock.now()))

    async def submit_status(self, item: StatusIn) -> None:
        self._enqueue(check_status(item))

    async def submit_relay_state(self, item: RelayStateIn) -> None:
        self._enqueue(check_relay_state(item))

    async def submit(self, item: DeviceMessage) -> None:
        """Any device message, by its type."""
        match item:
            case TelemetryIn():
                await self.submit_telemetry(item)
            case EventIn():
                await self.submit_event(item)
            case StatusIn():
                await self.submit_status(item)
            case RelayStateIn():
                await self.submit_relay_state(item)

    async def quarantine(self, source_topic: str, payload: bytes, reason: str) -> None:
        """Keep rejected input with the reason (the payload is stored truncated to 2 KiB)."""
        self._enqueue(QuarantineIn(source_topic, bytes(payload), reason))

    def _enqueue(self, item: Inbound) -> None:
        if len(self._pending) >= self._max_pending:
            self._dropped += 1
            if self._dropped == 1 or self._dropped % 10_000 == 0:
                log.error("ingest buffer full (%d items): dropped %d so far", self._max_pending, self._dropped)
            return
        self._pending.append(item)
        self._received += 1
        if len(self._pending) >= self._batch_size:
            self._wake.set()

    # --- output ------------------------------------------------------------------------------------

    def forget_meters(self) -> None:
        """Drop the device -> meter cache (after the registry changed)."""
        self._directory.forget()

    async def flush(self) -> bool:
        """Write everything waiting; False when the database is away (the items stay)."""
        async with self._lock:
            while self._pending:
                batch = self._pending[: self._batch_size]
                report = await self._write(batch)
                if report is None:
                    return False
                del self._pending[: len(batch)]
                self._account(report)
                await self._notify(report)
            return True

    async def _write(self, batch: list[Inbound]) -> FlushReport | None:
        now = self._clock.now()
        try:
            report = await write_batch(batch, self._directory, now)
        except Exception as exc:  # any database error: find out whether it is the data or the database
            self._failed_flushes += 1
            if not await database.ping():
                if not self._db_down:
                    log.warning("ingest: database unavailable (%s); %d items wait", exc, len(self._pending))
                self._db_down = True
                return None
            log.warning("ingest: a batch of %d failed (%s); writing it item by item", len(batch), exc)
            report = await write_each(batch, self._directory, now)
        if self._db_down:
            log.info("ingest: database back; writing %d waiting items", len(self._pending))
            self._db_down = False
        return report

    def _account(self, report: FlushReport) -> None:
        self._flushes += 1
        self._ingested += report.ingested
        self._unknown += report.unknown
        self._quarantined += report.quarantined

    async def _notify(self, report: FlushReport) -> None:
        if self._on_flush is None:
            return
        try:
            await self._on_flush(report)
        except Exception:  # a listener's bug must not stop ingestion
            log.exception("ingest: on_flush hook failed")

    async def run_flusher(self, stop: asyncio.Event) -> None:
        """Flush every ``flush_interval`` (or when a batch is full) until ``stop``; then once more."""
        wait = self._flush_interval
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wait_for_work(stop), wait)
            self._wake.clear()
            written = await self.flush()
            wait = self._flush_interval if written else max(self._flush_interval, DB_RETRY_SECONDS)
        await self.flush()

    async def _wait_for_work(self, stop: asyncio.Event) -> None:
        wake = asyncio.ensure_future(self._wake.wait())
        stopped = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({wake, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            wake.cancel()
            stopped.cancel()

    def stats(self) -> IngestStats:
        return IngestStats(
            received=self._received,
            ingested=self._ingested,
            quarantined=self._quarantined,
            unknown=self._unknown,
            dropped=self._dropped,
            pending=len(self._pending),
            flushes=self._flushes,
            failed_flushes=self._failed_flushes,
        )
