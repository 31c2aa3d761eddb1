"""The listener's socket reads ahead: every packet that has arrived is handled in one event-loop turn."""

from __future__ import annotations

import asyncio
import socket
import uuid

import aiomqtt
import pytest

from meters.connection import Endpoint, ReadAheadSocket


def test_hands_out_what_one_read_brought_and_says_how_much_is_left() -> None:
    ours, theirs = socket.socketpair()
    sock = ReadAheadSocket(ours)
    sock.setblocking(False)
    try:
        theirs.sendall(b"\x30\x05hello\x30\x02hi")
        assert sock.recv(1) == b"\x30"
        assert sock.pending() == 10
        assert sock.recv(1) == b"\x05"
        assert sock.recv(5) == b"hello"
        assert sock.recv(100) == b"\x30\x02hi"  # never more than is there
        theirs.sendall(b"\x30\x01!")
        with pytest.raises(BlockingIOError):  # one chunk a turn, though the kernel has more
            sock.recv(1)
        assert sock.pending() == 0  # the reader gives the turn back
        assert sock.recv(3) == b"\x30\x01!"
        assert sock.pending() == 0
        with pytest.raises(BlockingIOError):  # nothing left here nor in the kernel
            sock.recv(1)
        theirs.close()
        assert sock.pending() == 0
        assert sock.recv(1) == b""  # the other end closed
    finally:
        sock.close()
        theirs.close()


async def test_the_subscriber_reads_a_burst_through_it(mqtt_url: str) -> None:
    endpoint = Endpoint.from_url(mqtt_url)
    topic = f"mb-test/{uuid.uuid4().hex[:8]}/burst"
    received: list[bytes] = []
    done = asyncio.Event()
    count = 2000

    def deliver(message: aiomqtt.Message) -> None:
        received.append(bytes(message.payload))
        if len(received) == count:
            done.set()

    mqtt5 = await endpoint.speaks_mqtt5()
    subscriber = endpoint.subscriber(f"mb-test-{uuid.uuid4().hex[:8]}", deliver, mqtt5=mqtt5)
    async with subscriber, endpoint.client(f"mb-test-pub-{uuid.uuid4().hex[:8]}") as publisher:
        assert isinstance(subscriber._client.socket(), ReadAheadSocket)
        await subscriber.subscribe(topic, qos=0)
        for n in range(count):
            await publisher.publish(topic, str(n).encode(), qos=0)
        await asyncio.wait_for(done.wait(), 30)

    assert received == [str(n).encode() for n in range(count)]  # all, in order, none cut or merged
