"""Text handlers in the real Dispatcher with the database, at a steady rate of updates.

    .venv/bin/python bench/bench_text_handlers.py                      # SQLite in a temp dir
    MB_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/bench_text_handlers.py --rate 500 --seconds 10

A resident with three bound meters of the seeded demo site presses the menu's "Мои счётчики", opens a
meter card and its current readings, in turn, at ``--rate`` updates per second. Telegram is the
recording session (no network), so what is measured is meterbot: the Dispatcher, middlewares,
handlers, services and the database. Printed: per screen, the handling time p50/p95/p99 (from the
moment an update is due to the moment its handler finished, so queueing counts) and the rate achieved.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import asyncpg

from bot.app import build_services
from bot.dispatcher import build_dispatcher
from bot.settings import load_settings
from bot.telegram import create_bot
from handlers.resident.meter_callbacks import MeterAct, MeterAction
from services import db
from services.clock import SystemClock
from services.db.models import Binding, Meter, Person
from services.demo import seed_demo
from services.enums import BindingMethod, BindingStatus
from tests.fakes.telegram import TEST_TOKEN, RecordingSession, callback_update_dict, feed, message_update_dict

USER = 777001


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def fresh_database(base: str | None) -> tuple[str, str | None]:
    if not base:
        path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        return f"sqlite://{path}", None
    name = f"mb_bench_text_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(db.normalize_url(base).replace("postgres://", "postgresql://", 1))
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    return db.normalize_url(base).rsplit("/", 1)[0] + f"/{name}", name


async def drop_database(base: str, name: str) -> None:
    admin = await asyncpg.connect(db.normalize_url(base).replace("postgres://", "postgresql://", 1))
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.close()


async def prepare_resident() -> list[int]:
    person = await Person.create(
        telegram_id=USER, name="Иван Петров", phone="+79161234567", locale="ru", consent_at=datetime.now(UTC)
    )
    meters = await Meter.filter(kind="individual").order_by("id").limit(3)
    for meter in meters:
        await Binding.create(
            person=person, meter=meter, status=BindingStatus.ACTIVE, method=BindingMethod.ADMIN, label=""
        )
    return [meter.id for meter in meters]


def updates_for(meter_ids: list[int], count: int) -> list[tuple[str, dict[str, Any]]]:
    """Updates as Telegram sends them (JSON objects): parsing each one is part of handling it, as when
    polling or on a webhook (a parsed Update of no Bot would make aiogram dump and parse it again)."""
    screens: list[tuple[str, dict[str, Any]]] = []
    for i in range(count):
        meter_id = meter_ids[i % len(meter_ids)]
        kind = ("menu", "card", "readings")[i % 3]
        if kind == "menu":
            update = message_update_dict("Мои счётчики", user_id=USER, language_code="ru")
        else:
            act = MeterAct.CARD if kind == "card" else MeterAct.CURRENT
            data = MeterAction(act=act, mid=meter_id).pack()
            update = callback_update_dict(data, message_id=500 + i, user_id=USER, language_code="ru")
        screens.append((kind, update))
    return screens


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=500.0, help="updates per second (500)")
    parser.add_argument("--seconds", type=float, default=10.0, help="duration (10)")
    args = parser.parse_args()

    base = os.environ.get("MB_BENCH_DATABASE_URL")
    url, created = await fresh_database(base)
    try:
        await db.connect(url)
        await db.migrate(url)
        await seed_demo(SystemClock(), plots=40, days=30)
        meter_ids = await prepare_resident()

        settings = load_settings(database_url=url)
        services = build_services(settings)
        session = RecordingSession()
        bot = create_bot(TEST_TOKEN, None, session=session)
        dp = build_dispatcher(
            people=services.people,
            default_locale="ru",
            staff=services.staff,
            outbox=services.outbox,
            clock=services.clock,
            profiles=services.profiles,
            bindings=services.bindings,
            meter_queries=services.meter_queries,
            readings=services.readings,
            meter_events=services.meter_events,
        )
        for _kind, update in updates_for(meter_ids, 30):  # warm-up: caches, prepared statements
            await feed(dp, bot, update)
        gc.freeze()  # as Application.run does once started
        total = int(args.rate * args.seconds)
        screens = updates_for(meter_ids, total)
        timings: dict[str, list[float]] = defaultdict(list)
        errors = 0

        async def handle(kind: str, update: dict[str, Any], due: float) -> None:
            nonlocal errors
            try:
                await feed(dp, bot, update)
            except Exception:
                errors += 1
            timings[kind].append((time.perf_counter() - due) * 1000)

        session.clear()
        start = time.perf_counter()
        tasks = []
        for i, (kind, update) in enumerate(screens):
            due = start + i / args.rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(handle(kind, update, due)))
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - start
        answered = len(session.calls)
    finally:
        await db.close()
        if base and created:
            await drop_database(base, created)

    backend = "PostgreSQL" if base else "SQLite"
    print(f"text handlers, {backend}, {total} updates at {args.rate:.0f}/s target; achieved {total / elapsed:.0f}/s")
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, load average {load}")
    for kind, values in timings.items():
        print(
            f"  {kind:9s} n={len(values):5d}  p50 {statistics.median(values):6.2f} ms  "
            f"p95 {percentile(values, 0.95):6.2f} ms  p99 {percentile(values, 0.99):6.2f} ms"
        )
    everything = [v for values in timings.values() for v in values]
    print(
        f"  all       n={len(everything):5d}  p95 {percentile(everything, 0.95):6.2f} ms; "
        f"errors {errors}; Bot API calls {answered}"
    )


if __name__ == "__main__":
    asyncio.run(main())
