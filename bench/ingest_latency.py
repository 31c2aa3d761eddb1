"""Publish-to-committed latency at a steady 5,000 telemetry messages a second: Mosquitto -> meterbot's
ingesting side (one process, as ``meterbot run`` wires it) -> PostgreSQL.

    .venv/bin/python -m bench.ingest_latency               # about a minute

The load generators (bench/loadgen.py) note the wall-clock time of every publish call; meterbot's
batch writer is wrapped so that, after each transaction has committed, the commit time of every
reading in it is noted by (serial, ts). Latency = commit time - publish time, for every message; a
message without a commit time is reported as lost.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from bench.common import (
    MQTT_URL,
    bench_database,
    create_fleet,
    forget_session,
    percentiles,
    postgres_version,
    print_machine,
    start_generators,
)
from bench.ingest_side import ingest_side
from bench.loadgen import serial


async def main(args: argparse.Namespace) -> None:
    per_meter = int(args.rate * args.seconds / args.meters)
    total = per_meter * args.meters
    base = int(time.time()) - 3 * 24 * 3600
    prefix = f"mbl{uuid.uuid4().hex[:8]}"
    client_id = f"{prefix}-meterbot"
    async with bench_database() as url:
        print_machine(await postgres_version(url))
        await create_fleet(url, args.meters)
        side = ingest_side(url, MQTT_URL, prefix, client_id, keep_each=True)
        all_committed = asyncio.Event()
        side.ingest.watch(lambda committed: all_committed.set() if committed >= total else None)
        try:
            await side.start()
            with tempfile.TemporaryDirectory() as tmp:
                generators = start_generators(
                    prefix=prefix,
                    meters=args.meters,
                    per_meter=per_meter,
                    base=base,
                    rate=args.rate,
                    processes=args.procs,
                    workdir=Path(tmp),
                )
                try:
                    published = await asyncio.to_thread(generators.wait, args.seconds * 3 + 60)
                    with contextlib.suppress(TimeoutError):  # what is missing then is reported as lost
                        await asyncio.wait_for(all_committed.wait(), 30)
                    times = generators.times()
                finally:
                    generators.kill()
            backlog = side.aggregates.backlog
        finally:
            await side.close()
            await forget_session(MQTT_URL, client_id)
    latencies, lost = match(times, side.commits.at, args.meters, args.procs, per_meter, base)
    sent = np.concatenate(times)
    figures = percentiles(np.asarray(latencies) * 1000)
    print(f"generators: {'; '.join(published)}; offered {total / (sent.max() - sent.min()):,.0f} msg/s in all")
    print(
        f"publish-to-committed latency at {args.rate:,.0f} msg/s, {total:,} messages ({lost} lost): "
        + ", ".join(f"{name} {value:.0f} ms" for name, value in figures.items())
        + f"; aggregates: {backlog} meter(s) waiting when the load ended",
        flush=True,
    )


def match(
    times: list[np.ndarray],
    committed: dict[tuple[str, datetime], float],
    meters: int,
    procs: int,
    per_meter: int,
    base: int,
) -> tuple[list[float], int]:
    """Pair each publish time with the commit time of its (serial, ts), in bench.loadgen's order."""
    share = -(-meters // procs)
    latencies: list[float] = []
    lost = 0
    first = 1
    start = datetime.fromtimestamp(base, UTC)
    for published in times:
        count = min(share, meters - first + 1)
        for n, sent in enumerate(published.tolist()):
            key = (serial(first + n % count), start + timedelta(seconds=n // count))
            at = committed.get(key)
            if at is None:
                lost += 1
            else:
                latencies.append(at - sent)
        first += count
    return latencies, lost


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=5000, help="messages a second in all")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--meters", type=int, default=2000)
    parser.add_argument("--procs", type=int, default=1, help="load generator processes")
    asyncio.run(main(parser.parse_args()))
