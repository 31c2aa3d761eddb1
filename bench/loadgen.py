"""The load generator: pre-encoded native telemetry published with QoS 1, as cheaply as possible.

Run by the benchmarks as separate processes (``python -m bench.loadgen ...``) so that generating load
costs the ingesting process nothing and the two shared cores as little as possible. Every MQTT PUBLISH
packet is encoded before the clock starts; publishing is then writing runs of ready packets to the
socket at the requested pace and counting the broker's PUBACKs. A general MQTT client (paho-mqtt) spends
tens of microseconds of Python per message, which on two cores is CPU taken from the broker, the
database and meterbot; this speaks just enough MQTT 3.1.1 (CONNECT, PUBLISH QoS 1, PUBACK, DISCONNECT)
and is for benchmarks only.

Message ``k`` of meter ``i`` has the timestamp ``base + k * step`` (so every message is a distinct
(meter, ts)). With ``--times FILE`` the wall-clock time at which each message was written to the socket
is stored there (float64 per message, in the order of :func:`schedule`) for the latency benchmark.
"""

from __future__ import annotations

import argparse
import array
import json
import select
import socket
import struct
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from meters.connection import Endpoint

WINDOW = 4000
"""PUBLISH packets written but not yet acknowledged, at most."""
CHUNK = 50
"""Packets written with one system call."""


@dataclass(frozen=True, slots=True)
class Plan:
    """Which messages one generator process sends."""

    prefix: str
    serials: tuple[str, ...]
    per_meter: int
    base: datetime
    step: timedelta

    def ts(self, k: int) -> datetime:
        return self.base + self.step * k


def serial(n: int) -> str:
    return f"BENCH{n:06d}"


def schedule(plan: Plan) -> Iterator[tuple[int, int]]:
    """(meter index, k) in publishing order: round robin over the meters, as a fleet reports."""
    for k in range(plan.per_meter):
        for i in range(len(plan.serials)):
            yield i, k


def payload(plan: Plan, i: int, k: int) -> bytes:
    """What a meter sends in the native schema; every fifth meter is three-phase."""
    three = int(plan.serials[i][5:]) % 5 == 0
    data: dict[str, object] = {
        "ts": plan.ts(k).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "registers": {"t1": round(1000 + i + k * 0.125, 3), "t2": round(500 + i + k * 0.0625, 3)},
        "power": round(1500 + (k % 97) * 3.5, 1),
        "voltage": [229.8, 231.2, 228.9] if three else 229.8,
        "current": [6.1, 5.9, 6.3] if three else 6.5,
        "frequency": 50.01,
    }
    return json.dumps(data, separators=(",", ":")).encode()


def _remaining(length: int) -> bytes:
    out = bytearray()
    while True:
        byte, length = length % 128, length // 128
        out.append(byte | (0x80 if length else 0))
        if not length:
            return bytes(out)


def _string(text: str) -> bytes:
    raw = text.encode()
    return struct.pack("!H", len(raw)) + raw


def publish_packet(topic: str, body: bytes, packet_id: int) -> bytes:
    variable = _string(topic) + struct.pack("!H", packet_id)
    return b"\x32" + _remaining(len(variable) + len(body)) + variable + body


def connect_packet(client_id: str, username: str | None, password: str | None) -> bytes:
    flags = 0x02 | (0x80 if username else 0) | (0x40 if password else 0)  # clean session
    variable = _string("MQTT") + bytes([4, flags]) + struct.pack("!H", 60)
    body = _string(client_id) + (_string(username) if username else b"") + (_string(password) if password else b"")
    return b"\x10" + _remaining(len(variable) + len(body)) + variable + body


def encode(plan: Plan) -> list[bytes]:
    """Every PUBLISH packet, packet ids 1..65535 in turn."""
    topics = [f"{plan.prefix}/{s}/telemetry" for s in plan.serials]
    return [publish_packet(topics[i], payload(plan, i, k), n % 65535 + 1) for n, (i, k) in enumerate(schedule(plan))]


