"""Admin web pages against PostgreSQL with 10,000 meters and a year of data: p50/p95 per page.

    .venv/bin/python -m bench.bench_admin_pages [--requests 50] [--meters 10000] [--only desk,ticket,...]

Seeds a throw-away database ``mb_bench_admin_<pid>`` (MB_BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/postgres) with SQL (bench/admin_seed.py): one site, plots and accounts
(two meters a plot), gateways, the meters, a daily reading and a daily aggregate per meter for 365 days,
about two events per meter a month, residents with bindings, activation codes, audit and quarantine rows,
and the queues: requests and complaints with their histories, alerts, restrictions with relay commands,
failed deliveries among delivered ones, API tokens. Then it serves the real application
(``admin_web.create_app`` with the services of ``build_services``, as ``meterbot run`` passes them) on
127.0.0.1, signs in as a superuser and requests every page ``--requests`` times one after another (after
two warm-up requests), timing each answer at the client; the JSON API under /api/v1 is asked with a token
issued by ``ApiTokenService``. Then it orders the monthly readings of every meter as CSV and as XLSX on the
reports page (a background job there: the time is from ordering to the downloaded file), each once alone
and once while the dashboard is requested one request after another, whose latency it reports.
The database is dropped at the end. ``--event-ts-index`` adds an index on ``meterevent(ts)`` first (not
in the model yet) to show what it gives the event journal. ``--only`` takes keys from ``--list``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import platform
import socket
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import asyncpg  # type: ignore[import-untyped]
from aiohttp import web
from tortoise import Tortoise

from admin_web import create_app
from bench.admin_seed import Scale, seed
from bot.app import build_services
from bot.settings import Settings
from services import db
from services.api_tokens import ApiTokenService

BASE_URL = os.environ.get("MB_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PASSWORD = "bench password 123"
REPORTS = ("report-csv", "report-xlsx")
REPORT_TIMEOUT = 1800.0


def dsn(name: str | None = None) -> str:
    base = BASE_URL.replace("postgres://", "postgresql://", 1)
    return base if name is None else base.rsplit("/", 1)[0] + f"/{name}"


@dataclass(frozen=True, slots=True)
class Targets:
    """What the pages open: found in the seeded data."""

    meter_id: int
    ticket_id: int
    restriction_id: int
    restriction_plot: str
    month: date
    """The last whole month at the site."""
    meters: int


@dataclass(frozen=True, slots=True)
class Probe:
    key: str
    title: str
    path: str | Callable[[int], str]
    """A path, or one per request (its number) for what must not come from a cache."""
    api: bool = False

    def url(self, attempt: int) -> str:
        return self.path if isinstance(self.path, str) else self.path(attempt)


def probes(t: Targets) -> list[Probe]:
    site = "/sites/1"
    meter = f"{site}/meters/{t.meter_id}"
    plot = (t.meter_id + 1) // 2
    serial = f"M{t.meter_id:06d}"
    month = f"{t.month:%Y-%m}"
    year_ago = (t.month - timedelta(days=330)).replace(day=1).isoformat()
    last_day = (t.month + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    api = "/api/v1"

    def other_meter(attempt: int) -> str:  # a meter not drawn before: the chart is not in the cache
        return f"{site}/meters/{(t.meter_id + 7 * (attempt + 1)) % t.meters + 1}/chart.png"

    return [
        Probe("dashboard", "dashboard", "/"),
        Probe("sites", "sites", "/sites"),
        Probe("site", "site settings", site),
        Probe("plots", "plots", f"{site}/plots"),
        Probe("plots-page", "plots, page 50", f"{site}/plots?page=50"),
        Probe("accounts", "accounts", f"{site}/accounts?search=0042"),
        Probe("residents", "residents", f"{site}/residents"),
        Probe("residents-search", "residents, search", f"{site}/residents?search=Житель 77"),
        Probe("gateways", "gateways", f"{site}/gateways"),
        Probe("meters", "meters", f"{site}/meters"),
        Probe("meters-filtered", "meters, filtered", f"{site}/meters?protocol=shelly&online=offline&relay=off"),
        Probe("meters-last-seen", "meters, by last seen, page 100", f"{site}/meters?sort=last_seen&desc=1&page=100"),
        Probe("meters-by-plot", "meters, by plot, 200 a page", f"{site}/meters?sort=plot&size=200&page=20"),
        Probe("meter", "meter page", meter),
        Probe("events", "events (30 days)", f"{site}/events"),
        Probe(
            "events-filtered", "events, filtered", f"{site}/events?class=tamper&severity=alarm&kind=individual&from="
        ),
        Probe("events-plot", "events, one plot", f"{site}/events?plot={plot}&from="),
        Probe("bindings", "binding queue", f"{site}/bindings"),
        Probe("codes", "activation codes", f"{site}/codes"),
        Probe("stickers", "QR stickers (24)", f"{site}/stickers?page=3"),
        Probe("import", "import page", f"{site}/import"),
        Probe("staff", "staff", "/staff"),
        Probe("audit", "audit log", "/audit"),
        Probe("audit-filtered", "audit log, filtered", "/audit?action=staff&denied=1"),
        Probe("quarantine", "quarantine", "/quarantine?source=mqtt"),
        Probe("devices", "unknown devices", "/quarantine/devices"),
        Probe("metrics", "metrics", "/metrics"),
        # the queues and what landed after the first version of this benchmark
        Probe("desk", "desk (open requests)", f"{site}/desk"),
        Probe("desk-all", "desk, all stages, page 10", f"{site}/desk?stage=all&page=10"),
        Probe("desk-name", "desk, author's name", f"{site}/desk?name=Житель 77"),
        Probe("desk-plot", "desk, one plot, all stages", f"{site}/desk?plot={plot}&stage=all"),
        Probe("ticket", "ticket page", f"{site}/desk/{t.ticket_id}"),
        Probe("alerts", "alerts (live)", f"{site}/alerts"),
        Probe("alerts-all", "alerts, all states, page 20", f"{site}/alerts?state=all&page=20"),
        Probe("alerts-filtered", "alerts, alarm + tamper, all", f"{site}/alerts?state=all&severity=alarm&class=tamper"),
        Probe("restrictions", "restrictions journal (a year)", f"{site}/restrictions"),
        Probe("restrictions-plot", "restrictions, one plot", f"{site}/restrictions?plot={t.restriction_plot}"),
        Probe("restriction", "restriction page", f"{site}/restrictions/{t.restriction_id}"),
        Probe("restrictions-csv", "restrictions journal CSV", f"{site}/restrictions.csv"),
        Probe("outbox", "failed deliveries", "/outbox"),
        Probe("charts", "meter charts (day by day)", f"{meter}/charts"),
        Probe("charts-year", "meter charts, a year by month", f"{meter}/charts?kind=consumption_monthly"),
        Probe("chart-png", "chart.png (cached)", f"{meter}/chart.png"),
        Probe("chart-png-new", "chart.png, a new meter each", other_meter),
        Probe("reports", "reports page", f"{site}/reports"),
        Probe("api-tokens", "API tokens", "/api-tokens"),
        Probe("api-sites", "API sites", f"{api}/sites", api=True),
        Probe("api-site", "API site", f"{api}/sites/bench", api=True),
        Probe("api-meters", "API meters (100)", f"{api}/sites/1/meters", api=True),
        Probe("api-meters-1000", "API meters (1000)", f"{api}/sites/1/meters?limit=1000", api=True),
        Probe("api-billing", "API site consumption, month (100)", f"{api}/sites/1/consumption?month={month}", api=True),
        Probe(
            "api-billing-1000",
            "API site consumption, month (1000)",
            f"{api}/sites/1/consumption?month={month}&limit=1000",
            api=True,
        ),
        Probe("api-meter", "API meter card", f"{api}/meters/{serial}", api=True),
        Probe(
            "api-readings",
            "API readings, a year by day",
            f"{api}/meters/{serial}/readings?from={year_ago}&to={last_day}&step=day",
            api=True,
        ),
        Probe(
            "api-readings-month",
            "API readings, a year by month",
            f"{api}/meters/{serial}/readings?from={year_ago}&to={last_day}&step=month",
            api=True,
        ),
        Probe(
            "api-consumption",
            "API consumption, a year by day",
            f"{api}/meters/{serial}/consumption?from={year_ago}&to={last_day}&step=day",
            api=True,
        ),
        Probe(
            "api-consumption-hour",
            "API consumption, a month by hour",
            f"{api}/meters/{serial}/consumption?from={t.month.isoformat()}&to={last_day}&step=hour",
            api=True,
        ),
    ]


PAGE_KEYS = [probe.key for probe in probes(Targets(1, 1, 1, "1", date(2026, 1, 1), 2))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], point: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(point / 100 * (len(ordered) - 1))))
    return ordered[index]


@dataclass(frozen=True, slots=True)
class Result:
    title: str
    p50: float
    p95: float
    size: int
    error: str = ""


async def sign_in(session: aiohttp.ClientSession, base: str) -> None:
    async with session.get(f"{base}/login") as response:
        text = await response.text()
    token = text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    form = {"csrf_token": token, "login": "bench", "password": PASSWORD, "next": "/"}
    async with session.post(f"{base}/login", data=form, allow_redirects=False) as response:
        assert response.status == 303, await response.text()


async def timed_get(session: aiohttp.ClientSession, url: str, headers: dict[str, str]) -> tuple[float, int, bytes]:
    """Milliseconds to the whole answer, its status and body."""
    started = time.perf_counter()
    async with session.get(url, allow_redirects=False, headers=headers) as response:
        body = await response.read()
    return (time.perf_counter() - started) * 1000, response.status, body


async def measure(
    session: aiohttp.ClientSession, base: str, requests: int, chosen: list[Probe], api_token: str
) -> list[Result]:
    results: list[Result] = []
    bearer = {"Authorization": f"Bearer {api_token}"}
    for probe in chosen:
        times: list[float] = []
        size, error = 0, ""
        for attempt in range(requests + 2):
            elapsed, status, body = await timed_get(session, base + probe.url(attempt), bearer if probe.api else {})
            if status != 200:
                error = f"HTTP {status}: {body[:200].decode(errors='replace')!r}"
                break
            if attempt >= 2:
                times.append(elapsed)
            size = len(body)
        if error:
            results.append(Result(probe.title, 0.0, 0.0, 0, error))
        else:
            results.append(Result(probe.title, statistics.median(times), percentile(times, 95), size))
    return results


@dataclass(frozen=True, slots=True)
class ReportRun:
    seconds: float
    size: int
    name: str
    dashboard: list[float]
    """The dashboard's latencies (ms) while the report was being made, when asked for."""


