"""Relay off / on in the chat through the real Dispatcher: the restriction form with its two confirmations,
the notice to the resident and their answers, the control date's question, execution through the relay
service with the card following the command, the resident told, the journal; an unauthorised press, a
double press, a confirmation timeout, and restoring power."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from handlers.callbacks import RelayStart
from services.db.models import AuditEntry, Restriction
from services.enums import CommandState, RelayAction, RelayState, RestrictionReason, RestrictionState
from services.restriction_model import Completion
from tests.fakes.telegram import Call
from tests.relay_harness import (
    CHAIRMAN,
    DISPATCHER,
    GROUP,
    NOW,
    RESIDENT,
    SERIAL,
    STRANGER,
    SUPPORT,
    Seeded,
    World,
    button,
    make_world,
    only,
    seed,
)


@pytest.fixture
async def world(db: str) -> World:
    return make_world()


@pytest.fixture
async def seeded(world: World) -> Seeded:
    return await seed()


async def fill_form(
    world: World,
    *,
    action: str = "Отключить",
    reason: str | None = "Задолженность",
    answer: str = "1 500,50",
    notify: tuple[str, str] | None = ("24.11.2026", "26.11.2026"),
    user_id: int = CHAIRMAN,
) -> Call:
    """/relay 12 in the group and the form up to the first summary; returns the summary message."""
    form = only(await world.send("/relay 12", user_id=user_id))
    assert "Счётчик № 012345678" in form.text
    step = only(await world.press(button(form, action), form, user_id=user_id), "editMessageText")
    if reason is None:
        return step
    prompt = only(await world.press(button(step, reason), step, user_id=user_id))
    assert prompt.reply_markup == {"force_reply": True, "selective": True, "input_field_placeholder": "Ваш ответ"}
    question = only(await world.reply(answer, prompt, user_id=user_id))
    assert question.text == "Предупредить жителя заранее?"
    if notify is None:
        return only(await world.press(button(question, "Нет"), question, user_id=user_id), "sendMessage")
    prompt = only(await world.press(button(question, "Да"), question, user_id=user_id))
    prompt = only(await world.reply(notify[0], prompt, user_id=user_id))
    return only(await world.reply(notify[1], prompt, user_id=user_id))


async def confirm_twice(world: World, summary: Call, user_id: int = CHAIRMAN) -> list[Call]:
    second = only(await world.press(button(summary, "Подтвердить"), summary, user_id=user_id), "editMessageText")
    assert "Подтвердите ещё раз" in second.text
    return await world.press(button(second, "Да,"), second, user_id=user_id)


async def test_with_notice_paid_then_executed_on_the_control_date(world: World, seeded: Seeded) -> None:
    summary = await fill_form(world)
    assert "Отключить участок 12, счётчик № 012345678" in summary.text
    assert "Причина: задолженность 1\xa0500,50\xa0₽" in summary.text
    assert "Житель получит уведомление 24.11.2026; 26.11.2026 вас попросят выполнить." in summary.text
    assert not await Restriction.exists()  # nothing before the second confirmation

    calls = await confirm_twice(world, summary)
    card = only(calls, "editMessageText")
    assert "Ограничение № " in card.text
    assert "Состояние: запланировано" in card.text
    assert card.buttons == ["✖️ Отмена"]
    restriction = await Restriction.get()
    assert (restriction.state, restriction.debt_amount, restriction.notice_on) == (
        RestrictionState.PLANNED,
        Decimal("1500.50"),
        NOW.date() + timedelta(days=1),
    )
    assert await world.deliver() == []  # the notice waits for its day

    world.clock.set(NOW.replace(day=24, hour=5, minute=59))
    assert await world.restrictions.run_due() == (0, 0)  # 24.11, but not yet 09:00 in Moscow
    world.clock.set(NOW.replace(day=24, hour=6))
    assert await world.restrictions.run_due() == (1, 0)
    notice = only(await world.deliver())
    assert notice.chat_id == RESIDENT
    assert "участок 12, счётчик № 012345678" in notice.text
    assert "задолженность 1\xa0500,50\xa0₽" in notice.text
    assert "Планируемая дата: 26.11.2026." in notice.text
    assert SUPPORT in notice.text
    assert notice.buttons == ["💳 Оплатил", "❓ Вопрос"]

    paid = await world.press(button(notice, "Оплатил"), notice, user_id=RESIDENT)
    assert "Спасибо" in only(paid, "answerCallbackQuery").params["text"]
    again = await world.press(button(notice, "Оплатил"), notice, user_id=RESIDENT)
    assert "уже сообщили" in only(again, "answerCallbackQuery").params["text"]
    told = only(await world.deliver())
    assert told.chat_id == GROUP
    assert "Иван Петров, +79991234567" in told.text
    assert "долг оплачен" in told.text

    world.clock.set(NOW.replace(day=26, hour=6))
    assert await world.restrictions.run_due() == (0, 1)
    control = only(await world.deliver())
    assert control.chat_id == GROUP
    assert "Наступила дата контроля" in control.text
    assert control.buttons[0] == "▶️ Выполнить"
    assert (await Restriction.get()).state is RestrictionState.AWAITING_EXECUTION

    ask = only(await world.press(button(control, "Выполнить"), control, user_id=DISPATCHER), "editMessageText")
    assert "вы уверены?" in ask.text
    assert ask.buttons == ["⚠️ Да, отключить сейчас", "↩️ Назад"]
    assert world.publisher.published == []  # still nothing on the wire
    calls = await world.press(button(ask, "Да, отключить"), ask, user_id=DISPATCHER)
    queued = [c for c in calls if c.method == "editMessageText"][-1]
    assert (queued.chat_id, int(queued.params["message_id"])) == (GROUP, control.message_id)
    assert "Команда: ⏳ в очереди" in queued.text
    double = await world.press(button(ask, "Да, отключить"), ask, user_id=DISPATCHER)
    assert "уже в пути" in only(double, "answerCallbackQuery").params["text"]

    (sent,) = await world.relay.dispatch()
    assert "Команда: 📤 отправлена" in only(await world.settle(), "editMessageText").text
    assert [c.action for c in world.publisher.published] == [RelayAction.OFF]
    world.clock.set(NOW.replace(day=26, hour=6, second=5))
    confirmed = only(await world.device_reports(seeded.meter, RelayState.OFF, sent.id), "editMessageText")
    assert "Команда: ✅ подтверждена счётчиком" in confirmed.text
    assert "Электроэнергия отключена с 26.11.2026 09:00" in confirmed.text
    assert confirmed.reply_markup is None
    restriction = await Restriction.get()
    assert (restriction.state, restriction.executed_at) == (
        RestrictionState.DONE,
        NOW.replace(day=26, hour=6, second=5),
    )
    off = only(await world.deliver())
    assert off.chat_id == RESIDENT
    assert "отключено 26.11.2026 09:00" in off.text

    [row] = await world.restrictions.journal(seeded.site.id, None, (NOW.date(), NOW.date() + timedelta(days=5)))
    assert (row.plot_number, row.serial, row.debt_amount, row.notice_on, row.state, row.completion) == (
        "12",
        SERIAL,
        Decimal("1500.50"),
        NOW.date() + timedelta(days=1),
        RestrictionState.DONE,
        Completion.IN_FORCE,
    )
    assert (row.executed_on, row.operator_name) == (NOW.date() + timedelta(days=3), "Анна Диспетчер")
    actions = await AuditEntry.filter(action__startswith="restriction.").values_list("action", flat=True)
    assert {"restriction.form", "restriction.plan", "restriction.notice", "restriction.control"} <= set(actions)
    assert {"restriction.resident_paid", "restriction.execute", "restriction.done"} <= set(actions)


async def planned_and_awaiting(world: World) -> Call:
    """A debt restriction with a notice, carried to its control date; the operators' control message."""
    await confirm_twice(world, await fill_form(world))
    return await control_day(world)


