"""The MQTT listener: subscribe, route each message to its protocol's adapter, hand it to ingestion,
and acknowledge it to the broker once what it carries is stored.

It keeps a persistent session (a stable client id; MQTT 5 where the broker speaks it, with a session
that outlives a restart, else MQTT 3.1.1 with ``clean_session=False``), so QoS 1 messages published
while it is away wait at the broker and arrive when it is back. A message is acknowledged only after
the ingestion commit that stored it (or its quarantine row): until then the broker keeps it, and a
crash or a lost connection means it is delivered again; storing it twice changes nothing. It reconnects
with backoff, says so in the log once per attempt, and reports ``mqtt`` UP/DOWN on the health board.
No message can stop it: whatever goes wrong with one ends in the quarantine with the reason.

Messages are handled as paho reads them, in the event loop's thread, without a task per message
(:func:`meters.connection.direct_inbox`): at thousands of messages a second that overhead would cost
as much as the rest of the work.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import AsyncIterator, Mapping

import aiomqtt

from meters.adapters import PayloadAdapter, as_messages, default_adapters
from meters.connection import Backoff, Endpoint, ManualAcks
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


class _Unacknowledged:
    """Messages of one connection waiting for the commit of what they carried, in arrival order:
    (ingestion position after the message, message id, QoS)."""

    def __init__(self, acks: ManualAcks, ingest: IngestService) -> None:
        self._acks = acks
        self._ingest = ingest
        self._waiting: deque[tuple[int, int, int]] = deque()

    def add(self, position: int, mid: int, qos: int) -> None:
        self._acks.received()
        if not self._waiting and position <= self._ingest.committed:  # nothing of it waits: ack now
            self._acks.ack(mid, qos)
        else:
            self._waiting.append((position, mid, qos))

    def committed(self, position: int) -> None:
        waiting, ack = self._waiting, self._acks.ack
        while waiting and waiting[0][0] <= position:
            _, mid, qos = waiting.popleft()
            ack(mid, qos)

    def __len__(self) -> int:
        return len(self._waiting)


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
        component: str = COMPONENT,
        mqtt5: bool | None = None,
    ) -> None:
        """``component``: the name it reports its state under on ``/healthz``. ``mqtt5``: whether the
        broker speaks MQTT 5 when the caller knows (the demo's embedded broker does not); None: ask it."""
        self._endpoint = Endpoint.from_url(url)
        self._component = component
        self._client_id = client_id
        self._ingest = ingest
        self._health = health
        self._router = router or default_router()
        self._adapters = adapters or default_adapters()
        self._backoff = backoff or Backoff()
        self._mqtt5 = mqtt5
        self.connected = asyncio.Event()
        """Set while subscribed; for tests and start-up ordering."""
        self._attempt = 0
        """Failed connection attempts since the last success: the backoff's exponent."""

    async def run(self, stop: asyncio.Event) -> None:
        """Listen until ``stop`` is set; then flush what was received and acknowledge it."""
        self._health.set(self._component, ComponentState.STARTING, self._endpoint.safe_url)
        try:
            while not stop.is_set():
                try:
                    await self._session(stop)
                except aiomqtt.MqttError as exc:
                    delay = self._backoff.delay(self._attempt)
                    self._attempt += 1
                    self._health.set(self._component, ComponentState.DOWN, str(exc))
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
            self._health.set(self._component, ComponentState.DOWN, "stopped")
            await self._ingest.flush()

    async def _session(self, stop: asyncio.Event) -> None:
        mqtt5 = self._mqtt5 if self._mqtt5 is not None else await self._endpoint.speaks_mqtt5()
        unacknowledged: _Unacknowledged | None = None

        def deliver(message: aiomqtt.Message) -> None:
            kept = self.handle_now(message.topic.value, payload_bytes(message.payload))
            if kept and unacknowledged is not None:
                unacknowledged.add(self._ingest.position, message.mid, message.qos)
            # a message dropped from a full buffer stays unacknowledged: the broker sends it again

        client = self._endpoint.subscriber(self._client_id, deliver, mqtt5=mqtt5)
        unacknowledged = _Unacknowledged(ManualAcks(client), self._ingest)
        unwatch = self._ingest.watch(unacknowledged.committed)
        try:
            async with client:
                for topic_filter in self._router.subscriptions:
                    await client.subscribe(topic_filter, qos=1)
                self._health.set(self._component, ComponentState.UP, self._endpoint.safe_url)
                log.info(
                    "MQTT listener connected to %s as %s (MQTT %s)",
                    self._endpoint.safe_url,
                    self._client_id,
                    "5" if mqtt5 else "3.1.1",
                )
                self.connected.set()
                self._attempt = 0
                await _until_lost(client.messages, stop)
                await self._ingest.flush()  # a clean stop: store and acknowledge before leaving
        finally:
            unwatch()
            self.connected.clear()
            if len(unacknowledged):
                log.info("MQTT listener: %d message(s) left unacknowledged; the broker keeps them", len(unacknowledged))

    async def handle(self, topic: str, payload: bytes) -> None:
        """Route, parse and submit one message; anything wrong ends in the quarantine."""
        self.handle_now(topic, payload)

    def handle_now(self, topic: str, payload: bytes) -> bool:
        """:meth:`handle` without waiting; False when the ingestion buffer was full and (part of) the
        message was dropped."""
        try:
            if len(payload) > MAX_PAYLOAD_BYTES:
                raise InvalidInput(f"payload ({len(payload)} bytes)", RejectReason.OVERSIZE.value)
            route = self._router.route(topic)
            adapter = self._adapters.get(route.protocol) if route else None
            if route is None or adapter is None:
                raise InvalidInput("topic", RejectReason.UNKNOWN_TOPIC.value)
            kept = True
            for item in as_messages(adapter.decode(route, payload)):
                kept = self._ingest.accept(item) and kept
            return kept
        except InvalidInput as exc:
            return self._ingest.reject(topic, payload, reason_text(exc))
        except Exception as exc:  # a bug in an adapter must not stop the listener
            log.exception("MQTT message on %s could not be handled", topic)
            reason = f"{RejectReason.INTERNAL.value}: {type(exc).__name__}: {exc}"
            return self._ingest.reject(topic, payload, reason)


async def _until_lost(messages: aiomqtt.client.MessagesIterator, stop: asyncio.Event) -> None:
    """Return when ``stop`` is set; raise ``MqttError`` when the connection is lost. Messages never
    queue up here (they are delivered as they are read), so the iterator only ever ends in an error."""
    async for _ in _until(messages, stop):
        pass


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
