"""Simulated relays: the fleet simulator's meters answer relay commands, as real devices do.

:class:`RelayResponder` subscribes to the command topics of every protocol in the fleet (one wildcard
filter per protocol) and answers each command for one of its meters in that protocol's format:

* native: ``<prefix>/<id>/relay/state`` ``{"id": "<the command's id>", "state": "off"}``;
* Tasmota: ``stat/<t>/RESULT`` ``{"POWER": "OFF"}`` and ``stat/<t>/POWER`` ``OFF``;
* Shelly Gen2: the RPC reply on ``<src>/rpc`` (``{"id": ..., "result": {"was_on": true}}``) and a
  ``NotifyStatus`` with ``switch:0`` on ``<t>/events/rpc``;
* zigbee2mqtt: ``zigbee2mqtt/<name>`` ``{"state": "OFF"}``.

:class:`RelayBehaviour` makes some meters slow and some silent, so that the demo shows commands that
take a while and commands that time out.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections.abc import AsyncIterator, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import aiomqtt

from meters.adapters.shelly import encode_notification, split_channel, switch_status
from meters.connection import Backoff, Endpoint
from meters.listener import payload_bytes
from meters.native import encode_relay_state
from meters.relay import TASMOTA_COMMAND_PREFIX
from meters.topics import (
    NATIVE_PREFIX,
    TASMOTA_STAT,
    ZIGBEE2MQTT_BASE,
    MessageKind,
    TopicRouter,
    TopicRule,
    native_topic,
    shelly_topic,
    tasmota_topic,
    zigbee2mqtt_topic,
)
from services.clock import Clock, SystemClock
from services.enums import Protocol, RelayState
from services.fleet import FleetMeter

log = logging.getLogger(__name__)

Json = Any


@dataclass(frozen=True, slots=True)
class RelayBehaviour:
    """How the simulated relays answer: most after ``delay`` seconds, ``slow_fraction`` of the meters
    after ``slow_delay``, ``silent_fraction`` never. ``slow`` and ``silent`` name meters (by serial)
    that are so whatever the draw."""

    delay: float = 0.3
    slow_fraction: float = 0.1
    slow_delay: float = 20.0
    silent_fraction: float = 0.05
    slow: frozenset[str] = frozenset()
    silent: frozenset[str] = frozenset()
    seed: int | None = None

    def delays(self, meters: Sequence[FleetMeter]) -> dict[str, float | None]:
        """Per serial, how long its relay takes to answer; None: it never does."""
        rng = random.Random(self.seed)
        plan: dict[str, float | None] = {}
        for meter in meters:
            draw = rng.random()
            if meter.serial in self.silent or (meter.serial not in self.slow and draw < self.silent_fraction):
                plan[meter.serial] = None
            elif meter.serial in self.slow or draw < self.silent_fraction + self.slow_fraction:
                plan[meter.serial] = self.slow_delay
            else:
                plan[meter.serial] = self.delay
        return plan


@dataclass(frozen=True, slots=True)
class Answer:
    topic: str
    payload: bytes


@dataclass(frozen=True, slots=True)
class Command:
    """A command as a device reads it: the state wanted (None: only asking) and how to answer."""

    meter: FleetMeter
    state: RelayState | None
    toggle: bool = False
    request: Mapping[str, Json] = field(default_factory=dict)
    """The decoded JSON of the command (native id, Shelly RPC frame)."""


def _json(payload: bytes) -> Mapping[str, Json]:
    try:
        data = json.loads(payload)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _word(value: Json) -> tuple[RelayState | None, bool]:
    """``ON``/``OFF``/``1``/``0``/``TOGGLE`` as (state, toggle)."""
    word = str(value).strip().lower() if value is not None else ""
    if word in {"on", "1", "true"}:
        return RelayState.ON, False
    if word in {"off", "0", "false"}:
        return RelayState.OFF, False
    return None, word == "toggle"


def _dumps(data: Mapping[str, Json]) -> bytes:
    return json.dumps(data, separators=(",", ":")).encode()


def command_router(protocols: Collection[Protocol], prefix: str, zigbee_base: str) -> TopicRouter:
    """The command topics a device of each protocol listens to (the ``+`` is its topic id)."""
    filters = {
        Protocol.NATIVE: native_topic("+", MessageKind.RELAY_SET, prefix),
        Protocol.TASMOTA: tasmota_topic("+", "POWER", TASMOTA_COMMAND_PREFIX),
        Protocol.SHELLY: shelly_topic("+", "rpc"),
        Protocol.ZIGBEE2MQTT: zigbee2mqtt_topic("+", "set", zigbee_base),
    }
    wanted = [(protocol, topic) for protocol, topic in filters.items() if protocol in protocols]
    return TopicRouter(TopicRule(protocol, topic, MessageKind.RELAY_SET) for protocol, topic in wanted)


class RelayResponder:
    def __init__(
        self,
        url: str,
        meters: Sequence[FleetMeter],
        behaviour: RelayBehaviour | None = None,
        *,
        prefix: str = NATIVE_PREFIX,
        zigbee_base: str = ZIGBEE2MQTT_BASE,
        clock: Clock | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        self._endpoint = Endpoint.from_url(url)
        self._prefix = prefix
        self._zigbee_base = zigbee_base
        self._clock = clock or SystemClock()
        self._backoff = backoff or Backoff()
        self._by_device = {(meter.protocol, meter.topic_id): meter for meter in meters}
        self._router = command_router({meter.protocol for meter in meters}, prefix, zigbee_base)
        self._delays = (behaviour or RelayBehaviour()).delays(meters)
        self._states = {meter.serial: RelayState.ON for meter in meters}
        self._tasks: set[asyncio.Task[None]] = set()
        self.connected = asyncio.Event()
        self.answered = 0
        """Commands answered so far."""

    def state(self, serial: str) -> RelayState:
        """The simulated relay's state now (on at the start)."""
        return self._states[serial]

    @property
    def subscriptions(self) -> tuple[str, ...]:
        return self._router.subscriptions

    # --- reading commands --------------------------------------------------------------------------

    def command(self, topic: str, payload: bytes) -> Command | None:
        """The command on ``topic`` for one of our meters; None for anything else."""
        route = self._router.route(topic)
        if route is None:
            return None
        if route.protocol is Protocol.NATIVE:
            return self._native(route.device, payload)
        if route.protocol is Protocol.SHELLY:
            return self._shelly(route.device, payload)
        meter = self._by_device.get((route.protocol, route.device))
        if meter is None:
            return None
        if route.protocol is Protocol.TASMOTA:
            return Command(meter, *_word(payload.decode(errors="replace")))
        return Command(meter, *_word(_json(payload).get("state")))

    def _native(self, device: str, payload: bytes) -> Command | None:
        meter = self._by_device.get((Protocol.NATIVE, device))
        if meter is None:
            return None
        request = _json(payload)
        state, _ = _word(request.get("state"))
        return Command(meter, state, request=request)

    def _shelly(self, device: str, payload: bytes) -> Command | None:
        """``Switch.Set`` of ``switch:<n>``: the meter ``<device>`` (n = 0) or ``<device>:<n>``."""
        request = _json(payload)
        params = request.get("params")
        params = params if isinstance(params, dict) else {}
        channel = params.get("id", 0)
        topic_id = device if channel == 0 else f"{device}:{channel}"
        meter = self._by_device.get((Protocol.SHELLY, topic_id))
        if meter is None or "id" not in request or not isinstance(request.get("src"), str):
            return None
        on = params.get("on")
        if request.get("method") != "Switch.Set" or not isinstance(on, bool):
            return Command(meter, None, request=request)
        return Command(meter, RelayState.ON if on else RelayState.OFF, request=request)

    # --- answering ---------------------------------------------------------------------------------

    def apply(self, command: Command) -> list[Answer]:
        """Switch the relay as ``command`` says; what the device publishes about it."""
        serial = command.meter.serial
        before = self._states[serial]
        if command.toggle:
            self._states[serial] = RelayState.OFF if before is RelayState.ON else RelayState.ON
        elif command.state is not None:
            self._states[serial] = command.state
        return self._answers(command, before, self._states[serial])

    def _answers(self, command: Command, before: RelayState, now: RelayState) -> list[Answer]:
        device = command.meter.topic_id
        word = now.value.upper()
        match command.meter.protocol:
            case Protocol.NATIVE:
                topic = native_topic(device, MessageKind.RELAY_STATE, self._prefix)
                return [Answer(topic, encode_relay_state(_uuid(command.request.get("id")), now))]
            case Protocol.TASMOTA:
                return [
                    Answer(tasmota_topic(device, "RESULT", TASMOTA_STAT), _dumps({"POWER": word})),
                    Answer(tasmota_topic(device, "POWER", TASMOTA_STAT), word.encode()),
                ]
            case Protocol.SHELLY:
                return self._shelly_answers(command, before, now)
            case Protocol.ZIGBEE2MQTT:
                return [Answer(zigbee2mqtt_topic(device, base=self._zigbee_base), _dumps({"state": word}))]
        return []

    def _shelly_answers(self, command: Command, before: RelayState, now: RelayState) -> list[Answer]:
        device, channel = split_channel(command.meter.topic_id)
        request = command.request
        reply: dict[str, Json] = {"id": request["id"], "src": device, "dst": request["src"]}
        if command.state is None:
            reply["error"] = {"code": 404, "message": f"No handler for {request.get('method')}"}
            return [Answer(f"{request['src']}/rpc", _dumps(reply))]
        reply["result"] = {"was_on": before is RelayState.ON}
        switch = switch_status(channel, output=now is RelayState.ON)
        notify = encode_notification(device, self._clock.now(), {f"switch:{channel}": switch})
        return [Answer(f"{request['src']}/rpc", _dumps(reply)), Answer(shelly_topic(device, "events/rpc"), notify)]

    # --- the connection ----------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Answer commands until ``stop``; reconnect with backoff when the broker goes."""
        attempt = 0
        while not stop.is_set():
            try:
                await self._session(stop)
            except aiomqtt.MqttError as exc:
                attempt = 0 if self.connected.is_set() else attempt
                self.connected.clear()
                delay = self._backoff.delay(attempt)
                attempt += 1
                log.warning("simulated relays: broker unreachable, retrying in %.0f s (%s)", delay, exc)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)
        self.connected.clear()

    async def _session(self, stop: asyncio.Event) -> None:
        client = self._endpoint.client(f"sim-relays-{random.getrandbits(32):08x}")
        try:
            async with client:
                for topic_filter in self.subscriptions:
                    await client.subscribe(topic_filter, qos=1)
                self.connected.set()
                stopped = asyncio.ensure_future(stop.wait())
                try:
                    while not stop.is_set():
                        following = asyncio.ensure_future(anext(client.messages))
                        await asyncio.wait({following, stopped}, return_when=asyncio.FIRST_COMPLETED)
                        if not following.done():
                            following.cancel()
                            break
                        message = following.result()
                        self._received(client, message.topic.value, payload_bytes(message.payload))
                finally:
                    stopped.cancel()
        finally:
            for task in list(self._tasks):
                task.cancel()
            self.connected.clear()

    def _received(self, client: aiomqtt.Client, topic: str, payload: bytes) -> None:
        command = self.command(topic, payload)
        if command is None:
            return
        delay = self._delays.get(command.meter.serial)
        if delay is None:
            return  # a relay that never answers
        task = asyncio.create_task(self._answer(client, command, delay))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _answer(self, client: aiomqtt.Client, command: Command, delay: float) -> None:
        await asyncio.sleep(delay)
        try:
            for answer in self.apply(command):
                await client.publish(answer.topic, answer.payload, qos=1)
        except aiomqtt.MqttError as exc:
            log.warning("simulated relay %s could not answer: %s", command.meter.serial, exc)
            return
        self.answered += 1


def _uuid(value: Json) -> UUID | None:
    try:
        return UUID(str(value)) if value is not None else None
    except ValueError:
        return None


DEFAULT_RELAYS = RelayBehaviour()


@contextlib.asynccontextmanager
async def answering(responder: RelayResponder | None, stop: asyncio.Event) -> AsyncIterator[None]:
    """Run ``responder`` (if any) while the body runs. The body starts once the relays listen (as a
    device subscribes before it says it is online), or at once when ``stop`` is set meanwhile."""
    if responder is None:
        yield
        return
    done = asyncio.Event()
    task = asyncio.create_task(responder.run(done))
    waits = [asyncio.ensure_future(responder.connected.wait()), asyncio.ensure_future(stop.wait())]
    try:
        await asyncio.wait({*waits, task}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for wait in waits:
            wait.cancel()
    try:
        yield
    finally:
        done.set()
        await task
