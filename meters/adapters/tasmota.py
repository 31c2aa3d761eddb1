"""Tasmota energy monitors (Sonoff POW, Athom/BlitzWolf plugs, PZEM/SDM meters) over MQTT.

Topics with the default FullTopic ``%prefix%/%topic%/``; the device id is Tasmota's ``%topic%``:

* ``tele/<t>/SENSOR`` every TelePeriod: ``{"Time": "2026-11-23T13:00:00", "ENERGY": {"Total": 1234.567,
  "Power": 152, "Voltage": 229, "Current": 0.68, ...}}``. ``Time`` is the device's local time without an
  offset: it is read in the time zone of the meter's site when the batch is written (an offset, as
  SetOption52 adds, is honoured). Multi-channel and three-phase devices send arrays (``"Power": [12, 30]``,
  ``"Total": [0.1, 2.9]`` with SetOption129): power and totals add up, voltage and current are kept per
  element as phases a, b, c. With tariffs configured ``"TotalTariff": [t1, t2]`` holds Tasmota's Tariff1
  (off-peak) and Tariff2 (standard): they become meterbot's night ``t2`` and day ``t1`` registers.
  A SENSOR without ``ENERGY`` (another kind of sensor) is ignored.
* ``tele/<t>/LWT``: ``Online`` / ``Offline`` (retained last will).
* ``tele/<t>/STATE`` (with ``"POWER": "ON"``), ``stat/<t>/POWER`` (plain ``ON``/``OFF``),
  ``stat/<t>/RESULT`` (``{"POWER": "OFF"}``): the relay's state, no command id. ``POWER1`` is taken
  where a device has several relays. A RESULT without a relay state (any other command's answer) is
  ignored.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from meters.adapters import Decoded
from meters.adapters.common import Json, as_floats, json_object, numbers, on_off, optional_float, text
from meters.native import load_json, parse_status
from meters.topics import MessageKind, Route
from services.enums import Protocol
from services.ingest import DeviceMessage, RejectReason, RelayStateIn, StatusIn, TelemetryIn
from services.ingest_model import reject

RELAY_KEYS = ("POWER", "POWER1")


class TasmotaAdapter:
    def decode(self, route: Route, payload: bytes) -> Decoded:
        match route.kind:
            case MessageKind.TELEMETRY:
                return parse_sensor(route.device, payload)
            case MessageKind.STATUS:
                return parse_lwt(route.device, payload)
            case MessageKind.RELAY_STATE:
                return parse_power(route.device, payload)
        raise reject("topic", RejectReason.UNKNOWN_TOPIC)


def parse_time(value: Json) -> datetime:
    """``Time``: ISO 8601, naive (the site's local time) or with an offset."""
    if not isinstance(value, str):
        raise reject("Time", RejectReason.BAD_SCHEMA)
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise reject("Time", RejectReason.BAD_SCHEMA) from exc


def _registers(energy: Mapping[str, Json]) -> dict[str, Decimal]:
    tariffs = energy.get("TotalTariff")
    if tariffs is not None:
        off_peak, standard = _pair(tariffs)
        return {"t1": standard, "t2": off_peak}
    totals = numbers(energy.get("Total"), "ENERGY.Total")
    return {"t1": sum(totals, Decimal(0))} if totals else {}


def _pair(value: Json) -> tuple[Decimal, Decimal]:
    tariffs = numbers(value, "ENERGY.TotalTariff")
    if len(tariffs) != 2:
        raise reject("ENERGY.TotalTariff", RejectReason.BAD_SCHEMA)
    return tariffs[0], tariffs[1]


def parse_sensor(device: str, payload: bytes) -> tuple[TelemetryIn, ...]:
    data = json_object(payload)
    energy = data.get("ENERGY")
    if energy is None:
        return ()
    if not isinstance(energy, dict):
        raise reject("ENERGY", RejectReason.BAD_SCHEMA)
    power = numbers(energy.get("Power"), "ENERGY.Power")
    frequency = numbers(energy.get("Frequency"), "ENERGY.Frequency")
    item = TelemetryIn(
        serial=device,
        ts=parse_time(data.get("Time")),
        registers=_registers(energy),
        power_w=float(sum(power, Decimal(0))) if power else None,
        voltage=as_floats(numbers(energy.get("Voltage"), "ENERGY.Voltage")),
        current=as_floats(numbers(energy.get("Current"), "ENERGY.Current")),
        frequency_hz=optional_float(frequency[0] if frequency else None),
        protocol=Protocol.TASMOTA,
        raw=payload,
    )
    if not item.registers and not item.has_sample:
        raise reject("ENERGY.Total", RejectReason.BAD_SCHEMA)
    return (item,)


def parse_lwt(device: str, payload: bytes) -> StatusIn:
    """``Online`` / ``Offline`` (any case)."""
    return dataclasses.replace(parse_status(device, payload), protocol=Protocol.TASMOTA)


def parse_power(device: str, payload: bytes) -> tuple[DeviceMessage, ...]:
    """The relay's state from ``stat/<t>/POWER`` (plain ``ON``), ``stat/<t>/RESULT`` or ``tele/<t>/STATE``
    (JSON with ``POWER`` or ``POWER1``); nothing when the payload has no relay state."""
    word = text(payload)
    if word[:1] not in ("{", "["):
        state = on_off(word)
        if state is None:
            raise reject("POWER", RejectReason.BAD_SCHEMA)
        return (RelayStateIn(serial=device, state=state, protocol=Protocol.TASMOTA, raw=payload),)
    data = load_json(payload)
    if not isinstance(data, dict):
        raise reject("payload", RejectReason.BAD_SCHEMA)
    for key in RELAY_KEYS:
        if key in data:
            state = on_off(data[key])
            if state is None:
                raise reject(key, RejectReason.BAD_SCHEMA)
            return (RelayStateIn(serial=device, state=state, protocol=Protocol.TASMOTA, raw=payload),)
    return ()


# --- encoding (what the simulator publishes) -------------------------------------------------------

Value = float | list[float]
"""One value, or one per phase or channel."""


def encode_sensor(
    local_time: datetime,
    total_kwh: Decimal,
    *,
    tariffs_kwh: tuple[Decimal, Decimal] | None = None,
    today_kwh: Decimal = Decimal(0),
    yesterday_kwh: Decimal = Decimal(0),
    power_w: Value = 0.0,
    apparent_power_va: Value | None = None,
    reactive_power_var: Value | None = None,
    factor: Value | None = None,
    frequency_hz: float | None = None,
    voltage: Value | None = None,
    current: Value | None = None,
) -> bytes:
    """A ``tele/<t>/SENSOR`` payload, fields in Tasmota's order. ``local_time`` is the device's clock
    (its offset, if any, is dropped as Tasmota does); ``tariffs_kwh`` is (day, night) and goes out in
    Tasmota's order, off-peak first."""
    energy: dict[str, Json] = {"TotalStartTime": "2024-01-01T00:00:00", "Total": _kwh(total_kwh)}
    if tariffs_kwh is not None:
        day, night = tariffs_kwh
        energy["TotalTariff"] = [_kwh(night), _kwh(day)]
    energy |= {"Yesterday": _kwh(yesterday_kwh), "Today": _kwh(today_kwh), "Power": power_w}
    optional = {
        "ApparentPower": apparent_power_va,
        "ReactivePower": reactive_power_var,
        "Factor": factor,
        "Frequency": frequency_hz,
        "Voltage": voltage,
        "Current": current,
    }
    energy |= {key: value for key, value in optional.items() if value is not None}
    stamp = local_time.replace(microsecond=0, tzinfo=None).isoformat()
    return json.dumps({"Time": stamp, "ENERGY": energy}, separators=(",", ":")).encode()


def _kwh(value: Decimal) -> float:
    return round(float(value), 3)


def encode_lwt(online: bool) -> bytes:
    return b"Online" if online else b"Offline"
