"""Readings and telemetry samples of a flush as plain rows, and how each database stores them.

A flush of thousands of messages must not build an ORM object per row (that alone costs more than the
database does). Rows are tuples in the column order below; PostgreSQL gets them by binary ``COPY`` into
a temporary table and one ``INSERT … SELECT … ON CONFLICT DO NOTHING`` per table, so a repeated
(meter, ts) changes nothing; SQLite (the zero-config path) gets the same rows through the ORM's bulk
insert that ignores conflicts.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from decimal import Decimal
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from services.db.models import Reading, TelemetrySample

ReadingRow = tuple[int, datetime, Decimal | None, Decimal | None, Decimal | None, Decimal | None, Decimal, str, int]
"""meter_id, ts, t1, t2, t3, t4, total, source, flags"""
SampleRow = tuple[
    int,
    datetime,
    float | None,
    float | None,
    float | None,
    float | None,
    float | None,
    float | None,
    float | None,
    float | None,
]
"""meter_id, ts, power_w, voltage_a, voltage_b, voltage_c, current_a, current_b, current_c, frequency_hz"""

READING_COLUMNS = ("meter_id", "ts", "t1", "t2", "t3", "t4", "total", "source", "flags")
SAMPLE_COLUMNS = (
    "meter_id",
    "ts",
    "power_w",
    "voltage_a",
    "voltage_b",
    "voltage_c",
    "current_a",
    "current_b",
    "current_c",
    "frequency_hz",
)

_STAGING = (
    "CREATE TEMP TABLE IF NOT EXISTS ingest_reading (meter_id int, ts timestamptz, t1 numeric(14,3),"
    " t2 numeric(14,3), t3 numeric(14,3), t4 numeric(14,3), total numeric(14,3), source varchar(9),"
    " flags smallint) ON COMMIT DELETE ROWS;"
    " CREATE TEMP TABLE IF NOT EXISTS ingest_sample (meter_id int, ts timestamptz, power_w float8,"
    " voltage_a float8, voltage_b float8, voltage_c float8, current_a float8, current_b float8,"
    " current_c float8, frequency_hz float8) ON COMMIT DELETE ROWS"
)
"""Staging tables, one pair per database connection, created at its first flush, emptied by every commit."""


def _insert(table: str, staging: str, columns: tuple[str, ...], extra: str = "", value: str = "") -> str:
    names = ", ".join(columns)
    return (
        f"INSERT INTO {table} ({names}{extra}) SELECT {names}{value} FROM {staging}"  # noqa: S608 (fixed names)
        " ON CONFLICT (meter_id, ts) DO NOTHING"
    )


_INSERT_READINGS = _insert("reading", "ingest_reading", READING_COLUMNS, ", received_at", ", {now}::timestamptz")
_INSERT_SAMPLES = _insert("telemetrysample", "ingest_sample", SAMPLE_COLUMNS)
_staged: set[int] = set()
"""Server processes (one per asyncpg connection) whose staging tables exist: they live as long as the
connection. A process id the server gives again to a new connection makes one flush fail and be retried."""


def forget_staging() -> None:
    """After a failed transaction: the staging tables it created were rolled back with it."""
    _staged.clear()


async def store_rows(
    conn: BaseDBAsyncClient, readings: Collection[ReadingRow], samples: Collection[SampleRow], now: datetime
) -> None:
    """Insert what is new, inside the caller's transaction; (meter, ts) already stored are skipped."""
    if not readings and not samples:
        return
    if conn.capabilities.dialect == "postgres":
        await _copy(conn, readings, samples, now)
        return
    if readings:
        await Reading.bulk_create(
            [Reading(**dict(zip(READING_COLUMNS, row, strict=True))) for row in readings],
            ignore_conflicts=True,
            using_db=conn,
        )
    if samples:
        await TelemetrySample.bulk_create(
            [TelemetrySample(**dict(zip(SAMPLE_COLUMNS, row, strict=True))) for row in samples],
            ignore_conflicts=True,
            using_db=conn,
        )


async def _copy(
    conn: BaseDBAsyncClient, readings: Collection[ReadingRow], samples: Collection[SampleRow], now: datetime
) -> None:
    """Binary COPY into the staging tables through the transaction's own asyncpg connection."""
    raw: Any
    async with conn.acquire_connection() as raw:
        session = raw.get_server_pid()
        if session not in _staged:
            await raw.execute(_STAGING)
            _staged.add(session)
        inserts = []
        if readings:
            await raw.copy_records_to_table("ingest_reading", records=readings, columns=READING_COLUMNS)
            inserts.append(_INSERT_READINGS.format(now=f"'{now.isoformat()}'"))  # a datetime: nothing to escape
        if samples:
            await raw.copy_records_to_table("ingest_sample", records=samples, columns=SAMPLE_COLUMNS)
            inserts.append(_INSERT_SAMPLES)
        await raw.execute("; ".join(inserts))  # one round trip for both
