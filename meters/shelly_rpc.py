"""Shelly Gen2 relay commands over MQTT RPC: the ``Switch.Set`` request and the device's reply.

We publish ``{"id": <n>, "src": "<prefix>/<topic id>", "method": "Switch.Set", "params": {"id": 0,
"on": true}}`` on ``<device>/rpc`` (the meter ``<device>:1`` is ``"params": {"id": 1, ...}``, the
channel convention of ``meters.adapters.shelly``); the Shelly answers on ``<src>/rpc`` with the same ``id`` and either
``"result": {"was_on": ...}`` or ``"error": {"code": ..., "message": ...}``. Choosing ``src`` per meter
makes the reply topic name the meter (``meters.topics.shelly_rpc_reply_rule``), so the listener routes it
like any other device message and nothing has to be remembered between the request and the reply.

The reply carries neither the new state nor our command's UUID, so the request id carries both: the
command's short id (``services.relay.short_id``) times two, plus one for "on". A reply with a result
reports the requested state; a reply with an error reports the other one (the relay did not switch),
which fails the command.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Protocol as TypingProtocol
from uuid import UUID

from meters.adapters.shelly import split_channel
from meters.native import load_json
from meters.topics import NATIVE_PREFIX, MessageKind, Route
from services.enums import Protocol, RelayAction, RelayState
from services.ingest import DeviceMessage, RejectReason, RelayStateIn
from services.ingest_model import reject
from services.relay import SHORT_ID_MASK, short_id, short_reference

MAX_RPC_ID = (SHORT_ID_MASK << 1) | 1


def rpc_id(command_id: UUID, action: RelayAction) -> int:
    """The request id of a command: its short id and the requested state in the lowest bit."""
    return (short_id(command_id) << 1) | (1 if action is RelayAction.ON else 0)


def reply_source(topic_id: str, prefix: str = NATIVE_PREFIX) -> str:
    """Our ``src``: the Shelly answers on ``<src>/rpc``."""
    return f"{prefix}/{topic_id}"


def request_topic(topic_id: str) -> str:
    """Where the device of a meter takes RPC requests: ``<MQTT prefix>/rpc``."""
    device, _ = split_channel(topic_id)
    return f"{device}/rpc"


def switch_set(command_id: UUID, action: RelayAction, topic_id: str, prefix: str = NATIVE_PREFIX) -> bytes:
    """The request for the meter with ``topic_id``: its switch is ``switch:<channel>`` of its device."""
    _, channel = split_channel(topic_id)
    request = {
        "id": rpc_id(command_id, action),
        "src": reply_source(topic_id, prefix),
        "method": "Switch.Set",
        "params": {"id": channel, "on": action is RelayAction.ON},
    }
    return json.dumps(request, separators=(",", ":")).encode()


def parse_rpc_reply(device: str, payload: bytes) -> RelayStateIn:
    """A Shelly's reply to ``Switch.Set`` as the state it leaves the relay in, with our command's short id."""
    data = load_json(payload)
    if not isinstance(data, dict):
        raise reject("payload", RejectReason.BAD_SCHEMA)
    request_id = data.get("id")
    if isinstance(request_id, bool) or not isinstance(request_id, int) or not 0 <= request_id <= MAX_RPC_ID:
        raise reject("id", RejectReason.BAD_SCHEMA)
    requested = RelayState.ON if request_id & 1 else RelayState.OFF
    if isinstance(data.get("result"), dict):
        state = requested
    elif isinstance(data.get("error"), dict):
        state = RelayState.OFF if requested is RelayState.ON else RelayState.ON
    else:
        raise reject("result", RejectReason.BAD_SCHEMA)
    return RelayStateIn(
        serial=device,
        state=state,
        command_id=short_reference(request_id >> 1),
        protocol=Protocol.SHELLY,
        raw=payload,
    )


class _Adapter(TypingProtocol):
    """``meters.adapters.PayloadAdapter``, spelled out here so that the adapters may import this module."""

    def decode(self, route: Route, payload: bytes) -> DeviceMessage | Sequence[DeviceMessage]: ...


class ShellyRpcReplies:
    """A payload adapter for Shelly topics: RPC replies here, everything else to ``inner`` (the Shelly
    telemetry adapter), so that both live under ``Protocol.SHELLY`` in the listener's registry."""

    def __init__(self, inner: _Adapter | None = None) -> None:
        self._inner = inner

    def decode(self, route: Route, payload: bytes) -> DeviceMessage | Sequence[DeviceMessage]:
        if route.kind is MessageKind.RPC_REPLY:
            return parse_rpc_reply(route.device, payload)
        if self._inner is None:
            raise reject("topic", RejectReason.UNKNOWN_TOPIC)
        return self._inner.decode(route, payload)
