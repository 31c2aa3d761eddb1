"""Database lifecycle: connect, close, ping and migrate. The only door to the ORM's set-up."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tortoise import Tortoise, connections

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


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": normalize_url(database_url)},
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
