"""The MQTT listener: subscribe, route each message to its protocol's adapter, hand it to ingestion.

It keeps a persistent session (``clean_session=False`` with a stable client id), so QoS 1 messages
published while it is away wait at the broker and arrive when it is back. It reconnects with
backoff, says so in the log once per attempt, and reports ``mqtt`` UP/DOWN on the health board.
No message can stop it: whatever goes wrong with one ends in the quarantine with the reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Mapping

import aiomqtt

from meters.adapters import PayloadAdapter, as_messages, default_adapters
from meters.connection import Backoff, Endpoint
from meters.topics import TopicRouter, default_router
from services.enums import Protocol
from services.errors import InvalidInput
from services.health import ComponentState, HealthRegistry
from services.ingest import IngestService, RejectReason, reason_text
from services.ingest_model import MAX_PAYLOAD_BYTES

log = logging.getLogger(__name__)

COMPONENT = "mqtt"


def payload_bytes(payload: object) -> bytes:
    """aiomqtt hands payloads as bytes; be exact about the other types it declares."""
    if isinstance(payload, bytes | bytearray):
        return bytes(payload)
    if payload is None:
        return b""
    return str(payload).encode()


class MqttListener:
    def __init__(
        self,
        url: str,
        client_id: str,
        ingest: IngestService,
        health: HealthRegistry,
        *,
        router: TopicRouter | None = None,
        adapters: Mapping[Protocol, PayloadAdapter] | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        self._endpoint = Endpoint.from_url(url)
        self._client_id = client_id
        self._ingest = ingest
        self._health = health
        self._router = router or default_router()
        self._adapters = adapters or default_adapters()
        self._backoff = backoff or Backoff()
        self.connected = asyncio.Event()
        """Set while subscribed; for tests and start-up ordering."""
        self._attempt = 0
        """Failed connection attempts since the last success: the backoff's exponent."""

    async def run(self, stop: asyncio.Event) -> None:
        """Listen until ``stop`` is set; then hand over what was received and flush it."""
        self._health.set(COMPONENT, ComponentState.STARTING, self._endpoint.safe_url)
        try:
            while not stop.is_set():
                try:
                    await self._session(stop)
                except aiomqtt.MqttError as exc:
                    delay = self._backoff.delay(self._attempt)
                    self._attempt += 1
                    self._health.set(COMPONENT, ComponentState.DOWN, str(exc))
                    log.warning(
                        "MQTT broker unreachable at %s, retrying in %.0f s (%s)",
                        self._endpoint.safe_url,
                        delay,
                        exc,
                    )
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), delay)
        finally:
            self.connected.clear()
            self._health.set(COMPONENT, ComponentState.DOWN, "stopped")
            await self._ingest.flush()

    async def _session(self, stop: asyncio.Event) -> None:
        client = self._endpoint.client(self._client_id, clean_session=False)
        messages = client.messages
        try:
            async with client:
                for topic_filter in self._router.subscriptions:
                    await client.subscribe(topic_filter, qos=1)
                self._health.set(COMPONENT, ComponentState.UP, self._endpoint.safe_url)
                log.info("MQTT listener connected to %s as %s", self._endpoint.safe_url, self._client_id)
                self.connected.set()
                self._attempt = 0
                async for message in _until(messages, stop):
                    await self.handle(message.topic.value, payload_bytes(message.payload))
        finally:
            self.connected.clear()
            await self._drain(messages)

    async def _drain(self, messages: aiomqtt.client.MessagesIterator) -> None:
        """Messages received before the connection ended were acknowledged: they are ours to keep."""
        while len(messages):
            try:
                message = await messages.__anext__()
            except aiomqtt.MqttError:
                log.error("MQTT listener: %d received messages could not be read back", len(messages))
                return
            await self.handle(message.topic.value, payload_bytes(message.payload))

    async def handle(self, topic: str, payload: bytes) -> None:
        """Route, parse and submit one message; anything wrong ends in the quarantine."""
        try:
            if len(payload) > MAX_PAYLOAD_BYTES:
                raise InvalidInput(f"payload ({len(payload)} bytes)", RejectReason.OVERSIZE.value)
            route = self._router.route(topic)
            adapter = self._adapters.get(route.protocol) if route else None
            if route is None or adapter is None:
                raise InvalidInput("topic", RejectReason.UNKNOWN_TOPIC.value)
            for item in as_messages(adapter.decode(route, payload)):
                await self._ingest.submit(item)
        except InvalidInput as exc:
            await self._ingest.quarantine(topic, payload, reason_text(exc))
        except Exception as exc:  # a bug in an adapter must not stop the listener
            log.exception("MQTT message on %s could not be handled", topic)
            await self._ingest.quarantine(topic, payload, f"{RejectReason.INTERNAL.value}: {type(exc).__name__}: {exc}")


async def _until(messages: aiomqtt.client.MessagesIterator, stop: asyncio.Event) -> AsyncIterator[aiomqtt.Message]:
    """The messages until ``stop`` is set; waiting for the next one never outlives ``stop``."""
    stopped = asyncio.ensure_future(stop.wait())
    try:
        while True:
            following = asyncio.ensure_future(messages.__anext__())
            await asyncio.wait({following, stopped}, return_when=asyncio.FIRST_COMPLETED)
            if following.done():
                yield following.result()
                continue
            following.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await following
            return
    finally:
        stopped.cancel()
