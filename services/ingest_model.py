"""What the MQTT adapters hand to ingestion: DTOs, the limits of sane input, and their checks.

Adapters parse their protocol's payload into these DTOs and raise :class:`InvalidInput` for what they
cannot parse; :func:`check_telemetry` and friends apply the rules that hold for every protocol
(no negative or absurd values, no timestamps from the future). ``InvalidInput.reason`` is one of
:class:`RejectReason`, ``InvalidInput.field`` says where; a quarantine row stores ``"reason: field"``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from enum import IntFlag, StrEnum
from uuid import UUID

from services.enums import EventClass, Protocol, QuarantineSource, RelayState, Severity
from services.errors import InvalidInput

MAX_PAYLOAD_BYTES = 64 * 1024
QUARANTINE_PAYLOAD_BYTES = 2 * 1024
MAX_FUTURE = timedelta(minutes=10)
MAX_UTC_OFFSET = timedelta(hours=14)
"""How far a local time can be from UTC: the slack for checking a naive (site-local) time before the
site's zone is known."""
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
"""Devices with an unset clock report 1970; anything before this is treated as absurd."""
MAX_DEVICE_ID = 128
REGISTERS = ("t1", "t2", "t3", "t4")
MAX_REGISTER_KWH = Decimal("999999999.999")
KWH_STEP = Decimal("0.001")
MAX_POWER_W = 10_000_000.0
MAX_VOLTAGE_V = 1_000.0
MAX_CURRENT_A = 10_000.0
MAX_FREQUENCY_HZ = 100.0
MAX_PHASES = 3
MAX_EVENT_CODE = 64
MAX_EVENT_TEXT = 2_000


class RejectReason(StrEnum):
    """Why an input went to quarantine (stable codes, shown to operators and in /metrics)."""

    NOT_JSON = "not_json"
    BAD_SCHEMA = "bad_schema"
    NEGATIVE = "negative_value"
    ABSURD = "absurd_value"
    FUTURE = "future_timestamp"
    OVERSIZE = "oversize"
    UNKNOWN_TOPIC = "unknown_topic"
    DB_REJECTED = "db_rejected"
    INTERNAL = "internal_error"


class ReadingFlag(IntFlag):
    """Bits of ``Reading.flags`` that a device may report (native ``"flags": [...]`` by name)."""

    CLOCK_UNSYNCED = 1
    ESTIMATED = 2
    TAMPER = 4
    POWER_FAIL = 8
    RESET = 16

    @classmethod
    def from_names(cls, names: tuple[str, ...]) -> ReadingFlag:
        """Known names (case-insensitive) become bits; unknown ones are ignored."""
        value = cls(0)
        for name in names:
            member = cls.__members__.get(name.upper())
            if member is not None:
                value |= member
        return value


def reject(field_name: str, reason: RejectReason) -> InvalidInput:
    return InvalidInput(field_name, reason.value)


def reason_text(error: InvalidInput) -> str:
    """How a rejection reads in the quarantine: ``"negative_value: registers.t1"``."""
    return f"{error.reason}: {error.field}"


@dataclass(frozen=True, slots=True)
class TelemetryIn:
    """A telemetry message: cumulative registers (kWh) and optional instantaneous values."""

    serial: str
    """The device id from the topic: the serial (or topic id) of a native meter, the topic id else."""
    ts: datetime
    """Aware; or naive for a device that reports the local time of its site without an offset
    (Tasmota): ingestion reads it in the meter's site time zone when it writes the batch."""
    registers: Mapping[str, Decimal] = field(default_factory=dict)
    power_w: float | None = None
    voltage: tuple[float, ...] = ()
    current: tuple[float, ...] = ()
    frequency_hz: float | None = None
    flags: tuple[str, ...] = ()
    protocol: Protocol = Protocol.NATIVE
    raw: bytes = field(default=b"", repr=False, compare=False)

    @property
    def has_sample(self) -> bool:
        return self.power_w is not None or bool(self.voltage or self.current) or self.frequency_hz is not None