async def order_report(session: aiohttp.ClientSession, base: str, fmt: str, month: date) -> tuple[int, str]:
    """Order the monthly readings of every meter; follow the job until its file is downloaded."""
    query = f"kind=readings&month={month:%Y-%m}&format={fmt}"
    async with session.get(f"{base}/sites/1/reports/file?{query}", allow_redirects=False) as response:
        body = await response.read()
        if response.status == 200:  # a short report answers with the file at once
            return len(body), response.headers.get("Content-Disposition", "")
        if response.status != 303:
            raise RuntimeError(f"ordering the report: HTTP {response.status}: {body[:300]!r}")
        job = response.headers["Location"]
    deadline = time.monotonic() + REPORT_TIMEOUT
    while time.monotonic() < deadline:
        async with session.get(f"{base}{job}/status") as response:
            status = await response.json()
        if status["state"] == "failed":
            raise RuntimeError(f"the report job failed: {status}")
        if status["state"] == "done":
            async with session.get(base + str(status["url"])) as response:
                body = await response.read()
                if response.status != 200:
                    raise RuntimeError(f"the report's file: HTTP {response.status}")
            return len(body), str(status["name"])
        await asyncio.sleep(0.1)  # what polling a progress bar costs, ten times a second
    raise RuntimeError(f"the report took longer than {REPORT_TIMEOUT:.0f} s")


