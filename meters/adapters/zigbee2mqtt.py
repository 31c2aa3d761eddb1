"""Zigbee smart plugs and DIN-rail meters through zigbee2mqtt.

The device id is the friendly name (one topic level: no ``/`` in it).

* ``zigbee2mqtt/<name>``: the device's whole state as JSON, e.g. ``{"energy": 12.34, "power": 152.3,
  "voltage": 229, "current": 0.68, "state": "ON", "linkquality": 120}``; energy in kWh (a single
  cumulative register, ``t1``), power in W. Three-phase meters add ``voltage_phase_b``/``_c``,
  ``current_phase_b``/``_c`` and ``power_phase_b``/``_c`` (powers add up); ``ac_frequency`` in Hz.
  The payload has no time of its own: the reading is stamped with the receive time, to the second.
  Telemetry comes only from payloads with ``energy`` or ``power`` (a battery sensor's ``voltage`` is
  not a mains voltage); ``state`` ``ON``/``OFF`` is the relay's state (no command id); a payload with
  neither is ignored.
* ``zigbee2mqtt/<name>/availability``: ``{"state": "online"}``, or plain ``online`` / ``offline``
  (the legacy form).

``zigbee2mqtt/bridge/...`` topics are deeper than the rules and never reach this adapter.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from decimal import Decimal

from meters.adapters import Decoded
from meters.adapters.common import Json, json_object, on_off, optional_float, optional_number, received_at
from meters.native import parse_status
from meters.topics import MessageKind, Route
from services.clock import Clock, SystemClock
from services.enums import Protocol
from services.ingest import DeviceMessage, RejectReason, RelayStateIn, StatusIn, TelemetryIn
from services.ingest_model import reject

BRIDGE = "bridge"
PHASES = ("", "_phase_b", "_phase_c")


class Zigbee2MqttAdapter:
    def __init__(self, clock: Clock | None = None) -> None:
        self._clock = clock or SystemClock()

    def decode(self, route: Route, payload: bytes) -> Decoded:
        if route.device == BRIDGE:
            return ()
        match route.kind:
            case MessageKind.TELEMETRY:
                return parse_state(route.device, payload, self._clock)
            case MessageKind.STATUS:
                return parse_availability(route.device, payload)
        raise reject("topic", RejectReason.UNKNOWN_TOPIC)


def _phases(data: Mapping[str, Json], name: str) -> tuple[Decimal, ...]:
    """``voltage``, ``voltage_phase_b``, ``voltage_phase_c``: the leading ones that are there."""
    values = []
    for suffix in PHASES:
        value = optional_number(data, f"{name}{suffix}")
        if value is None:
            break
        values.append(value)
    return tuple(values)


def parse_state(device: str, payload: bytes, clock: Clock) -> tuple[DeviceMessage, ...]:
    """The relay state (first: it stands even if the telemetry is refused) and the telemetry."""
    data = json_object(payload)
    found: list[DeviceMessage] = []
    state = on_off(data.get("state"))
    if state is not None:
        found.append(RelayStateIn(serial=device, state=state, protocol=Protocol.ZIGBEE2MQTT, raw=payload))
    energy = optional_number(data, "energy")
    power = _phases(data, "power")
    if energy is not None or power:
        found.append(
            TelemetryIn(
                serial=device,
                ts=received_at(clock),
                registers={} if energy is None else {"t1": energy},
                power_w=float(sum(power, Decimal(0))) if power else None,
                voltage=tuple(float(v) for v in _phases(data, "voltage")),
                current=tuple(float(c) for c in _phases(data, "current")),
                frequency_hz=optional_float(optional_number(data, "ac_frequency")),
                protocol=Protocol.ZIGBEE2MQTT,
                raw=payload,
            )
        )
    return tuple(found)


def parse_availability(device: str, payload: bytes) -> StatusIn:
    """``{"state": "online"}`` or the legacy plain ``online`` / ``offline``."""
    return dataclasses.replace(parse_status(device, payload), protocol=Protocol.ZIGBEE2MQTT)


# --- encoding (what the simulator publishes) -------------------------------------------------------


def encode_state(
    energy_kwh: Decimal,
    power_w: tuple[float, ...],
    voltage: tuple[float, ...],
    current: tuple[float, ...],
    *,
    frequency_hz: float | None = None,
    relay_on: bool | None = True,
    linkquality: int = 120,
) -> bytes:
    """A ``zigbee2mqtt/<name>`` state: one power, voltage and current per phase (a, b, c)."""
    data: dict[str, Json] = {"energy": round(float(energy_kwh), 2)}
    for name, values, digits in (("power", power_w, 1), ("voltage", voltage, 1), ("current", current, 2)):
        data |= {f"{name}{suffix}": round(value, digits) for suffix, value in zip(PHASES, values, strict=False)}
    if frequency_hz is not None:
        data["ac_frequency"] = round(frequency_hz, 2)
    if relay_on is not None:
        data["state"] = "ON" if relay_on else "OFF"
    data["linkquality"] = linkquality
    return json.dumps(data, separators=(",", ":")).encode()


def encode_availability(online: bool, *, legacy: bool = False) -> bytes:
    word = "online" if online else "offline"
    return word.encode() if legacy else json.dumps({"state": word}).encode()
