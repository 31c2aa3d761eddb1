"""Shelly Gen2: NotifyStatus merged onto the last known status (a missing field is never zero),
switch / em / emdata / em1 components, NotifyFullStatus, channels, <prefix>/online, bad shapes; the
whole path through a broker into the database; the simulator's Shelly."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from meters.adapters import PayloadAdapter, default_adapters
from meters.adapters.shelly import ShellyAdapter, encode_notification, split_channel, switch_status
from services.clock import FixedClock
from services.db.models import Meter, Reading, TelemetrySample
from services.enums import Protocol, RelayState
from services.errors import InvalidInput
from services.ingest import DeviceMessage, RelayStateIn, StatusIn, TelemetryIn, reason_text
from tests.adapter_support import Ingest, decode, listening, publisher, register, run_simulated_fleet, unique

NOW = datetime(2026, 11, 23, 10, 0, 30, 500000, tzinfo=UTC)
DEVICE = "shelly1pmg4-8813bfe14804"

# Shapes of Shelly's documentation (Notifications, Switch, EM, EMData components).
SWITCH = """{"src":"shelly1pmg4-8813bfe14804","dst":"shelly1pmg4-8813bfe14804/events","method":"NotifyStatus",
"params":{"ts":1795428000.01,"switch:0":{"id":0,"source":"init","output":true,"apower":152.3,"voltage":228.5,
"freq":50.01,"current":0.712,"aenergy":{"by_minute":[2538.4,2541.2,2540.9],"minute_ts":1795428000,
"total":1234567.891},"ret_aenergy":{"by_minute":[0,0,0],"minute_ts":1795428000,"total":0},
"temperature":{"tC":41.2,"tF":106.2}}}}"""
APOWER_ONLY = """{"src":"shelly1pmg4-8813bfe14804","dst":"shelly1pmg4-8813bfe14804/events","method":"NotifyStatus",
"params":{"ts":1795428012.55,"switch:0":{"id":0,"apower":1890.6}}}"""
ENERGY_ONLY = """{"src":"shelly1pmg4-8813bfe14804","dst":"shelly1pmg4-8813bfe14804/events","method":"NotifyStatus",
"params":{"ts":1795428060.02,"switch:0":{"id":0,"aenergy":{"by_minute":[31510.2,2538.4,2541.2],
"minute_ts":1795428060,"total":1234599.401}}}}"""
OUTPUT_ONLY = """{"src":"shelly1pmg4-8813bfe14804","dst":"shelly1pmg4-8813bfe14804/events","method":"NotifyStatus",
"params":{"ts":1795428070.4,"switch:0":{"id":0,"output":false,"source":"MQTT"}}}"""
EM = """{"src":"shellypro3em-8813bfe14804","dst":"shellypro3em-8813bfe14804/events","method":"NotifyStatus",
"params":{"ts":1795428000.08,"em:0":{"id":0,"a_act_power":0,"a_aprt_power":0,"a_current":0.027,"a_freq":198,
"a_pf":1,"a_voltage":0,"b_act_power":412.5,"b_aprt_power":430.1,"b_current":1.876,"b_freq":50,"b_pf":0.96,
"b_voltage":229.3,"c_act_power":1018,"c_aprt_power":1108.7,"c_current":4.876,"c_freq":50,"c_pf":0.92,
"c_voltage":228.3,"n_current":null,"total_act_power":1430.5,"total_aprt_power":1538.8,"total_current":6.779}}}"""
EMDATA = """{"src":"shellypro3em-8813bfe14804","dst":"shellypro3em-8813bfe14804/events","method":"NotifyStatus",
"params":{"ts":1795428060.21,"emdata:0":{"id":0,"a_total_act_energy":0.06,"a_total_act_ret_energy":0,
"b_total_act_energy":1102.5,"b_total_act_ret_energy":0.01,"c_total_act_energy":26289.44,
"c_total_act_ret_energy":0,"total_act":27392.0,"total_act_ret":0.01}}}"""
FULL = """{"src":"shellyplus2pm-c4dd57000000","dst":"shellyplus2pm-c4dd57000000/events","method":"NotifyFullStatus",
"params":{"ts":1795428100.5,"ble":{},"cloud":{"connected":false},"mqtt":{"connected":true},
"switch:0":{"id":0,"source":"init","output":true,"apower":10.0,"voltage":230.1,"current":0.05,
"aenergy":{"by_minute":[0,0,0],"minute_ts":1795428060,"total":500.0}},
"switch:1":{"id":1,"source":"init","output":false,"apower":0,"voltage":230.1,"current":0,
"aenergy":{"by_minute":[0,0,0],"minute_ts":1795428060,"total":7000.0}},
"sys":{"mac":"C4DD57000000","restart_required":false,"uptime":3},"wifi":{"sta_ip":"10.0.0.7","rssi":-60}}}"""
EVENT = """{"src":"shellyplus1pm-a8032ab12345","dst":"shellyplus1pm-a8032ab12345/events","method":"NotifyEvent",
"params":{"ts":1795428000.5,"events":[{"component":"input:0","id":0,"event":"single_push","ts":1795428000.5}]}}"""


def at(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def adapters() -> dict[Protocol, PayloadAdapter]:
    """Fresh adapters: the Shelly one remembers what it heard."""
    return dict(default_adapters(FixedClock(NOW)))


def one(items: tuple[DeviceMessage, ...], kind: type[TelemetryIn]) -> TelemetryIn:
    (item,) = [i for i in items if isinstance(i, kind)]
    return item


def test_a_switch_status_is_the_relay_state_and_the_telemetry() -> None:
    relay, item = decode(f"{DEVICE}/events/rpc", SWITCH, adapters())
    assert relay == RelayStateIn(serial=DEVICE, state=RelayState.ON, protocol=Protocol.SHELLY)
    assert isinstance(item, TelemetryIn)
    assert (item.serial, item.ts, item.protocol) == (DEVICE, at(1795428000.01), Protocol.SHELLY)
    assert item.registers == {"t1": Decimal("1234.567891")}  # Wh to kWh; ingestion keeps 0.001 kWh
    assert (item.power_w, item.voltage, item.current, item.frequency_hz) == (152.3, (228.5,), (0.712,), 50.01)


def test_a_partial_notification_is_merged_and_never_zeroes_the_energy() -> None:
    registry = adapters()
    decode(f"{DEVICE}/events/rpc", SWITCH, registry)
    (item,) = decode(f"{DEVICE}/events/rpc", APOWER_ONLY, registry)
    assert isinstance(item, TelemetryIn)
    assert item.ts == at(1795428012.55)
    assert item.power_w == 1890.6
    assert (item.voltage, item.current, item.frequency_hz) == ((228.5,), (0.712,), 50.01)  # as last known
    assert item.registers == {}  # not re-reported, and certainly not zero
    (item,) = decode(f"{DEVICE}/events/rpc", ENERGY_ONLY, registry)
    assert isinstance(item, TelemetryIn)
    assert item.registers == {"t1": Decimal("1234.599401")}
    assert item.power_w == 1890.6
    assert decode(f"{DEVICE}/events/rpc", OUTPUT_ONLY, registry) == (
        RelayStateIn(serial=DEVICE, state=RelayState.OFF, protocol=Protocol.SHELLY),
    )


def test_a_partial_notification_from_an_unknown_status_has_only_what_it_says() -> None:
    (item,) = decode(f"{DEVICE}/events/rpc", APOWER_ONLY, adapters())
    assert isinstance(item, TelemetryIn)
    assert (item.power_w, item.voltage, item.current, item.registers) == (1890.6, (), (), {})


def test_three_phase_em_and_emdata() -> None:
    registry = adapters()
    (item,) = decode("shellypro3em-8813bfe14804/events/rpc", EM, registry)
    assert isinstance(item, TelemetryIn)
    assert item.serial == "shellypro3em-8813bfe14804"
    assert item.power_w == 1430.5
    assert (item.voltage, item.current) == ((0.0, 229.3, 228.3), (0.027, 1.876, 4.876))
    assert item.frequency_hz == 50.0  # from the first phase with a voltage, not the idle one's 198 Hz
    assert item.registers == {}
    (item,) = decode("shellypro3em-8813bfe14804/events/rpc", EMDATA, registry)
    assert isinstance(item, TelemetryIn)
    assert item.registers == {"t1": Decimal("27.392")}
    assert item.power_w == 1430.5  # merged from em:0


def test_emdata_without_a_total_adds_up_the_phases() -> None:
    data = json.loads(EMDATA)
    del data["params"]["emdata:0"]["total_act"]
    (item,) = decode("shellypro3em-8813bfe14804/events/rpc", json.dumps(data), adapters())
    assert isinstance(item, TelemetryIn)
    assert item.registers == {"t1": Decimal("27.39200")}


def test_single_phase_em1_channels() -> None:
    em1 = """{"method":"NotifyStatus","params":{"ts":1795428000,
"em1:1":{"id":1,"act_power":75.2,"voltage":230,"current":0.4,"freq":50}}}"""
    em1data = """{"method":"NotifyStatus","params":{"ts":1795428060,
"em1data:1":{"id":1,"total_act_energy":4021.5,"total_act_ret_energy":0}}}"""
    registry = adapters()
    (power,) = decode("shellyproem50-a1/events/rpc", em1, registry)
    (energy,) = decode("shellyproem50-a1/events/rpc", em1data, registry)
    assert isinstance(power, TelemetryIn)
    assert isinstance(energy, TelemetryIn)
    assert (power.serial, power.power_w, power.voltage) == ("shellyproem50-a1:1", 75.2, (230.0,))
    assert (energy.serial, energy.registers, energy.power_w) == ("shellyproem50-a1:1", {"t1": Decimal("4.0215")}, 75.2)


def test_full_status_per_channel_and_online_for_every_channel() -> None:
    registry = adapters()
    device = "shellyplus2pm-c4dd57000000"
    items = decode(f"{device}/events/rpc", FULL, registry)
    assert [(type(i).__name__, i.serial) for i in items] == [
        ("RelayStateIn", device),
        ("TelemetryIn", device),
        ("RelayStateIn", f"{device}:1"),
        ("TelemetryIn", f"{device}:1"),
    ]
    second = items[3]
    assert isinstance(second, TelemetryIn)
    assert (second.registers, second.power_w) == ({"t1": Decimal("7.0000")}, 0.0)
    assert decode(f"{device}/online", "false", registry) == (
        StatusIn(device, False, Protocol.SHELLY),
        StatusIn(f"{device}:1", False, Protocol.SHELLY),
    )


def test_full_status_replaces_what_was_known() -> None:
    adapter = ShellyAdapter(FixedClock(NOW))
    adapter.notification(DEVICE, SWITCH.encode())
    full = encode_notification(DEVICE, NOW, {"switch:0": switch_status(0, power_w=5.0)}, full=True)
    (item,) = adapter.notification(DEVICE, full)
    assert isinstance(item, TelemetryIn)
    assert (item.power_w, item.voltage, item.registers) == (5.0, (), {})


def test_events_and_other_components_are_ignored() -> None:
    registry = adapters()
    assert decode("shellyplus1pm-a8032ab12345/events/rpc", EVENT, registry) == ()
    wifi = '{"method":"NotifyStatus","params":{"ts":1795428000,"wifi":{"rssi":-71},"sys":{"uptime":100}}}'
    assert decode("shellyplus1pm-a8032ab12345/events/rpc", wifi, registry) == ()


def test_without_ts_the_receive_time_to_the_second() -> None:
    payload = '{"method":"NotifyStatus","params":{"switch:0":{"id":0,"apower":3.5}}}'
    (item,) = decode(f"{DEVICE}/events/rpc", payload, adapters())
    assert isinstance(item, TelemetryIn)
    assert item.ts == NOW.replace(microsecond=0)


@pytest.mark.parametrize(("payload", "online"), [("true", True), ("false", False)])
def test_online(payload: str, online: bool) -> None:
    assert decode(f"{DEVICE}/online", payload, adapters()) == (StatusIn(DEVICE, online, Protocol.SHELLY),)


def test_split_channel() -> None:
    assert split_channel("shellyplus2pm-c4dd57000000:1") == ("shellyplus2pm-c4dd57000000", 1)
    assert split_channel("shellyplus1pm-a8032ab12345") == ("shellyplus1pm-a8032ab12345", 0)


def _status(component: str, status: object) -> str:
    return json.dumps({"method": "NotifyStatus", "params": {"ts": 1795428000, component: status}})


@pytest.mark.parametrize(
    ("topic", "payload", "reason"),
    [
        (f"{DEVICE}/events/rpc", b"\xff\xfe", "not_json: payload"),
        (f"{DEVICE}/events/rpc", "[]", "bad_schema: payload"),
        (f"{DEVICE}/events/rpc", '{"method":"NotifyStatus","params":[1]}', "bad_schema: params"),
        (f"{DEVICE}/events/rpc", _status("switch:0", [1]), "bad_schema: switch:0"),
        (f"{DEVICE}/events/rpc", _status("switch:0", {"apower": "12"}), "bad_schema: switch:0.apower"),
        (f"{DEVICE}/events/rpc", _status("switch:0", {"output": "yes"}), "bad_schema: switch:0.output"),
        (f"{DEVICE}/events/rpc", _status("switch:0", {"aenergy": 5}), "bad_schema: switch:0.aenergy"),
        (
            f"{DEVICE}/events/rpc",
            _status("switch:0", {"aenergy": {"total": None, "x": 1}, "apower": True}),
            "bad_schema: switch:0.apower",
        ),
        (f"{DEVICE}/events/rpc", _status("em:0", {"b_voltage": "230"}), "bad_schema: em:0.b_voltage"),
        (f"{DEVICE}/events/rpc", _status("emdata:0", {"total_act": [1]}), "bad_schema: emdata:0.total_act"),
        (
            f"{DEVICE}/events/rpc",
            '{"method":"NotifyStatus","params":{"ts":"noon","switch:0":{"apower":1}}}',
            "bad_schema: params.ts",
        ),
        (f"{DEVICE}/online", "maybe", "bad_schema: online"),
    ],
)
def test_bad_payloads_say_why(topic: str, payload: str | bytes, reason: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        decode(topic, payload, adapters())
    assert reason_text(caught.value) == reason


def test_a_refused_notification_changes_nothing_known() -> None:
    registry = adapters()
    decode(f"{DEVICE}/events/rpc", SWITCH, registry)
    with pytest.raises(InvalidInput):
        decode(f"{DEVICE}/events/rpc", _status("switch:0", {"apower": 5, "voltage": "x"}), registry)
    (item,) = decode(f"{DEVICE}/events/rpc", APOWER_ONLY, registry)
    assert isinstance(item, TelemetryIn)
    assert item.voltage == (228.5,)


async def test_through_the_broker_into_the_database(mqtt_url: str, db: str) -> None:
    device = unique("shellyplus1pm")
    meter = await register(Protocol.SHELLY, device)
    base = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=3)

    def shift(payload: str, seconds: int) -> str:
        data = json.loads(payload)
        data["params"]["ts"] = base.timestamp() + seconds
        return json.dumps(data)

    ingest = Ingest()
    async with listening(mqtt_url, ingest), publisher(mqtt_url) as publish:
        await publish(f"{device}/online", "true")
        await publish(f"{device}/events/rpc", shift(SWITCH, 0))
        await publish(f"{device}/events/rpc", shift(APOWER_ONLY, 10))
        await publish(f"{device}/events/rpc", shift(OUTPUT_ONLY, 20))
        await ingest.until(lambda s: s.ingested >= 5)

    readings = await Reading.filter(meter_id=meter.id).values_list("ts", "t1")
    assert readings == [(base, Decimal("1234.568"))]  # one reading; the partial one zeroed nothing
    samples = await TelemetrySample.filter(meter_id=meter.id).order_by("ts").values_list("power_w", "voltage_a")
    assert samples == [(152.3, 228.5), (1890.6, 228.5)]
    stored = await Meter.get(id=meter.id)
    assert (stored.online, stored.relay_state) == (True, RelayState.OFF)


async def test_the_simulator_publishes_shelly_that_ingestion_reads(mqtt_url: str, db: str) -> None:
    meters, started, finished = await run_simulated_fleet(mqtt_url, Protocol.SHELLY)
    for meter in meters:
        readings = await Reading.filter(meter_id=meter.id)
        assert readings, meter.phases  # the first notification of a minute carries the energy
        assert all(r.t1 is not None and r.t1 >= 150 and r.t2 is None for r in readings)
        assert all(started - timedelta(seconds=1) <= r.ts <= finished for r in readings)
        assert await TelemetrySample.filter(meter_id=meter.id).count() >= 2
    sample = await TelemetrySample.filter(meter_id=meters[1].id).first()
    assert sample is not None
    assert sample.voltage_c is not None
    assert sample.power_w is not None
