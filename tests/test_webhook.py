"""Webhook mode: meterbot registers its webhook with the secret, and refuses updates without it."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp
import pytest

from tests.fakes.botapi_server import FakeBotAPI
from tests.fakes.telegram import TEST_TOKEN, message_update_dict

pytestmark = pytest.mark.slow

SECRET = "s3cret-webhook-token-for-tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_checks_the_secret_token(tmp_path: Path) -> None:
    port = free_port()
    async with FakeBotAPI(token=TEST_TOKEN) as api:
        env = {key: value for key, value in os.environ.items() if not key.startswith("MB_")}
        env.update(
            MB_BOT_TOKEN=TEST_TOKEN,
            MB_TELEGRAM_API_URL=api.url,
            MB_BOT_MODE="webhook",
            MB_WEBHOOK_URL="https://bot.example.org",
            MB_WEBHOOK_SECRET=SECRET,
            MB_DATABASE_URL=f"sqlite://{tmp_path / 'wh.sqlite3'}",
            MB_WEB_PORT=str(port),
            MB_DATA_DIR=str(tmp_path / "var"),
            MB_SCHEDULER_ENABLED="false",
            MB_OUTBOX_ENABLED="false",
        )
        log_path = tmp_path / "meterbot.log"
        with log_path.open("wb") as log:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot.cli", "run", env=env, cwd=tmp_path, stdout=log, stderr=log
            )
        try:
            registered = await api.wait_for("setWebhook", timeout=20)
            assert registered.params["url"] == "https://bot.example.org/telegram/webhook"
            assert registered.params["secret_token"] == SECRET
            update = message_update_dict("/start", user_id=777, first_name="Анна", language_code="ru")
            url = f"http://127.0.0.1:{port}/telegram/webhook"
            async with aiohttp.ClientSession() as http:
                async with http.post(url, json=update) as response:
                    assert response.status == 401
                headers = {"X-Telegram-Bot-Api-Secret-Token": "wrong-secret-wrong-secret"}
                async with http.post(url, json=update, headers=headers) as response:
                    assert response.status == 401
                assert api.of("sendMessage") == []
                headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
                async with http.post(url, json=update, headers=headers) as response:
                    assert response.status == 200
            reply = await api.wait_for("sendMessage", lambda r: r.chat_id == 777, timeout=10)
            assert "Анна" in reply.text
            process.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(process.wait(), 10)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    output = log_path.read_text(errors="replace")
    assert code == 0, output
    assert "Traceback" not in output, output
