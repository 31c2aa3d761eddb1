"""MQTT ingestion end to end: a broker (embedded or Mosquitto), the listener, the flusher and the
database (SQLite or PostgreSQL). Each test uses its own topic prefix and client ids."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from meters.broker import EmbeddedBroker
from meters.connection import Backoff, Endpoint
from meters.listener import MqttListener
from meters.simulator import Simulator
from meters.topics import default_router
from services.clock import SystemClock
from services.db.models import (
    Meter,
    MeterEvent,
    QuarantineEntry,
    Reading,
    Site,
    TelemetrySample,
    UnknownDevice,
)
from services.enums import MeterKind, Protocol, RelayState
from services.fleet import list_fleet
from services.health import ComponentState, HealthRegistry
from services.ingest import FlushReport, IngestService, IngestStats

TIMEOUT = 10.0


class Ingest:
    """An IngestService whose flushes a test can wait for."""

    def __init__(self) -> None:
        self.changed = asyncio.Condition()
        self.service = IngestService(SystemClock(), batch_size=100, flush_interval=0.05, on_flush=self._flushed)

    async def _flushed(self, report: FlushReport) -> None:
        async with self.changed:
            self.changed.notify_all()

    async def until(self, predicate: Callable[[IngestStats], bool]) -> IngestStats:
        async with self.changed:
            await asyncio.wait_for(self.changed.wait_for(lambda: predicate(self.service.stats())), TIMEOUT)
        return self.service.stats()


@pytest.fixture
def prefix() -> str:
    return f"mbt{uuid.uuid4().hex[:10]}"


async def make_site(slug: str) -> Site:
    return await Site.create(slug=slug, name="СНТ Тест")


@pytest.fixture
async def meters(db: str) -> dict[str, Meter]:
    site = await make_site(f"s-{uuid.uuid4().hex[:6]}")
    specs = [("M1", 1), ("M2", 3), ("M3", 1)]
    return {
        serial: await Meter.create(site=site, serial=serial, topic_id=serial, phases=phases, tariff_count=2)
        for serial, phases in specs
    }


async def _forget_session(url: str, client_id: str) -> None:
    """Drop a persistent session so that a shared Mosquitto does not keep it forever."""
    async with Endpoint.from_url(url).client(client_id, clean_session=True):
        pass


@asynccontextmanager
async def listening(
    url: str,
    ingest: Ingest,
    prefix: str,
    client_id: str | None = None,
    health: HealthRegistry | None = None,
    mqtt5: bool | None = None,
) -> AsyncIterator[MqttListener]:
    listener = MqttListener(
        url,
        client_id or f"{prefix}-listener",
        ingest.service,
        health or HealthRegistry(),
        router=default_router(prefix),
        backoff=Backoff(initial=0.05, cap=0.2),
        mqtt5=mqtt5,
    )
    stop = asyncio.Event()
    tasks = [asyncio.create_task(listener.run(stop)), asyncio.create_task(ingest.service.run_flusher(stop))]
    try:
        await asyncio.wait_for(listener.connected.wait(), TIMEOUT)
        yield listener
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), TIMEOUT)


@asynccontextmanager
async def publisher(url: str) -> AsyncIterator[Callable[[str, bytes | str], asyncio.Future[None]]]:
    async with Endpoint.from_url(url).client(f"pub-{uuid.uuid4().hex[:10]}") as client:

        def publish(topic: str, payload: bytes | str) -> asyncio.Future[None]:
            return asyncio.ensure_future(client.publish(topic, payload, qos=1))

        yield publish


def telemetry(ts: datetime, t1: object = 1234.567, t2: object = 456.789, **extra: object) -> str:
    return json.dumps({"ts": ts.isoformat().replace("+00:00", "Z"), "registers": {"t1": t1, "t2": t2}, **extra})


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


async def test_telemetry_becomes_readings_and_samples(mqtt_url: str, prefix: str, meters: dict[str, Meter]) -> None:
    ingest = Ingest()
    ts = now_utc() - timedelta(minutes=1)
    async with listening(mqtt_url, ingest, prefix), publisher(mqtt_url) as publish:
        await publish(
            f"{prefix}/M1/telemetry", telemetry(ts, power=1520.5, voltage=229.8, current=6.9, frequency=50.01)
        )
        await publish(
            f"{prefix}/M2/telemetry",
            json.dumps({"ts": int(ts.timestamp()), "registers": {"t1": 10, "t2": 20.5}, "voltage": [230, 231, 229.5]}),
        )
        await ingest.until(lambda s: s.ingested >= 2)

    one = await Reading.get(meter_id=meters["M1"].id)
    assert (one.t1, one.t2, one.total) == (Decimal("1234.567"), Decimal("456.789"), Decimal("1691.356"))
    assert one.ts == ts
    sample = await TelemetrySample.get(meter_id=meters["M1"].id)
    assert (sample.power_w, sample.voltage_a, sample.current_a, sample.frequency_hz) == (
        1520.5,
        229.8,
        6.9,
        50.01,
    )
    three = await TelemetrySample.get(meter_id=meters["M2"].id)
    assert (three.voltage_a, three.voltage_b, three.voltage_c, three.power_w) == (230, 231, 229.5, None)
    assert (await Reading.get(meter_id=meters["M2"].id)).total == Decimal("30.5")
    m1 = await Meter.get(id=meters["M1"].id)
    assert m1.online is True
    assert m1.last_seen_at is not None


async def test_a_listener_told_the_protocol_does_not_ask_the_broker(
    mqtt_url: str, prefix: str, meters: dict[str, Meter], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo knows its embedded broker speaks MQTT 3.1.1: no MQTT 5 probe (amqtt logs a warning for it)."""

    async def no_probe(self: Endpoint) -> bool:
        raise AssertionError("the broker was asked")

    monkeypatch.setattr(Endpoint, "speaks_mqtt5", no_probe)
    ingest = Ingest()
    async with listening(mqtt_url, ingest, prefix, mqtt5=False), publisher(mqtt_url) as publish:
        await publish(f"{prefix}/M1/telemetry", telemetry(now_utc() - timedelta(minutes=1)))
        await ingest.until(lambda s: s.ingested >= 1)

    assert await Reading.filter(meter_id=meters["M1"].id).count() == 1


