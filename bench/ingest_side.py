"""meterbot's ingesting side as ``meterbot run`` wires it (bot/app.py: ``build_services`` and the
``mqtt``, ``ingest`` and ``aggregates`` components), with what a benchmark needs to watch it: commit
times (through a wrapper around the batch writer, called after each transaction has committed), the
process's CPU time, and the aggregates' backlog. The writer can be swapped for a bench-only one
(:mod:`bench.naive`)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.app import build_services
from bot.settings import Settings
from meters.listener import MqttListener
from meters.topics import default_router
from services.health import HealthRegistry
from services.ingest import BatchWriter, IngestService
from services.ingest_hooks import AfterFlush, AggregateWorker
from services.ingest_model import Inbound, TelemetryIn
from services.ingest_store import FlushReport, MeterDirectory, write_batch


@dataclass
class Commits:
    """When the telemetry of each (serial, ts) was committed the first time, and per commit how many
    items it made durable."""

    at: dict[tuple[str, datetime], float] = field(default_factory=dict)
    log: list[tuple[float, int]] = field(default_factory=list)
    keep_each: bool = False

    def wrap(self, writer: BatchWriter) -> BatchWriter:
        async def timed(batch: Sequence[Inbound], directory: MeterDirectory, now: datetime) -> FlushReport:
            report = await writer(batch, directory, now)  # returns after the commit
            committed = time.time()
            self.log.append((committed, len(batch)))
            if self.keep_each:
                for item in batch:
                    if isinstance(item, TelemetryIn):
                        self.at.setdefault((item.serial, item.ts), committed)
            return report

        return timed


@dataclass
class IngestSide:
    ingest: IngestService
    aggregates: AggregateWorker
    listener: MqttListener
    commits: Commits
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def start(self) -> None:
        self.tasks = [
            asyncio.create_task(self.listener.run(self.stop)),
            asyncio.create_task(self.ingest.run_flusher(self.stop)),
            asyncio.create_task(self.aggregates.run(self.stop)),
        ]
        await asyncio.wait_for(self.listener.connected.wait(), 30)

    async def close(self) -> None:
        self.stop.set()
        await asyncio.gather(*self.tasks)


def ingest_side(
    database_url: str,
    mqtt_url: str,
    prefix: str,
    client_id: str,
    *,
    writer: BatchWriter = write_batch,
    keep_each: bool = False,
) -> IngestSide:
    """The services as ``build_services`` makes them, the ingestion service as it makes it (the same
    after-flush hook with relay confirmations and the aggregate worker) but with ``writer`` timed."""
    settings = Settings(_env_file=None, database_url=database_url, mqtt_client_id=client_id)
    services = build_services(settings, mqtt_url=mqtt_url)
    commits = Commits(keep_each=keep_each)
    aggregates = AggregateWorker(services.consumption)
    ingest = IngestService(
        services.clock,
        on_flush=AfterFlush(services.consumption, services.relay, aggregates=aggregates),
        writer=commits.wrap(writer),
    )
    listener = MqttListener(mqtt_url, client_id, ingest, HealthRegistry(), router=default_router(prefix))
    return IngestSide(ingest, aggregates, listener, commits)


async def sample(every: float, probe: Callable[[], None], stop: asyncio.Event) -> None:
    """Call ``probe`` every ``every`` seconds until ``stop``."""
    while not stop.is_set():
        probe()
        try:
            await asyncio.wait_for(stop.wait(), every)
        except TimeoutError:
            continue
