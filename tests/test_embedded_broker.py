"""The in-process broker of the demo: starts, stops, delivers QoS 1 and keeps persistent sessions."""

from __future__ import annotations

import asyncio
import socket
import uuid

import aiomqtt
import pytest

from meters.broker import EmbeddedBroker
from meters.connection import Endpoint


@pytest.fixture
def port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _next(client: aiomqtt.Client) -> aiomqtt.Message:
    return await asyncio.wait_for(client.messages.__anext__(), 5)


async def test_start_and_stop(port: int) -> None:
    broker = EmbeddedBroker(port=port)
    assert broker.url == f"mqtt://127.0.0.1:{port}"
    await broker.start()
    try:
        async with Endpoint.from_url(broker.url).client("probe") as client:
            await client.publish("probe", b"1", qos=1)
    finally:
        await broker.stop()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    await broker.stop()  # stopping twice is harmless


async def test_qos1_round_trip(mqtt_url: str) -> None:
    topic = f"mbt{uuid.uuid4().hex[:8]}/x/telemetry"
    endpoint = Endpoint.from_url(mqtt_url)
    async with (
        endpoint.client(f"sub-{uuid.uuid4().hex[:8]}") as sub,
        endpoint.client(f"pub-{uuid.uuid4().hex[:8]}") as pub,
    ):
        await sub.subscribe(topic, qos=1)
        await pub.publish(topic, b'{"a": 1}', qos=1)
        message = await _next(sub)
    assert (message.topic.value, message.payload, message.qos) == (topic, b'{"a": 1}', 1)


async def test_persistent_session_gets_what_was_sent_while_away(port: int) -> None:
    async with EmbeddedBroker(port=port) as broker:
        endpoint = Endpoint.from_url(broker.url)
        async with endpoint.client("listener", clean_session=False) as sub:
            await sub.subscribe("meterbot/+/telemetry", qos=1)
        async with endpoint.client("meter") as pub:
            for n in range(3):
                await pub.publish(f"meterbot/M{n}/telemetry", str(n).encode(), qos=1)
        async with endpoint.client("listener", clean_session=False) as sub:
            got = [(await _next(sub)).payload for _ in range(3)]
        assert got == [b"0", b"1", b"2"]
        async with endpoint.client("listener", clean_session=True):
            pass  # a clean session forgets the old one
        async with endpoint.client("meter") as pub:
            await pub.publish("meterbot/M9/telemetry", b"9", qos=1)
        async with endpoint.client("listener", clean_session=False) as sub:
            await sub.subscribe("meterbot/+/telemetry", qos=1)
            await pub_and_expect(endpoint, sub)


async def pub_and_expect(endpoint: Endpoint, sub: aiomqtt.Client) -> None:
    """Only what is published now arrives: nothing was queued for the forgotten session."""
    async with endpoint.client("meter2") as pub:
        await pub.publish("meterbot/M1/telemetry", b"now", qos=1)
    assert (await _next(sub)).payload == b"now"


def _connect_with_will(client_id: str, topic: str, message: bytes) -> bytes:
    """An MQTT 3.1.1 CONNECT packet with a QoS 1 last will (clean session, keep-alive 60 s)."""

    def field(data: bytes) -> bytes:
        return len(data).to_bytes(2, "big") + data

    body = field(b"MQTT") + bytes([4, 0x02 | 0x04 | 0x08]) + (60).to_bytes(2, "big")
    body += field(client_id.encode()) + field(topic.encode()) + field(message)
    assert len(body) < 128  # a one-byte remaining length
    return bytes([0x10, len(body)]) + body


async def test_last_will_is_delivered(port: int) -> None:
    async with EmbeddedBroker(port=port) as broker:
        endpoint = Endpoint.from_url(broker.url)
        async with endpoint.client("watcher") as watcher:
            await watcher.subscribe("meterbot/+/status", qos=1)
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(_connect_with_will("m1", "meterbot/M1/status", b"offline"))
            assert (await reader.readexactly(4))[:2] == b"\x20\x02"  # CONNACK
            writer.close()  # the meter loses power: no DISCONNECT packet
            await writer.wait_closed()
            message = await _next(watcher)
    assert (message.topic.value, message.payload) == ("meterbot/M1/status", b"offline")
