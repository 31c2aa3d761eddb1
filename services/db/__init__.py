"""Database lifecycle: connect, close, ping and migrate. The only door to the ORM's set-up."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg  # type: ignore[import-untyped]
from tortoise import Tortoise, connections
from tortoise.backends.base.config_generator import expand_db_url

log = logging.getLogger(__name__)

MODELS_MODULE = "services.db.models"
MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def normalize_url(database_url: str) -> str:
    """Accept ``postgresql://`` and ``asyncpg://`` spellings; Tortoise wants ``postgres://``."""
    parts = urlsplit(database_url)
    if parts.scheme in {"postgresql", "asyncpg"}:
        return urlunsplit(parts._replace(scheme="postgres"))
    return database_url


def is_sqlite(database_url: str) -> bool:
    return urlsplit(database_url).scheme == "sqlite"


class PooledConnection(asyncpg.Connection):  # type: ignore[misc]
    """asyncpg's connection without the reset query on every return to the pool.

    The pool runs ``SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL`` each time a
    connection goes back: a round trip after every query outside a transaction and every transaction
    (the ingestion flush, each bot update's queries). meterbot takes no advisory locks, keeps no
    cursors, listens to nothing and never changes session settings, so there is nothing to undo; an
    open transaction is still rolled back by the pool. The documented way to change it is this
    override (asyncpg 0.30+, ``Connection.get_reset_query``)."""

    def get_reset_query(self) -> str:
        return ""


def tortoise_config(database_url: str) -> dict[str, Any]:
    url = normalize_url(database_url)
    connection: str | dict[str, Any] = url
    if not is_sqlite(url):
        connection = expand_db_url(url)
        connection["credentials"]["connection_class"] = PooledConnection
    return {
        "connections": {"default": connection},
        "apps": {"models": {"models": [MODELS_MODULE, "aerich.models"], "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


async def connect(database_url: str) -> None:
    """Initialise Tortoise for ``database_url`` (the pool connects lazily)."""
    await Tortoise.init(config=tortoise_config(database_url))


async def close() -> None:
    await Tortoise.close_connections()


async def ping() -> bool:
    """True when the database answers a trivial query."""
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:  # any driver error means "down" for the health check
        log.debug("database ping failed", exc_info=True)
        return False
    return True


async def migrate(database_url: str) -> list[str]:
    """Bring the schema up to date; returns what was applied.

    PostgreSQL runs the aerich migrations in ``migrations/``; SQLite (the zero-config path) creates
    missing tables from the models.
    """
    if is_sqlite(database_url):
        await Tortoise.generate_schemas(safe=True)
        return ["sqlite: schema generated"]
    from aerich import Command

    command = Command(tortoise_config=tortoise_config(database_url), app="models", location=str(MIGRATIONS_DIR))
    await command.init()
    applied: list[str] = await command.upgrade(run_in_transaction=True)
    return applied
