"""Relay commands on the wire: one encoding per protocol, the MQTT publisher, and the worker loop.

| protocol | topic | payload |
| --- | --- | --- |
| native | ``<prefix>/<topic id>/relay/set`` | ``{"id": "<command uuid>", "state": "off"}`` |
| Shelly Gen2 | ``<device>/rpc`` | ``Switch.Set`` RPC with a numeric id (``meters.shelly_rpc``) |
| Tasmota | ``cmnd/<topic id>/POWER`` | ``OFF`` / ``ON`` |
| zigbee2mqtt | ``zigbee2mqtt/<topic id>/set`` | ``{"state": "OFF"}`` |

Every command goes out with QoS 1 and never retained, so that a device reconnecting later never acts on
a stale command. :class:`MqttRelayPublisher` keeps one connection open (reconnecting with backoff) and
says :class:`~services.relay.RelayNotSent` while it has none, so the command waits in the queue.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass

import aiomqtt
import paho.mqtt.client as paho

from meters.connection import Backoff, Endpoint
from meters.native import encode_relay_set
from meters.shelly_rpc import request_topic, switch_set
from meters.topics import (
    NATIVE_PREFIX,
    ZIGBEE2MQTT_BASE,
    MessageKind,
    native_topic,
    tasmota_topic,
    zigbee2mqtt_topic,
)
from services.enums import Protocol, RelayAction, RelayState
from services.health import ComponentState, HealthRegistry
from services.relay import CommandDTO, RelayNotSent, RelayService

log = logging.getLogger(__name__)

COMPONENT = "mqtt_relay"
TASMOTA_COMMAND_PREFIX = "cmnd"
_NOT_SENT_CODES = frozenset({paho.MQTT_ERR_NO_CONN, paho.MQTT_ERR_QUEUE_SIZE})
"""paho's answers when a message was not written to the connection (and never will be)."""


@dataclass(frozen=True, slots=True)
class RelayMessage:
    topic: str
    payload: bytes


def encode_command(
    command: CommandDTO, *, prefix: str = NATIVE_PREFIX, zigbee_base: str = ZIGBEE2MQTT_BASE
) -> RelayMessage:
    """What to publish for ``command``, in its meter's protocol."""
    device, action = command.topic_id, command.action
    match command.protocol:
        case Protocol.NATIVE:
            topic = native_topic(device, MessageKind.RELAY_SET, prefix)
            return RelayMessage(topic, encode_relay_set(command.id, RelayState(action.value)))
        case Protocol.SHELLY:
            return RelayMessage(request_topic(device), switch_set(command.id, action, device, prefix))
        case Protocol.TASMOTA:
            return RelayMessage(tasmota_topic(device, "POWER", TASMOTA_COMMAND_PREFIX), _on_off(action).encode())
        case Protocol.ZIGBEE2MQTT:
            topic = zigbee2mqtt_topic(device, "set", zigbee_base)
            return RelayMessage(topic, json.dumps({"state": _on_off(action)}).encode())
    raise ValueError(f"no relay encoding for protocol {command.protocol!r}")


def _on_off(action: RelayAction) -> str:
    return "ON" if action is RelayAction.ON else "OFF"


class MqttRelayPublisher:
    """The MQTT side of :class:`services.relay.RelayPublisher`: run :meth:`run` as a task."""

    def __init__(
        self,
        url: str,
        client_id: str,
        *,
        prefix: str = NATIVE_PREFIX,
        zigbee_base: str = ZIGBEE2MQTT_BASE,
        health: HealthRegistry | None = None,
        backoff: Backoff | None = None,
        publish_timeout: float = 10.0,
    ) -> None:
        self._endpoint = Endpoint.from_url(url)
        self._client_id = client_id
        self._prefix = prefix
        self._zigbee_base = zigbee_base
        self._health = health or HealthRegistry()
        self._backoff = backoff or Backoff()
        self._publish_timeout = publish_timeout
        self._client: aiomqtt.Client | None = None
        self.connected = asyncio.Event()
        """Set while connected; for tests and start-up ordering."""

    async def publish(self, command: CommandDTO) -> None:
        client = self._client
        if client is None:
            raise RelayNotSent(f"no connection to {self._endpoint.safe_url}")
        message = encode_command(command, prefix=self._prefix, zigbee_base=self._zigbee_base)
        try:
            await client.publish(message.topic, message.payload, qos=1, retain=False, timeout=self._publish_timeout)
        except aiomqtt.MqttCodeError as exc:
            if exc.rc in _NOT_SENT_CODES:
                raise RelayNotSent(str(exc)) from exc
            raise

    async def run(self, stop: asyncio.Event) -> None:
        """Stay connected until ``stop`` is set, reconnecting with backoff."""
        self._health.set(COMPONENT, ComponentState.STARTING, self._endpoint.safe_url)
        attempt = 0
        try:
            while not stop.is_set():
                try:
                    await self._session(stop)
                    attempt = 0
                except aiomqtt.MqttError as exc:
                    attempt = 0 if self.connected.is_set() else attempt
                    self.connected.clear()
                    delay = self._backoff.delay(attempt)
                    attempt += 1
                    self._health.set(COMPONENT, ComponentState.DOWN, str(exc))
                    log.warning(
                        "MQTT relay publisher: broker unreachable at %s, retrying in %.0f s (%s)",
                        self._endpoint.safe_url,
                        delay,
                        exc,
                    )
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), delay)
        finally:
            self._client = None
            self.connected.clear()
            self._health.set(COMPONENT, ComponentState.DOWN, "stopped")

    async def _session(self, stop: asyncio.Event) -> None:
        client = self._endpoint.client(self._client_id)
        try:
            async with client:
                self._client = client
                self.connected.set()
                self._health.set(COMPONENT, ComponentState.UP, self._endpoint.safe_url)
                log.info("MQTT relay publisher connected to %s as %s", self._endpoint.safe_url, self._client_id)
                await _until_disconnected(client, stop)
        finally:
            self._client = None


async def _until_disconnected(client: aiomqtt.Client, stop: asyncio.Event) -> None:
    """Wait for ``stop``; ``MqttError`` when the connection drops first (nothing is subscribed, so the
    message iterator only ever ends with the connection)."""
    lost = asyncio.ensure_future(anext(client.messages))
    stopped = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({lost, stopped}, return_when=asyncio.FIRST_COMPLETED)
        if lost.done():
            lost.result()
    finally:
        for task in (lost, stopped):
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError, aiomqtt.MqttError):
            await lost


async def run_relay_worker(service: RelayService, stop: asyncio.Event, interval: float = 1.0) -> None:
    """Resume after a restart, then publish queued commands and time out late ones every ``interval``
    seconds (sooner when a request or a report wakes the service) until ``stop``."""
    resumed = False
    while not stop.is_set():
        try:
            if not resumed:
                await service.resume_after_restart()
                resumed = True
            await service.dispatch()
            await service.sweep()
        except Exception:  # the database may be away for a while: keep going
            log.exception("relay worker: a round failed")
        stopped = asyncio.ensure_future(stop.wait())
        work = asyncio.ensure_future(service.wait_for_work(interval))
        try:
            await asyncio.wait({stopped, work}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
            work.cancel()
