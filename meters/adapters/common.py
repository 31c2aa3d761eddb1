"""Small parsing helpers the device adapters share: JSON objects, numbers, on/off words, receive time.

Numbers are read as ``Decimal`` (exact registers) and must be JSON numbers: a string or a boolean
where a number belongs is ``bad_schema: <field>``; ``null`` counts as absent.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from meters.native import load_json
from services.clock import Clock
from services.enums import RelayState
from services.ingest import RejectReason
from services.ingest_model import reject

Json = Any
KWH_PER_WH = Decimal("0.001")


def json_object(payload: bytes) -> Mapping[str, Json]:
    data = load_json(payload)
    if not isinstance(data, dict):
        raise reject("payload", RejectReason.BAD_SCHEMA)
    return data


def number(value: Json, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise reject(field, RejectReason.BAD_SCHEMA)
    return Decimal(value)


def optional_number(data: Mapping[str, Json], key: str, field: str | None = None) -> Decimal | None:
    value = data.get(key)
    return None if value is None else number(value, field or key)


def numbers(value: Json, field: str) -> tuple[Decimal, ...]:
    """A number or a non-empty list of numbers (Tasmota's per-phase or per-channel arrays)."""
    if value is None:
        return ()
    if isinstance(value, list):
        if not value:
            raise reject(field, RejectReason.BAD_SCHEMA)
        return tuple(number(v, f"{field}[{i}]") for i, v in enumerate(value))
    return (number(value, field),)


def as_floats(values: tuple[Decimal, ...]) -> tuple[float, ...]:
    return tuple(float(v) for v in values)


def optional_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def text(payload: bytes) -> str:
    """The payload as stripped text (plain-text topics: LWT, POWER, availability)."""
    try:
        return payload.decode("utf-8").strip()
    except UnicodeDecodeError as exc:
        raise reject("payload", RejectReason.NOT_JSON) from exc


_SWITCH = {"on": RelayState.ON, "off": RelayState.OFF}


def on_off(value: Json) -> RelayState | None:
    """``"ON"`` / ``"OFF"`` (any case) as a relay state; anything else is not a relay's state."""
    return _SWITCH.get(value.strip().lower()) if isinstance(value, str) else None


def received_at(clock: Clock) -> datetime:
    """The receive time, to the whole second: the timestamp of a payload that has none."""
    return clock.now().replace(microsecond=0)
