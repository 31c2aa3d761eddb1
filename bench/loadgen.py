"""The load generator: pre-encoded native telemetry published with QoS 1 by plain paho-mqtt.

Run by the benchmarks as separate processes (``python -m bench.loadgen ...``) so that generating load
costs the ingesting process nothing and the generator itself as little as possible: every payload is
encoded before the clock starts, and the publishing loop only paces and calls ``publish``.

Message ``k`` of meter ``i`` has the timestamp ``base + k * step`` (so every message is a distinct
(meter, ts)). With ``--times FILE`` the wall-clock time of each publish call is written there (float64
per message, in the order of :func:`schedule`) for the latency benchmark to match with commit times.
"""

from __future__ import annotations

import argparse
import array
import json
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from meters.connection import Endpoint


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


def encode(plan: Plan) -> list[tuple[str, bytes]]:
    """Every (topic, payload), as a meter in the native schema sends it; every fifth is three-phase."""
    topics = [f"{plan.prefix}/{s}/telemetry" for s in plan.serials]
    messages = []
    for i, k in schedule(plan):
        ts = plan.ts(k).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        t1 = 1000 + i + k * 0.125
        t2 = 500 + i + k * 0.0625
        three = int(plan.serials[i][5:]) % 5 == 0
        data: dict[str, object] = {
            "ts": ts,
            "registers": {"t1": round(t1, 3), "t2": round(t2, 3)},
            "power": round(1500 + (k % 97) * 3.5, 1),
            "voltage": [229.8, 231.2, 228.9] if three else 229.8,
            "current": [6.1, 5.9, 6.3] if three else 6.5,
            "frequency": 50.01,
        }
        messages.append((topics[i], json.dumps(data, separators=(",", ":")).encode()))
    return messages


def connect(url: str, inflight: int) -> mqtt.Client:
    endpoint = Endpoint.from_url(url)
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"bench-gen-{uuid.uuid4().hex[:10]}")
    client.max_inflight_messages_set(inflight)
    client.max_queued_messages_set(0)
    if endpoint.username:
        client.username_pw_set(endpoint.username, endpoint.password)
    connected = threading.Event()
    client.on_connect = lambda *_: connected.set()
    client.connect(endpoint.host, endpoint.port, keepalive=60)
    client.loop_start()
    if not connected.wait(10):
        raise SystemExit(f"loadgen: cannot connect to {endpoint.safe_url}")
    return client


def publish(
    client: mqtt.Client, messages: list[tuple[str, bytes]], rate: float | None, start_at: float
) -> array.array[float]:
    """Publish at ``rate`` messages a second (None: as fast as possible); the time of each call."""
    times = array.array("d", bytes(8 * len(messages)))
    acked = threading.Semaphore(0)
    client.on_publish = lambda *_: acked.release()
    while time.time() < start_at:
        time.sleep(min(0.01, max(0.0, start_at - time.time())))
    began = time.monotonic()
    for n, (topic, payload) in enumerate(messages):
        if rate is not None and n % 50 == 0:
            ahead = began + n / rate - time.monotonic()
            if ahead > 0:
                time.sleep(ahead)
        times[n] = time.time()
        client.publish(topic, payload, qos=1)
    for _ in messages:  # every PUBACK: the broker has them all
        acked.acquire()
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="mqtt://127.0.0.1:1883")
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--first", type=int, required=True, help="number of the first meter (BENCH000001 is 1)")
    parser.add_argument("--meters", type=int, required=True)
    parser.add_argument("--per-meter", type=int, required=True)
    parser.add_argument("--base", type=float, required=True, help="unix time of the first message's ts")
    parser.add_argument("--step", type=float, default=1.0, help="seconds between a meter's messages' ts")
    parser.add_argument("--rate", type=float, default=0, help="messages/s of this process (0: as fast as it can)")
    parser.add_argument("--start-at", type=float, default=0, help="unix time to start publishing")
    parser.add_argument("--inflight", type=int, default=2000)
    parser.add_argument("--times", help="write the publish time of every message here")
    args = parser.parse_args(argv)
    plan = Plan(
        prefix=args.prefix,
        serials=tuple(serial(n) for n in range(args.first, args.first + args.meters)),
        per_meter=args.per_meter,
        base=datetime.fromtimestamp(args.base, UTC),
        step=timedelta(seconds=args.step),
    )
    messages = encode(plan)
    client = connect(args.url, args.inflight)
    print("ready", flush=True)
    times = publish(client, messages, args.rate or None, args.start_at)
    elapsed = times[-1] - times[0] if len(times) > 1 else 0.0
    client.disconnect()
    client.loop_stop()
    if args.times:
        with open(args.times, "wb") as out:
            times.tofile(out)
    print(f"published {len(messages)} in {elapsed:.3f} s", flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
