"""Shelly Gen2+ devices (Plus/Pro 1PM, Pro 3EM, Pro EM, …) over MQTT RPC notifications.

The device id is the device's MQTT topic prefix (by default its id, ``shellypro3em-a8032ab12345``).

* ``<prefix>/events/rpc``: ``{"src": ..., "dst": ..., "method": "NotifyStatus", "params": {"ts":
  1795428000.12, "switch:0": {...}}}``. A NotifyStatus carries only what changed: it is merged onto the
  last known status of the device (kept in memory), and a missing field is never read as zero. The
  components read: ``switch:N`` (``output``, ``apower`` W, ``voltage``, ``current``, ``freq``,
  ``aenergy.total`` Wh), ``em:N`` (``a_voltage``…``c_voltage``, ``a_current``…, ``total_act_power``,
  ``a_freq``…), ``emdata:N`` (``total_act`` Wh), ``em1:N`` (``act_power``, ``voltage``, ``current``,
  ``freq``) and ``em1data:N`` (``total_act_energy`` Wh). ``NotifyFullStatus`` replaces what is known;
  other methods (``NotifyEvent``) and components (``sys``, ``wifi``) are ignored.
* ``<prefix>/online``: ``true`` / ``false`` (the last will).

Channels: channel 0 of a device (``switch:0``, ``em:0``/``emdata:0``, ``em1:0``/``em1data:0``) is the
meter with topic id ``<prefix>``; channel N > 0 (the second relay of a Plus 2PM, the second CT of a
Pro EM) is the meter ``<prefix>:N``. Telemetry is stamped with ``params.ts`` (the receive time, to the
second, when a device without a synchronised clock leaves it out). A notification yields telemetry for a
channel when it carries a measured value of it; instantaneous values it leaves out come from the known
status; the energy register (Wh → kWh, a single register ``t1``) only when the notification carries it,
because Shelly reports energy once a minute and a stale total at a later time would misplace
consumption. ``switch:N.output`` is the relay's state (no command id; replies to our RPC requests are
``meters.shelly_rpc``'s).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TypeVar

from meters.adapters import Decoded
from meters.adapters.common import KWH_PER_WH, Json, json_object, number, received_at, text
from meters.native import parse_ts
from meters.topics import MessageKind, Route
from services.clock import Clock, SystemClock
from services.enums import Protocol, RelayState
from services.ingest import DeviceMessage, RejectReason, RelayStateIn, StatusIn, TelemetryIn
from services.ingest_model import reject

NOTIFY_STATUS = "NotifyStatus"
NOTIFY_FULL_STATUS = "NotifyFullStatus"
PHASES = ("a", "b", "c")
MAX_DEVICES = 10_000
"""Devices whose last status is kept; the least recently heard is forgotten first."""

T = TypeVar("T")
Component = Mapping[str, Json]
Status = dict[str, Component]


@dataclass(frozen=True, slots=True)
class Measures:
    """What one component says about its channel; ``None`` / empty is "not said"."""

    power: Decimal | None = None
    voltage: tuple[Decimal, ...] = ()
    current: tuple[Decimal, ...] = ()
    frequency: Decimal | None = None
    energy_wh: Decimal | None = None

    def __bool__(self) -> bool:
        return any(v is not None and v != () for v in (self.power, self.voltage, self.current, self.frequency))

    def said(self) -> bool:
        return bool(self) or self.energy_wh is not None


@dataclass(slots=True)
class Channel:
    measures: list[Measures] = field(default_factory=list)
    fresh: list[Measures] = field(default_factory=list)
    relay: RelayState | None = None


class ShellyAdapter:
    def __init__(self, clock: Clock | None = None, max_devices: int = MAX_DEVICES) -> None:
        self._clock = clock or SystemClock()
        self._max_devices = max_devices
        self._known: OrderedDict[str, Status] = OrderedDict()

    def decode(self, route: Route, payload: bytes) -> Decoded:
        match route.kind:
            case MessageKind.TELEMETRY:
                return self.notification(route.device, payload)
            case MessageKind.STATUS:
                return parse_online(route.device, payload, self.channels(route.device))
        raise reject("topic", RejectReason.UNKNOWN_TOPIC)

    def channels(self, device: str) -> tuple[int, ...]:
        """The channels of ``device`` heard of so far (0 always)."""
        return tuple(sorted({0, *(_channel(key) for key in self._known.get(device, {}))}))

    def notification(self, device: str, payload: bytes) -> tuple[DeviceMessage, ...]:
        data = json_object(payload)
        method = data.get("method")
        if method not in (NOTIFY_STATUS, NOTIFY_FULL_STATUS):
            return ()
        params = data.get("params")
        if not isinstance(params, dict):
            raise reject("params", RejectReason.BAD_SCHEMA)
        fresh = _components(params)
        known = self._known.get(device, {})
        merged = dict(known)
        for key, component in fresh.items():
            merged[key] = component if method == NOTIFY_FULL_STATUS else _merge(known.get(key, {}), component)
        ts = received_at(self._clock) if params.get("ts") is None else parse_ts(params["ts"], "params.ts")
        messages = _messages(device, ts, fresh, merged, payload)
        self._remember(device, merged)
        return messages

    def _remember(self, device: str, status: Status) -> None:
        self._known[device] = status
        self._known.move_to_end(device)
        while len(self._known) > self._max_devices:
            self._known.popitem(last=False)


# --- reading the components ------------------------------------------------------------------------


def _kind(key: str) -> str:
    return key.partition(":")[0]


def _channel(key: str) -> int:
    _, _, index = key.partition(":")
    return int(index) if index.isdigit() else 0


def _components(params: Mapping[str, Json]) -> Status:
    found: Status = {}
    for key, value in params.items():
        if _kind(key) in READERS:
            if not isinstance(value, dict):
                raise reject(key, RejectReason.BAD_SCHEMA)
            found[key] = value
    return found


def _merge(known: Component, change: Component) -> Component:
    merged = dict(known)
    for key, value in change.items():
        old = known.get(key)
        merged[key] = _merge(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    return merged


def _value(component: Component, key: str, where: str) -> Decimal | None:
    value = component.get(key)
    return None if value is None else number(value, f"{where}.{key}")


def _leading(values: Iterable[Decimal | None]) -> tuple[Decimal, ...]:
    found: list[Decimal] = []
    for value in values:
        if value is None:
            break
        found.append(value)
    return tuple(found)


def _switch(key: str, c: Component) -> Measures:
    energy = c.get("aenergy")
    if energy is not None and not isinstance(energy, dict):
        raise reject(f"{key}.aenergy", RejectReason.BAD_SCHEMA)
    return Measures(
        power=_value(c, "apower", key),
        voltage=_leading([_value(c, "voltage", key)]),
        current=_leading([_value(c, "current", key)]),
        frequency=_value(c, "freq", key),
        energy_wh=None if energy is None else _value(energy, "total", f"{key}.aenergy"),
    )


def _em(key: str, c: Component) -> Measures:
    voltage = [_value(c, f"{p}_voltage", key) for p in PHASES]
    frequency = [_value(c, f"{p}_freq", key) for p in PHASES]
    live = [f for v, f in zip(voltage, frequency, strict=True) if v is not None and v > 0 and f is not None]
    return Measures(
        power=_value(c, "total_act_power", key),
        voltage=_leading(voltage),
        current=_leading([_value(c, f"{p}_current", key) for p in PHASES]),
        frequency=live[0] if live else None,  # a phase without voltage reports a meaningless frequency
    )


def _emdata(key: str, c: Component) -> Measures:
    total = _value(c, "total_act", key)
    if total is None:
        phases = [_value(c, f"{p}_total_act_energy", key) for p in PHASES]
        total = None if None in phases else sum((p for p in phases if p is not None), Decimal(0))
    return Measures(energy_wh=total)


def _em1(key: str, c: Component) -> Measures:
    return Measures(
        power=_value(c, "act_power", key),
        voltage=_leading([_value(c, "voltage", key)]),
        current=_leading([_value(c, "current", key)]),
        frequency=_value(c, "freq", key),
    )


def _em1data(key: str, c: Component) -> Measures:
    return Measures(energy_wh=_value(c, "total_act_energy", key))


READERS = {"em": _em, "em1": _em1, "switch": _switch, "emdata": _emdata, "em1data": _em1data}
"""Component kinds in the order their values win within a channel (meters before relays)."""


def _relay(key: str, c: Component) -> RelayState | None:
    output = c.get("output")
    if output is None or _kind(key) != "switch":
        return None
    if not isinstance(output, bool):
        raise reject(f"{key}.output", RejectReason.BAD_SCHEMA)
    return RelayState.ON if output else RelayState.OFF


def _first(values: Iterable[T | None]) -> T | None:
    return next((v for v in values if v is not None and v != ()), None)


def _messages(device: str, ts: datetime, fresh: Status, merged: Status, raw: bytes) -> tuple[DeviceMessage, ...]:
    channels: dict[int, Channel] = {}
    for key in sorted(merged, key=lambda k: list(READERS).index(_kind(k))):
        channel = channels.setdefault(_channel(key), Channel())
        channel.measures.append(READERS[_kind(key)](key, merged[key]))
        if key in fresh:
            channel.fresh.append(READERS[_kind(key)](key, fresh[key]))
            channel.relay = channel.relay or _relay(key, fresh[key])
    found: list[DeviceMessage] = []
    for number_, channel in sorted(channels.items()):
        serial = device if number_ == 0 else f"{device}:{number_}"
        if channel.relay is not None:
            found.append(RelayStateIn(serial=serial, state=channel.relay, protocol=Protocol.SHELLY, raw=raw))
        if any(m.said() for m in channel.fresh):
            found.append(_telemetry(serial, ts, channel, raw))
    return tuple(found)


def _telemetry(serial: str, ts: datetime, channel: Channel, raw: bytes) -> TelemetryIn:
    m = channel.measures
    energy = _first(f.energy_wh for f in channel.fresh)
    power, frequency = _first(x.power for x in m), _first(x.frequency for x in m)
    return TelemetryIn(
        serial=serial,
        ts=ts,
        registers={} if energy is None else {"t1": energy * KWH_PER_WH},
        power_w=None if power is None else float(power),
        voltage=tuple(float(v) for v in _first(x.voltage for x in m) or ()),
        current=tuple(float(c) for c in _first(x.current for x in m) or ()),
        frequency_hz=None if frequency is None else float(frequency),
        protocol=Protocol.SHELLY,
        raw=raw,
    )


_ONLINE = {"true": True, "online": True, "false": False, "offline": False}


def parse_online(device: str, payload: bytes, channels: Sequence[int] = (0,)) -> tuple[StatusIn, ...]:
    """``true`` / ``false``: the device, and each of its channels heard of, online or offline."""
    online = _ONLINE.get(text(payload).lower())
    if online is None:
        raise reject("online", RejectReason.BAD_SCHEMA)
    serials = [device if n == 0 else f"{device}:{n}" for n in channels]
    return tuple(StatusIn(serial=s, online=online, protocol=Protocol.SHELLY, raw=payload) for s in serials)


def split_channel(topic_id: str) -> tuple[str, int]:
    """A Shelly meter's topic id as (MQTT prefix, channel): ``"shellyplus2pm-ab:1"`` -> (…, 1)."""
    prefix, _, channel = topic_id.rpartition(":")
    return (prefix, int(channel)) if prefix and channel.isdigit() else (topic_id, 0)


