"""Shared fixtures: a database (SQLite, or PostgreSQL with MB_TEST_DATABASE_URL) and an MQTT broker
(in-process, or Mosquitto with MB_TEST_MQTT_URL). When a MB_TEST_* URL is set and its server is
unreachable, the run fails: CI must never silently fall back to the zero-config parts."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
from tortoise import Tortoise

from services import db as database

PG_ENV = "MB_TEST_DATABASE_URL"
MQTT_ENV = "MB_TEST_MQTT_URL"


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(autouse=True)
def _clean_mb_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests build settings themselves; a developer's MB_* variables or .env must not leak in."""
    for key in list(os.environ):
        if key.startswith("MB_") and not key.startswith("MB_TEST_"):
            monkeypatch.delenv(key, raising=False)


@pytest.fixture(scope="session")
async def database_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    """A fresh, empty database for this test session."""
    base = os.environ.get(PG_ENV)
    if not base:
        yield f"sqlite://{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    admin_url = database.normalize_url(base).replace("postgres://", "postgresql://", 1)
    name = f"mb_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = await asyncpg.connect(admin_url, timeout=10)
    except (OSError, asyncpg.PostgresError) as exc:
        pytest.fail(f"{PG_ENV}={base} is unreachable: {exc}", pytrace=False)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(database.normalize_url(base), name)
    finally:
        await Tortoise.close_connections()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture(scope="session")
async def migrated_db(database_url: str) -> AsyncIterator[str]:
    """The schema applied once per session through the same path as ``meterbot migrate``."""
    await database.connect(database_url)
    await database.migrate(database_url)
    yield database_url
    await database.close()


@pytest.fixture
async def db(migrated_db: str) -> AsyncIterator[str]:
    """An empty schema for each test."""
    yield migrated_db
    await _truncate_all()


async def _truncate_all() -> None:
    conn = Tortoise.get_connection("default")
    models = [m for app in Tortoise.apps.values() for m in app.values() if m._meta.db_table != "aerich"]
    tables = [m._meta.db_table for m in models]
    if database.is_sqlite(os.environ.get(PG_ENV) or "sqlite://"):
        for table in tables:
            await conn.execute_script(f'DELETE FROM "{table}"')
    else:
        joined = ", ".join(f'"{t}"' for t in tables)
        await conn.execute_script(f"TRUNCATE {joined} RESTART IDENTITY CASCADE")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
async def mqtt_url() -> AsyncIterator[str]:
    """A broker for this session: Mosquitto from MB_TEST_MQTT_URL, or the embedded one."""
    url = os.environ.get(MQTT_ENV)
    if url:
        parts = urlsplit(url)
        try:
            with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 1883), timeout=5):
                pass
        except OSError as exc:
            pytest.fail(f"{MQTT_ENV}={url} is unreachable: {exc}", pytrace=False)
        yield url
        return
    from meters.broker import EmbeddedBroker

    broker = EmbeddedBroker(host="127.0.0.1", port=_free_port())
    await broker.start()
    try:
        yield broker.url
    finally:
        await broker.stop()


@pytest.fixture
def project_root() -> Path:
    return Path(__file__).resolve().parents[1]
