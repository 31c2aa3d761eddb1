"""Relay commands over a real broker (embedded or Mosquitto) and a real database (SQLite or PostgreSQL):
what goes on the wire per protocol, and commands confirmed end to end by the simulated devices through
the listener, ingestion and ``RelayService.on_flush``."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta
from uuid import UUID

import aiomqtt
import pytest

from meters.adapters import default_adapters
from meters.broker import EmbeddedBroker
from meters.connection import Backoff, Endpoint
from meters.listener import MqttListener
from meters.relay import MqttRelayPublisher, run_relay_worker
from meters.shelly_rpc import ShellyRpcReplies, parse_rpc_reply, rpc_id
from meters.sim_relay import RelayBehaviour, RelayResponder
from meters.simulator import Simulator, synthetic_fleet
from meters.topics import MessageKind, Route, default_router
from services.clock import SystemClock
from services.db.models import Meter, Site
from services.enums import CommandState, Protocol, RelayAction, RelayState
from services.errors import InvalidInput
from services.fleet import list_fleet
from services.health import HealthRegistry
from services.ingest import IngestService
from services.relay import CommandDTO, RelayService, refers_to

WAIT = 10.0
BACKOFF = Backoff(initial=0.05, cap=0.2)


class Watch:
    """The latest state of each command, as the service reports changes; awaitable."""

    def __init__(self, service: RelayService) -> None:
        self.latest: dict[UUID, CommandDTO] = {}
        self._changed = asyncio.Condition()
        service.subscribe(self._seen)

    async def _seen(self, changed: Sequence[CommandDTO]) -> None:
        async with self._changed:
            self.latest.update((c.id, c) for c in changed)
            self._changed.notify_all()

    async def finished(self, command_id: UUID) -> CommandDTO:
        def done() -> bool:
            command = self.latest.get(command_id)
            return command is not None and not command.is_open

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(done), WAIT)
        return self.latest[command_id]


@pytest.fixture
def tag() -> str:
    return uuid.uuid4().hex[:8]


@pytest.fixture
async def site(db: str, tag: str) -> Site:
    return await Site.create(slug=f"relay-{tag}", name="СНТ Реле")


async def forget_session(url: str, client_id: str) -> None:
    """Drop a persistent session so that a shared Mosquitto does not keep it forever."""
    async with Endpoint.from_url(url).client(client_id, clean_session=True):
        pass


@asynccontextmanager
async def running(*jobs: object) -> AsyncIterator[asyncio.Event]:
    """Run ``job(stop)`` for each job until the body ends."""
    stop = asyncio.Event()
    tasks = [asyncio.create_task(job(stop)) for job in jobs]  # type: ignore[operator]
    try:
        yield stop
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), WAIT)


# --- the wire --------------------------------------------------------------------------------------


def expected(protocol: Protocol, prefix: str, topic_id: str, command_id: UUID) -> tuple[str, object]:
    """The documented topic and payload of an "off" command (JSON payloads decoded)."""
    match protocol:
        case Protocol.NATIVE:
            return f"{prefix}/{topic_id}/relay/set", {"id": str(command_id), "state": "off"}
        case Protocol.SHELLY:
            request_id = (command_id.int & (2**30 - 1)) * 2  # the short id, and 0 for "off"
            payload = {
                "id": request_id,
                "src": f"{prefix}/{topic_id}",
                "method": "Switch.Set",
                "params": {"id": 0, "on": False},
            }
            return f"{topic_id}/rpc", payload
        case Protocol.TASMOTA:
            return f"cmnd/{topic_id}/POWER", b"OFF"
        case Protocol.ZIGBEE2MQTT:
            return f"zigbee2mqtt/{topic_id}/set", {"state": "OFF"}
    raise AssertionError(protocol)


def decoded(payload: bytes, like: object) -> object:
    return json.loads(payload) if isinstance(like, dict) else payload


async def first_message(client: aiomqtt.Client) -> aiomqtt.Message:
    return await asyncio.wait_for(anext(client.messages), WAIT)


@pytest.mark.parametrize("protocol", list(Protocol))
async def test_a_command_goes_out_in_its_protocol_with_qos_1_and_never_retained(
    mqtt_url: str, site: Site, tag: str, protocol: Protocol
) -> None:
    prefix, topic_id = f"mbr{tag}", f"dev-{tag}"
    meter = await Meter.create(site=site, serial=f"R{tag}", protocol=protocol, topic_id=topic_id, online=True)
    publisher = MqttRelayPublisher(mqtt_url, f"{prefix}-relay", prefix=prefix, backoff=BACKOFF)
    relay = RelayService(SystemClock(), publisher)
    endpoint = Endpoint.from_url(mqtt_url)
    async with running(publisher.run), endpoint.client(f"{prefix}-sub") as device:
        await asyncio.wait_for(publisher.connected.wait(), WAIT)
        command = await relay.request(meter.id, RelayAction.OFF, None)
        topic, payload = expected(protocol, prefix, topic_id, command.id)
        await device.subscribe(topic, qos=1)
        (sent,) = await relay.dispatch()
        message = await first_message(device)

    assert (sent.id, sent.state, sent.attempts) == (command.id, CommandState.SENT, 1)
    assert message.topic.value == topic
    assert isinstance(message.payload, bytes)
    assert decoded(message.payload, payload) == payload
    assert message.qos == 1  # Mosquitto delivers min(published, subscribed); the embedded broker the latter
    # not retained: a device subscribing now gets nothing before a message published after its subscription
    async with endpoint.client(f"{prefix}-late") as late:
        probe = f"{prefix}/probe/{tag}"
        await late.subscribe(topic, qos=1)
        await late.subscribe(probe, qos=1)
        await late.publish(probe, b"probe", qos=1)
        first = await first_message(late)
        await late.publish(topic, b"", qos=1, retain=True)  # leaves a shared broker clean even if this failed
    assert (first.topic.value, first.payload) == (probe, b"probe")


async def test_a_command_waits_for_the_broker_and_goes_out_once_it_is_back(site: Site, tag: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    broker = EmbeddedBroker(port=port)
    meter = await Meter.create(site=site, serial=f"W{tag}", topic_id=f"W{tag}", online=True)
    publisher = MqttRelayPublisher(broker.url, f"w{tag}-relay", backoff=BACKOFF)
    relay = RelayService(SystemClock(), publisher)
    async with running(publisher.run):
        command = await relay.request(meter.id, RelayAction.ON, None)
        assert await relay.dispatch() == []  # no broker: not sent, still queued
        waiting = await relay.get(command.id)
        assert (waiting.state, waiting.attempts) == (CommandState.QUEUED, 0)

        await broker.start()
        try:
            async with Endpoint.from_url(broker.url).client(f"w{tag}-device") as device:
                await device.subscribe(f"meterbot/W{tag}/relay/set", qos=1)
                await asyncio.wait_for(publisher.connected.wait(), WAIT)
                (sent,) = await relay.dispatch()
                message = await first_message(device)
        finally:
            await broker.stop()
    assert sent.id == command.id
    assert message.payload == json.dumps({"id": str(command.id), "state": "on"}, separators=(",", ":")).encode()


# --- Shelly RPC replies ----------------------------------------------------------------------------


def test_a_shelly_reply_carries_the_requested_state_and_the_short_id() -> None:
    command_id = uuid.uuid4()
    on, off = rpc_id(command_id, RelayAction.ON), rpc_id(command_id, RelayAction.OFF)
    assert (on - off, off % 2) == (1, 0)

    done = parse_rpc_reply("shelly-1", json.dumps({"id": on, "src": "shelly-1", "result": {"was_on": False}}).encode())
    assert (done.serial, done.state, done.protocol) == ("shelly-1", RelayState.ON, Protocol.SHELLY)
    assert done.command_id is not None
    assert refers_to(done.command_id, command_id)

    refused = {"id": off, "src": "shelly-1", "error": {"code": -103, "message": "Overpower"}}
    assert parse_rpc_reply("shelly-1", json.dumps(refused).encode()).state is RelayState.ON  # it did not switch off


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"not json", "not_json: payload"),
        (b'{"id": "7", "result": {}}', "bad_schema: id"),
        (b'{"id": true, "result": {}}', "bad_schema: id"),
        (b'{"id": -1, "result": {}}', "bad_schema: id"),
        (b'{"id": 4294967296, "result": {}}', "bad_schema: id"),
        (b'{"id": 7}', "bad_schema: result"),
    ],
)
def test_a_shelly_reply_that_is_not_one_is_rejected(payload: bytes, reason: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        ShellyRpcReplies().decode(Route(Protocol.SHELLY, "shelly-1", MessageKind.RPC_REPLY), payload)
    assert f"{caught.value.reason}: {caught.value.field}" == reason


# --- end to end ------------------------------------------------------------------------------------


async def test_simulated_devices_confirm_commands_and_a_silent_one_times_out(
    mqtt_url: str, site: Site, tag: str
) -> None:
    prefix = f"mbr{tag}"
    specs = [
        (f"N{tag}", Protocol.NATIVE, f"N{tag}"),
        (f"Q{tag}", Protocol.NATIVE, f"Q{tag}"),  # the silent one
        (f"S{tag}", Protocol.SHELLY, f"shellyplus1pm-{tag}"),
        (f"T{tag}", Protocol.TASMOTA, f"tasmota_{tag}"),
        (f"Z{tag}", Protocol.ZIGBEE2MQTT, f"plug_{tag}"),
    ]
    meters = {s: await Meter.create(site=site, serial=s, protocol=p, topic_id=t) for s, p, t in specs}
    publisher = MqttRelayPublisher(mqtt_url, f"{prefix}-relay", prefix=prefix, backoff=BACKOFF)
    relay = RelayService(SystemClock(), publisher, timeout=timedelta(seconds=2))
    watch = Watch(relay)
    ingest = IngestService(SystemClock(), batch_size=100, flush_interval=0.05, on_flush=relay.on_flush)
    listener = MqttListener(
        mqtt_url,
        f"{prefix}-listener",
        ingest,
        HealthRegistry(),
        router=default_router(prefix),
        adapters=default_adapters(SystemClock()),
        backoff=BACKOFF,
    )
    # ordered while every meter is still unheard of: the commands wait for the meters to come online
    commands = {serial: await relay.request(m.id, RelayAction.OFF, None) for serial, m in meters.items()}
    simulator = Simulator(
        mqtt_url,
        await list_fleet(site.id),
        interval_seconds=3600.0,  # one telemetry message at the start, then the relays' answers only
        prefix=prefix,
        retain_status=False,
        backoff=BACKOFF,
        relays=RelayBehaviour(delay=0.05, slow_fraction=0.0, silent_fraction=0.0, silent=frozenset({f"Q{tag}"})),
    )

    async def worker(stop: asyncio.Event) -> None:
        await run_relay_worker(relay, stop, interval=0.05)

    try:
        async with running(listener.run, ingest.run_flusher, publisher.run, worker):
            await asyncio.wait_for(listener.connected.wait(), WAIT)
            async with running(simulator.run):
                outcomes = {serial: await watch.finished(command.id) for serial, command in commands.items()}
    finally:
        with contextlib.suppress(aiomqtt.MqttError):
            await forget_session(mqtt_url, f"{prefix}-listener")

    assert {serial: c.state for serial, c in outcomes.items()} == {
        f"N{tag}": CommandState.CONFIRMED,
        f"Q{tag}": CommandState.TIMEOUT,
        f"S{tag}": CommandState.CONFIRMED,
        f"T{tag}": CommandState.CONFIRMED,
        f"Z{tag}": CommandState.CONFIRMED,
    }
    assert all(c.attempts == 1 for c in outcomes.values())
    states = dict(await Meter.filter(site=site).values_list("serial", "relay_state"))
    assert states == {
        f"N{tag}": RelayState.OFF,
        f"Q{tag}": RelayState.UNKNOWN,
        f"S{tag}": RelayState.OFF,
        f"T{tag}": RelayState.OFF,
        f"Z{tag}": RelayState.OFF,
    }
    assert simulator.relays is not None
    assert simulator.relays.answered == 4
    assert simulator.relays.state(f"Q{tag}") is RelayState.ON


# --- the simulated relays --------------------------------------------------------------------------


def test_simulated_relays_are_mostly_quick_some_slow_some_silent() -> None:
    fleet = synthetic_fleet(1000, list(Protocol))
    behaviour = RelayBehaviour(delay=0.1, slow_fraction=0.2, slow_delay=9.0, silent_fraction=0.1, seed=3)
    delays = list(behaviour.delays(fleet).values())
    assert set(delays) == {0.1, 9.0, None}
    assert 60 <= delays.count(None) <= 140
    assert 150 <= delays.count(9.0) <= 250
    slow, silent = frozenset({"SIM000001"}), frozenset({"SIM000002"})
    chosen = RelayBehaviour(silent_fraction=0.0, slow_fraction=0.0, slow=slow, silent=silent)
    assert list(chosen.delays(fleet[:3]).values()) == [chosen.slow_delay, None, chosen.delay]


def test_simulated_relays_read_commands_as_devices_do() -> None:
    fleet = synthetic_fleet(4, [Protocol.NATIVE, Protocol.TASMOTA, Protocol.SHELLY, Protocol.ZIGBEE2MQTT])
    native, tasmota, shelly, zigbee = fleet
    relays = RelayResponder("mqtt://127.0.0.1:1883", fleet, prefix="mb")
    assert relays.subscriptions == ("mb/+/relay/set", "cmnd/+/POWER", "+/rpc", "zigbee2mqtt/+/set")

    toggle = relays.command(f"cmnd/{tasmota.topic_id}/POWER", b"TOGGLE")
    assert toggle is not None
    assert [(a.topic, a.payload) for a in relays.apply(toggle)] == [
        (f"stat/{tasmota.topic_id}/RESULT", b'{"POWER":"OFF"}'),
        (f"stat/{tasmota.topic_id}/POWER", b"OFF"),
    ]
    command_id = uuid.uuid4()
    order = json.dumps({"id": str(command_id), "state": "off"}).encode()
    native_off = relays.command(f"mb/{native.topic_id}/relay/set", order)
    assert native_off is not None
    (answer,) = relays.apply(native_off)
    assert json.loads(answer.payload) == {"id": str(command_id), "state": "off"}
    zigbee_off = relays.command(f"zigbee2mqtt/{zigbee.topic_id}/set", b'{"state": "OFF"}')
    assert zigbee_off is not None
    assert relays.apply(zigbee_off)[0].payload == b'{"state":"OFF"}'

    unknown = {"id": 5, "src": "x/y", "method": "Switch.Toggle", "params": {"id": 0}}
    other_method = relays.command(f"{shelly.topic_id}/rpc", json.dumps(unknown).encode())
    assert other_method is not None
    (refusal,) = relays.apply(other_method)
    assert refusal.topic == "x/y/rpc"
    assert json.loads(refusal.payload)["error"]["code"] == 404
    assert relays.state(shelly.serial) is RelayState.ON
    assert relays.command("cmnd/someone-else/POWER", b"OFF") is None
