"""Admin web pages against PostgreSQL with 10,000 meters and a year of data: p50/p95 per page.

    .venv/bin/python -m bench.bench_admin_pages [--requests 50] [--meters 10000]

Seeds a throw-away database ``mb_bench_admin_<pid>`` (MB_BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/postgres) with SQL: one site, plots and accounts (two meters a plot),
gateways, the meters, a daily reading and a daily aggregate per meter for 365 days, about two events per
meter a month, residents with bindings, activation codes, audit and quarantine rows. Then it serves the
real application (``admin_web.create_app``) on 127.0.0.1, signs in as a superuser and requests every page
``--requests`` times one after another (after two warm-up requests), timing each answer at the client.
The database is dropped at the end. ``--event-ts-index`` adds an index on ``meterevent(ts)`` first (not
in the model yet) to show what it gives the event journal.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import statistics
import time
from datetime import UTC, datetime

import aiohttp
import asyncpg
from aiohttp import web
from tortoise import Tortoise

from admin_web import create_app
from handlers.operator.notices import BindingNoticeRenderer
from services import db
from services.bindings import BindingService
from services.clock import SystemClock
from services.health import HealthRegistry
from services.outbox import OutboxService
from services.staff import StaffService

BASE_URL = os.environ.get("MB_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PASSWORD = "bench password 123"


def dsn(name: str | None = None) -> str:
    base = BASE_URL.replace("postgres://", "postgresql://", 1)
    return base if name is None else base.rsplit("/", 1)[0] + f"/{name}"


SEED = """
INSERT INTO site (slug, name, kind, timezone, day_zone_start_min, night_zone_start_min, reading_window_start_day,
  reading_window_end_day, billing_period_start_day, manual_readings_for_telemetry, consent_text, support_contact,
  ticket_review_days, deviation_percent, imbalance_percent, created_at)
VALUES ('bench', 'СНТ «Бенчмарк»', 'snt', 'Europe/Moscow', 420, 1380, 20, 25, 1, false, '', '', '{}', 50, 10, now());

INSERT INTO plot (site_id, number, address, created_at)
SELECT 1, n::text, 'линия ' || (n / 100 + 1) || ', участок ' || n, now() FROM generate_series(1, $plots) n;

INSERT INTO account (site_id, plot_id, number, holder_name, debt, created_at)
SELECT 1, n, lpad(n::text, 6, '0'), 'Владелец ' || n, (n % 7) * 100, now() FROM generate_series(1, $plots) n;

INSERT INTO gateway (site_id, serial, model, place, last_seen_at, created_at)
SELECT 1, 'GW' || lpad(n::text, 4, '0'), 'УСПД-' || (n % 3), 'линия ' || n, now(), now() FROM generate_series(1, 50) n;

INSERT INTO meter (site_id, plot_id, account_id, gateway_id, serial, mac, imei, model, kind, phases, tariff_count,
  multiplier, place, seal_number, protocol, topic_id, has_telemetry, relay_state, online, last_seen_at, label,
  next_verification_on, created_at)
SELECT 1, (n + 1) / 2, (n + 1) / 2, n % 50 + 1, 'M' || lpad(n::text, 6, '0'), '', '',
  (ARRAY['Меркурий 201', 'Нева МТ 114', 'Энергомера CE102', 'Shelly Pro 3EM'])[n % 4 + 1],
  CASE WHEN n % 500 = 0 THEN 'main' ELSE 'individual' END, CASE WHEN n % 5 = 0 THEN 3 ELSE 1 END, 2, 1, '', '',
  (ARRAY['native', 'tasmota', 'shelly', 'zigbee2mqtt'])[n % 4 + 1], 'm' || n, true,
  (ARRAY['on', 'off', 'unknown'])[n % 3 + 1], n % 10 <> 0, now() - (n % 600) * interval '1 minute', '',
  date '2027-01-01' + (n % 700), now()
FROM generate_series(1, $meters) n;

INSERT INTO reading (meter_id, ts, t1, t2, total, source, flags, received_at)
SELECT m.id, d, m.id % 100 + k * 7.5, m.id % 50 + k * 2.5, m.id % 150 + k * 10, 'telemetry', 0, d
FROM meter m, generate_series(0, 364) k,
  LATERAL (SELECT date_trunc('day', now()) - (364 - k) * interval '1 day' AS d) t;

