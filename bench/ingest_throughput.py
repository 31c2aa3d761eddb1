"""Sustained ingestion from Mosquitto into PostgreSQL in one meterbot process, and, in the same run,
the straightforward one-ORM-call-per-message writer (bench/naive.py) beside it.

    .venv/bin/python -m bench.ingest_throughput            # about two minutes

A fleet of meters is registered in a fresh database (``mb_bench_<pid>``, dropped at the end). For each
writer, load generator processes (bench/loadgen.py) publish pre-encoded native telemetry with QoS 1 to
Mosquitto as fast as they can (or at ``--rate``), while this process runs meterbot's ingesting side as
``meterbot run`` wires it: the listener (acknowledging after commit), the flusher, the after-flush hook
and the aggregate worker. Throughput is messages committed per second between the first and the last
commit; every published message must be stored once (checked in the database). Figures are printed,
never assumed.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from bench.common import (
    MQTT_URL,
    bench_database,
    create_fleet,
    forget_session,
    postgres_version,
    print_machine,
    raw_connection,
    start_generators,
)
from bench.ingest_side import ingest_side, sample
from bench.naive import write_one_by_one
from services.ingest import BatchWriter
from services.ingest_store import write_batch

STALL_SECONDS = 10.0
"""Give up waiting when nothing was committed for this long (messages lost at the broker)."""


@dataclass
class Result:
    name: str
    messages: int
    stored: int
    throughput: float
    published_rate: float
    cpu_share: float
    cpu_us_per_message: float
    peak_pending: int
    aggregates_backlog_at_end: int
    aggregates_settled_after: float


async def run_writer(
    name: str, writer: BatchWriter, url: str, meters: int, per_meter: int, base: int, rate: float | None, procs: int
) -> Result:
    prefix = f"mbb{uuid.uuid4().hex[:8]}"
    client_id = f"{prefix}-meterbot"
    side = ingest_side(url, MQTT_URL, prefix, client_id, writer=writer)
    total = meters * per_meter
    peak = [0]
    watch_stop = asyncio.Event()

    def probe() -> None:
        peak[0] = max(peak[0], side.ingest.position - side.ingest.committed)

    try:
        await side.start()
        watcher = asyncio.create_task(sample(0.05, probe, watch_stop))
        with tempfile.TemporaryDirectory() as tmp:
            generators = start_generators(
                prefix=prefix,
                meters=meters,
                per_meter=per_meter,
                base=base,
                rate=rate,
                processes=procs,
                workdir=Path(tmp),
            )
            try:
                cpu_before, wall_before = time.process_time(), time.monotonic()
                progress, last_change = -1, time.monotonic()
                while side.ingest.committed < total and time.monotonic() - last_change < STALL_SECONDS:
                    await asyncio.sleep(0.1)
                    if side.ingest.committed != progress:
                        progress, last_change = side.ingest.committed, time.monotonic()
                cpu = time.process_time() - cpu_before
                wall = time.monotonic() - wall_before
                published = generators.wait(60)
                starts = [times[0] for times in generators.times()]
                ends = [times[-1] for times in generators.times()]
            finally:
                generators.kill()
        watch_stop.set()
        await watcher
        backlog = side.aggregates.backlog
        settle_started = time.monotonic()
        await asyncio.wait_for(side.aggregates.settled(), 600)
        settled = time.monotonic() - settle_started
    finally:
        await side.close()
        await forget_session(MQTT_URL, client_id)
    log = side.commits.log
    first_time, first_count = log[0]
    throughput = (sum(n for _, n in log) - first_count) / (log[-1][0] - first_time)
    conn = await raw_connection(url)
    try:
        stored = await conn.fetchval(
            "SELECT count(*) FROM reading WHERE ts >= to_timestamp($1) AND ts < to_timestamp($2)",
            base,
            base + per_meter,
        )
    finally:
        await conn.close()
    print(f"  {name}: generators: {'; '.join(published)}", flush=True)
    return Result(
        name=name,
        messages=total,
        stored=int(stored),
        throughput=throughput,
        published_rate=total / (max(ends) - min(starts)),
        cpu_share=cpu / wall,
        cpu_us_per_message=cpu / max(side.ingest.committed, 1) * 1e6,
        peak_pending=peak[0],
        aggregates_backlog_at_end=backlog,
        aggregates_settled_after=settled,
    )


def report(result: Result) -> None:
    lost = result.messages - result.stored
    print(
        f"{result.name}: {result.throughput:,.0f} msg/s committed ({result.messages:,} messages, "
        f"{result.stored:,} stored, {lost} lost); generators published at {result.published_rate:,.0f} msg/s; "
        f"meterbot process CPU {result.cpu_share:.0%} of one core, {result.cpu_us_per_message:.0f} us/message; "
        f"at most {result.peak_pending:,} received but not yet committed; aggregates: "
        f"{result.aggregates_backlog_at_end} meter(s) waiting when the load ended, "
        f"caught up {result.aggregates_settled_after:.1f} s later",
        flush=True,
    )


async def main(args: argparse.Namespace) -> None:
    async with bench_database() as url:
        print_machine(await postgres_version(url))
        await create_fleet(url, args.meters)
        print(
            f"fleet: {args.meters} native meters (every fifth three-phase); {args.procs} generator processes",
            flush=True,
        )
        base = int(time.time()) - 3 * 24 * 3600
        fast = await run_writer(
            "batched writer (meterbot)",
            write_batch,
            url,
            args.meters,
            args.per_meter,
            base,
            args.rate or None,
            args.procs,
        )
        report(fast)
        naive = await run_writer(
            "one ORM call per message (bench only)",
            write_one_by_one,
            url,
            args.meters,
            args.naive_per_meter,
            base + args.per_meter,
            args.naive_rate or None,
            args.procs,
        )
        report(naive)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meters", type=int, default=2000)
    parser.add_argument("--per-meter", type=int, default=100, help="messages per meter, meterbot's writer")
    parser.add_argument("--rate", type=float, default=12000, help="offered msg/s in all (0: as fast as possible)")
    parser.add_argument("--naive-per-meter", type=int, default=10, help="messages per meter, naive writer")
    parser.add_argument(
        "--naive-rate",
        type=float,
        default=3000,
        help="offered msg/s for the naive writer (its whole run should fit in the 65,535 messages meterbot "
        "lets wait unacknowledged, plus the 1,000 Mosquitto queues beyond them)",
    )
    parser.add_argument("--procs", type=int, default=1, help="load generator processes")
    asyncio.run(main(parser.parse_args()))
