"""From a meter event published on MQTT to the alert's sendMessage leaving meterbot, under telemetry load.

    .venv/bin/python -m bench.bench_alert_latency [--rate 5000] [--meters 5000] [--seconds 60] [--events 120]

meterbot's alert path is built as bot/app.py builds it: the MQTT listener, IngestService with the
AfterFlush hook (aggregates recomputed, alerts handed over), AlertService, the outbox and the
DeliveryWorker sending through TelegramNotifier and aiogram over HTTP to the fake Bot API server
(tests/fakes/botapi_server.py). A throw-away PostgreSQL database (``MB_BENCH_DATABASE_URL``) holds a fleet
of ``--meters`` registered meters that the load generator processes (bench/loadgen.py) keep publishing
telemetry for at ``--rate`` messages a second through the broker (``MB_BENCH_MQTT_URL``), and
``--sites`` sites with an operators' chat each and a meter that raises events.

While the load runs, ``--events`` events (a new code each, so each is a new alert and a new message)
are published at an even pace, round robin over the sites so that no chat goes past Telegram's 20
messages a minute in a group. The latency of one event is from just before its publish call to the
moment aiogram starts the sendMessage request carrying it (a request middleware takes the time).
Printed: p50 / p95 / p99 / max in milliseconds, how many arrived, and the telemetry rate achieved.

``--lane priority`` (the default, what ``meterbot run`` does) hands each event to ``AlertService.take_event``
as soon as ingestion has accepted it (IngestService's ``on_event``) and receives events on an MQTT
connection of their own, so that they never wait at the broker behind telemetry not yet acknowledged;
``--lane fast`` only the first; ``--lane flush`` neither (events reach alerts through the flush that
stores them, the AfterFlush hook), for comparison.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import subprocess
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import Response, SendMessage, TelegramMethod
from aiogram.methods.base import TelegramType

from bench.common import (
    MQTT_URL,
    bench_database,
    create_fleet,
    percentiles,
    postgres_version,
    print_machine,
    start_generators,
)
from bot.notifier import TelegramNotifier
from bot.telegram import create_bot
from handlers.operator.alert_texts import AlertNoticeRenderer
from meters.connection import Endpoint
from meters.listener import MqttListener
from meters.topics import MessageKind, TopicRouter, default_router
from services.alerts import AlertService
from services.clock import SystemClock
from services.consumption import ConsumptionService
from services.db.models import Meter, Site
from services.health import HealthRegistry
from services.ingest import IngestService
from services.ingest_hooks import AfterFlush, AggregateWorker
from services.outbox import DeliveryWorker, OutboxService
from tests.fakes.botapi_server import FakeBotAPI
from tests.fakes.telegram import TEST_TOKEN

FIRST_CHAT = -1_001_000_000
MARK = "bench-event-"


class SendTimes(BaseRequestMiddleware):
    """The wall-clock time each alert's sendMessage request starts, by the event's number."""

    def __init__(self) -> None:
        self.sent: dict[int, float] = {}
        self.changed = asyncio.Event()

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Response[TelegramType]:
        if isinstance(method, SendMessage) and MARK in method.text:
            number = int(method.text.split(MARK, 1)[1].split()[0].rstrip(")"))
            self.sent.setdefault(number, time.time())
            self.changed.set()
        return await make_request(bot, method)


async def alert_sites(count: int) -> list[str]:
    """``count`` sites, each with its operators' chat and one meter that raises events; their serials."""
    serials = []
    for n in range(count):
        site = await Site.create(slug=f"alerts-{n}", name=f"СНТ {n}", operators_chat_id=FIRST_CHAT - n)
        serial = f"ALERT{n:04d}"
        await Meter.create(site=site, serial=serial, topic_id=serial, model="bench")
        serials.append(serial)
    return serials


async def publish_events(prefix: str, serials: list[str], count: int, seconds: float) -> dict[int, float]:
    """``count`` events spread over ``seconds``; the wall-clock time just before each publish."""
    published: dict[int, float] = {}
    async with Endpoint.from_url(MQTT_URL).client(f"bench-events-{uuid.uuid4().hex[:8]}") as client:
        began = time.monotonic()
        for n in range(count):
            await asyncio.sleep(max(0.0, began + n * seconds / count - time.monotonic()))
            payload = {
                "ts": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                "code": f"bench{n}",
                "class": "tamper",
                "severity": "alarm",
                "text": f"{MARK}{n}",
            }
            published[n] = time.time()
            await client.publish(f"{prefix}/{serials[n % len(serials)]}/event", json.dumps(payload), qos=1)
    return published


@dataclass
class Pipeline:
    ingest: IngestService
    alerts: AlertService
    timer: SendTimes
    prefix: str