class Publisher:
    """One MQTT 3.1.1 connection that writes ready PUBLISH packets and counts PUBACKs."""

    def __init__(self, url: str) -> None:
        endpoint = Endpoint.from_url(url)
        self.sock = socket.create_connection((endpoint.host, endpoint.port), timeout=10)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        client_id = f"bench-gen-{uuid.uuid4().hex[:10]}"
        self.sock.sendall(connect_packet(client_id, endpoint.username, endpoint.password))
        connack = self._read_exactly(4)
        if connack[0] != 0x20 or connack[3] != 0:
            raise SystemExit(f"loadgen: the broker refused the connection ({connack.hex()})")
        self.sock.setblocking(False)
        self.acked = 0
        self._pending = b""

    def _read_exactly(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self.sock.recv(size - len(data))
            if not chunk:
                raise SystemExit("loadgen: the broker closed the connection")
            data += chunk
        return data

    def read_acks(self, wait: float) -> None:
        """Count the PUBACKs that arrived (waiting up to ``wait`` seconds for the first)."""
        if not select.select([self.sock], [], [], wait)[0]:
            return
        data = self._pending + self.sock.recv(1 << 20)
        if not data and not self._pending:
            raise SystemExit("loadgen: the broker closed the connection")
        whole = len(data) - len(data) % 4  # PUBACK: 0x40 0x02 id id
        if data[:whole:4].count(0x40) != whole // 4:
            raise SystemExit(f"loadgen: unexpected packet from the broker ({data[:8].hex()})")
        self.acked += whole // 4
        self._pending = data[whole:]

    def send(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            try:
                sent = self.sock.send(view)
            except BlockingIOError:
                select.select([], [self.sock], [], 1.0)
                continue
            view = view[sent:]

    def close(self) -> None:
        self.sock.setblocking(True)
        self.sock.sendall(b"\xe0\x00")  # DISCONNECT
        self.sock.close()


def publish(url: str, packets: list[bytes], rate: float | None, start_at: float) -> array.array[float]:
    """Write the packets at ``rate`` a second (None: as fast as the window allows), wait for every
    PUBACK; returns when each packet was written."""
    publisher = Publisher(url)
    times = array.array("d", bytes(8 * len(packets)))
    while time.time() < start_at:
        time.sleep(min(0.01, max(0.0, start_at - time.time())))
    began = time.monotonic()
    sent = 0
    while sent < len(packets):
        if sent - publisher.acked >= WINDOW:
            publisher.read_acks(1.0)
            continue
        ahead = 0.0 if rate is None else began + sent / rate - time.monotonic()
        if ahead > 0:
            publisher.read_acks(ahead)
            continue
        end = min(sent + CHUNK, len(packets), publisher.acked + WINDOW)
        now = time.time()
        publisher.send(b"".join(packets[sent:end]))
        for n in range(sent, end):
            times[n] = now
        sent = end
        publisher.read_acks(0)
    while publisher.acked < len(packets):
        publisher.read_acks(5.0)
    publisher.close()
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="mqtt://127.0.0.1:1883")
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--first", type=int, required=True, help="number of the first meter (BENCH000001 is 1)")
    parser.add_argument("--meters", type=int, required=True)
    parser.add_argument("--per-meter", type=int, required=True)
    parser.add_argument("--base", type=float, required=True, help="unix time of the first message's ts")
    parser.add_argument("--step", type=float, default=1.0, help="seconds between a meter's messages' ts")
    parser.add_argument("--rate", type=float, default=0, help="messages/s of this process (0: as fast as it can)")
    parser.add_argument("--start-at", type=float, default=0, help="unix time to start publishing")
    parser.add_argument("--times", help="write the time each message was sent here")
    args = parser.parse_args(argv)
    plan = Plan(
        prefix=args.prefix,
        serials=tuple(serial(n) for n in range(args.first, args.first + args.meters)),
        per_meter=args.per_meter,
        base=datetime.fromtimestamp(args.base, UTC),
        step=timedelta(seconds=args.step),
    )
    packets = encode(plan)
    print("ready", flush=True)
    times = publish(args.url, packets, args.rate or None, args.start_at)
    elapsed = times[-1] - times[0] if len(times) > 1 else 0.0
    if args.times:
        with open(args.times, "wb") as out:
            times.tofile(out)
    print(f"published {len(packets)} in {elapsed:.3f} s", flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