async def test_repeats_change_nothing_and_late_readings_are_accepted(
    mqtt_url: str, prefix: str, meters: dict[str, Meter]
) -> None:
    ingest = Ingest()
    later, earlier = now_utc(), now_utc() - timedelta(hours=1)
    async with listening(mqtt_url, ingest, prefix), publisher(mqtt_url) as publish:
        await publish(f"{prefix}/M1/telemetry", telemetry(later, t1=200))
        await publish(f"{prefix}/M1/telemetry", telemetry(later, t1=200))
        await publish(f"{prefix}/M1/telemetry", telemetry(earlier, t1=100))
        await ingest.until(lambda s: s.ingested >= 3)
        await publish(f"{prefix}/M1/telemetry", telemetry(later, t1=999))  # same time, other value: ignored
        await ingest.until(lambda s: s.ingested >= 4)

    rows = await Reading.filter(meter_id=meters["M1"].id).order_by("ts").values_list("ts", "t1")
    assert rows == [(earlier, Decimal("100.000")), (later, Decimal("200.000"))]
    assert await TelemetrySample.filter(meter_id=meters["M1"].id).count() == 0


BAD_INPUTS = [
    (b"{not json", "not_json: payload"),
    (b"\xff\xfe\x00binary", "not_json: payload"),
    (b"[1, 2]", "bad_schema: payload"),
    (json.dumps({"registers": {"t1": 1}}).encode(), "bad_schema: ts"),
    (json.dumps({"ts": "2026-11-23T10:00:00", "registers": {"t1": 1}}).encode(), "bad_schema: ts"),
    (json.dumps({"ts": 1, "registers": {"t1": 1}}).encode(), "absurd_value: ts"),
    (telemetry(now_utc(), t1="12.5").encode(), "bad_schema: registers.t1"),
    (telemetry(now_utc(), t2=True).encode(), "bad_schema: registers.t2"),
    (telemetry(now_utc(), t1=-1).encode(), "negative_value: registers.t1"),
    (telemetry(now_utc(), t1=1e15).encode(), "absurd_value: registers.t1"),
    (telemetry(now_utc(), power=1e12).encode(), "absurd_value: power"),
    (telemetry(now_utc(), voltage=[230, -5, 230]).encode(), "negative_value: voltage[1]"),
    (b'{"ts": 1790000000, "registers": {"t1": NaN}}', "not_json: payload"),
    (json.dumps({"ts": 1790000000, "registers": {"t9": 1}}).encode(), "bad_schema: registers.t9"),
    (json.dumps({"ts": 1790000000}).encode(), "bad_schema: registers"),
]


