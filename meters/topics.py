"""Topic routing: which MQTT topics we listen to and what each one carries.

A :class:`TopicRule` is an MQTT filter in which one ``+`` level stands for the device id, plus the
protocol and the kind of message. The router tries its rules in order (the most specific protocols
first, Shelly's two-level ``+/online`` last); the listener subscribes to their filters. The device id
is the meter's topic id in the registry: the native id, Tasmota's ``%topic%``, the Shelly MQTT prefix
(its device id by default), the zigbee2mqtt friendly name. Each must be a single topic level.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from services.enums import Protocol

NATIVE_PREFIX = "meterbot"
TASMOTA_TELE = "tele"
TASMOTA_STAT = "stat"
ZIGBEE2MQTT_BASE = "zigbee2mqtt"


class MessageKind(StrEnum):
    TELEMETRY = "telemetry"
    EVENT = "event"
    STATUS = "status"
    RELAY_STATE = "relay/state"
    RELAY_SET = "relay/set"
    """We publish it (a command); never subscribed to."""
    RPC_REPLY = "rpc"
    """A Shelly's answer to our RPC request (``meters.shelly_rpc``), on ``<prefix>/<topic id>/rpc``."""


@dataclass(frozen=True, slots=True)
class Route:
    """A topic resolved: whose message it is and what it carries."""

    protocol: Protocol
    device: str
    kind: MessageKind


@dataclass(frozen=True, slots=True)
class TopicRule:
    protocol: Protocol
    filter: str
    """An MQTT filter with exactly one ``+`` level: the device id."""
    kind: MessageKind

    def __post_init__(self) -> None:
        levels = self.filter.split("/")
        if levels.count("+") != 1 or "#" in levels:
            raise ValueError(f"a rule's filter needs exactly one '+' and no '#': {self.filter!r}")

    def match(self, topic: str) -> str | None:
        """The device id when ``topic`` matches this rule."""
        levels = topic.split("/")
        pattern = self.filter.split("/")
        if len(levels) != len(pattern):
            return None
        device = None
        for level, want in zip(levels, pattern, strict=True):
            if want == "+":
                device = level
            elif level != want:
                return None
        return device or None


class TopicRouter:
    def __init__(self, rules: Iterable[TopicRule]) -> None:
        self.rules = tuple(rules)

    @property
    def subscriptions(self) -> tuple[str, ...]:
        """The filters to subscribe to (QoS 1), without repeats."""
        return tuple(dict.fromkeys(rule.filter for rule in self.rules))

    def route(self, topic: str) -> Route | None:
        for rule in self.rules:
            device = rule.match(topic)
            if device is not None:
                return Route(rule.protocol, device, rule.kind)
        return None


def native_topic(device: str, kind: MessageKind, prefix: str = NATIVE_PREFIX) -> str:
    """``<prefix>/<device>/<kind>``, e.g. ``meterbot/0123456789/telemetry``."""
    return f"{prefix}/{device}/{kind.value}"


def native_rules(prefix: str = NATIVE_PREFIX) -> tuple[TopicRule, ...]:
    kinds = (MessageKind.TELEMETRY, MessageKind.EVENT, MessageKind.STATUS, MessageKind.RELAY_STATE)
    return tuple(TopicRule(Protocol.NATIVE, native_topic("+", kind, prefix), kind) for kind in kinds)


def shelly_rpc_reply_rule(prefix: str = NATIVE_PREFIX) -> TopicRule:
    """Where Shellies answer our relay commands: we send ``"src": "<prefix>/<topic id>"``."""
    return TopicRule(Protocol.SHELLY, native_topic("+", MessageKind.RPC_REPLY, prefix), MessageKind.RPC_REPLY)


def tasmota_topic(device: str, name: str, prefix: str = TASMOTA_TELE) -> str:
    """Tasmota's default FullTopic ``%prefix%/%topic%/``, e.g. ``tele/plug_7/SENSOR``."""
    return f"{prefix}/{device}/{name}"


def tasmota_rules() -> tuple[TopicRule, ...]:
    """Energy (``tele/<t>/SENSOR``), the last will (``LWT``), relay state (``tele/<t>/STATE``,
    ``stat/<t>/POWER`` / ``POWER1``, ``stat/<t>/RESULT``)."""
    return (
        TopicRule(Protocol.TASMOTA, tasmota_topic("+", "SENSOR"), MessageKind.TELEMETRY),
        TopicRule(Protocol.TASMOTA, tasmota_topic("+", "LWT"), MessageKind.STATUS),
        TopicRule(Protocol.TASMOTA, tasmota_topic("+", "STATE"), MessageKind.RELAY_STATE),
        TopicRule(Protocol.TASMOTA, tasmota_topic("+", "POWER", TASMOTA_STAT), MessageKind.RELAY_STATE),
        TopicRule(Protocol.TASMOTA, tasmota_topic("+", "POWER1", TASMOTA_STAT), MessageKind.RELAY_STATE),
        TopicRule(Protocol.TASMOTA, tasmota_topic("+", "RESULT", TASMOTA_STAT), MessageKind.RELAY_STATE),
    )


def zigbee2mqtt_topic(device: str, suffix: str = "", base: str = ZIGBEE2MQTT_BASE) -> str:
    """``zigbee2mqtt/<friendly name>`` (the state) or ``zigbee2mqtt/<friendly name>/<suffix>``."""
    return f"{base}/{device}/{suffix}" if suffix else f"{base}/{device}"


def zigbee2mqtt_rules(base: str = ZIGBEE2MQTT_BASE) -> tuple[TopicRule, ...]:
    """The device state and its availability; ``bridge/...`` topics are deeper and never match."""
    return (
        TopicRule(Protocol.ZIGBEE2MQTT, zigbee2mqtt_topic("+", base=base), MessageKind.TELEMETRY),
        TopicRule(Protocol.ZIGBEE2MQTT, zigbee2mqtt_topic("+", "availability", base), MessageKind.STATUS),
    )


def shelly_topic(device: str, suffix: str) -> str:
    """``<prefix>/events/rpc`` or ``<prefix>/online`` of a Shelly Gen2 device."""
    return f"{device}/{suffix}"


def shelly_rules() -> tuple[TopicRule, ...]:
    """Notifications (``<prefix>/events/rpc``) and the last will (``<prefix>/online``)."""
    return (
        TopicRule(Protocol.SHELLY, shelly_topic("+", "events/rpc"), MessageKind.TELEMETRY),
        TopicRule(Protocol.SHELLY, shelly_topic("+", "online"), MessageKind.STATUS),
    )


def default_router(prefix: str = NATIVE_PREFIX) -> TopicRouter:
    """Every protocol meterbot understands: native (under ``prefix``, with the replies to our Shelly
    RPC requests), Tasmota, zigbee2mqtt, Shelly. Shelly's two-level ``+/online`` comes last."""
    return TopicRouter(
        (*native_rules(prefix), shelly_rpc_reply_rule(prefix), *tasmota_rules(), *zigbee2mqtt_rules(), *shelly_rules())
    )


def split_router(router: TopicRouter, kinds: Iterable[MessageKind]) -> tuple[TopicRouter, TopicRouter]:
    """(the rules of every other kind, the rules of ``kinds``), each in the original order: for a
    listener of their own, so that those messages never wait behind the others at the broker."""
    chosen = frozenset(kinds)
    return (
        TopicRouter(rule for rule in router.rules if rule.kind not in chosen),
        TopicRouter(rule for rule in router.rules if rule.kind in chosen),
    )
