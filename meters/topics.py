"""Topic routing: which MQTT topics we listen to and what each one carries.

A :class:`TopicRule` is an MQTT filter in which one ``+`` level stands for the device id, plus the
protocol and the kind of message. The router tries its rules in order; the listener subscribes to
their filters. Adapters for other protocols (Tasmota ``tele/+/SENSOR``, zigbee2mqtt, Shelly) add
rules here next to :func:`native_rules`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from services.enums import Protocol

NATIVE_PREFIX = "meterbot"


class MessageKind(StrEnum):
    TELEMETRY = "telemetry"
    EVENT = "event"
    STATUS = "status"
    RELAY_STATE = "relay/state"
    RELAY_SET = "relay/set"
    """We publish it (a command); never subscribed to."""


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


def default_router(prefix: str = NATIVE_PREFIX) -> TopicRouter:
    """Every protocol meterbot understands today: the native one."""
    return TopicRouter(native_rules(prefix))