async def test_bad_input_goes_to_quarantine_and_the_listener_goes_on(
    mqtt_url: str, prefix: str, meters: dict[str, Meter]
) -> None:
    ingest = Ingest()
    future = telemetry(now_utc() + timedelta(hours=1)).encode()
    oversize = json.dumps({"ts": 1790000000, "pad": "x" * 70_000}).encode()
    cases = [*BAD_INPUTS, (future, "future_timestamp: ts"), (oversize, "oversize: payload (70")]
    async with listening(mqtt_url, ingest, prefix), publisher(mqtt_url) as publish:
        for payload, _ in cases:
            await publish(f"{prefix}/M1/telemetry", payload)
        await publish(f"{prefix}/M1/event", b'{"ts": 1790000000, "code": "x", "class": "nonsense"}')
        await publish(f"{prefix}/M1/status", b"sleeping")
        await publish(f"{prefix}/M1/relay/state", b'{"id": "not-a-uuid", "state": "on"}')
        await publish(f"{prefix}/M1/telemetry", telemetry(now_utc()))
        await ingest.until(lambda s: s.quarantined >= len(cases) + 3 and s.ingested >= 1)

    rows = await QuarantineEntry.all().order_by("id").values_list("topic", "reason", "payload")
    reasons = [reason for _, reason, _ in rows]
    for (_, expected), reason in zip(cases, reasons, strict=False):
        assert reason.startswith(expected), (expected, reason)
    assert reasons[len(cases) :] == ["bad_schema: class", "bad_schema: state", "bad_schema: id"]
    assert all(topic.startswith(prefix) for topic, _, _ in rows)
    assert all(len(payload.encode()) <= 2048 * 4 and "\x00" not in payload for _, _, payload in rows)
    assert rows[len(cases) - 1][2].startswith('{"ts": 1790000000, "pad": "xxx')
    assert await Reading.filter(meter_id=meters["M1"].id).count() == 1


async def test_unknown_devices_are_recorded(mqtt_url: str, prefix: str, meters: dict[str, Meter]) -> None:
    ingest = Ingest()
    async with listening(mqtt_url, ingest, prefix), publisher(mqtt_url) as publish:
        await publish(f"{prefix}/NOPE/telemetry", telemetry(now_utc() - timedelta(seconds=5)))
        await ingest.until(lambda s: s.unknown >= 1)
        await publish(f"{prefix}/NOPE/telemetry", telemetry(now_utc(), t1=7))
        await publish(f"{prefix}/NOPE/status", b"online")
        await ingest.until(lambda s: s.unknown >= 3)

    device = await UnknownDevice.get(protocol=Protocol.NATIVE, topic_id="NOPE")
    assert device.messages == 3
    assert device.last_payload == "online"
    assert device.first_seen_at <= device.last_seen_at
    assert await Reading.all().count() == 0