# --- encoding (what the simulator publishes) -------------------------------------------------------


def encode_notification(device: str, ts: datetime, components: Mapping[str, Component], *, full: bool = False) -> bytes:
    """A ``<prefix>/events/rpc`` notification carrying ``components`` (each as much as changed)."""
    frame = {
        "src": device,
        "dst": f"{device}/events",
        "method": NOTIFY_FULL_STATUS if full else NOTIFY_STATUS,
        "params": {"ts": round(ts.timestamp(), 2), **components},
    }
    return json.dumps(frame, separators=(",", ":")).encode()


def switch_status(
    channel: int,
    *,
    output: bool | None = None,
    power_w: float | None = None,
    voltage: float | None = None,
    current: float | None = None,
    frequency_hz: float | None = None,
    energy_wh: float | None = None,
    minute_ts: int | None = None,
) -> dict[str, Json]:
    """A ``switch:N`` status with only the given fields (a partial one when some are left out)."""
    status: dict[str, Json] = {"id": channel}
    values = {"output": output, "apower": power_w, "voltage": voltage, "current": current, "freq": frequency_hz}
    status |= {key: value for key, value in values.items() if value is not None}
    if energy_wh is not None:
        status["aenergy"] = {"total": round(energy_wh, 3), "by_minute": [0, 0, 0], "minute_ts": minute_ts or 0}
    return status