async def time_report(
    session: aiohttp.ClientSession, base: str, fmt: str, month: date, with_dashboard: bool
) -> ReportRun:
    latencies: list[float] = []
    finished = asyncio.Event()

    async def dashboard() -> None:
        while not finished.is_set():
            elapsed, status, _ = await timed_get(session, f"{base}/", {})
            if status != 200:
                raise RuntimeError(f"dashboard during the report: HTTP {status}")
            latencies.append(elapsed)

    other = asyncio.create_task(dashboard()) if with_dashboard else None
    started = time.perf_counter()
    try:
        size, name = await order_report(session, base, fmt, month)
    finally:
        seconds = time.perf_counter() - started
        finished.set()
        if other is not None:
            await other
    return ReportRun(seconds, size, name, latencies)


async def find_targets(conn: asyncpg.Connection, meters: int) -> Targets:
    ticket_id = await conn.fetchval(
        "SELECT t.id FROM ticket t WHERE t.stage = 'in_work' AND t.message_id IS NOT NULL"
        " AND EXISTS (SELECT 1 FROM ticketattachment a WHERE a.ticket_id = t.id)"
        " ORDER BY (SELECT count(*) FROM ticketcomment c WHERE c.ticket_id = t.id) DESC, t.id DESC LIMIT 1"
    )
    restriction = await conn.fetchrow(
        "SELECT r.id, p.number FROM restriction r JOIN meter m ON m.id = r.meter_id JOIN plot p ON p.id = m.plot_id"
        " WHERE r.state = 'done' AND r.command_id IS NOT NULL ORDER BY r.id DESC LIMIT 1"
    )
    today = datetime.now(ZoneInfo("Europe/Moscow")).date()
    month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    return Targets(meters * 42 // 100 + 1, ticket_id, restriction["id"], restriction["number"], month, meters)


def print_reports(runs: dict[str, tuple[ReportRun, ReportRun]], meters: int, month: date) -> None:
    print(f"\nreport: monthly readings of all {meters:,} meters for {month:%Y-%m}, ordered on the reports page")
    print(f"{'format':8} {'alone s':>8} {'with pages s':>13} {'KiB':>8}   dashboard during the report")
    for fmt, (alone, busy) in runs.items():
        during = busy.dashboard
        load = (
            f"{len(during)} requests, p50 {statistics.median(during):.1f} ms, p95 {percentile(during, 95):.1f} ms,"
            f" max {max(during):.1f} ms"
            if during
            else "no request finished"
        )
        print(f"{fmt:8} {alone.seconds:8.1f} {busy.seconds:13.1f} {alone.size / 1024:8.1f}   {load}")


async def main(requests: int, meters: int, event_ts_index: bool, only: list[str]) -> None:
    name = f"mb_bench_admin_{os.getpid()}"
    admin = await asyncpg.connect(dsn())
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = dsn(name).replace("postgresql://", "postgres://", 1)
    runner: web.AppRunner | None = None
    try:
        await db.connect(url)
        await db.migrate(url)
        seconds = await seed(dsn(name), Scale(meters))
        conn = await asyncpg.connect(dsn(name))
        if event_ts_index:  # what an index on MeterEvent.ts (proposed for the model) would give
            await conn.execute("CREATE INDEX bench_meterevent_ts ON meterevent (ts); ANALYZE meterevent")
        targets = await find_targets(conn, meters)
        with tempfile.TemporaryDirectory(prefix="mb_bench_admin_") as data_dir:
            settings = Settings(_env_file=None, database_url=url, data_dir=Path(data_dir))
            services = build_services(settings)
            superuser = await services.staff.create_admin("bench", PASSWORD, "Bench")
            issued = await ApiTokenService(services.clock).issue(superuser, "bench", [1], False)
            app = create_app(
                staff=services.staff,
                health=services.health,
                db_ping=db.ping,
                secret_key=b"benchmark secret key, long enough",
                default_locale=settings.default_locale,
                clock=services.clock,
                timezone=settings.timezone,
                bindings=services.bindings,
                consumption=services.consumption,
                outbox=services.outbox,
                bot_username="meterbot_bench_bot",
                ingest_stats=services.ingest.stats,
                desk=services.ticket_desk,
                restrictions=services.restrictions,
                alerts=services.alerts,
                charts=services.charts,
            )
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            gc.freeze()  # as Application.run does once started
            port = free_port()
            await web.TCPSite(runner, "127.0.0.1", port).start()
            pg_version = await conn.fetchval("SHOW server_version")
            tables = ["meter", "reading", "dailyaggregate", "meterevent", "auditentry", "binding", "ticket"]
            tables += ["ticketcomment", "alert", "restriction", "relaycommand", "outboxmessage"]
            counts = {table: await conn.fetchval(f"SELECT count(*) FROM {table}") for table in tables}
            failed = await conn.fetchval("SELECT count(*) FROM outboxmessage WHERE status = 'failed'")
            await conn.close()
            print(f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
            print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}")
            print(f"python: {platform.python_version()}, PostgreSQL {pg_version}")
            print("load average before: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
            print(f"seeded in {seconds:.0f} s: " + ", ".join(f"{table} {n:,}" for table, n in counts.items()))
            print(f"failed deliveries {failed:,}; ticket page #{targets.ticket_id}, restr. #{targets.restriction_id}")
            index_note = ", with an index on meterevent(ts)" if event_ts_index else ""
            print(f"{requests} requests per page, one at a time{index_note}\n")
            base = f"http://127.0.0.1:{port}"
            chosen = [probe for probe in probes(targets) if not only or probe.key in only]
            async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
                await sign_in(session, base)
                if chosen:
                    print(f"{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'KiB':>7}")
                    results = await measure(session, base, requests, chosen, issued.token)
                    for row in results:
                        if row.error:
                            print(f"{row.title:34} {row.error}")
                        else:
                            print(f"{row.title:34} {row.p50:8.1f} {row.p95:8.1f} {row.size / 1024:7.1f}")
                    worst = max(results, key=lambda row: row.p95)
                    print(f"\nslowest p95: {worst.title} {worst.p95:.1f} ms")
                    broken = [row.title for row in results if row.error]
                    if broken:
                        print("not answering 200: " + ", ".join(broken))
                runs: dict[str, tuple[ReportRun, ReportRun]] = {}
                for key in REPORTS:
                    if not only or key in only:
                        fmt = key.split("-", 1)[1]
                        alone = await time_report(session, base, fmt, targets.month, with_dashboard=False)
                        busy = await time_report(session, base, fmt, targets.month, with_dashboard=True)
                        runs[fmt] = (alone, busy)
                if runs:
                    print_reports(runs, meters, targets.month)
            print("load average after: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
            await runner.cleanup()
            runner = None
    finally:
        if runner is not None:
            await runner.cleanup()
        await Tortoise.close_connections()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def keys(raw: str) -> list[str]:
    chosen = [key.strip() for key in raw.split(",") if key.strip()]
    unknown = [key for key in chosen if key not in PAGE_KEYS and key not in REPORTS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown keys {', '.join(unknown)}; --list shows them")
    return chosen


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--meters", type=int, default=10_000)
    parser.add_argument("--event-ts-index", action="store_true", help="add an index on meterevent(ts) first")
    parser.add_argument("--only", type=keys, default=[], help="comma-separated keys (see --list): measure only these")
    parser.add_argument("--list", action="store_true", help="print the keys of the pages and reports, then exit")
    arguments = parser.parse_args()
    if arguments.list:
        print("\n".join(PAGE_KEYS + list(REPORTS)))
    else:
        asyncio.run(main(arguments.requests, arguments.meters, arguments.event_ts_index, arguments.only))
