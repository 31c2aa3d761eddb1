"""zigbee2mqtt: device state with energy/power/voltage/current and the relay state, stamped with the
receive time; availability in the legacy plain and the JSON form; devices that are no meters; bad
shapes; the whole path through a broker into the database; the simulator's zigbee2mqtt."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from meters.adapters import default_adapters
from meters.adapters.zigbee2mqtt import encode_availability, encode_state
from meters.topics import MessageKind, Route, default_router
from services.clock import FixedClock, SystemClock
from services.db.models import Meter, QuarantineEntry, Reading, TelemetrySample
from services.enums import Protocol, RelayState
from services.errors import InvalidInput
from services.ingest import RelayStateIn, StatusIn, TelemetryIn, reason_text
from tests.adapter_support import Ingest, decode, listening, publisher, register, run_simulated_fleet, unique

NOW = datetime(2026, 11, 23, 10, 0, 30, 987654, tzinfo=UTC)
ADAPTERS = default_adapters(FixedClock(NOW))

# Shapes zigbee2mqtt publishes (its "MQTT Topics and Messages" guide and device pages).
PLUG = """{"current":0.68,"energy":12.34,"linkquality":120,"power":152.3,"power_outage_memory":"restore",
"state":"ON","update":{"state":"idle"},"voltage":229}"""
THREE_PHASE = """{"ac_frequency":50.02,"current":10.49,"current_phase_b":8.87,"current_phase_c":13.54,
"energy":50213.12,"linkquality":96,"power":2410,"power_phase_b":1980,"power_phase_c":3020,"voltage":229.8,
"voltage_phase_b":231.2,"voltage_phase_c":228.9}"""
SENSOR = '{"battery":100,"humidity":44.72,"linkquality":87,"temperature":27.34,"voltage":3000}'
BULB = '{"brightness":215,"color_temp":325,"linkquality":120,"state":"ON"}'
LOCK = '{"linkquality":60,"state":"LOCK","lock_state":"locked"}'


def test_a_plug_is_its_relay_state_and_telemetry_at_the_receive_time() -> None:
    relay, item = decode("zigbee2mqtt/plug_12", PLUG, ADAPTERS)
    assert relay == RelayStateIn(serial="plug_12", state=RelayState.ON, protocol=Protocol.ZIGBEE2MQTT)
    assert isinstance(item, TelemetryIn)
    assert (item.serial, item.protocol) == ("plug_12", Protocol.ZIGBEE2MQTT)
    assert item.ts == datetime(2026, 11, 23, 10, 0, 30, tzinfo=UTC)
    assert item.registers == {"t1": Decimal("12.34")}
    assert (item.power_w, item.voltage, item.current, item.frequency_hz) == (152.3, (229.0,), (0.68,), None)


def test_three_phases_and_frequency() -> None:
    (item,) = decode("zigbee2mqtt/din_meter", THREE_PHASE, ADAPTERS)
    assert isinstance(item, TelemetryIn)
    assert item.registers == {"t1": Decimal("50213.12")}
    assert item.power_w == 7410.0
    assert (item.voltage, item.current, item.frequency_hz) == ((229.8, 231.2, 228.9), (10.49, 8.87, 13.54), 50.02)


def test_power_without_energy_is_a_sample_only() -> None:
    (item,) = decode("zigbee2mqtt/plug_12", '{"power":5.5,"linkquality":100}', ADAPTERS)
    assert isinstance(item, TelemetryIn)
    assert (item.registers, item.power_w) == ({}, 5.5)


def test_devices_that_are_no_meters() -> None:
    assert decode("zigbee2mqtt/hall_sensor", SENSOR, ADAPTERS) == ()  # a battery voltage is not mains
    assert decode("zigbee2mqtt/door_lock", LOCK, ADAPTERS) == ()
    assert decode("zigbee2mqtt/bulb", BULB, ADAPTERS) == (
        RelayStateIn(serial="bulb", state=RelayState.ON, protocol=Protocol.ZIGBEE2MQTT),
    )


def test_bridge_topics_are_not_devices() -> None:
    assert decode("zigbee2mqtt/bridge", '{"state":"online"}', ADAPTERS) == ()


@pytest.mark.parametrize(
    ("payload", "online"),
    [("online", True), ("offline", False), ('{"state":"online"}', True), ('{"state":"offline"}', False)],
)
def test_availability_plain_and_json(payload: str, online: bool) -> None:
    assert decode("zigbee2mqtt/plug_12/availability", payload, ADAPTERS) == (
        StatusIn("plug_12", online, Protocol.ZIGBEE2MQTT),
    )


@pytest.mark.parametrize(
    ("topic", "payload", "reason"),
    [
        ("zigbee2mqtt/p", "ON", "not_json: payload"),
        ("zigbee2mqtt/p", '"ON"', "bad_schema: payload"),
        ("zigbee2mqtt/p", '{"energy":"12.34","power":1}', "bad_schema: energy"),
        ("zigbee2mqtt/p", '{"energy":1,"power":true}', "bad_schema: power"),
        ("zigbee2mqtt/p", '{"power":1,"voltage":[230]}', "bad_schema: voltage"),
        ("zigbee2mqtt/p", '{"power":1,"power_phase_b":"2"}', "bad_schema: power_phase_b"),
        ("zigbee2mqtt/p", '{"energy":1,"ac_frequency":{}}', "bad_schema: ac_frequency"),
        ("zigbee2mqtt/p/availability", "maybe", "bad_schema: state"),
        ("zigbee2mqtt/p/availability", '{"state":true}', "bad_schema: state"),
        ("zigbee2mqtt/p/availability", "{oops", "not_json: payload"),
    ],
)
def test_bad_payloads_say_why(topic: str, payload: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        decode(topic, payload, ADAPTERS)
    assert reason_text(caught.value) == reason


def test_encoded_state_and_availability_read_back() -> None:
    state = encode_state(Decimal("7.126"), (100.0, 200.0), (230.0, 231.0), (0.5, 0.9), frequency_hz=49.98)
    relay, item = decode("zigbee2mqtt/x", state, ADAPTERS)
    assert relay == RelayStateIn("x", RelayState.ON, protocol=Protocol.ZIGBEE2MQTT)
    assert isinstance(item, TelemetryIn)
    assert (item.registers, item.power_w, item.current) == ({"t1": Decimal("7.13")}, 300.0, (0.5, 0.9))
    for legacy in (False, True):
        (status,) = decode("zigbee2mqtt/x/availability", encode_availability(False, legacy=legacy), ADAPTERS)
        assert status == StatusIn("x", False, Protocol.ZIGBEE2MQTT)


async def test_through_the_broker_into_the_database(mqtt_url: str, db: str) -> None:
    name = unique("plug")
    meter = await register(Protocol.ZIGBEE2MQTT, name)
    ingest = Ingest()
    before = datetime.now(UTC).replace(microsecond=0)
    async with listening(mqtt_url, ingest, SystemClock()), publisher(mqtt_url) as publish:
        await publish(f"zigbee2mqtt/{name}/availability", '{"state":"online"}')
        await publish(f"zigbee2mqtt/{name}", PLUG)
        await publish(f"zigbee2mqtt/{name}", json.dumps(json.loads(PLUG) | {"energy": -1}))
        await ingest.until(lambda s: s.ingested >= 4 and s.quarantined >= 1)
        after = datetime.now(UTC)
        await publish(f"zigbee2mqtt/{name}", '{"state":"OFF","linkquality":99}')
        await publish(f"zigbee2mqtt/{name}/availability", "offline")
        await ingest.until(lambda s: s.ingested >= 6)

    (reading,) = await Reading.filter(meter_id=meter.id)
    assert reading.t1 == Decimal("12.340")
    assert before <= reading.ts <= after
    assert reading.ts.microsecond == 0
    sample = await TelemetrySample.get(meter_id=meter.id)
    assert (sample.ts, sample.power_w, sample.voltage_a, sample.current_a) == (reading.ts, 152.3, 229.0, 0.68)
    stored = await Meter.get(id=meter.id)
    assert (stored.online, stored.relay_state) == (False, RelayState.OFF)
    (refused,) = await QuarantineEntry.all().values_list("topic", "reason")
    assert refused == (f"zigbee2mqtt/{name}", "negative_value: registers.t1")


async def test_the_simulator_publishes_zigbee2mqtt_that_ingestion_reads(mqtt_url: str, db: str) -> None:
    meters, started, finished = await run_simulated_fleet(mqtt_url, Protocol.ZIGBEE2MQTT)
    for meter in meters:
        readings = await Reading.filter(meter_id=meter.id)
        assert readings, meter.phases
        assert all(r.t1 is not None and r.t1 >= 150 for r in readings)
        assert all(started - timedelta(seconds=1) <= r.ts <= finished for r in readings)
        stored = await Meter.get(id=meter.id)
        assert (stored.relay_state, stored.online) == (RelayState.ON, False)  # the simulator said goodbye
    sample = await TelemetrySample.filter(meter_id=meters[1].id).first()
    assert sample is not None
    assert sample.voltage_c is not None
    assert 225 <= sample.voltage_c <= 235


def test_routes_of_every_protocol_do_not_shadow_each_other() -> None:
    router = default_router("meterbot")
    assert router.route("zigbee2mqtt/online") == Route(Protocol.ZIGBEE2MQTT, "online", MessageKind.TELEMETRY)
    assert router.route("zigbee2mqtt/plug/availability") == Route(Protocol.ZIGBEE2MQTT, "plug", MessageKind.STATUS)
    assert router.route("shellypro3em-a1/online") == Route(Protocol.SHELLY, "shellypro3em-a1", MessageKind.STATUS)
    assert router.route("shellypro3em-a1/events/rpc") == Route(
        Protocol.SHELLY, "shellypro3em-a1", MessageKind.TELEMETRY
    )
    assert router.route("tele/pow/SENSOR") == Route(Protocol.TASMOTA, "pow", MessageKind.TELEMETRY)
    assert router.route("stat/pow/RESULT") == Route(Protocol.TASMOTA, "pow", MessageKind.RELAY_STATE)
    assert router.route("meterbot/M1/status") == Route(Protocol.NATIVE, "M1", MessageKind.STATUS)
    for ignored in ("zigbee2mqtt/bridge/devices", "zigbee2mqtt/plug/set", "cmnd/pow/POWER", "shellypro3em-a1/rpc"):
        assert router.route(ignored) is None, ignored
