"""The queue between ingestion and the alert service: whoever hands something over returns at once, and the
worker (:meth:`Intake.run`, one task started by the composition root) works the queue in order, so ingestion
never waits for alerts. Without a running worker, :meth:`Intake.drain` works the queue in the caller's task
(tests, tools).

The worker is a task of its own on purpose: the MQTT listener hands messages over from the socket's
callback, whose context is not the application's (no database there), so nothing may be started from it.

Two ways in. :meth:`Intake.take_event` is the fast lane: an event that has just passed ingestion's checks
becomes an alert at once, without waiting for the flush that stores it (the latency figure: an event on
MQTT to the alert's sendMessage in well under 250 ms, whatever the telemetry backlog). :meth:`Intake.take`
gets every flush's report: its events are raised unless the fast lane has raised them already (each event
is known by meter, time and code), and the meters heard from clear their offline alerts.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from datetime import datetime

from services.ingest_model import EventIn
from services.ingest_store import FlushReport, MeterDirectory

log = logging.getLogger(__name__)

EventKey = tuple[int, datetime, str]
Pairs = Sequence[tuple[int, EventIn]]
REMEMBERED = 50_000
"""Events raised through the fast lane that are remembered, so that their flush does not raise them again."""


class Intake:
    def __init__(
        self,
        raise_events: Callable[[Pairs], Awaitable[object]],
        clear_back: Callable[[Iterable[int]], Awaitable[object]],
        offline: Callable[[], set[int] | None],
        directory: MeterDirectory | None = None,
    ) -> None:
        """``offline``: the meters known to have a live offline alert (None: not known yet)."""
        self._raise = raise_events
        self._clear = clear_back
        self._offline = offline
        self._directory = directory or MeterDirectory()
        self._queue: deque[EventIn | tuple[Pairs, list[int]]] = deque()
        self._raised: OrderedDict[EventKey, None] = OrderedDict()
        self._wake = asyncio.Event()
        self._changed = asyncio.Condition()
        self._lock = asyncio.Lock()
        self._running = False

    def take_event(self, item: EventIn) -> None:
        self._queue.append(item)
        self._wake.set()

    def take(self, report: FlushReport) -> None:
        back = self._back_online(report.online)
        if report.events or back:
            self._queue.append((report.events, back))
            self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Work the queue until ``stop``; then what is left."""
        self._running = True
        stopped = asyncio.ensure_future(stop.wait())
        try:
            while not stop.is_set():
                self._wake.clear()
                await self._work()
                if self._queue:
                    continue
                woken = asyncio.ensure_future(self._wake.wait())
                await asyncio.wait({woken, stopped}, return_when=asyncio.FIRST_COMPLETED)
                woken.cancel()
            await self._work()
        finally:
            stopped.cancel()
            self._running = False

    async def drain(self) -> None:
        """Return once everything handed over so far has been handled (worked here if no worker runs)."""
        if not self._running:
            await self._work()
            return
        async with self._changed:
            await self._changed.wait_for(lambda: not self._queue and not self._lock.locked())

    async def _work(self) -> None:
        async with self._lock:
            while self._queue:
                await self._one(self._queue.popleft())
        async with self._changed:
            self._changed.notify_all()

    def _back_online(self, online: Mapping[int, bool]) -> list[int]:
        heard = [meter_id for meter_id, is_online in online.items() if is_online]
        known = self._offline()
        return heard if known is None else [meter_id for meter_id in heard if meter_id in known]

    async def _one(self, item: EventIn | tuple[Pairs, list[int]]) -> None:
        try:
            if isinstance(item, EventIn):
                await self._fast([item, *self._more_events()])
            else:
                await self._flushed(*item)
        except Exception:  # a database hiccup: the events stay in the journal, the next ones go on
            log.exception("alerts: handling what ingestion handed over failed")

    def _more_events(self) -> list[EventIn]:
        batch: list[EventIn] = []
        while self._queue and isinstance(self._queue[0], EventIn):
            batch.append(self._queue.popleft())  # type: ignore[arg-type]
        return batch

    async def _fast(self, events: list[EventIn]) -> None:
        meters = await self._directory.resolve((e.protocol, e.serial) for e in events)
        pairs = [(meter_id, e) for e in events if (meter_id := meters.get((e.protocol, e.serial))) is not None]
        if not pairs:
            return
        await self._raise(pairs)
        for meter_id, event in pairs:
            self._raised[(meter_id, event.ts, event.code)] = None
        while len(self._raised) > REMEMBERED:
            self._raised.popitem(last=False)

    async def _flushed(self, events: Pairs, back: list[int]) -> None:
        fresh: list[tuple[int, EventIn]] = []
        for meter_id, event in events:
            key = (meter_id, event.ts, event.code)
            if key in self._raised:
                del self._raised[key]  # the fast lane raised it; this is its flush
            else:
                fresh.append((meter_id, event))
        if fresh:
            await self._raise(fresh)
        if back:
            await self._clear(back)
