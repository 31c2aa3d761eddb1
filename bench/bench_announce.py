"""Announcing to 1,000 residents through the outbox against a Bot API server that enforces Telegram's limits.

    .venv/bin/python -m bench.bench_announce [--residents 1000] [--sqlite]

A throw-away PostgreSQL database (``MB_BENCH_DATABASE_URL``, the local server by default; ``--sqlite``
for a temporary SQLite file) gets one outbox row per resident, each to its own private chat. The real
DeliveryWorker sends them with the real TelegramNotifier and aiogram Bot over HTTP to the fake Bot API
server (tests/fakes/botapi_server.py) with ``RateLimits()``: 30 messages/s overall, 1/s per chat,
20/min per group, answered with 429 and ``retry_after`` beyond them. The server runs in a process of its
own, as Telegram is not inside meterbot; it hands back what it recorded when the run is over. Printed:
the total time against the limit-imposed minimum (residents / 30 s), the 429 answers and what became of
them, and whether every resident got the announcement exactly once.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from multiprocessing.connection import Connection
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
from tortoise import Tortoise

from bot.notifier import TelegramNotifier
from bot.telegram import create_bot
from services import db
from services.clock import SystemClock
from services.db.models import OutboxMessage, Person
from services.enums import OutboxStatus
from services.outbox import DeliveryWorker, OutboxService
from services.ports import OutgoingMessage
from tests.fakes.botapi_server import FakeBotAPI, RateLimits
from tests.fakes.telegram import TEST_TOKEN

PG_URL = os.environ.get("MB_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
FIRST_CHAT = 500_000_000
TEXT = "Уважаемые садоводы! 30.11.2026 с 10:00 до 16:00 плановое отключение электроэнергии (ремонт ВЛ-0,4 кВ)."


@contextlib.asynccontextmanager
async def database(use_sqlite: bool) -> AsyncIterator[str]:
    if use_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite://{Path(tmp) / 'bench.sqlite3'}"
            await db.connect(url)
            await db.migrate(url)
            try:
                yield url
            finally:
                await Tortoise.close_connections()
        return
    name = f"mb_bench_announce_{os.getpid()}"
    admin = await asyncpg.connect(PG_URL.replace("postgres://", "postgresql://", 1))
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        await db.connect(url)
        await db.migrate(url)
        yield url
    finally:
        await Tortoise.close_connections()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def announce(outbox: OutboxService, residents: int) -> None:
    """What an announcement does for each resident: one outbox row to their private chat."""
    await Person.bulk_create(
        [Person(telegram_id=FIRST_CHAT + n, name=f"Садовод {n}") for n in range(residents)], batch_size=500
    )
    for person in await Person.all().order_by("id"):
        await outbox.enqueue(OutgoingMessage(text=TEXT, chat_id=person.telegram_id), person_id=person.id)


async def wait_until_delivered(outbox: OutboxService) -> None:
    """Poll the table as an operator would watch it (the worker has no "all done" signal)."""
    while await outbox.pending_count():  # noqa: ASYNC110
        await asyncio.sleep(0.05)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


@dataclass(frozen=True)
class Served:
    method: str
    status: int
    chat_id: int | None
    at: float
    """time.monotonic() in the server's process (the same clock on Linux)."""


def serve(conn: Connection, limits: RateLimits) -> None:
    """The child process: the fake Bot API until the parent says stop, then what it served."""

    async def main() -> None:
        async with FakeBotAPI(rate_limits=limits) as api:
            conn.send(api.url)
            await asyncio.to_thread(conn.recv)
            conn.send([Served(r.method, r.status, r.chat_id, r.at) for r in api.requests])

    asyncio.run(main())