@dataclass(frozen=True, slots=True)
class EventIn:
    serial: str
    ts: datetime
    code: str
    event_class: EventClass = EventClass.OTHER
    severity: Severity = Severity.INFO
    text: str = ""
    protocol: Protocol = Protocol.NATIVE
    raw: bytes = field(default=b"", repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class StatusIn:
    """Online/offline, usually the device's retained last will."""

    serial: str
    online: bool
    protocol: Protocol = Protocol.NATIVE
    raw: bytes = field(default=b"", repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class RelayStateIn:
    """The relay's state as the device reports it; ``command_id`` echoes our command where it can."""

    serial: str
    state: RelayState
    command_id: UUID | None = None
    protocol: Protocol = Protocol.NATIVE
    raw: bytes = field(default=b"", repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class QuarantineIn:
    topic: str
    payload: bytes
    reason: str
    source: QuarantineSource = QuarantineSource.MQTT


DeviceMessage = TelemetryIn | EventIn | StatusIn | RelayStateIn
Inbound = DeviceMessage | QuarantineIn


# --- checks ----------------------------------------------------------------------------------------


def _check_device(serial: str) -> None:
    if not serial or len(serial) > MAX_DEVICE_ID:
        raise reject("serial", RejectReason.BAD_SCHEMA)


def check_ts(ts: datetime, now: datetime, field_name: str = "ts") -> datetime:
    """The timestamp in UTC, or an error when it is naive, absurdly old or from the future."""
    if ts.tzinfo is not UTC:
        if ts.tzinfo is None or ts.utcoffset() is None:
            raise reject(field_name, RejectReason.BAD_SCHEMA)
        ts = ts.astimezone(UTC)
    if ts < EARLIEST:
        raise reject(field_name, RejectReason.ABSURD)
    if ts > now + MAX_FUTURE:
        raise reject(field_name, RejectReason.FUTURE)
    return ts


def check_local_ts(ts: datetime, now: datetime, field_name: str = "ts") -> datetime:
    """A naive time (the site's local time), checked as far as it can be without the site's zone;
    :func:`localize` checks it exactly once the zone is known."""
    loose = ts.replace(tzinfo=UTC)
    if loose < EARLIEST:
        raise reject(field_name, RejectReason.ABSURD)
    if loose > now + MAX_FUTURE + MAX_UTC_OFFSET:
        raise reject(field_name, RejectReason.FUTURE)
    return ts


def localize(item: TelemetryIn, zone: tzinfo, now: datetime) -> TelemetryIn:
    """``item`` with its naive time read in ``zone`` (the earlier of a repeated hour), in UTC."""
    if item.ts.tzinfo is not None:
        return item
    return dataclasses.replace(item, ts=check_ts(item.ts.replace(tzinfo=zone), now))


def _check_range(value: float, field_name: str, upper: float) -> float:
    if not math.isfinite(value):
        raise reject(field_name, RejectReason.ABSURD)
    if value < 0:
        raise reject(field_name, RejectReason.NEGATIVE)
    if value > upper:
        raise reject(field_name, RejectReason.ABSURD)
    return float(value)


def _check_phases(values: tuple[float, ...], field_name: str, upper: float) -> tuple[float, ...]:
    if len(values) > MAX_PHASES:
        raise reject(field_name, RejectReason.BAD_SCHEMA)
    return tuple(_check_range(v, f"{field_name}[{i}]", upper) for i, v in enumerate(values))


def _check_register(name: str, value: Decimal) -> Decimal:
    field_name = f"registers.{name}"
    if name not in REGISTERS:
        raise reject(field_name, RejectReason.BAD_SCHEMA)
    if not value.is_finite():
        raise reject(field_name, RejectReason.ABSURD)
    if value < 0:
        raise reject(field_name, RejectReason.NEGATIVE)
    if value > MAX_REGISTER_KWH:
        raise reject(field_name, RejectReason.ABSURD)
    return value.quantize(KWH_STEP, rounding=ROUND_HALF_UP)


def check_telemetry(item: TelemetryIn, now: datetime) -> TelemetryIn:
    """``item`` normalised (UTC time, registers to 0.001 kWh) or :class:`InvalidInput`.

    This runs for every telemetry message (thousands a second): the result is built directly rather
    than with ``dataclasses.replace``, which costs several times more."""
    _check_device(item.serial)
    ts = check_local_ts(item.ts, now) if item.ts.tzinfo is None else check_ts(item.ts, now)
    registers = {name: _check_register(name, value) for name, value in item.registers.items()}
    power = None if item.power_w is None else _check_range(item.power_w, "power", MAX_POWER_W)
    frequency = None if item.frequency_hz is None else _check_range(item.frequency_hz, "frequency", MAX_FREQUENCY_HZ)
    voltage = _check_phases(item.voltage, "voltage", MAX_VOLTAGE_V) if item.voltage else ()
    current = _check_phases(item.current, "current", MAX_CURRENT_A) if item.current else ()
    if not registers and power is None and not voltage and not current and frequency is None:
        raise reject("registers", RejectReason.BAD_SCHEMA)
    return TelemetryIn(
        item.serial, ts, registers, power, voltage, current, frequency, item.flags, item.protocol, item.raw
    )


def check_event(item: EventIn, now: datetime) -> EventIn:
    _check_device(item.serial)
    if not item.code or len(item.code) > MAX_EVENT_CODE:
        raise reject("code", RejectReason.BAD_SCHEMA)
    return dataclasses.replace(item, ts=check_ts(item.ts, now), text=item.text[:MAX_EVENT_TEXT])


def check_status(item: StatusIn) -> StatusIn:
    _check_device(item.serial)
    return item


def check_relay_state(item: RelayStateIn) -> RelayStateIn:
    _check_device(item.serial)
    if item.state not in (RelayState.ON, RelayState.OFF):
        raise reject("state", RejectReason.BAD_SCHEMA)
    return item


def printable_payload(payload: bytes, limit: int = QUARANTINE_PAYLOAD_BYTES) -> str:
    """At most ``limit`` bytes of ``payload`` as text that any database stores (no NUL)."""
    text = payload[:limit].decode("utf-8", errors="backslashreplace")
    return text.replace("\x00", "\\x00")
