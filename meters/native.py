"""The native meterbot MQTT schema (docs/mqtt.md): parsing what meters send, encoding what we send.

Numbers are read as ``Decimal`` so that register values stay exact; timestamps are ISO 8601 with an
offset (``2026-11-23T10:00:00Z``) or unix seconds. Every problem raises ``InvalidInput`` with a
:class:`RejectReason` and the field it concerns.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from meters.topics import MessageKind, Route
from services.enums import EventClass, RelayState, Severity
from services.ingest import DeviceMessage, EventIn, RejectReason, RelayStateIn, StatusIn, TelemetryIn
from services.ingest_model import reject

Json = Any


class NativeAdapter:
    def decode(self, route: Route, payload: bytes) -> DeviceMessage:
        match route.kind:
            case MessageKind.TELEMETRY:
                return parse_telemetry(route.device, payload)
            case MessageKind.EVENT:
                return parse_event(route.device, payload)
            case MessageKind.STATUS:
                return parse_status(route.device, payload)
            case MessageKind.RELAY_STATE:
                return parse_relay_state(route.device, payload)
        raise reject("topic", RejectReason.UNKNOWN_TOPIC)


# --- parsing ---------------------------------------------------------------------------------------


def _no_constants(name: str) -> Json:
    raise ValueError(f"{name} is not a number")


def load_json(payload: bytes) -> Json:
    try:
        return json.loads(payload, parse_float=Decimal, parse_constant=_no_constants)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError and JSONDecodeError included
        raise reject("payload", RejectReason.NOT_JSON) from exc


def _object(payload: bytes) -> Mapping[str, Json]:
    data = load_json(payload)
    if not isinstance(data, dict):
        raise reject("payload", RejectReason.BAD_SCHEMA)
    return data


def _number(value: Json, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise reject(field, RejectReason.BAD_SCHEMA)
    return Decimal(value)


def _optional_float(data: Mapping[str, Json], field: str) -> float | None:
    value = data.get(field)
    return None if value is None else float(_number(value, field))


def _phases(data: Mapping[str, Json], field: str) -> tuple[float, ...]:
    value = data.get(field)
    if value is None:
        return ()
    if isinstance(value, list):
        if not value:
            raise reject(field, RejectReason.BAD_SCHEMA)
        return tuple(float(_number(v, f"{field}[{i}]")) for i, v in enumerate(value))
    return (float(_number(value, field)),)


def parse_ts(value: Json, field: str = "ts") -> datetime:
    """ISO 8601 with an offset, or unix seconds; the range is checked by ingestion."""
    if isinstance(value, str):
        try:
            ts = datetime.fromisoformat(value)
        except ValueError as exc:
            raise reject(field, RejectReason.BAD_SCHEMA) from exc
        if ts.tzinfo is None:
            raise reject(field, RejectReason.BAD_SCHEMA)
        return ts
    seconds = _number(value, field)
    try:
        return datetime.fromtimestamp(float(seconds), UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise reject(field, RejectReason.ABSURD) from exc


def _registers(value: Json) -> dict[str, Decimal]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise reject("registers", RejectReason.BAD_SCHEMA)
    return {str(name): _number(v, f"registers.{name}") for name, v in value.items()}


def _flags(value: Json) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise reject("flags", RejectReason.BAD_SCHEMA)
    return tuple(value)


def parse_telemetry(device: str, payload: bytes) -> TelemetryIn:
    data = _object(payload)
    if "ts" not in data:
        raise reject("ts", RejectReason.BAD_SCHEMA)
    return TelemetryIn(
        serial=device,
        ts=parse_ts(data["ts"]),
        registers=_registers(data.get("registers")),
        power_w=_optional_float(data, "power"),
        voltage=_phases(data, "voltage"),
        current=_phases(data, "current"),
        frequency_hz=_optional_float(data, "frequency"),
        flags=_flags(data.get("flags")),
        raw=payload,
    )


def _choice(data: Mapping[str, Json], field: str, options: type[EventClass] | type[Severity], default: str) -> str:
    value = data.get(field, default)
    if not isinstance(value, str) or value not in {o.value for o in options}:
        raise reject(field, RejectReason.BAD_SCHEMA)
    return value


def parse_event(device: str, payload: bytes) -> EventIn:
    data = _object(payload)
    code, text = data.get("code"), data.get("text", "")
    if "ts" not in data:
        raise reject("ts", RejectReason.BAD_SCHEMA)
    if not isinstance(code, str) or not code:
        raise reject("code", RejectReason.BAD_SCHEMA)
    if not isinstance(text, str):
        raise reject("text", RejectReason.BAD_SCHEMA)
    return EventIn(
        serial=device,
        ts=parse_ts(data["ts"]),
        code=code,
        event_class=EventClass(_choice(data, "class", EventClass, EventClass.OTHER)),
        severity=Severity(_choice(data, "severity", Severity, Severity.INFO)),
        text=text,
        raw=payload,
    )


_STATES = {"online": True, "offline": False}


def parse_status(device: str, payload: bytes) -> StatusIn:
    """``online`` / ``offline`` as plain text, a JSON string, or ``{"state": ...}``."""
    try:
        text = payload.decode("utf-8").strip().lower()
    except UnicodeDecodeError as exc:
        raise reject("payload", RejectReason.NOT_JSON) from exc
    if text not in _STATES and text[:1] in ('"', "{"):
        data = load_json(payload)
        state = data.get("state") if isinstance(data, dict) else data
        text = state.strip().lower() if isinstance(state, str) else ""
    if text not in _STATES:
        raise reject("state", RejectReason.BAD_SCHEMA)
    return StatusIn(serial=device, online=_STATES[text], raw=payload)


def _uuid(value: Json) -> UUID | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise reject("id", RejectReason.BAD_SCHEMA)
    try:
        return UUID(value)
    except ValueError as exc:
        raise reject("id", RejectReason.BAD_SCHEMA) from exc


def parse_relay_state(device: str, payload: bytes) -> RelayStateIn:
    data = _object(payload)
    state = data.get("state")
    if state not in (RelayState.ON.value, RelayState.OFF.value):
        raise reject("state", RejectReason.BAD_SCHEMA)
    return RelayStateIn(serial=device, state=RelayState(state), command_id=_uuid(data.get("id")), raw=payload)


# --- encoding --------------------------------------------------------------------------------------


def _dumps(data: Mapping[str, Json]) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def format_ts(ts: datetime) -> str:
    """ISO 8601 in UTC with milliseconds and a ``Z``."""
    return ts.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _phase_value(values: Sequence[float], digits: int) -> float | list[float]:
    rounded = [round(v, digits) for v in values]
    return rounded[0] if len(rounded) == 1 else rounded


def encode_telemetry(
    ts: datetime,
    registers: Mapping[str, Decimal],
    *,
    power_w: float | None = None,
    voltage: Sequence[float] = (),
    current: Sequence[float] = (),
    frequency_hz: float | None = None,
    flags: Sequence[str] = (),
) -> bytes:
    data: dict[str, Json] = {"ts": format_ts(ts), "registers": {k: float(v) for k, v in registers.items()}}
    if power_w is not None:
        data["power"] = round(power_w, 1)
    if voltage:
        data["voltage"] = _phase_value(voltage, 1)
    if current:
        data["current"] = _phase_value(current, 2)
    if frequency_hz is not None:
        data["frequency"] = round(frequency_hz, 3)
    if flags:
        data["flags"] = list(flags)
    return _dumps(data)


def encode_event(ts: datetime, code: str, event_class: EventClass, severity: Severity, text: str = "") -> bytes:
    return _dumps(
        {
            "ts": format_ts(ts),
            "code": code,
            "class": event_class.value,
            "severity": severity.value,
            "text": text,
        }
    )


def encode_status(online: bool) -> bytes:
    return b"online" if online else b"offline"


def encode_relay_set(command_id: UUID, state: RelayState) -> bytes:
    """The command we publish on ``<prefix>/<id>/relay/set`` (QoS 1, never retained)."""
    return _dumps({"id": str(command_id), "state": state.value})


def encode_relay_state(command_id: UUID | None, state: RelayState) -> bytes:
    """What a native meter answers on ``<prefix>/<id>/relay/state``."""
    return _dumps({"id": str(command_id) if command_id else None, "state": state.value})