INSERT INTO dailyaggregate (meter_id, day, t1, t2, t3, t4, total, end_t1, end_t2, end_total, quality)
SELECT m.id, current_date - (364 - k), 7.5, 2.5, 0, 0, 10, m.id % 100 + k * 7.5, m.id % 50 + k * 2.5,
  m.id % 150 + k * 10, 'measured'
FROM meter m, generate_series(0, 364) k;

INSERT INTO meterevent (meter_id, ts, code, event_class, severity, text, from_monitoring, received_at)
SELECT m.id, now() - k * interval '15 days' - (m.id % 1440) * interval '1 minute',
  (ARRAY['cover_open', 'voltage_high', 'offline', 'clock_set'])[k % 4 + 1],
  (ARRAY['tamper', 'threshold', 'other', 'integrity'])[k % 4 + 1],
  (ARRAY['alarm', 'warning', 'info'])[(m.id + k) % 3 + 1], '', k % 4 = 2, now()
FROM meter m, generate_series(0, 23) k;

INSERT INTO person (name, phone, email, channel, telegram_id, locale, created_at)
SELECT 'Житель ' || n, '+7900' || lpad(n::text, 7, '0'), '', 'telegram', 100000 + n, 'ru', now()
FROM generate_series(1, $residents) n;

INSERT INTO binding (person_id, meter_id, status, method, label, reject_reason, created_at)
SELECT n, n, CASE WHEN n % 100 = 0 THEN 'pending' ELSE 'active' END, 'serial', '', '', now() - n * interval '1 minute'
FROM generate_series(1, $residents) n;

INSERT INTO activationcode (code, site_id, plot_id, expires_at, created_at)
SELECT 'C' || lpad(n::text, 7, '0'), 1, n, now() + interval '3 days', now() - interval '4 days'
FROM generate_series(1, $plots) n;

INSERT INTO auditentry (at, actor_label, site_id, action, object_type, object_id, origin, allowed, details)
SELECT now() - n * interval '5 minutes', 'bench', 1,
  (ARRAY['login.ok', 'binding.approve', 'staff.block', 'site.update'])[n % 4 + 1], 'meter', n::text,
  '127.0.0.1', n % 10 <> 0, '{}'
FROM generate_series(1, 100000) n;

INSERT INTO quarantineentry (received_at, source, topic, payload, reason)
SELECT now() - n * interval '1 minute', 'mqtt', 'meterbot/X' || n || '/telemetry', '{"t1": "x"}', 'bad_number: t1'
FROM generate_series(1, 50000) n;

INSERT INTO unknowndevice (protocol, topic_id, first_seen_at, last_seen_at, messages, last_payload)
SELECT 'tasmota', 'tasmota_' || n, now() - interval '3 days', now() - n * interval '1 minute', n, '{}'
FROM generate_series(1, 500) n;

