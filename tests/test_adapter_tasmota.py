"""Tasmota: tele/<t>/SENSOR ENERGY (single, per-channel and per-phase arrays, TotalTariff), LWT,
stat/<t>/POWER, RESULT and tele/<t>/STATE, in the shapes Tasmota publishes; the device's local time
read in the site's zone; the whole path through a broker into the database; the simulator's Tasmota."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from meters.adapters import default_adapters
from meters.adapters.tasmota import encode_sensor
from services.db.models import Meter, QuarantineEntry, Reading, TelemetrySample
from services.enums import Protocol, RelayState
from services.errors import InvalidInput
from services.ingest import RelayStateIn, StatusIn, TelemetryIn, reason_text
from services.ingest_model import check_telemetry, localize
from tests.adapter_support import Ingest, decode, listening, publisher, register, run_simulated_fleet, unique

ADAPTERS = default_adapters()
MSK = ZoneInfo("Europe/Moscow")

# A Sonoff POW R2 (the shape of Tasmota's documentation and its energy driver).
SINGLE = """{"Time":"2026-11-23T13:00:00","ENERGY":{"TotalStartTime":"2024-03-01T10:21:04","Total":1234.567,
"Yesterday":3.104,"Today":1.027,"Power":152,"ApparentPower":170,"ReactivePower":76,"Factor":0.89,
"Voltage":229,"Current":0.742}}"""
# Sonoff Dual R3 with SetOption129 1: totals and values per channel, one common voltage.
CHANNELS = """{"Time":"2023-04-11T07:31:34","Switch1":"ON","Switch2":"ON","ENERGY":{"TotalStartTime":
"1970-01-14T15:24:55","Total":[0.000,2.910],"Yesterday":[0.000,1.563],"Today":[0.000,1.347],"Period":[0,0],
"Power":[0,85],"ApparentPower":[0,96],"ReactivePower":[0,44],"Factor":[0.00,0.89],"Voltage":231,
"Current":[0.000,0.415]}}"""
# Three PZEM-004T v3 on one device: one value per phase.
PHASES = """{"Time":"2026-11-23T13:00:00","ENERGY":{"TotalStartTime":"2024-01-01T00:00:00","Total":50213.120,
"Yesterday":41.200,"Today":12.050,"Power":[2410,1980,3020],"ApparentPower":[2500,2050,3100],
"ReactivePower":[660,540,700],"Factor":[0.96,0.97,0.97],"Frequency":50,"Voltage":[229.8,231.2,228.9],
"Current":[10.49,8.87,13.54]}}"""
# Tariffs configured (Tariff1 = off-peak, Tariff2 = standard).
TARIFFS = """{"Time":"2026-11-23T13:00:00","ENERGY":{"TotalStartTime":"2018-11-23T15:33:47","Total":0.017,
"TotalTariff":[0.004,0.013],"Yesterday":0.000,"Today":0.002,"ExportActive":0.000,"ExportTariff":[0.000,0.000],
"Period":0.00,"Power":0.00,"ApparentPower":7.84,"ReactivePower":-7.21,"Factor":0.39,"Frequency":50.0,
"Voltage":234.31,"Current":0.039}}"""
STATE = """{"Time":"2026-11-23T13:00:00","Uptime":"0T00:13:30","UptimeSec":810,"Heap":27,
"SleepMode":"Dynamic","Sleep":50,"LoadAvg":19,"MqttCount":1,"POWER":"ON","Wifi":{"AP":1,"SSId":"snt",
"BSSId":"30:23:03:00:00:20","Channel":10,"RSSI":86,"Signal":-57,"LinkCount":1,"Downtime":"0T00:00:05"}}"""


def telemetry(topic: str, payload: str) -> TelemetryIn:
    (item,) = decode(topic, payload, ADAPTERS)
    assert isinstance(item, TelemetryIn)
    return item


def test_a_single_channel_sensor_is_one_register_and_its_values_at_local_time() -> None:
    item = telemetry("tele/pow_1/SENSOR", SINGLE)
    assert (item.serial, item.protocol) == ("pow_1", Protocol.TASMOTA)
    assert item.ts == datetime(2026, 11, 23, 13, 0)  # naive: the site's zone is applied when written
    assert item.registers == {"t1": Decimal("1234.567")}
    assert (item.power_w, item.voltage, item.current, item.frequency_hz) == (152.0, (229.0,), (0.742,), None)


def test_channel_arrays_add_up_and_keep_their_values() -> None:
    item = telemetry("tele/dual/SENSOR", CHANNELS)
    assert item.registers == {"t1": Decimal("2.910")}
    assert (item.power_w, item.voltage, item.current) == (85.0, (231.0,), (0.0, 0.415))


def test_phase_arrays() -> None:
    item = telemetry("tele/pzem3/SENSOR", PHASES)
    assert item.registers == {"t1": Decimal("50213.120")}
    assert item.power_w == 7410.0
    assert (item.voltage, item.current, item.frequency_hz) == ((229.8, 231.2, 228.9), (10.49, 8.87, 13.54), 50.0)


def test_total_tariff_is_night_first_day_second() -> None:
    item = telemetry("tele/pow_2/SENSOR", TARIFFS)
    assert item.registers == {"t1": Decimal("0.013"), "t2": Decimal("0.004")}


def test_an_offset_in_time_is_honoured() -> None:
    payload = json.loads(SINGLE) | {"Time": "2026-11-23T13:00:00+03:00"}
    item = telemetry("tele/pow_1/SENSOR", json.dumps(payload))
    assert item.ts == datetime(2026, 11, 23, 10, tzinfo=UTC)


def test_a_sensor_without_energy_is_not_a_meter_and_is_ignored() -> None:
    payload = '{"Time":"2026-11-23T13:00:00","DS18B20":{"Id":"0316A2792C3B","Temperature":21.4},"TempUnit":"C"}'
    assert decode("tele/thermo/SENSOR", payload, ADAPTERS) == ()


@pytest.mark.parametrize(
    ("topic", "payload", "state"),
    [
        ("stat/plug/POWER", "ON", RelayState.ON),
        ("stat/plug/POWER", "OFF", RelayState.OFF),
        ("stat/plug/POWER1", "off", RelayState.OFF),
        ("stat/plug/RESULT", '{"POWER":"OFF"}', RelayState.OFF),
        ("stat/plug/RESULT", '{"POWER1":"ON"}', RelayState.ON),
        ("tele/plug/STATE", STATE, RelayState.ON),
    ],
)
def test_relay_state(topic: str, payload: str, state: RelayState) -> None:
    (item,) = decode(topic, payload, ADAPTERS)
    assert item == RelayStateIn(serial="plug", state=state, command_id=None, protocol=Protocol.TASMOTA)


def test_results_and_states_without_a_relay_are_ignored() -> None:
    assert decode("stat/plug/RESULT", '{"TelePeriod":300}', ADAPTERS) == ()
    assert decode("tele/plug/STATE", '{"Time":"2026-11-23T13:00:00","Uptime":"0T00:13:30"}', ADAPTERS) == ()


@pytest.mark.parametrize(("payload", "online"), [("Online", True), ("Offline", False)])
def test_last_will(payload: str, online: bool) -> None:
    assert decode("tele/plug/LWT", payload, ADAPTERS) == (StatusIn("plug", online, Protocol.TASMOTA),)


def _energy(**fields: object) -> str:
    return json.dumps({"Time": "2026-11-23T13:00:00", "ENERGY": {"Total": 1.5, **fields}})


@pytest.mark.parametrize(
    ("topic", "payload", "reason"),
    [
        ("tele/p/SENSOR", "Time=13:00 Total=1.5", "not_json: payload"),
        ("tele/p/SENSOR", "[1, 2]", "bad_schema: payload"),
        ("tele/p/SENSOR", '{"Time":"2026-11-23T13:00:00","ENERGY":1.5}', "bad_schema: ENERGY"),
        ("tele/p/SENSOR", '{"ENERGY":{"Total":1.5}}', "bad_schema: Time"),
        ("tele/p/SENSOR", '{"Time":"yesterday","ENERGY":{"Total":1.5}}', "bad_schema: Time"),
        ("tele/p/SENSOR", _energy(Total="1.5"), "bad_schema: ENERGY.Total"),
        ("tele/p/SENSOR", _energy(Total=[]), "bad_schema: ENERGY.Total"),
        ("tele/p/SENSOR", _energy(Power=[12, "x"]), "bad_schema: ENERGY.Power[1]"),
        ("tele/p/SENSOR", _energy(Voltage=True), "bad_schema: ENERGY.Voltage"),
        ("tele/p/SENSOR", _energy(TotalTariff=[1, 2, 3]), "bad_schema: ENERGY.TotalTariff"),
        ("tele/p/SENSOR", '{"Time":"2026-11-23T13:00:00","ENERGY":{"Today":1.0}}', "bad_schema: ENERGY.Total"),
        ("tele/p/LWT", "Sleeping", "bad_schema: state"),
        ("stat/p/POWER", "TOGGLE", "bad_schema: POWER"),
        ("stat/p/RESULT", '{"POWER":1}', "bad_schema: POWER"),
        ("stat/p/RESULT", "[]", "bad_schema: payload"),
    ],
)
def test_bad_payloads_say_why(topic: str, payload: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        decode(topic, payload, ADAPTERS)
    assert reason_text(caught.value) == reason


def test_ingestion_checks_apply_to_tasmota_values() -> None:
    item = telemetry("tele/p/SENSOR", _energy(Power=-5))
    with pytest.raises(InvalidInput, match="negative_value"):
        check_telemetry(item, datetime(2026, 11, 23, 10, tzinfo=UTC))


def test_local_time_in_the_site_zone() -> None:
    now = datetime(2026, 11, 23, 10, 30, tzinfo=UTC)
    item = telemetry("tele/p/SENSOR", SINGLE)  # 13:00 local
    checked = check_telemetry(item, now)
    assert checked.ts.tzinfo is None
    assert localize(checked, MSK, now).ts == datetime(2026, 11, 23, 10, tzinfo=UTC)
    berlin = ZoneInfo("Europe/Berlin")  # 13:00 CET is 12:00 UTC: from the future, seen from 10:30
    with pytest.raises(InvalidInput, match="future_timestamp"):
        localize(checked, berlin, now)
    repeated = TelemetryIn("p", datetime(2026, 10, 25, 2, 30), {"t1": Decimal(1)}, protocol=Protocol.TASMOTA)
    assert localize(repeated, berlin, now).ts == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # the first 02:30
    with pytest.raises(InvalidInput) as caught:  # a clock never set
        check_telemetry(TelemetryIn("p", datetime(1970, 1, 1, 0, 0, 12), {"t1": Decimal(1)}), now)
    assert reason_text(caught.value) == "absurd_value: ts"


def local(ts: datetime, zone: ZoneInfo) -> str:
    return ts.astimezone(zone).replace(tzinfo=None).isoformat()


async def test_through_the_broker_into_the_database(mqtt_url: str, db: str) -> None:
    plug, meter3 = unique("pow"), unique("sdm")
    one = await register(Protocol.TASMOTA, plug, tariffs=2)
    three = await register(Protocol.TASMOTA, meter3, timezone="Asia/Yekaterinburg", phases=3)
    ts = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    first = json.loads(TARIFFS) | {"Time": local(ts, MSK)}
    second = json.loads(PHASES) | {"Time": local(ts, ZoneInfo("Asia/Yekaterinburg"))}
    ingest = Ingest()
    async with listening(mqtt_url, ingest), publisher(mqtt_url) as publish:
        await publish(f"tele/{plug}/LWT", "Online")
        await publish(f"tele/{plug}/SENSOR", json.dumps(first))
        await publish(f"tele/{meter3}/SENSOR", json.dumps(second))
        await publish(f"tele/{meter3}/SENSOR", "not json")
        await publish(f"stat/{plug}/RESULT", '{"POWER":"OFF"}')
        await publish(f"tele/{meter3}/LWT", "Offline")
        await ingest.until(lambda s: s.ingested >= 5 and s.quarantined >= 1)

    reading = await Reading.get(meter_id=one.id)
    assert (reading.ts, reading.t1, reading.t2, reading.total) == (
        ts,
        Decimal("0.013"),
        Decimal("0.004"),
        Decimal("0.017"),
    )
    sample = await TelemetrySample.get(meter_id=three.id)
    assert (sample.ts, sample.power_w, sample.voltage_c, sample.current_b) == (ts, 7410.0, 228.9, 8.87)
    assert (await Reading.get(meter_id=three.id)).t1 == Decimal("50213.120")
    plug_meter, three_meter = await Meter.get(id=one.id), await Meter.get(id=three.id)
    assert (plug_meter.online, plug_meter.relay_state) == (True, RelayState.OFF)
    assert three_meter.online is False
    (bad,) = await QuarantineEntry.all().values_list("topic", "reason")
    assert bad == (f"tele/{meter3}/SENSOR", "not_json: payload")


async def test_a_local_time_from_the_future_is_quarantined_when_written(mqtt_url: str, db: str) -> None:
    plug = unique("pow")
    meter = await register(Protocol.TASMOTA, plug)
    ahead = datetime.now(MSK) + timedelta(hours=1)
    ingest = Ingest()
    async with listening(mqtt_url, ingest), publisher(mqtt_url) as publish:
        await publish(f"tele/{plug}/SENSOR", json.dumps(json.loads(SINGLE) | {"Time": local(ahead, MSK)}))
        await ingest.until(lambda s: s.quarantined >= 1)
    assert await Reading.filter(meter_id=meter.id).count() == 0
    (row,) = await QuarantineEntry.all().values_list("topic", "reason")
    assert row == (f"tasmota:{plug} (telemetry)", "future_timestamp: ts")


async def test_the_simulator_publishes_tasmota_that_ingestion_reads(mqtt_url: str, db: str) -> None:
    meters, started, finished = await run_simulated_fleet(mqtt_url, Protocol.TASMOTA)
    for meter in meters:
        readings = await Reading.filter(meter_id=meter.id).order_by("ts")
        assert readings, meter.phases
        assert all(started - timedelta(seconds=1) <= r.ts <= finished for r in readings)  # local time read back
        assert all(r.t1 is not None and r.t1 >= 100 and r.t2 is not None and r.t2 >= 50 for r in readings)
    sample = await TelemetrySample.filter(meter_id=meters[1].id).first()
    assert sample is not None
    assert sample.voltage_c is not None
    assert 225 <= sample.voltage_c <= 235


def test_encoded_sensor_reads_back() -> None:
    payload = encode_sensor(
        datetime(2026, 11, 23, 13, 0, 5, 123456, tzinfo=MSK),
        Decimal("150.5"),
        tariffs_kwh=(Decimal("100.25"), Decimal("50.25")),
        power_w=[100.0, 200.0, 300.0],
        voltage=[230.0, 231.0, 229.0],
        current=[0.5, 0.9, 1.4],
        frequency_hz=50.02,
    )
    item = telemetry("tele/x/SENSOR", payload.decode())
    assert item.ts == datetime(2026, 11, 23, 13, 0, 5)
    assert item.registers == {"t1": Decimal("100.25"), "t2": Decimal("50.25")}
    assert (item.power_w, item.voltage, item.frequency_hz) == (600.0, (230.0, 231.0, 229.0), 50.02)
