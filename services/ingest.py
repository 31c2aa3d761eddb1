"""Ingestion of meter messages: check, buffer, write in batches, and say how far everything is stored.

Adapters (MQTT today) hand device DTOs to :meth:`IngestService.accept` (or the ``submit_*``
coroutines); a bad one raises :class:`InvalidInput` and the adapter hands the raw payload to
:meth:`IngestService.reject` with the reason. Accepted items wait in memory until
:meth:`IngestService.flush` (every ``flush_interval`` seconds, or sooner when ``batch_size`` items are
waiting) writes them with a few bulk statements. A failed flush keeps the items and retries; a batch
the database refuses item by item goes to quarantine.

Every accepted item takes the next **position** in one stream; :attr:`IngestService.committed` is the
position up to which everything is stored (or quarantined, or given up on after the database refused
it twice), and watchers (:meth:`IngestService.watch`) hear of it after every commit. The MQTT listener
acknowledges a message to the broker only once the items it became are committed, so a crash loses
nothing: what was not acknowledged is delivered again, and writing it twice changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

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

BatchWriter = Callable[[Sequence[Inbound], MeterDirectory, datetime], Awaitable[FlushReport]]
"""Writes one batch in one transaction and reports it (:func:`services.ingest_store.write_batch`)."""
CommitWatcher = Callable[[int], None]
"""Told the committed position after every commit; must return at once."""

__all__ = [
    "BatchWriter",
    "CommitWatcher",
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
    committed: int = 0
    """The position up to which everything accepted is stored (see the module's docstring)."""


class IngestService:
    def __init__(
        self,
        clock: Clock,
        batch_size: int = 5000,
        flush_interval: float = 0.2,
        *,
        max_pending: int = 200_000,
        on_flush: FlushHook | None = None,
        on_event: Callable[[EventIn], None] | None = None,
        directory: MeterDirectory | None = None,
        writer: BatchWriter = write_batch,
    ) -> None:
        """``on_event`` gets every event that passed its checks at once, before the flush stores it (the
        alerts' fast lane: an alarm reaches the operators without waiting behind the telemetry in the
        batch); it must return at once. Events still reach ``on_flush`` when they are stored."""
        self._clock = clock
        self._on_event = on_event
        self._batch_size = batch_size
        self._flush_interval = flush_interval
        self._max_pending = max_pending
        self._on_flush = on_flush
        self._directory = directory or MeterDirectory()
        self._writer = writer
        self._pending: list[Inbound] = []
        self._lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._watchers: list[CommitWatcher] = []
        self._db_down = False
        self._received = self._ingested = self._quarantined = self._unknown = 0
        self._dropped = self._flushes = self._failed_flushes = 0
        self._committed = 0

    # --- input -------------------------------------------------------------------------------------

    def accept(self, item: DeviceMessage) -> bool:
        """Check one device message and buffer it: :class:`InvalidInput` when it is bad, False when
        the buffer is full and it was dropped (the database has been away too long)."""
        match item:
            case TelemetryIn():
                checked: Inbound = check_telemetry(item, self._clock.now())
            case EventIn():
                event = check_event(item, self._clock.now())
                if self._on_event is not None:
                    self._on_event(event)
                checked = event
            case StatusIn():
                checked = check_status(item)
            case RelayStateIn():
                checked = check_relay_state(item)
        return self._enqueue(checked)

    def reject(self, source_topic: str, payload: bytes, reason: str) -> bool:
        """Keep rejected input with the reason (the payload is stored truncated to 2 KiB); False when
        the buffer is full."""
        return self._enqueue(QuarantineIn(source_topic, bytes(payload), reason))

    async def submit_telemetry(self, item: TelemetryIn) -> None:
        self.accept(item)

    async def submit_event(self, item: EventIn) -> None:
        self.accept(item)

    async def submit_status(self, item: StatusIn) -> None:
        self.accept(item)

    async def submit_relay_state(self, item: RelayStateIn) -> None:
        self.accept(item)

    async def submit(self, item: DeviceMessage) -> None:
        """Any device message, by its type."""
        self.accept(item)

    async def quarantine(self, source_topic: str, payload: bytes, reason: str) -> None:
        self.reject(source_topic, payload, reason)

    def _enqueue(self, item: Inbound) -> bool:
        if len(self._pending) >= self._max_pending:
            self._dropped += 1
            if self._dropped == 1 or self._dropped % 10_000 == 0:
                log.error("ingest buffer full (%d items): dropped %d so far", self._max_pending, self._dropped)
            return False
        self._pending.append(item)
        self._received += 1
        if len(self._pending) >= self._batch_size:
            self._wake.set()
        return True

    @property
    def position(self) -> int:
        """How many items were accepted so far: the position the next one gets is this plus one."""
        return self._received

    @property
    def committed(self) -> int:
        """The position up to which every accepted item is stored (or quarantined, or given up on)."""
        return self._committed

    def watch(self, watcher: CommitWatcher) -> Callable[[], None]:
        """Call ``watcher(committed)`` after every commit; returns the function that stops it."""
        self._watchers.append(watcher)
        return lambda: self._watchers.remove(watcher)

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
                self._committed += len(batch)
                self._account(report)
                self._tell_watchers()
                await self._notify(report)
            return True

    async def _write(self, batch: list[Inbound]) -> FlushReport | None:
        now = self._clock.now()
        try:
            report = await self._writer(batch, self._directory, now)
        except Exception as exc:  # any database error: find out whether it is the data or the database
            self._failed_flushes += 1
            self._directory.fresh_until.clear()  # what the failed transaction wrote did not happen
            if not await database.ping():
                if not self._db_down:
                    log.warning("ingest: database unavailable (%s); %d items wait", exc, len(self._pending))
                self._db_down = True
                return None
            log.warning("ingest: a batch of %d failed (%s); writing it item by item", len(batch), exc)
            report = await write_each(batch, self._directory, now, self._writer)
        if self._db_down:
            log.info("ingest: database back; writing %d waiting items", len(self._pending))
            self._db_down = False
        return report

    def _tell_watchers(self) -> None:
        for watcher in tuple(self._watchers):
            try:
                watcher(self._committed)
            except Exception:  # a watcher's bug must not stop ingestion
                log.exception("ingest: a commit watcher failed")

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
            committed=self._committed,
        )