ANALYZE;
"""


def pages(meter_id: int) -> list[tuple[str, str]]:
    site = "/sites/1"
    plot = (meter_id + 1) // 2
    return [
        ("dashboard", "/"),
        ("sites", "/sites"),
        ("site settings", site),
        ("plots", f"{site}/plots"),
        ("plots, page 50", f"{site}/plots?page=50"),
        ("accounts", f"{site}/accounts?search=0042"),
        ("residents", f"{site}/residents"),
        ("residents, search", f"{site}/residents?search=Житель 77"),
        ("gateways", f"{site}/gateways"),
        ("meters", f"{site}/meters"),
        ("meters, filtered", f"{site}/meters?protocol=shelly&online=offline&relay=off"),
        ("meters, by last seen, page 100", f"{site}/meters?sort=last_seen&desc=1&page=100"),
        ("meters, by plot, 200 a page", f"{site}/meters?sort=plot&size=200&page=20"),
        ("meter page", f"{site}/meters/{meter_id}"),
        ("events (30 days)", f"{site}/events"),
        ("events, filtered", f"{site}/events?class=tamper&severity=alarm&kind=individual&from="),
        ("events, one plot", f"{site}/events?plot={plot}&from="),
        ("binding queue", f"{site}/bindings"),
        ("activation codes", f"{site}/codes"),
        ("QR stickers (24)", f"{site}/stickers?page=3"),
        ("import page", f"{site}/import"),
        ("staff", "/staff"),
        ("audit log", "/audit"),
        ("audit log, filtered", "/audit?action=staff&denied=1"),
        ("quarantine", "/quarantine?source=mqtt"),
        ("unknown devices", "/quarantine/devices"),
        ("metrics", "/metrics"),
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], point: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(point / 100 * (len(ordered) - 1))))
    return ordered[index]


async def seed(name: str, meters: int) -> float:
    started = time.perf_counter()
    conn = await asyncpg.connect(dsn(name))
    try:
        plots = (meters + 1) // 2
        sql = SEED.replace("$plots", str(plots)).replace("$meters", str(meters))
        await conn.execute(sql.replace("$residents", str(int(meters * 0.8))))
    finally:
        await conn.close()
    return time.perf_counter() - started


async def measure(base: str, requests: int, meter_id: int) -> list[tuple[str, float, float, int]]:
    results: list[tuple[str, float, float, int]] = []
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        async with session.get(f"{base}/login") as response:
            text = await response.text()
        token = text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        form = {"csrf_token": token, "login": "bench", "password": PASSWORD, "next": "/"}
        async with session.post(f"{base}/login", data=form, allow_redirects=False) as response:
            assert response.status == 303, await response.text()
        for title, path in pages(meter_id):
            times: list[float] = []
            size = 0
            for attempt in range(requests + 2):
                started = time.perf_counter()
                async with session.get(base + path, allow_redirects=False) as response:
                    body = await response.read()
                    if response.status != 200:
                        raise RuntimeError(f"{path}: {response.status}")
                elapsed = time.perf_counter() - started
                if attempt >= 2:
                    times.append(elapsed * 1000)
                size = len(body)
            results.append((title, statistics.median(times), percentile(times, 95), size))
    return results


async def main(requests: int, meters: int, event_ts_index: bool) -> None:
    name = f"mb_bench_admin_{os.getpid()}"
    admin = await asyncpg.connect(dsn())
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = dsn(name).replace("postgresql://", "postgres://", 1)
    runner: web.AppRunner | None = None
    try:
        await db.connect(url)
        await db.migrate(url)
        seconds = await seed(name, meters)
        if event_ts_index:  # what an index on MeterEvent.ts (proposed for the model) would give
            conn = await asyncpg.connect(dsn(name))
            await conn.execute("CREATE INDEX bench_meterevent_ts ON meterevent (ts); ANALYZE meterevent")
            await conn.close()
        clock = SystemClock()
        staff = StaffService(clock)
        await staff.create_admin("bench", PASSWORD, "Bench")
        outbox = OutboxService(clock)

        async def ping() -> bool:
            return True

        app = create_app(
            staff=staff,
            health=HealthRegistry(),
            db_ping=ping,
            secret_key=b"benchmark secret key, long enough",
            clock=clock,
            bindings=BindingService(clock, outbox, BindingNoticeRenderer("ru")),
            outbox=outbox,
            bot_username="meterbot_bench_bot",
        )
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        conn = await asyncpg.connect(dsn(name))
        pg_version = await conn.fetchval("SHOW server_version")
        counts = {
            table: await conn.fetchval(f"SELECT count(*) FROM {table}")
            for table in ("meter", "reading", "dailyaggregate", "meterevent", "auditentry", "binding")
        }
        await conn.close()
        print(f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
        print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}")
        print(f"python: {platform.python_version()}, PostgreSQL {pg_version}")
        print("load average before: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
        print(f"seeded in {seconds:.0f} s: " + ", ".join(f"{table} {n:,}" for table, n in counts.items()))
        index_note = ", with an index on meterevent(ts)" if event_ts_index else ""
        print(f"{requests} requests per page, one at a time{index_note}\n")
        print(f"{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'KiB':>7}")
        results = await measure(f"http://127.0.0.1:{port}", requests, meters * 42 // 100 + 1)
        for title, p50, p95, size in results:
            print(f"{title:34} {p50:8.1f} {p95:8.1f} {size / 1024:7.1f}")
        worst = max(results, key=lambda row: row[2])
        print(f"\nslowest p95: {worst[0]} {worst[2]:.1f} ms")
        print("load average after: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    finally:
        if runner is not None:
            await runner.cleanup()
        await Tortoise.close_connections()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--meters", type=int, default=10_000)
    parser.add_argument("--event-ts-index", action="store_true", help="add an index on meterevent(ts) first")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.requests, arguments.meters, arguments.event_ts_index))
