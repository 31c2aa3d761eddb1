"""“Charts” through the real Dispatcher, in ru and en: the Bot API requests aiogram really makes.

Opening charts sends a photo (sendPhoto with a PNG) under a period picker; every press redraws that
photo in place (editMessageMedia). The chart service is the real one on the test database, drawing in
a thread; the clock stands at 23.11.2026 12:00 in Moscow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from aiogram import Bot, Dispatcher

from bot.dispatcher import build_dispatcher
from bot.telegram import create_bot
from services.charts import ChartService
from services.clock import FixedClock
from services.consumption import ConsumptionService
from services.db.models import Meter, Site
from services.meters import MeterQueryService
from services.people import PeopleService
from tests.charts_harness import PNG_SIGNATURE, CountingRenderer, seed_days, seed_hours, seed_network
from tests.fakes.telegram import TEST_TOKEN, Call, RecordingSession, callback_update, feed, message_update
from tests.meters_harness import NOW, USER, Estate, estate, meter

NOT_FOUND_RU = "Этого счётчика нет в вашем списке"
NOT_FOUND_EN = "This meter is not in your list"


@dataclass
class World:
    dp: Dispatcher
    bot: Bot
    session: RecordingSession
    renderer: CountingRenderer
    language: str

    async def send(self, text: str) -> list[Call]:
        return await self._feed(message_update(text, user_id=USER, language_code=self.language))

    async def press(self, data: str, message_id: int = 500) -> list[Call]:
        update = callback_update(data, message_id=message_id, user_id=USER, language_code=self.language)
        return await self._feed(update)

    async def _feed(self, update: Any) -> list[Call]:
        before = len(self.session.calls)
        await feed(self.dp, self.bot, update)
        return self.session.calls[before:]


def make_world(language: str) -> World:
    session = RecordingSession()
    clock = FixedClock(NOW)
    consumption = ConsumptionService(clock)
    renderer = CountingRenderer()
    dp = build_dispatcher(
        people=PeopleService(clock),
        meter_queries=MeterQueryService(clock, consumption),
        charts=ChartService(clock, consumption, renderer=renderer),
    )
    return World(dp, create_bot(TEST_TOKEN, None, session=session), session, renderer, language)


@pytest.fixture
async def home(db: str) -> Estate:
    return await estate()


@pytest.fixture
async def main(home: Estate) -> Meter:
    target = await meter(home, label="Основной", serial="44103814060174", has_telemetry=True, phases=3, tariff_count=2)
    await seed_days(target)
    await seed_hours(target)
    await seed_network(target)
    return target


@pytest.fixture
def ru() -> World:
    return make_world("ru")


@pytest.fixture
def en() -> World:
    return make_world("en")


def methods(calls: list[Call]) -> list[str]:
    return [call.method for call in calls]


def one(calls: list[Call], method: str) -> Call:
    found = [call for call in calls if call.method == method]
    assert len(found) == 1, methods(calls)
    return found[0]


def photo_of(call: Call) -> bytes:
    """The PNG a sendPhoto or editMessageMedia uploaded."""
    assert len(call.files) == 1, call.files.keys()
    png = next(iter(call.files.values()))
    assert png.startswith(PNG_SIGNATURE)
    return png


def media_caption(call: Call) -> str:
    media = call.json("media")
    assert media["type"] == "photo"
    assert media["media"].startswith("attach://")
    return str(media["caption"])


def data_of(call: Call, text: str) -> str:
    """The callback data of the button labelled ``text`` under a photo."""
    rows = (call.reply_markup or {})["inline_keyboard"]
    for row in rows:
        for button in row:
            if button["text"] == text:
                return str(button["callback_data"])
    raise AssertionError(f"no button {text!r} in {call.buttons}")


def alert_text(calls: list[Call]) -> str:
    return one(calls, "answerCallbackQuery").params.get("text", "")


# --- Opening charts --------------------------------------------------------------------------------------


async def test_charts_from_the_card_send_a_photo_with_the_picker(ru: World, main: Meter) -> None:
    calls = await ru.press(f"mt:g:{main.id}")

    assert methods(calls) == ["sendChatAction", "answerCallbackQuery", "sendPhoto"]
    assert one(calls, "sendChatAction").params["action"] == "upload_photo"
    sent = one(calls, "sendPhoto")
    assert sent.chat_id == USER
    photo_of(sent)
    text = sent.text
    for expected in (
        "📊 <b>Потребление по дням</b>",
        "«Основной», № 44103814060174",
        "25.10.2026–23.11.2026 · последние 30 дней",
        "Всего: <b>94\u00a0кВт·ч</b>",
        "В среднем: 4,273\u00a0кВт·ч в сутки",
        "Пик: 10\u00a0кВт·ч (12.11.2026)",
        "К тому же периоду прошлого года: +104,3\u00a0% (46\u00a0кВт·ч)",
        "▨ оценка: 2 дня · ✕ нет данных: 8 дней",
        "Нажмите на день, чтобы увидеть его по часам.",
    ):
        assert expected in text, expected
    assert sent.buttons[:9] == [
        "✓ ⚡ Потребление",
        "🔢 Показания",
        "〰 Сеть",
        "День",
        "✓ Месяц",
        "Год",
        "✓ 30 дней",
        "Календарный",
        "◀",
    ]
    assert sent.buttons[9:] == [str(d) for d in [*range(25, 32), *range(1, 24)]]  # the days, to drill into
    assert all(len(data.encode()) <= 64 for data in sent.callback_data)
    assert data_of(sent, "Год") == f"cg:{main.id}:m:20261123:r"
    assert data_of(sent, "12") == f"cg:{main.id}:h:20261112:r"


async def test_the_menu_button_sends_the_only_meters_chart(en: World, main: Meter) -> None:
    calls = await en.send("Charts")

    sent = one(calls, "sendPhoto")
    photo_of(sent)
    assert "📊 <b>Consumption by day</b>" in sent.text
    assert "Total: <b>94\u00a0kWh</b>" in sent.text
    assert "Average: 4.273\u00a0kWh per day" in sent.text
    assert "Compared with the same period last year: +104.3% (46\u00a0kWh)" in sent.text
    assert "▨ estimated: 2 days · ✕ no data: 8 days" in sent.text
    assert sent.buttons[:3] == ["✓ ⚡ Consumption", "🔢 Readings", "〰 Network"]


async def test_with_several_meters_the_menu_asks_which_one(ru: World, home: Estate, main: Meter) -> None:
    second = await meter(home, serial="2002")

    asked = one(await ru.send("Графики"), "sendMessage")

    assert asked.text == "Графики какого счётчика показать?"
    assert asked.callback_data == [f"mt:g:{main.id}", f"mt:g:{second.id}"]
    chosen = await ru.press(asked.callback_data[1])
    assert "№ 2002" in one(chosen, "sendPhoto").text


async def test_without_meters_the_menu_explains_how_to_bind_one(ru: World, home: Estate) -> None:
    reply = one(await ru.send("Графики"), "sendMessage")

    assert "У вас пока нет привязанных счётчиков" in reply.text
    assert reply.callback_data == ["bnd:new"]


# --- Navigating: every press edits the photo -------------------------------------------------------------


async def test_switching_kinds_edits_the_photo(ru: World, main: Meter) -> None:
    sent = one(await ru.press(f"mt:g:{main.id}"), "sendPhoto")

    readings = one(await ru.press(data_of(sent, "🔢 Показания"), sent.message_id), "editMessageMedia")
    assert readings.params["message_id"] == str(sent.message_id)
    photo_of(readings)
    caption = media_caption(readings)
    assert "📊 <b>Показания по дням</b>" in caption
    registers = "Показания на 23.11.2026:\nТ1 (день): 819\u00a0кВт·ч\nТ2 (ночь): 273\u00a0кВт·ч\n"
    assert registers + "Всего: <b>1\u00a0092\u00a0кВт·ч</b>" in caption
    markup = readings.reply_markup or {}
    buttons = [button["text"] for row in markup["inline_keyboard"] for button in row]
    assert buttons[:5] == ["⚡ Потребление", "✓ 🔢 Показания", "〰 Сеть", "✓ Месяц", "Год"]

    by_month = one(await ru.press(f"cg:{main.id}:rm:20261123:r", sent.message_id), "editMessageMedia")
    assert "📊 <b>Показания по месяцам</b>" in media_caption(by_month)
    assert "\n2026\n" in media_caption(by_month)


async def test_network_quality_of_a_day(ru: World, main: Meter) -> None:
    voltage = one(await ru.press(f"cg:{main.id}:v:20261122:r"), "editMessageMedia")

    caption = media_caption(voltage)
    assert "📊 <b>Напряжение</b>" in caption
    assert "22.11.2026" in caption
    assert "Наибольшее: 262\u00a0В в 18:00" in caption
    assert "Вне нормы: 1 из 96 интервалов по 15 минут" in caption
    assert "✕ нет данных: 4 интервала по 15 минут" in caption
    buttons = [b["text"] for row in (voltage.reply_markup or {})["inline_keyboard"] for b in row]
    assert buttons[3:6] == ["✓ Напряжение", "Ток", "Частота"]


async def test_previous_and_next_periods(ru: World, main: Meter) -> None:
    sent = one(await ru.press(f"mt:g:{main.id}"), "sendPhoto")

    earlier = one(await ru.press(data_of(sent, "◀"), sent.message_id), "editMessageMedia")
    assert "25.09.2026–24.10.2026 · последние 30 дней" in media_caption(earlier)
    assert "За этот период нет данных о потреблении." in media_caption(earlier)
    back = one(await ru.press(data_of(earlier, "▶"), sent.message_id), "editMessageMedia")
    assert "25.10.2026–23.11.2026" in media_caption(back)
    assert "▶" not in back.buttons  # nothing after today


async def test_drill_down_from_a_day_to_its_hours(ru: World, main: Meter) -> None:
    month = one(await ru.press(f"cg:{main.id}:d:20261105:c"), "editMessageMedia")
    assert "ноябрь 2026" in media_caption(month)

    hours = one(await ru.press(data_of(month, "12")), "editMessageMedia")

    caption = media_caption(hours)
    assert "📊 <b>Потребление по часам</b>" in caption
    assert "12.11.2026" in caption
    assert "Всего: <b>13\u00a0кВт·ч</b>" in caption
    assert "В среднем: 0,565\u00a0кВт·ч в час" in caption
    assert "Пик: 2\u00a0кВт·ч (19:00)" in caption
    assert "▨ оценка: 1 час · ✕ нет данных: 1 час" in caption
    assert data_of(hours, "Месяц") == f"cg:{main.id}:d:20261112:c"  # back up, to the same month


async def test_a_year_drills_down_to_its_months(en: World, main: Meter) -> None:
    year = one(await en.press(f"cg:{main.id}:m:20261123:c"), "editMessageMedia")

    assert "Tap a month to see it by day." in media_caption(year)
    month = one(await en.press(data_of(year, "Nov")), "editMessageMedia")
    assert "November 2026" in media_caption(month)


async def test_billing_period_versus_calendar_month(ru: World, home: Estate, main: Meter) -> None:
    await Site.filter(id=home.site.id).update(billing_period_start_day=20)
    sent = one(await ru.press(f"cg:{main.id}:d:20261110:c"), "editMessageMedia")
    assert sent.buttons[6:9] == ["30 дней", "✓ Календарный", "Расчётный"]
    assert "ноябрь 2026" in media_caption(sent)

    billing = one(await ru.press(data_of(sent, "Расчётный")), "editMessageMedia")

    caption = media_caption(billing)
    assert "20.10.2026–19.11.2026 · расчётный период" in caption
    assert "Всего: <b>78\u00a0кВт·ч</b>" in caption  # 1–19 November without the 15th: 17 days of 4, the 12th 10
    assert billing.buttons[6:9] == ["30 дней", "Календарный", "✓ Расчётный"]
    later = one(await ru.press(data_of(billing, "▶")), "editMessageMedia")
    assert "20.11.2026–19.12.2026 · расчётный период" in media_caption(later)


# --- Cache, repeats and forged presses ----------------------------------------------------------------------


async def test_a_cached_chart_goes_out_without_drawing_again(ru: World, main: Meter) -> None:
    data = f"cg:{main.id}:m:20261123:c"
    first = await ru.press(data)
    again = await ru.press(data)

    assert methods(first) == ["sendChatAction", "answerCallbackQuery", "editMessageMedia"]
    assert methods(again) == ["answerCallbackQuery", "editMessageMedia"]  # no "sending a photo…": no drawing
    assert len(ru.renderer.drawn) == 1
    assert photo_of(one(first, "editMessageMedia")) == photo_of(one(again, "editMessageMedia"))


async def test_pressing_what_is_shown_changes_nothing(ru: World, main: Meter) -> None:
    sent = one(await ru.press(f"mt:g:{main.id}"), "sendPhoto")

    calls = await ru.press(data_of(sent, "✓ Месяц"), sent.message_id)

    assert methods(calls) == ["answerCallbackQuery"]


@pytest.mark.parametrize(("language", "expected"), [("ru", NOT_FOUND_RU), ("en", NOT_FOUND_EN)])
async def test_a_forged_press_for_someone_elses_meter_is_not_found(
    home: Estate, main: Meter, language: str, expected: str
) -> None:
    world = make_world(language)
    theirs = await meter(home, owner=home.neighbour)
    await seed_days(theirs)

    for data in (f"cg:{theirs.id}:d:20261105:c", f"mt:g:{theirs.id}", "cg:999999:h:20261112:c"):
        calls = await world.press(data)
        assert methods(calls) == ["answerCallbackQuery"]
        assert expected in alert_text(calls)
        assert one(calls, "answerCallbackQuery").params.get("show_alert") == "true"
    assert world.renderer.drawn == []


async def test_a_garbled_date_opens_today(ru: World, main: Meter) -> None:
    calls = await ru.press(f"cg:{main.id}:h:20261399:c")

    assert f"{date(2026, 11, 23):%d.%m.%Y}" in media_caption(one(calls, "editMessageMedia"))