async def test_status_events_and_relay_state(mqtt_url: str, prefix: str, meters: dict[str, Meter]) -> None:
    ingest = Ingest()
    event = json.dumps(
        {
            "ts": "2026-11-20T13:00:00+03:00",
            "code": "cover_open",
            "class": "tamper",
            "severity": "alarm",
            "text": "x",
        }
    )
    command = uuid.uuid4()
    async with listening(mqtt_url, ingest, prefix), publisher(mqtt_url) as publish:
        await publish(f"{prefix}/M1/status", b"offline")
        await publish(f"{prefix}/M2/status", b'{"state": "online"}')
        await publish(f"{prefix}/M3/telemetry", telemetry(now_utc()))
        await publish(f"{prefix}/M3/status", b"offline")
        await publish(f"{prefix}/M2/event", event)
        await publish(f"{prefix}/M2/event", event)
        await publish(f"{prefix}/M2/relay/state", json.dumps({"id": str(command), "state": "off"}))
        await ingest.until(lambda s: s.ingested >= 7)

    m1, m2, m3 = [await Meter.get(id=meters[s].id) for s in ("M1", "M2", "M3")]
    assert (m1.online, m1.last_seen_at) == (False, None)
    assert m2.online is True
    assert m2.relay_state is RelayState.OFF
    assert m3.online is False
    assert m3.last_seen_at is not None
    events = await MeterEvent.filter(meter_id=m2.id).values_list("ts", "code", "event_class", "severity")
    assert events == [(datetime(2026, 11, 20, 10, tzinfo=UTC), "cover_open", "tamper", "alarm")]


async def test_messages_sent_while_the_listener_is_away_arrive(
    mqtt_url: str, prefix: str, meters: dict[str, Meter]
) -> None:
    client_id = f"{prefix}-persistent"
    first, second = now_utc() - timedelta(minutes=2), now_utc() - timedelta(minutes=1)
    try:
        ingest = Ingest()
        async with listening(mqtt_url, ingest, prefix, client_id), publisher(mqtt_url) as publish:
            await publish(f"{prefix}/M1/telemetry", telemetry(first))
            await ingest.until(lambda s: s.ingested >= 1)
        async with publisher(mqtt_url) as publish:  # nobody listens now
            await publish(f"{prefix}/M1/telemetry", telemetry(second))
            await publish(f"{prefix}/M2/telemetry", telemetry(second))
        ingest = Ingest()
        async with listening(mqtt_url, ingest, prefix, client_id):
            await ingest.until(lambda s: s.ingested >= 2)
    finally:
        await _forget_session(mqtt_url, client_id)

    assert await Reading.filter(meter_id=meters["M1"].id).count() == 2
    assert await Reading.filter(meter_id=meters["M2"].id, ts=second).exists()


async def test_simulated_fleet_arrives_complete(mqtt_url: str, prefix: str, meters: dict[str, Meter]) -> None:
    await Reading.create(meter_id=meters["M1"].id, ts=now_utc() - timedelta(days=1), t1=500, t2=100, total=600)
    fleet = await list_fleet()
    assert [m.serial for m in fleet] == ["M1", "M2", "M3"]
    assert fleet[0].registers == (Decimal("500.000"), Decimal("100.000"))
    assert fleet[1].registers == (Decimal(0), Decimal(0))
    assert fleet[1].phases == 3
    ingest = Ingest()
    count = 60
    simulator = Simulator(
        mqtt_url, fleet, interval_seconds=0.03, prefix=prefix, max_messages=count, retain_status=False, seed=7
    )
    async with listening(mqtt_url, ingest, prefix):
        stats = await asyncio.wait_for(simulator.run(asyncio.Event()), TIMEOUT)
        assert (stats.published, stats.failed) == (count, 0)
        await ingest.until(lambda s: s.ingested >= count + stats.events + 2 * len(fleet))

    assert await Reading.filter(meter__serial__in=["M1", "M2", "M3"]).count() == count + 1
    assert await TelemetrySample.all().count() == count
    m1 = await Reading.filter(meter_id=meters["M1"].id).order_by("-ts").first()
    assert m1 is not None
    assert m1.t1 is not None
    assert m1.t1 >= Decimal(500)
    phases = await TelemetrySample.filter(meter_id=meters["M2"].id).first()
    assert phases is not None
    assert phases.voltage_c is not None
    assert 225 <= phases.voltage_c <= 235
    assert all(m.online is False for m in await Meter.all())  # the simulator said goodbye


