"""A resident from /start to a chart, with `meterbot run` as a real process and a Bot API-compatible
HTTP server in place of Telegram.

The database is prepared first (tests/e2e_seed.py: a site, a meter with three days of readings
recomputed by ConsumptionService, an activation code for its plot). Then the resident chooses the
language, registers (name, phone, e-mail skipped, consent), binds the meter with the code (/bind), and
opens "Charts": the fake server receives a sendPhoto with a PNG, drawn by the process's chart workers.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.fakes.botapi_server import FakeBotAPI, ServedRequest
from tests.fakes.telegram import callback_update_dict, message_update_dict
from tests.test_bot_e2e import api, process_database_url, process_env  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow

USER = 5151
TIMEOUT = 60.0
"""Generous: the first chart starts the process's drawing workers, on a machine that may be busy."""
STOP_TIMEOUT = 15.0
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class Resident:
    """Pushes what a resident does and waits for what the bot answers in their chat."""

    def __init__(self, server: FakeBotAPI) -> None:
        self.api = server

    async def _after(
        self, push: Callable[[], object], method: str, predicate: Callable[[ServedRequest], bool] = lambda r: True
    ) -> ServedRequest:
        seen = len(self.api.requests)
        push()

        def fresh(request: ServedRequest) -> bool:
            is_new = any(r is request for r in self.api.requests[seen:])
            return is_new and request.chat_id == USER and predicate(request)

        return await self.api.wait_for(method, fresh, timeout=TIMEOUT)

    async def says(self, text: str, method: str = "sendMessage", expect: str = "") -> ServedRequest:
        update = message_update_dict(text, user_id=USER, first_name="Пётр", language_code="ru")
        return await self._after(lambda: self.api.push_update(update), method, lambda r: expect in r.text)

    async def presses(self, data: str, message_id: int, method: str = "sendMessage", expect: str = "") -> ServedRequest:
        update = callback_update_dict(data, message_id=message_id, user_id=USER, first_name="Пётр", language_code="ru")
        return await self._after(lambda: self.api.push_update(update), method, lambda r: expect in r.text)


async def _seed(database_url: str, cwd: Path) -> dict[str, object]:
    root = Path(__file__).resolve().parents[1]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.e2e_seed",
        database_url,
        cwd=root,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), TIMEOUT)
    assert process.returncode == 0, err.decode(errors="replace")
    seeded: dict[str, object] = json.loads(out.decode().strip().splitlines()[-1])
    return seeded


async def test_a_resident_goes_from_start_to_a_chart(
    api: FakeBotAPI,  # noqa: F811 (the fixture)
    process_database_url: str,  # noqa: F811 (the fixture)
    tmp_path: Path,
) -> None:
    seeded = await _seed(process_database_url, tmp_path)
    log_path = tmp_path / "meterbot.log"
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "run",
            env=process_env(api.url, process_database_url, tmp_path / "var"),
            cwd=tmp_path,
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )
    try:
        await api.wait_for("getUpdates", timeout=TIMEOUT)
        resident = Resident(api)

        greeting = await resident.says("/start", expect="Здравствуйте, Пётр!")
        assert greeting.buttons == ["Русский", "English"]
        await resident.presses("lng:ru", greeting.message_id, expect="Как вас зовут?")
        await resident.says("Пётр Иванов", expect="номер телефона")
        await resident.says("+7 912 345-67-89", expect="электронной почты")
        consent = await resident.says("Пропустить", expect="Согласие на обработку данных.")
        done = await resident.presses("reg:yes", consent.message_id, expect="Регистрация завершена")
        assert "Графики" in done.buttons

        methods = await resident.says("/bind")
        assert "bnm:code" in methods.callback_data
        await resident.presses("bnm:code", methods.message_id, expect="код активации")
        bound = await resident.says(str(seeded["code"]), expect="привязаны к вам")
        assert f"№ {seeded['serial']}" in bound.text

        chart = await resident.says("Графики", method="sendPhoto")

        [photo] = chart.files.values()
        assert photo.startswith(PNG_SIGNATURE)
        assert len(photo) > 10_000
        assert "📊 <b>Потребление по дням</b>" in chart.text
        assert "последние 30 дней" in chart.text
        assert "Всего: <b>" in chart.text
        assert "✓ ⚡ Потребление" in chart.buttons
        action = [r for r in api.of("sendChatAction") if r.chat_id == USER]
        assert action
        assert action[-1].params["action"] == "upload_photo"

        hourly = next(data for data in chart.callback_data if data.startswith(f"cg:{seeded['meter_id']}:h:"))
        edited = await resident.presses(hourly, chart.message_id, method="editMessageMedia")
        [redrawn] = edited.files.values()
        assert redrawn.startswith(PNG_SIGNATURE)
        assert "Потребление по часам" in json.loads(edited.params["media"])["caption"]

        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    output = log_path.read_text(errors="replace")
    assert code == 0, f"exit code {code}; output:\n{output}"
    assert "Traceback" not in output, output