def em_status(
    power_w: float, voltage: Sequence[float], current: Sequence[float], frequency_hz: float
) -> dict[str, Json]:
    """An ``em:0`` status of a three-phase meter (power split by the phases' currents)."""
    status: dict[str, Json] = {"id": 0}
    total_va = sum(v * c for v, c in zip(voltage, current, strict=True)) or 1.0
    for phase, v, c in zip(PHASES, voltage, current, strict=False):
        share = power_w * v * c / total_va
        status |= {
            f"{phase}_current": round(c, 3),
            f"{phase}_voltage": round(v, 1),
            f"{phase}_act_power": round(share, 1),
            f"{phase}_aprt_power": round(v * c, 1),
            f"{phase}_pf": round(share / (v * c), 2) if v * c else 0,
            f"{phase}_freq": round(frequency_hz, 1),
        }
    status |= {
        "n_current": None,
        "total_current": round(sum(current), 3),
        "total_act_power": round(power_w, 3),
        "total_aprt_power": round(total_va, 3),
    }
    return status


def emdata_status(energy_wh: float, shares: Sequence[float] = (1.0,)) -> dict[str, Json]:
    """An ``emdata:0`` status: the total and its split by phase, in Wh."""
    status: dict[str, Json] = {"id": 0}
    for phase, share in zip(PHASES, shares, strict=False):
        status |= {f"{phase}_total_act_energy": round(energy_wh * share, 2), f"{phase}_total_act_ret_energy": 0}
    status |= {"total_act": round(energy_wh, 2), "total_act_ret": 0}
    return status


def encode_online(online: bool) -> bytes:
    return b"true" if online else b"false"