class Retries(logging.Handler):
    """Sets ``seen`` once the listener has logged ``wanted`` retries."""

    def __init__(self, wanted: int) -> None:
        super().__init__(logging.WARNING)
        self.wanted, self.messages, self.seen = wanted, list[str](), asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
        if len(self.messages) >= self.wanted:
            self.seen.set()


async def test_listener_waits_for_the_broker_and_says_so(db: str, prefix: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"mqtt://127.0.0.1:{port}"
    health, ingest, stop = HealthRegistry(), Ingest(), asyncio.Event()
    listener = MqttListener(url, f"{prefix}-l", ingest.service, health, backoff=Backoff(0.05, 0.1))
    retries = Retries(wanted=2)
    logger = logging.getLogger("meters.listener")
    logger.addHandler(retries)
    task = asyncio.create_task(listener.run(stop))
    try:
        await asyncio.wait_for(retries.seen.wait(), TIMEOUT)
        assert health.get("mqtt").state is ComponentState.DOWN
        assert retries.messages[0].startswith(f"MQTT broker unreachable at {url}, retrying in 0 s")
        async with EmbeddedBroker(port=port):
            await asyncio.wait_for(listener.connected.wait(), TIMEOUT)
            assert health.get("mqtt").state is ComponentState.UP
            stop.set()
            await asyncio.wait_for(task, TIMEOUT)
    finally:
        logger.removeHandler(retries)
        stop.set()
        await asyncio.gather(task, return_exceptions=True)
    assert health.get("mqtt").state is ComponentState.DOWN


async def test_listener_comes_back_after_the_broker_restarts(prefix: str, meters: dict[str, Meter]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    broker = EmbeddedBroker(port=port)
    await broker.start()
    health, ingest, retries = HealthRegistry(), Ingest(), Retries(wanted=1)
    logger = logging.getLogger("meters.listener")
    logger.addHandler(retries)
    try:
        async with listening(broker.url, ingest, prefix, health=health) as listener:
            await broker.stop()
            await asyncio.wait_for(retries.seen.wait(), TIMEOUT)
            assert health.get("mqtt").state is ComponentState.DOWN
            broker = EmbeddedBroker(port=port)
            await broker.start()
            await asyncio.wait_for(listener.connected.wait(), TIMEOUT)
            assert health.get("mqtt").state is ComponentState.UP
            async with publisher(broker.url) as publish:
                await publish(f"{prefix}/M1/telemetry", telemetry(now_utc()))
            await ingest.until(lambda s: s.ingested >= 1)
    finally:
        logger.removeHandler(retries)
        await broker.stop()
    assert await Reading.filter(meter_id=meters["M1"].id).count() == 1


async def test_list_fleet_filters_by_site(db: str) -> None:
    one, two = await make_site("one"), await make_site("two")
    await Meter.create(site=one, serial="A", topic_id="a", kind=MeterKind.MAIN, tariff_count=1)
    await Meter.create(site=two, serial="B", topic_id="b", protocol=Protocol.TASMOTA)
    await Meter.create(site=two, serial="C", topic_id="c", has_telemetry=False)
    ts = now_utc()
    for hours, t1 in ((2, 10), (1, 20)):
        await Reading.create(meter=await Meter.get(serial="A"), ts=ts - timedelta(hours=hours), t1=t1, total=t1)
    assert [(m.serial, m.registers) for m in await list_fleet(one.id)] == [("A", (Decimal("20.000"),))]
    (b,) = await list_fleet(two.id)
    assert (b.serial, b.protocol, b.topic_id) == ("B", Protocol.TASMOTA, "b")
    assert len(await list_fleet()) == 2