async def control_day(world: World) -> Call:
    """The control date of the planned restriction has come: the operators' control message."""
    world.clock.set(NOW.replace(day=26, hour=6))
    assert await world.restrictions.run_due() == (1, 1)  # the notice day passed unseen: both go now
    calls = await world.deliver()
    return next(c for c in calls if c.chat_id == GROUP)


async def test_without_notice_the_command_goes_at_once_and_times_out(world: World, seeded: Seeded) -> None:
    summary = await fill_form(world, reason="Ремонтные работы", answer="25.11.2026", notify=None)
    assert "Причина: ремонтные работы с 25.11.2026" in summary.text
    assert "Без уведомления" in summary.text
    calls = await confirm_twice(world, summary)
    assert "Команда отправляется" in only(calls, "answerCallbackQuery").params["text"]
    card = [c for c in calls if c.method == "editMessageText"][-1]
    assert "Команда: ⏳ в очереди" in card.text
    assert card.buttons == ["✖️ Отмена"]  # a queued command can still be called off
    assert await world.deliver() == []  # no notice to the resident

    (sent,) = await world.relay.dispatch()
    assert sent.chat_id == GROUP
    world.clock.set(NOW + timedelta(seconds=61))
    await world.relay.sweep()
    timed_out = only(await world.settle(), "editMessageText")
    assert "Команда: ⌛ счётчик не подтвердил вовремя" in timed_out.text
    assert "Состояние: не выполнено" in timed_out.text
    assert timed_out.buttons == ["🔁 Повторить"]
    assert (await Restriction.get()).state is RestrictionState.FAILED
    assert await world.deliver() == []  # the resident is told nothing: power was not switched

    again = await world.press(button(timed_out, "Повторить"), timed_out, user_id=DISPATCHER)
    ask = only(again, "editMessageText")
    retried = await world.press(button(ask, "Да, отключить"), ask, user_id=DISPATCHER)
    assert "⏳ в очереди" in [c for c in retried if c.method == "editMessageText"][-1].text
    restriction = await Restriction.get()
    assert restriction.state is RestrictionState.EXECUTING
    assert [c.state for c in await world.relay.open_commands(seeded.meter.id)] == [CommandState.QUEUED]


