"""The seam between MQTT topics and ingestion: one payload adapter per protocol.

An adapter turns a routed message (protocol, device id, kind) and its payload into a device DTO
from ``services.ingest``, or raises ``InvalidInput`` with a :class:`RejectReason`. The listener looks
adapters up by ``Route.protocol``; Tasmota, Shelly and zigbee2mqtt adapters join the registry in
:func:`default_adapters` together with their topic rules in ``meters.topics``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol as TypingProtocol

from meters.topics import Route
from services.enums import Protocol
from services.ingest import DeviceMessage


class PayloadAdapter(TypingProtocol):
    def decode(self, route: Route, payload: bytes) -> DeviceMessage:
        """The message as a DTO; ``InvalidInput`` when the payload is not what the protocol says."""
        ...


def default_adapters() -> Mapping[Protocol, PayloadAdapter]:
    from meters.native import NativeAdapter

    return {Protocol.NATIVE: NativeAdapter()}