@contextlib.contextmanager
def fake_telegram(limits: RateLimits) -> Iterator[tuple[str, Callable[[], list[Served]]]]:
    """The fake Bot API in its own process: its URL, and a function that stops it and returns its record."""
    parent, child = multiprocessing.get_context("spawn").Pipe()
    process = multiprocessing.get_context("spawn").Process(target=serve, args=(child, limits), daemon=True)
    process.start()
    url = parent.recv()

    def finish() -> list[Served]:
        parent.send("stop")
        served: list[Served] = parent.recv()
        return served

    try:
        yield url, finish
    finally:
        process.join(timeout=5)
        if process.is_alive():
            process.terminate()


async def run(residents: int, use_sqlite: bool, load_before: str) -> int:
    limits = RateLimits()
    with fake_telegram(limits) as (api_url, finish):
        async with database(use_sqlite) as url:
            return await measure(url, api_url, finish, residents, use_sqlite, limits, load_before)


async def measure(
    url: str,
    api_url: str,
    finish: Callable[[], list[Served]],
    residents: int,
    use_sqlite: bool,
    limits: RateLimits,
    load_before: str,
) -> int:
    outbox = OutboxService(SystemClock())
    await announce(outbox, residents)
    bot = create_bot(TEST_TOKEN, api_url)
    worker = DeliveryWorker(outbox, TelegramNotifier(bot), None, poll_interval=0.2)
    stop = asyncio.Event()
    started = time.monotonic()
    task = asyncio.create_task(worker.run(stop))
    try:
        async with asyncio.timeout(residents / limits.global_per_second * 3 + 30):
            await wait_until_delivered(outbox)
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        await task
        await bot.session.close()
    sends = [r for r in await asyncio.to_thread(finish) if r.method == "sendMessage"]
    ok = [r for r in sends if r.status == 200]
    refused = [r for r in sends if r.status == 429]
    per_chat = Counter(r.chat_id for r in ok)
    expected = {FIRST_CHAT + n for n in range(residents)}
    rows = Counter(str(s) for s in await OutboxMessage.all().values_list("status", flat=True))
    minimum = residents / limits.global_per_second
    first, last = min(r.at for r in ok), max(r.at for r in ok)
    peak = max_in_window([r.at for r in ok], 1.0)
    exactly_once = set(per_chat) == expected and all(n == 1 for n in per_chat.values())
    print(f"database             {'SQLite' if use_sqlite else 'PostgreSQL'} ({db.normalize_url(url).split('://')[0]})")
    print(f"residents            {residents}")
    print(f"total time           {elapsed:.2f} s (first to last send {last - first:.2f} s)")
    print(f"limit-imposed minimum {minimum:.2f} s ({residents} / {limits.global_per_second} per second)")
    print(f"over the minimum     {(elapsed / minimum - 1) * 100:+.1f} %")
    print(f"busiest second       {peak} messages")
    print(f"429 answers          {len(refused)} (each retried: {rows[OutboxStatus.SENT.value] == residents})")
    print(f"delivered            {len(ok)} sendMessage, {len(per_chat)} chats, exactly once: {exactly_once}")
    print(f"outbox rows          {dict(rows)}")
    print(f"pacer                sent {worker.pacer.sent}, throttled {worker.pacer.throttled}")
    print(f"machine              {os.cpu_count()} cores, Python {platform.python_version()}, {sys.platform}")
    print(f"load average         {load_before} before, {await asyncio.to_thread(load_average)} after")
    print(f"date                 {date.today().isoformat()} ({datetime.now(UTC):%H:%M} UTC)")
    within = elapsed <= minimum * 1.05
    return 0 if exactly_once and within and rows[OutboxStatus.SENT.value] == residents else 1


def max_in_window(times: list[float], seconds: float) -> int:
    ordered, best, start = sorted(times), 0, 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= seconds:
            start += 1
        best = max(best, end - start + 1)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--residents", type=int, default=1000)
    parser.add_argument("--sqlite", action="store_true", help="a temporary SQLite file instead of PostgreSQL")
    args = parser.parse_args()
    raise SystemExit(asyncio.run(run(args.residents, args.sqlite, load_average())))


if __name__ == "__main__":
    main()
