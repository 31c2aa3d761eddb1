"""The seam between MQTT topics and ingestion: one payload adapter per protocol.

An adapter turns a routed message (protocol, device id, kind) and its payload into device DTOs from
``services.ingest``, or raises ``InvalidInput`` with a :class:`RejectReason`. One payload may carry
several things (a zigbee2mqtt state has the energy and the relay state) or nothing meterbot uses (a
Tasmota temperature sensor): ``decode`` returns one DTO, a sequence of them, or an empty sequence,
which the listener ignores. The listener looks adapters up by ``Route.protocol``; each protocol's
topic rules are in ``meters.topics``.

Protocols: native (``meters.native``), Tasmota, Shelly Gen2 and zigbee2mqtt (this package).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol as TypingProtocol

from meters.topics import Route
from services.clock import Clock
from services.enums import Protocol
from services.ingest import DeviceMessage, EventIn, RelayStateIn, StatusIn, TelemetryIn

Decoded = DeviceMessage | Sequence[DeviceMessage]
"""What an adapter makes of one payload: one message, several, or none (an empty sequence)."""


class PayloadAdapter(TypingProtocol):
    def decode(self, route: Route, payload: bytes) -> Decoded:
        """The message(s) as DTOs; ``InvalidInput`` when the payload is not what the protocol says."""
        ...


def as_messages(decoded: Decoded) -> tuple[DeviceMessage, ...]:
    """Whatever ``decode`` returned, as a tuple of messages."""
    if isinstance(decoded, TelemetryIn | EventIn | StatusIn | RelayStateIn):
        return (decoded,)
    return tuple(decoded)


def default_adapters(clock: Clock | None = None) -> Mapping[Protocol, PayloadAdapter]:
    """Every protocol meterbot understands. ``clock`` gives the receive time where a payload has no
    timestamp of its own (zigbee2mqtt; Shelly without ``ts``): pass the clock ingestion uses."""
    from meters.adapters.shelly import ShellyAdapter
    from meters.adapters.tasmota import TasmotaAdapter
    from meters.adapters.zigbee2mqtt import Zigbee2MqttAdapter
    from meters.native import NativeAdapter
    from meters.shelly_rpc import ShellyRpcReplies

    return {
        Protocol.NATIVE: NativeAdapter(),
        Protocol.TASMOTA: TasmotaAdapter(),
        Protocol.SHELLY: ShellyRpcReplies(ShellyAdapter(clock)),
        Protocol.ZIGBEE2MQTT: Zigbee2MqttAdapter(clock),
    }
