"""The simulated meters: plausible physics, tariff zones, and the load generator on a real broker."""

from __future__ import annotations

import asyncio
import json
import logging
import random
import socket
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from meters.broker import EmbeddedBroker
from meters.connection import Backoff, Endpoint
from meters.simulator import MeterModel, Simulator, load_factor, simulate, synthetic_fleet, tariff_zone
from services.clock import FixedClock
from services.enums import MeterKind, Protocol
from services.fleet import FleetMeter

MSK = ZoneInfo("Europe/Moscow")


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 23, hour, minute, tzinfo=MSK)


def meter(phases: int = 1, tariffs: int = 2) -> FleetMeter:
    registers = tuple(Decimal(100) for _ in range(tariffs))
    return FleetMeter("S1", Protocol.NATIVE, "S1", MeterKind.INDIVIDUAL, phases, tariffs, registers)


def test_daily_curve_is_low_at_night_and_peaks_morning_and_evening() -> None:
    night, morning, noon, evening = (load_factor(at(h)) for h in (3, 8, 13, 20))
    assert night < noon < morning < evening
    assert load_factor(at(8, 30)) == pytest.approx((load_factor(at(8)) + load_factor(at(9))) / 2)


@pytest.mark.parametrize(
    ("hour", "minute", "two", "three"),
    [(6, 59, 1, 2), (7, 0, 0, 0), (10, 0, 0, 1), (17, 0, 0, 0), (21, 0, 0, 1), (22, 59, 0, 1), (23, 0, 1, 2)],
)
def test_tariff_zones(hour: int, minute: int, two: int, three: int) -> None:
    assert tariff_zone(at(hour, minute), 1) == 0
    assert tariff_zone(at(hour, minute), 2) == two
    assert tariff_zone(at(hour, minute), 3) == three


def test_registers_grow_by_power_times_time_in_the_zone_of_the_moment() -> None:
    model = MeterModel(meter(), random.Random(1), MSK)
    first = model.step(at(12).astimezone(UTC))
    assert first.registers == {"t1": Decimal("100.000"), "t2": Decimal("100.000")}
    day = model.step(at(12, 30).astimezone(UTC))
    assert day.registers["t1"] == Decimal(f"{100 + day.power_w / 1000 * 0.5:.3f}")
    assert day.registers["t2"] == Decimal("100.000")
    model.step(at(23, 10).astimezone(UTC))
    night = model.step(at(23, 40).astimezone(UTC))
    assert night.registers["t2"] > Decimal(100)
    assert 225 <= night.voltage[0] <= 235
    assert 49.95 <= night.frequency_hz <= 50.05


def test_three_phases_add_up_to_the_power() -> None:
    model = MeterModel(meter(phases=3), random.Random(2), MSK)
    reading = model.step(at(19).astimezone(UTC))
    assert len(reading.voltage) == len(reading.current) == 3
    apparent = sum(v * i for v, i in zip(reading.voltage, reading.current, strict=True))
    assert apparent * 0.95 == pytest.approx(reading.power_w)


def test_timestamps_never_repeat() -> None:
    clock = FixedClock(at(12).astimezone(UTC))
    model = MeterModel(meter(), random.Random(3), MSK)
    stamps = [model.step(clock.now()).ts for _ in range(5)]
    assert stamps == sorted(set(stamps))
    assert stamps[-1] - stamps[0] == timedelta(milliseconds=4)


def test_synthetic_fleet() -> None:
    fleet = synthetic_fleet(10, [Protocol.NATIVE, Protocol.TASMOTA])
    assert [m.serial for m in fleet[:2]] == ["SIM000001", "SIM000002"]
    assert fleet[1].protocol is Protocol.TASMOTA
    assert fleet[1].topic_id == "sim_sim000002"
    assert [m.phases for m in fleet].count(3) == 2
    assert fleet == synthetic_fleet(10, [Protocol.NATIVE, Protocol.TASMOTA])
    with pytest.raises(ValueError, match="count"):
        synthetic_fleet(0)


async def test_simulate_publishes_at_the_rate_and_everything_arrives(mqtt_url: str) -> None:
    prefix = f"mbt{uuid.uuid4().hex[:10]}"
    received: list[tuple[str, dict[str, object]]] = []
    endpoint = Endpoint.from_url(mqtt_url)
    async with endpoint.client(f"{prefix}-watch") as watcher:
        await watcher.subscribe(f"{prefix}/+/telemetry", qos=1)
        await watcher.subscribe("+/events/rpc", qos=1)
        stats = await simulate(
            mqtt_url,
            4,
            200.0,
            [Protocol.NATIVE, Protocol.SHELLY],
            0.3,
            asyncio.Event(),
            prefix=prefix,
            retain_status=False,
        )
        async with asyncio.timeout(10):
            async for message in watcher.messages:
                assert isinstance(message.payload, bytes)
                if not message.topic.value.startswith((prefix, "sim_sim00000")):
                    continue
                received.append((message.topic.value, json.loads(message.payload)))
                if len(received) == stats.published:
                    break
    assert stats.failed == 0
    assert 10 <= stats.published <= 0.3 * 200 * 1.2 + 4
    native = {topic.split("/")[1]: data for topic, data in received if topic.startswith(prefix)}
    shelly = {topic.split("/")[0]: data for topic, data in received if topic.endswith("/events/rpc")}
    assert set(native) == {"SIM000001", "SIM000003"}
    assert set(shelly) == {"sim_sim000002", "sim_sim000004"}  # Shelly meters as Shelly devices
    assert all({"ts", "registers", "power", "voltage", "frequency"} <= set(data) for data in native.values())
    assert all(data["method"] == "NotifyStatus" and "switch:0" in data["params"] for data in shelly.values())


async def test_simulator_stops_when_asked(mqtt_url: str) -> None:
    fleet = synthetic_fleet(2)
    simulator = Simulator(mqtt_url, fleet, 2.0, prefix=f"mbt{uuid.uuid4().hex[:10]}", retain_status=False)
    stop = asyncio.Event()
    task = asyncio.create_task(simulator.run(stop))
    await asyncio.wait_for(simulator.connected.wait(), 5)
    stop.set()
    stats = await asyncio.wait_for(task, 5)
    assert (stats.meters, stats.failed) == (2, 0)
    assert stats.published <= 1


class Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if "unreachable" in record.getMessage():
            self.seen.set()


async def test_simulator_reconnects_when_the_broker_comes_back() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    broker = EmbeddedBroker(port=port)
    await broker.start()
    simulator = Simulator(broker.url, synthetic_fleet(2), 0.05, retain_status=False, backoff=Backoff(0.05, 0.1))
    stop, warnings = asyncio.Event(), Warnings()
    logging.getLogger("meters.simulator").addHandler(warnings)
    task = asyncio.create_task(simulator.run(stop))
    try:
        await asyncio.wait_for(simulator.connected.wait(), 5)
        await broker.stop()
        await asyncio.wait_for(warnings.seen.wait(), 5)
        assert not simulator.connected.is_set()
        broker = EmbeddedBroker(port=port)
        await broker.start()
        await asyncio.wait_for(simulator.connected.wait(), 5)
        stop.set()
        stats = await asyncio.wait_for(task, 5)
    finally:
        logging.getLogger("meters.simulator").removeHandler(warnings)
        stop.set()
        await asyncio.gather(task, return_exceptions=True)
        await broker.stop()
    assert stats.published >= 1
