"""Shared by the device adapter tests: decoding a topic as the listener does, and the real path
broker -> listener -> ingestion -> database with a meter registered for a protocol and topic id.

Device ids are unique per test (the device topics have fixed roots such as ``tele/``, and a shared
Mosquitto sees every run); nothing is published retained, and each listener's persistent session is
dropped at the end so that the broker keeps nothing for it."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from decimal import Decimal

from meters.adapters import PayloadAdapter, as_messages, default_adapters
from meters.connection import Backoff, Endpoint
from meters.listener import MqttListener
from meters.simulator import Simulator
from meters.topics import default_router
from services.clock import Clock, SystemClock
from services.db.models import Meter, Site
from services.enums import MeterKind, Protocol
from services.fleet import FleetMeter
from services.health import HealthRegistry
from services.ingest import DeviceMessage, FlushReport, IngestService, IngestStats

TIMEOUT = 10.0


def unique(stem: str) -> str:
    return f"{stem}_{uuid.uuid4().hex[:8]}"


def decode(topic: str, payload: bytes | str, adapters: Mapping[Protocol, PayloadAdapter]) -> tuple[DeviceMessage, ...]:
    """What the listener hands to ingestion for ``payload`` on ``topic`` (or the ``InvalidInput``)."""
    route = default_router().route(topic)
    assert route is not None, topic
    raw = payload.encode() if isinstance(payload, str) else payload
    return as_messages(adapters[route.protocol].decode(route, raw))


class Ingest:
    """An IngestService whose flushes a test can wait for."""

    def __init__(self, clock: Clock | None = None) -> None:
        self.changed = asyncio.Condition()
        self.service = IngestService(
            clock or SystemClock(), batch_size=100, flush_interval=0.05, on_flush=self._flushed
        )

    async def _flushed(self, report: FlushReport) -> None:
        async with self.changed:
            self.changed.notify_all()

    async def until(self, predicate: Callable[[IngestStats], bool]) -> IngestStats:
        async with self.changed:
            await asyncio.wait_for(self.changed.wait_for(lambda: predicate(self.service.stats())), TIMEOUT)
        return self.service.stats()


async def register(
    protocol: Protocol, topic_id: str, *, timezone: str = "Europe/Moscow", phases: int = 1, tariffs: int = 1
) -> Meter:
    site = await Site.create(slug=unique("s"), name="СНТ Тест", timezone=timezone)
    return await Meter.create(
        site=site,
        serial=unique("SN"),
        protocol=protocol,
        topic_id=topic_id,
        phases=phases,
        tariff_count=tariffs,
    )


@asynccontextmanager
async def listening(url: str, ingest: Ingest, clock: Clock | None = None) -> AsyncIterator[MqttListener]:
    client_id = unique("adapters")
    listener = MqttListener(
        url,
        client_id,
        ingest.service,
        HealthRegistry(),
        router=default_router(unique("mbt")),
        adapters=default_adapters(clock),
        backoff=Backoff(initial=0.05, cap=0.2),
    )
    stop = asyncio.Event()
    tasks = [asyncio.create_task(listener.run(stop)), asyncio.create_task(ingest.service.run_flusher(stop))]
    try:
        await asyncio.wait_for(listener.connected.wait(), TIMEOUT)
        yield listener
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), TIMEOUT)
        async with Endpoint.from_url(url).client(client_id, clean_session=True):
            pass


Publish = Callable[[str, bytes | str], asyncio.Future[None]]


@asynccontextmanager
async def publisher(url: str) -> AsyncIterator[Publish]:
    async with Endpoint.from_url(url).client(unique("pub")) as client:

        def publish(topic: str, payload: bytes | str) -> asyncio.Future[None]:
            return asyncio.ensure_future(client.publish(topic, payload, qos=1))

        yield publish


def kwh(value: str) -> Decimal:
    return Decimal(value).quantize(Decimal("0.001"))


async def run_simulated_fleet(url: str, protocol: Protocol, count: int = 24) -> tuple[list[Meter], datetime, datetime]:
    """Two meters of ``protocol`` (single- and three-phase, two zones) registered and simulated with
    ``count`` telemetry messages through the broker into the database; returns them and the time span."""
    meters = [
        await register(protocol, unique("sim"), phases=1, tariffs=2),
        await register(protocol, unique("sim"), phases=3, tariffs=2),
    ]
    fleet = [
        FleetMeter(m.serial, protocol, m.topic_id, MeterKind.INDIVIDUAL, m.phases, 2, (Decimal(100), Decimal(50)))
        for m in meters
    ]
    ingest = Ingest()
    simulator = Simulator(url, fleet, interval_seconds=0.05, max_messages=count, retain_status=False, seed=3)
    started = datetime.now(UTC).replace(microsecond=0)
    async with listening(url, ingest):
        stats = await asyncio.wait_for(simulator.run(asyncio.Event()), TIMEOUT)
        assert (stats.published, stats.failed, stats.events) == (count, 0, 0)
        await ingest.until(lambda s: s.ingested >= count + 2 * len(fleet))
    assert ingest.service.stats().quarantined == 0
    return meters, started, datetime.now(UTC)
