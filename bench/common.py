"""What the benchmarks share: a throw-away PostgreSQL database, a fleet of meters, the load generator
processes, the machine's description and percentiles."""

from __future__ import annotations

import asyncio
import contextlib
import os
import platform
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
import numpy as np
from tortoise import Tortoise

from bench.loadgen import serial
from meters.connection import Endpoint
from services import db

PG_URL = os.environ.get("MB_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
ROOT = Path(__file__).resolve().parents[1]
BROKER_CONFIG = ROOT / "docs" / "examples" / "mosquitto.conf"


def _private_broker() -> str:
    """A Mosquitto of the benchmark's own, configured as docs/examples/mosquitto.conf says production
    should be, on a free port, stopped when the benchmark exits. The machine's Mosquitto keeps
    Debian's defaults (``max_queued_messages`` 1000), under which the broker drops messages for a
    subscriber that acknowledges after commit."""
    import atexit
    import socket
    import tempfile

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = Path(tempfile.mkdtemp(prefix="mb-bench-mosquitto-"))
    config = folder / "mosquitto.conf"
    config.write_text(
        BROKER_CONFIG.read_text()
        + f"\nlistener {port} 127.0.0.1\nallow_anonymous true\npersistence_location {folder}/\n"
    )
    process = subprocess.Popen(["mosquitto", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    atexit.register(process.terminate)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return f"mqtt://127.0.0.1:{port}"
        time.sleep(0.05)
    raise RuntimeError("the benchmark's Mosquitto did not start")


MQTT_URL = os.environ.get("MB_BENCH_MQTT_URL") or _private_broker()
"""``MB_BENCH_MQTT_URL``, or a private Mosquitto with the production settings."""


def _dsn(url: str, name: str | None = None) -> str:
    base = url.replace("postgres://", "postgresql://", 1)
    return base if name is None else base.rsplit("/", 1)[0] + f"/{name}"


@contextlib.asynccontextmanager
async def bench_database() -> AsyncIterator[str]:
    """A fresh migrated database ``mb_bench_<pid>``, connected through Tortoise; dropped afterwards."""
    name = f"mb_bench_{os.getpid()}"
    admin = await asyncpg.connect(_dsn(PG_URL))
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = _dsn(PG_URL, name).replace("postgresql://", "postgres://", 1)
    try:
        await db.connect(url)
        await db.migrate(url)
        yield url
    finally:
        await Tortoise.close_connections()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def raw_connection(url: str) -> asyncpg.Connection:
    return await asyncpg.connect(_dsn(url))


async def create_fleet(url: str, count: int, timezone: str = "Europe/Moscow") -> dict[str, int]:
    """One site with ``count`` native meters BENCH000001...; serial -> meter id."""
    conn = await raw_connection(url)
    try:
        site_id = await conn.fetchval(
            "INSERT INTO site (slug, name, kind, timezone, day_zone_start_min, night_zone_start_min,"
            " reading_window_start_day, reading_window_end_day, billing_period_start_day,"
            " manual_readings_for_telemetry, consent_text, support_contact, ticket_review_days,"
            " deviation_percent, imbalance_percent, created_at)"
            " VALUES ('bench', 'Bench', 'snt', $1, 420, 1380, 20, 25, 1, false, '', '', '{}', 50, 10, now())"
            " RETURNING id",
            timezone,
        )
        serials = [serial(n) for n in range(1, count + 1)]
        now = datetime.now(UTC)
        await conn.copy_records_to_table(
            "meter",
            records=[_meter_row(now, site_id, s, n) for n, s in enumerate(serials, start=1)],
            columns=[
                "created_at",
                "site_id",
                "serial",
                "topic_id",
                "protocol",
                "kind",
                "phases",
                "tariff_count",
                "multiplier",
                "mac",
                "imei",
                "model",
                "place",
                "seal_number",
                "label",
                "has_telemetry",
                "relay_state",
            ],
        )
        rows = await conn.fetch("SELECT id, serial FROM meter WHERE site_id = $1", site_id)
    finally:
        await conn.close()
    return {row["serial"]: row["id"] for row in rows}


def _meter_row(now: datetime, site_id: int, serial_number: str, n: int) -> tuple[object, ...]:
    phases = 3 if n % 5 == 0 else 1
    blank = ("", "", "", "", "", "")  # mac, imei, model, place, seal number, label
    kind = ("native", "individual", phases, 2, Decimal(1))  # protocol, kind, phases, tariffs, multiplier
    return (now, site_id, serial_number, serial_number, *kind, *blank, True, "unknown")


@dataclass
class Generators:
    """Load generator processes started together (``bench.loadgen``)."""

    processes: list[subprocess.Popen[str]]
    times_files: list[Path]

    def wait(self, timeout: float) -> list[str]:
        outputs = []
        for process in self.processes:
            out, _ = process.communicate(timeout=timeout)
            if process.returncode != 0:
                raise RuntimeError(f"load generator failed ({process.returncode}): {out}")
            outputs.append(out.strip().splitlines()[-1])
        return outputs

    def kill(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait()

    def times(self) -> list[np.ndarray]:
        return [np.fromfile(path, dtype=np.float64) for path in self.times_files]


def start_generators(
    *,
    prefix: str,
    meters: int,
    per_meter: int,
    base: float,
    rate: float | None,
    processes: int,
    workdir: Path,
    start_in: float = 2.0,
) -> Generators:
    """``processes`` generators, each with its share of the meters and of ``rate``; they start
    publishing together ``start_in`` seconds from now (after encoding their payloads)."""
    share = -(-meters // processes)
    start_at = time.time() + start_in
    started, files = [], []
    first = 1
    for index in range(processes):
        count = min(share, meters - first + 1)
        if count <= 0:
            break
        times = workdir / f"times-{index}.bin"
        files.append(times)
        command = [
            sys.executable,
            "-m",
            "bench.loadgen",
            f"--url={MQTT_URL}",
            f"--prefix={prefix}",
            f"--first={first}",
            f"--meters={count}",
            f"--per-meter={per_meter}",
            f"--base={base}",
            f"--rate={(rate or 0) * count / meters}",
            f"--start-at={start_at}",
            f"--times={times}",
        ]
        started.append(subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
        first += count
    return Generators(started, files)


async def forget_session(url: str, client_id: str) -> None:
    """Drop a persistent MQTT session, so that the shared Mosquitto keeps nothing for it."""
    async with Endpoint.from_url(url).client(client_id, clean_session=True):
        pass


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    mosquitto = subprocess.run(["mosquitto", "-h"], capture_output=True, text=True, check=False).stdout
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "python": platform.python_version(),
        "cpus": str(os.cpu_count()),
        "memory": f"{memory:.1f} GiB",
        "mosquitto": mosquitto.splitlines()[0] if mosquitto else "unknown",
        "load average": " ".join(f"{v:.2f}" for v in os.getloadavg()),
    }


async def postgres_version(url: str) -> str:
    conn = await raw_connection(url)
    try:
        return str(await conn.fetchval("SHOW server_version"))
    finally:
        await conn.close()


def print_machine(pg_version: str) -> None:
    info = machine() | {"postgresql": pg_version}
    print("machine: " + "; ".join(f"{k} {v}" for k, v in info.items()), flush=True)


def percentiles(values: Sequence[float] | np.ndarray, points: Sequence[float] = (50, 95, 99)) -> dict[str, float]:
    data = np.asarray(values, dtype=np.float64)
    result = {f"p{p:g}": float(np.percentile(data, p)) for p in points}
    result["max"] = float(data.max())
    return result


async def wait_until(predicate: object, timeout: float, interval: float = 0.2) -> bool:
    """Poll an async predicate until it holds or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await predicate():  # type: ignore[operator]
            return True
        await asyncio.sleep(interval)
    return False