@contextlib.asynccontextmanager
async def meterbot(api: FakeBotAPI, lane: str) -> AsyncIterator[Pipeline]:
    """The listener, ingestion, alerts and the delivery worker running; all stopped on the way out."""
    clock = SystemClock()
    timer = SendTimes()
    bot = create_bot(TEST_TOKEN, api.url)
    bot.session.middleware(timer)
    outbox = OutboxService(clock)
    alerts = AlertService(clock, outbox, AlertNoticeRenderer("ru"))
    on_event = alerts.take_event if lane != "flush" else None
    consumption = ConsumptionService(clock)
    aggregates = AggregateWorker(consumption)  # as bot/app.py wires it: aggregates behind ingestion
    ingest = IngestService(
        clock, on_flush=AfterFlush(consumption, None, alerts, aggregates=aggregates), on_event=on_event
    )
    worker = DeliveryWorker(outbox, TelegramNotifier(bot), None)
    alerts.wake_delivery_with(worker.wakeup.set)
    prefix = f"bench{uuid.uuid4().hex[:8]}"
    listeners = [MqttListener(MQTT_URL, f"{prefix}-meterbot", ingest, HealthRegistry(), router=default_router(prefix))]
    if lane == "priority":
        everything = default_router(prefix).rules
        listeners = [
            MqttListener(
                MQTT_URL,
                f"{prefix}-meterbot",
                ingest,
                HealthRegistry(),
                router=TopicRouter(r for r in everything if r.kind is not MessageKind.EVENT),
            ),
            MqttListener(
                MQTT_URL,
                f"{prefix}-events",
                ingest,
                HealthRegistry(),
                router=TopicRouter(r for r in everything if r.kind is MessageKind.EVENT),
            ),
        ]
    stop = asyncio.Event()
    runs = (
        *(listener.run(stop) for listener in listeners),
        ingest.run_flusher(stop),
        aggregates.run(stop),
        worker.run(stop),
        alerts.run(stop),
    )
    tasks = [asyncio.create_task(t) for t in runs]
    try:
        for listener in listeners:
            await asyncio.wait_for(listener.connected.wait(), 10)
        yield Pipeline(ingest, alerts, timer, prefix)
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await bot.session.close()


async def run(args: argparse.Namespace) -> None:
    async with bench_database() as url, FakeBotAPI() as api:
        print_machine(await postgres_version(url))
        fleet = await create_fleet(url, args.meters)
        serials = await alert_sites(args.sites)
        async with meterbot(api, args.lane) as bot:
            per_meter = max(1, round(args.rate * args.seconds / len(fleet)))
            start_in = 3.0
            with tempfile.TemporaryDirectory() as tmp:
                generators = start_generators(
                    prefix=bot.prefix,
                    meters=len(fleet),
                    per_meter=per_meter,
                    base=time.time() - per_meter - 60,
                    rate=args.rate,
                    processes=args.processes,
                    workdir=Path(tmp),
                    start_in=start_in,
                )
                try:
                    await asyncio.sleep(start_in + 2.0)  # the load is on
                    before, began = bot.ingest.stats().ingested, time.monotonic()
                    published = await publish_events(bot.prefix, serials, args.events, args.seconds - 4.0)
                    achieved = (bot.ingest.stats().ingested - before) / (time.monotonic() - began)
                    try:
                        outputs = await asyncio.to_thread(generators.wait, args.seconds * 2 + 30)
                    except subprocess.TimeoutExpired:  # the broker held them: meterbot did not keep up
                        outputs = ["the load generators did not finish: telemetry was not taken in at that rate"]
                finally:
                    generators.kill()
            deadline = time.monotonic() + 30
            while len(bot.timer.sent) < len(published) and time.monotonic() < deadline:
                bot.timer.changed.clear()
                await asyncio.wait({asyncio.ensure_future(bot.timer.changed.wait())}, timeout=1.0)
            report(args, published, bot.timer.sent, achieved, outputs, bot.ingest.stats())


def report(
    args: argparse.Namespace,
    published: dict[int, float],
    sent: dict[int, float],
    achieved: float,
    outputs: list[str],
    stats: Any,
) -> None:
    latencies = [(sent[n] - published[n]) * 1000 for n in published if n in sent]
    print(f"load generators: {'; '.join(outputs)}")
    print(f"telemetry ingested while events flowed: {achieved:,.0f} messages/s (asked {args.rate:,.0f}/s)")
    print(f"ingestion: {stats}")
    print(f"alerts sent: {len(latencies)} of {len(published)} events ({args.lane} lane)")
    if latencies:
        figures = percentiles(latencies)
        print("event on MQTT -> sendMessage: " + ", ".join(f"{k} {v:.0f} ms" for k, v in figures.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=5000, help="telemetry messages a second (5000)")
    parser.add_argument("--meters", type=int, default=5000, help="meters publishing telemetry (5000)")
    parser.add_argument("--seconds", type=float, default=60, help="seconds of load (60)")
    parser.add_argument("--events", type=int, default=120, help="events published during the load (120)")
    parser.add_argument("--sites", type=int, default=20, help="sites (operators' chats) the events go to (20)")
    parser.add_argument("--processes", type=int, default=2, help="load generator processes (2)")
    parser.add_argument(
        "--lane", choices=("flush", "fast", "priority"), default="priority", help="how events reach alerts (priority)"
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
