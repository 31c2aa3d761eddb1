"""`meterbot migrate` on SQLite and PostgreSQL, and migrations that match the models."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from tortoise import Tortoise

from services import db as database

EXPECTED_TABLES = {
    "site",
    "plot",
    "account",
    "person",
    "meter",
    "reading",
    "hourlyaggregate",
    "outboxmessage",
}


def _migrate(database_url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MB_DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "migrate"],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


@pytest.fixture
async def fresh_database_url(tmp_path: Path) -> AsyncIterator[str]:
    """An empty database of the kind under test, separate from the session's."""
    base = os.environ.get("MB_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite://{tmp_path / 'fresh.sqlite3'}"
        return
    name = f"mb_mig_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(database.normalize_url(base).replace("postgres://", "postgresql://", 1))
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database.normalize_url(base).rsplit("/", 1)[0] + f"/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def _tables(database_url: str) -> set[str]:
    if database.is_sqlite(database_url):
        import sqlite3

        path = database_url.removeprefix("sqlite://")
        with sqlite3.connect(path) as conn:
            return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        rows = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    finally:
        await conn.close()
    return {row["tablename"] for row in rows}


async def test_migrate_creates_the_schema_and_is_repeatable(fresh_database_url: str, tmp_path: Path) -> None:
    first = _migrate(fresh_database_url, tmp_path)
    assert first.returncode == 0, first.stderr
    assert "applied:" in first.stdout
    assert await _tables(fresh_database_url) >= EXPECTED_TABLES
    second = _migrate(fresh_database_url, tmp_path)
    assert second.returncode == 0, second.stderr
    if not database.is_sqlite(fresh_database_url):
        assert "up to date" in second.stdout


async def test_unreachable_database_is_one_clear_line(tmp_path: Path) -> None:
    result = _migrate("postgres://nobody@127.0.0.1:1/none", tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("meterbot: ")


@pytest.mark.skipif(not os.environ.get("MB_TEST_DATABASE_URL"), reason="aerich migrations run on PostgreSQL")
async def test_models_have_no_unmigrated_changes(migrated_db: str, tmp_path: Path, project_root: Path) -> None:
    """A model changed without `aerich migrate` would make the PostgreSQL schema drift."""
    from aerich import Command

    location = tmp_path / "migrations"
    shutil.copytree(project_root / "migrations", location)
    command = Command(tortoise_config=database.tortoise_config(migrated_db), app="models", location=str(location))
    await command.init()
    created = await command.migrate("drift_check")
    assert not created, f"models changed without a migration: run aerich migrate ({created})"
    # aerich re-initialises Tortoise; put the session's connection back
    await Tortoise.close_connections()
    await database.connect(migrated_db)