async def test_an_unauthorised_person_changes_nothing(world: World, seeded: Seeded) -> None:
    refused = only(await world.send("/relay 12", user_id=STRANGER))
    assert "только председатель, диспетчер или администратор" in refused.text

    summary = await fill_form(world)
    forged = await world.press(button(summary, "Подтвердить"), summary, user_id=STRANGER)
    assert "больше не действует" in only(forged, "answerCallbackQuery").params["text"]  # not their draft
    await confirm_twice(world, summary)
    control = await control_day(world)
    before = await Restriction.get()

    for label in ("Выполнить", "Отмена", "Отложить на 3"):
        calls = await world.press(button(control, label), control, user_id=STRANGER)
        answer = only(calls, "answerCallbackQuery")
        assert answer.params["show_alert"] == "true"
        assert "только председатель, диспетчер или администратор" in answer.params["text"]
        assert [c.method for c in calls] == ["answerCallbackQuery"]
    forged_execute = await world.press(f"rst:xy:{before.id}:0", control, user_id=STRANGER)
    assert [c.method for c in forged_execute] == ["answerCallbackQuery"]
    after = await Restriction.get()
    assert (after.state, after.command_id) == (before.state, None)  # type: ignore[attr-defined]
    assert world.publisher.published == []
    denied = await AuditEntry.filter(allowed=False).values_list("action", flat=True)
    assert set(denied) >= {"restriction.form", "restriction.execute", "restriction.cancel", "restriction.postpone"}


async def test_a_double_press_plans_once(world: World, seeded: Seeded) -> None:
    summary = await fill_form(world)
    second = only(await world.press(button(summary, "Подтвердить"), summary), "editMessageText")
    go = button(second, "Да,")
    await world.press(go, second)
    again = await world.press(go, second)
    assert [c.method for c in again] == ["answerCallbackQuery"]
    assert await Restriction.all().count() == 1


async def test_postpone_and_cancel_tell_the_resident(world: World, seeded: Seeded) -> None:
    control = await planned_and_awaiting(world)
    postponed = await world.press(button(control, "Отложить на 3"), control, user_id=DISPATCHER)
    card = only(postponed, "editMessageText")
    assert "дата контроля: 29.11.2026" in card.text
    assert "Состояние: житель уведомлён" in card.text
    renotice = only(await world.deliver())
    assert (renotice.chat_id, "Планируемая дата: 29.11.2026." in renotice.text) == (RESIDENT, True)

    cancelled = await world.press(button(card, "Отмена"), card, user_id=DISPATCHER)
    assert "Состояние: отменено" in only(cancelled, "editMessageText").text
    told = only(await world.deliver())
    assert told.chat_id == RESIDENT
    assert "отменено" in told.text
    assert (await Restriction.get()).state is RestrictionState.CANCELLED
    world.clock.set(NOW.replace(day=29, hour=7))
    assert await world.restrictions.run_due() == (0, 0)  # nothing more on the new control date


