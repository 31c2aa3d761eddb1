"""/subscriptions in a private chat through the real Dispatcher: the list, a new subscription built on one
form message (toggles, channel, quiet hours as a preset or typed), validation, delete; staff only."""

from __future__ import annotations

import pytest

from services.db.models import AuditEntry, Subscription
from tests.alerts_harness import DISPATCHER, RESIDENT, Estate, World, estate, make_world, only
from tests.fakes.telegram import Call


@pytest.fixture
async def world(db: str) -> World:
    return make_world()


@pytest.fixture
async def home(db: str) -> Estate:
    return await estate()


async def tap(world: World, screen: Call, data: str) -> list[Call]:
    return await world.press(data, screen.message_id, user_id=DISPATCHER, chat_id=DISPATCHER)


def button_data(screen: Call, label_part: str) -> str:
    rows = (screen.reply_markup or {})["inline_keyboard"]
    for row in rows:
        for button in row:
            if label_part in button["text"]:
                return str(button["callback_data"])
    raise AssertionError(f"no button with {label_part!r} in {[b['text'] for r in rows for b in r]}")


async def test_a_dispatcher_adds_a_subscription_on_one_form(world: World, home: Estate) -> None:
    listing = only(await world.send("/subscriptions", user_id=DISPATCHER))
    assert "Подписок нет. События ваших объектов приходят в чат операторов." in listing.text
    assert listing.buttons == ["➕ Новая подписка"]

    form = only(await tap(world, listing, "sbd:new:0"), "editMessageText")
    assert form.text.startswith("<b>Новая подписка</b> · СНТ «Ромашка»")
    assert "✅ индивидуальный (ИПУ)" in form.buttons
    assert "▫️ 🔵 Информация" in form.buttons
    for data in ("sbt:s:info", "sbt:k:main", "sbt:ch:email", "sbt:q:22-07"):
        form = only(await tap(world, form, data), "editMessageText")
    assert "✅ 🔵 Информация" in form.buttons
    assert "▫️ общий (ОДПУ)" in form.buttons
    assert "🔘 Эл. почта" in form.buttons
    assert "Тихие часы: 22:00–07:00" in form.text

    calls = await tap(world, form, button_data(form, "Сохранить"))

    assert only(calls, "answerCallbackQuery").params["text"] == "Подписка сохранена."
    row = await Subscription.get(person_id=home.dispatcher.id)
    assert (row.meter_kinds, row.event_classes, row.severities, row.channel) == (
        ["individual"],
        ["integrity", "tamper", "threshold", "other"],
        ["info", "warning", "alarm"],
        "email",
    )
    assert (row.quiet_from_min, row.quiet_to_min) == (22 * 60, 7 * 60)
    listing = only(calls, "editMessageText")
    assert f"<b>№ {row.id}</b> · СНТ «Ромашка»" in listing.text
    assert "Канал: Эл. почта" in listing.text
    assert await AuditEntry.filter(action="subscription.add", actor_id=home.dispatcher.id).count() == 1


async def test_quiet_hours_can_be_typed_and_bad_input_is_explained(world: World, home: Estate) -> None:
    listing = only(await world.send("/subscriptions", user_id=DISPATCHER))
    form = only(await tap(world, listing, "sbd:new:0"), "editMessageText")

    prompt = only(await tap(world, form, "sbt:q:other"))
    assert prompt.text == "Пришлите тихие часы в виде 22:00-07:00 или /cancel."
    error = only(await world.send("в десять вечера", user_id=DISPATCHER))
    assert error.text.startswith("Напишите начало и конец тихих часов")
    form = only(await world.send("23:30 - 6:00", user_id=DISPATCHER))
    assert "Тихие часы: 23:30–06:00" in form.text

    for severity in ("warning", "alarm"):
        form = only(await tap(world, form, f"sbt:s:{severity}"), "editMessageText")
    calls = await tap(world, form, "sbd:save:0")
    reply = only(calls, "answerCallbackQuery")
    assert reply.params["text"] == "Выберите хотя бы один тип счётчиков, один класс и одну важность событий."
    assert await Subscription.all().count() == 0


async def test_delete_a_subscription(world: World, home: Estate) -> None:
    listing = only(await world.send("/subscriptions", user_id=DISPATCHER))
    form = only(await tap(world, listing, "sbd:new:0"), "editMessageText")
    listing = only(await tap(world, form, "sbd:save:0"), "editMessageText")
    row = await Subscription.get()

    calls = await tap(world, listing, f"sbd:del:{row.id}")

    assert only(calls, "answerCallbackQuery").params["text"] == "Подписка удалена."
    assert await Subscription.all().count() == 0
    assert "Подписок нет" in only(calls, "editMessageText").text
    again = await tap(world, listing, f"sbd:del:{row.id}")
    assert only(again, "answerCallbackQuery").params["text"] == "Этой подписки больше нет."


async def test_only_staff_have_subscriptions(world: World, home: Estate) -> None:
    reply = only(await world.send("/subscriptions", user_id=RESIDENT))
    assert reply.text == "Подписки на события доступны сотрудникам объекта."
    calls = await world.press("sbd:new:0", reply.message_id, user_id=RESIDENT, chat_id=RESIDENT)
    assert only(calls, "answerCallbackQuery").params["show_alert"] == "true"


async def test_a_forged_toggle_changes_nothing(world: World, home: Estate) -> None:
    listing = only(await world.send("/subscriptions", user_id=DISPATCHER))
    form = only(await tap(world, listing, "sbd:new:0"), "editMessageText")

    calls = await tap(world, form, "sbt:s:panic")
    calls += await tap(world, form, "sbt:ch:fax")

    assert not [c for c in calls if c.method == "sendMessage"]  # no "something went wrong"
    await tap(world, form, "sbd:save:0")
    row = await Subscription.get()
    assert (row.severities, row.channel) == (["warning", "alarm"], "telegram")
