"""`meterbot run` as a real process, talking to a Bot API-compatible HTTP server.

The process long-polls the fake server, answers a pushed /start with a sendMessage, and stops
cleanly (exit 0) on SIGTERM. The database is a fresh SQLite file, or a fresh PostgreSQL database
when MB_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from services import db as database
from tests.fakes.botapi_server import FakeBotAPI
from tests.fakes.telegram import TEST_TOKEN, message_update_dict

pytestmark = pytest.mark.slow

START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


@pytest.fixture
async def process_database_url(tmp_path: Path) -> AsyncIterator[str]:
    """A database of the process's own: it must not share the test session's one."""
    base = os.environ.get("MB_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite://{tmp_path / 'e2e.sqlite3'}"
        return
    admin_url = database.normalize_url(base).replace("postgres://", "postgresql://", 1)
    name = f"mb_e2e_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(admin_url, timeout=10)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        parts = urlsplit(database.normalize_url(base))
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(token=TEST_TOKEN) as server:
        yield server


def process_env(api_url: str, database_url: str, data_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MB_")}
    env.update(
        MB_BOT_TOKEN=TEST_TOKEN,
        MB_TELEGRAM_API_URL=api_url,
        MB_DATABASE_URL=database_url,
        MB_WEB_ENABLED="false",
        MB_SCHEDULER_ENABLED="false",
        MB_OUTBOX_ENABLED="false",
        MB_DATA_DIR=str(data_dir),
        MB_LOG_LEVEL="INFO",
    )
    return env


async def test_meterbot_run_answers_start_and_stops_on_sigterm(
    api: FakeBotAPI, process_database_url: str, tmp_path: Path
) -> None:
    log_path = tmp_path / "meterbot.log"
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "run",
            env=process_env(api.url, process_database_url, tmp_path / "var"),
            cwd=tmp_path,  # no stray .env from the developer's checkout
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )
    try:
        await api.wait_for("getUpdates", timeout=START_TIMEOUT)
        commands = {r.params.get("language_code") for r in api.of("setMyCommands")}
        assert commands == {"ru", "en", None}

        api.push_update(message_update_dict("/start", user_id=4242, first_name="Пётр", language_code="ru"))
        reply = await api.wait_for("sendMessage", lambda r: r.chat_id == 4242, timeout=START_TIMEOUT)
        assert "Здравствуйте, Пётр!" in reply.text
        assert reply.buttons == ["Русский", "English"]

        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    output = log_path.read_text(errors="replace")
    assert code == 0, f"exit code {code}; output:\n{output}"
    assert "Traceback" not in output, output