async def test_a_resident_question_reaches_the_operators(world: World, seeded: Seeded) -> None:
    await confirm_twice(world, await fill_form(world))
    world.clock.set(NOW.replace(day=24, hour=6))
    await world.restrictions.run_due()
    notice = only(await world.deliver())
    prompt = await world.press(button(notice, "Вопрос"), notice, user_id=RESIDENT)
    assert only(prompt).text == "Напишите вопрос правлению:"
    stranger = await world.press(button(notice, "Оплатил"), notice, user_id=STRANGER)
    assert "больше не действует" in only(stranger, "answerCallbackQuery").params["text"]  # not bound to the meter
    done = await world.send("Я оплатил 20.11, почему долг?", user_id=RESIDENT, chat_id=None)
    assert only(done).text == "Ваш вопрос передан правлению."
    question = only(await world.deliver())
    assert question.chat_id == GROUP
    assert "Вопрос от жителя Иван Петров" in question.text
    assert question.text.endswith("Я оплатил 20.11, почему долг?")


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("много", "Введите сумму долга в рублях"),
        ("0", "больше нуля"),
        ("10,505", "не больше двух знаков копеек"),
    ],
)
async def test_a_bad_amount_is_asked_again(world: World, seeded: Seeded, answer: str, expected: str) -> None:
    form = only(await world.send("/relay 012345678"))
    step = only(await world.press(button(form, "Отключить"), form), "editMessageText")
    prompt = only(await world.press(button(step, "Задолженность"), step))
    error = only(await world.reply(answer, prompt))
    assert expected in error.text
    assert error.reply_markup == {"force_reply": True, "selective": True}
    assert "Предупредить" in only(await world.reply("2 000", prompt)).text


async def test_dates_in_the_past_or_out_of_order_are_refused(world: World, seeded: Seeded) -> None:
    form = only(await world.send("/relay 12"))
    step = only(await world.press(button(form, "Отключить"), form), "editMessageText")
    prompt = only(await world.press(button(step, "Задолженность"), step))
    question = only(await world.reply("100", prompt))
    prompt = only(await world.press(button(question, "Да"), question))
    assert "не может быть в прошлом" in only(await world.reply("22.11.2026", prompt)).text
    control = only(await world.reply("25.11", prompt))
    assert "раньше даты уведомления" in only(await world.reply("24.11.2026", control)).text
    summary = only(await world.reply("25.11.2026", control))
    assert "Житель получит уведомление 25.11.2026; 25.11.2026 вас попросят выполнить." in summary.text


async def test_restoring_power_lifts_the_restriction_in_the_journal(world: World, seeded: Seeded) -> None:
    summary = await fill_form(world, reason="Другая причина", answer="Самовольное подключение", notify=None)
    await confirm_twice(world, summary)
    (off,) = await world.relay.dispatch()
    await world.device_reports(seeded.meter, RelayState.OFF, off.id)
    assert "отключено" in only(await world.deliver()).text

    world.clock.set(NOW + timedelta(days=2))
    summary = await fill_form(world, action="Включить", reason=None, user_id=DISPATCHER)
    assert "Восстановить подачу электроэнергии: участок 12, счётчик № 012345678" in summary.text
    calls = await confirm_twice(world, summary, user_id=DISPATCHER)
    assert "⏳ в очереди" in [c for c in calls if c.method == "editMessageText"][-1].text
    (on,) = await world.relay.dispatch()
    assert on.action is RelayAction.ON
    card = only(await world.device_reports(seeded.meter, RelayState.ON, on.id), "editMessageText")
    assert "Подача электроэнергии восстановлена 25.11.2026 12:00." in card.text
    assert "восстановлено" in only(await world.deliver()).text

    period = (NOW.date(), NOW.date() + timedelta(days=2))
    restore, restriction = await world.restrictions.journal(seeded.site.id, seeded.plot.id, period)
    assert (restriction.action, restriction.completion, restriction.lifted_on) == (
        RelayAction.OFF,
        Completion.LIFTED,
        NOW.date() + timedelta(days=2),
    )
    assert (restore.action, restore.reason, restore.completion, restore.operator_name) == (
        RelayAction.ON,
        RestrictionReason.OTHER,  # what it lifts: the other reason of the disconnection
        Completion.RESTORED,
        "Анна Диспетчер",
    )
    page = only(await world.send("/journal 12"))
    assert "Ведомость операций ограничения" in page.text
    assert "снято 25.11.2026" in page.text
    assert "операций: 2" in page.text


async def test_relay_off_under_an_alert_starts_the_form_for_staff_only(world: World, seeded: Seeded) -> None:
    alert = (GROUP, 777)  # an alert message in the operators' chat with the "Relay off" button
    data = RelayStart(meter_id=seeded.meter.id).pack()
    refused = await world.press(data, alert, user_id=STRANGER)
    assert "только председатель" in only(refused, "answerCallbackQuery").params["text"]
    assert [c.method for c in refused] == ["answerCallbackQuery"]
    form = only(await world.press(data, alert, user_id=DISPATCHER))
    assert (form.chat_id, form.buttons) == (GROUP, ["⛔ Отключить", "🔌 Включить", "✖️ Отмена"])
    assert "Привязано жителей: 1" in form.text
    aborted = only(await world.press(button(form, "Отмена"), form, user_id=DISPATCHER), "editMessageText")
    assert "ничего не запланировано и не отправлено" in aborted.text
    assert not await Restriction.exists()
