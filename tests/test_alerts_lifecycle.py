"""Alerts in the operators' chat through the real Dispatcher: one alert per meter and kind (repeats edit
its message, at most every 30 s), acknowledge / assign to me / clear with the role re-checked, an
unauthorised press, a double press, and "Show meter"."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from services.db.models import Alert, AuditEntry, Reading
from services.enums import AlertState, Severity
from services.ingest_model import EventIn
from services.ingest_store import FlushReport
from tests.alerts_harness import (
    ADMIN,
    CHAIRMAN,
    DISPATCHER,
    GROUP,
    NOW,
    READER,
    Estate,
    World,
    estate,
    event,
    make_world,
    only,
    sent_to,
    subscribe,
    superuser,
)
from tests.fakes.telegram import Call

STRANGER = 4242


@pytest.fixture
async def world(db: str) -> World:
    return make_world()


@pytest.fixture
async def home(db: str) -> Estate:
    return await estate()


async def raised(world: World, home: Estate) -> tuple[Alert, Call]:
    """A cover-open alarm on the resident's meter, delivered to the operators' chat."""
    result = await world.alerts.on_events([event(home.meter, NOW - timedelta(minutes=1))])
    [alert_id] = result.created
    [post] = sent_to(await world.deliver(), GROUP)
    return await Alert.get(id=alert_id), post


async def press(world: World, act: str, alert: Alert, post: Call, user_id: int) -> list[Call]:
    return await world.press(f"al:{act}:{alert.id}", post.message_id, user_id=user_id)


def answer(calls: list[Call]) -> Call:
    return only(calls, "answerCallbackQuery")


async def test_an_event_becomes_an_alert_with_everything_an_operator_needs(world: World, home: Estate) -> None:
    alert, post = await raised(world, home)

    assert post.text.splitlines()[:7] == [
        "<b>🔴 Тревога · Вмешательство</b>",
        "Terminal cover opened (cover_open)",
        f"Счётчик: № {home.meter.serial} «Дом», Энергомера CE208",
        "Участок 12, СНТ «Ромашка»",
        "Житель: Иван Петров",
        "Время: 23.11.2026 11:59",
        "",
    ]
    assert post.text.endswith("🆕 Не принята")
    assert post.callback_data == [
        f"al:ack:{alert.id}",
        f"al:me:{alert.id}",
        f"al:clr:{alert.id}",
        f"al:show:{alert.id}",
        f"rly:{home.meter.id}",
    ]
    assert (alert.state, alert.count, alert.active_key) == (AlertState.ACTIVE, 1, f"{home.meter.id}:cover_open")
    assert alert.next_escalation_at == NOW + timedelta(minutes=15)


async def test_repeats_update_the_alert_and_edit_its_message_at_most_every_30_seconds(
    world: World, home: Estate
) -> None:
    alert, post = await raised(world, home)

    world.later(seconds=5)
    again = await world.alerts.on_events(
        [event(home.meter, NOW + timedelta(seconds=3)), event(home.meter, NOW + timedelta(seconds=4))]
    )
    assert again.updated == (alert.id,)
    assert not again.created
    assert await Alert.all().count() == 1
    row = await Alert.get(id=alert.id)
    assert (row.count, row.last_at) == (3, NOW + timedelta(seconds=4))
    assert await world.deliver() == []  # no second message
    assert await world.alerts.flush_edits() == 0  # 5 s after it was sent: too soon

    world.later(seconds=30)
    world.session.clear()
    await world.alerts.flush_edits()
    edit = only(world.session.calls, "editMessageText")
    assert (edit.chat_id, int(edit.params["message_id"])) == (GROUP, post.message_id)
    assert "Повторений: 3, последнее 23.11.2026 12:00" in edit.text
    assert edit.callback_data == post.callback_data

    world.later(seconds=60)
    world.session.clear()
    await world.alerts.flush_edits()
    await world.alerts.on_events([event(home.meter, NOW + timedelta(seconds=4))])  # delivered again by MQTT
    assert world.session.calls == []
    assert (await Alert.get(id=alert.id)).count == 3


async def test_acknowledge_assign_and_clear_edit_the_message_in_place(world: World, home: Estate) -> None:
    alert, post = await raised(world, home)

    calls = await press(world, "ack", alert, post, DISPATCHER)
    assert answer(calls).params["text"] == "Принято. Эскалация остановлена."
    edit = only(calls, "editMessageText")
    assert int(edit.params["message_id"]) == post.message_id
    assert "✅ Принята: Дарья Диспетчер, 23.11.2026 12:00" in edit.text
    assert f"al:ack:{alert.id}" not in edit.callback_data
    row = await Alert.get(id=alert.id)
    assert (row.state, row.acknowledged_at, row.next_escalation_at) == (AlertState.ACKNOWLEDGED, NOW, None)

    world.later(minutes=2)
    calls = await press(world, "me", alert, post, CHAIRMAN)
    assert answer(calls).params["text"] == "Тревога назначена на вас."
    assert "🙋 Ответственный: Пётр Председатель" in only(calls, "editMessageText").text
    assert (await Alert.get(id=alert.id)).assignee_id == home.chairman.id  # type: ignore[attr-defined]

    world.later(minutes=3)
    calls = await press(world, "clr", alert, post, DISPATCHER)
    assert answer(calls).params["text"] == "Снято."
    edit = only(calls, "editMessageText")
    assert "☑️ Снята: Дарья Диспетчер, 23.11.2026 12:05" in edit.text
    assert edit.callback_data == [f"al:show:{alert.id}"]
    row = await Alert.get(id=alert.id)
    assert (row.state, row.active_key, row.cleared_at) == (AlertState.CLEARED, None, NOW + timedelta(minutes=5))

    audit = await AuditEntry.filter(object_type="alert").order_by("id").values_list("action", "actor_id", "allowed")
    assert audit == [
        ("alert.acknowledge", home.dispatcher.id, True),
        ("alert.assign", home.chairman.id, True),
        ("alert.clear", home.dispatcher.id, True),
    ]
    cleared = await AuditEntry.get(action="alert.clear")
    assert cleared.origin == f"telegram:chat:{GROUP}:user:{DISPATCHER}"

    result = await world.alerts.on_events([event(home.meter, NOW + timedelta(minutes=6))])
    assert len(result.created) == 1  # cleared: the next event is a new alert
    assert result.created != (alert.id,)
    assert len(sent_to(await world.deliver(), GROUP)) == 1


async def test_assign_to_me_acknowledges_an_active_alert(world: World, home: Estate) -> None:
    alert, post = await raised(world, home)

    await press(world, "me", alert, post, DISPATCHER)

    row = await Alert.get(id=alert.id)
    assert (row.state, row.acknowledged_by_id, row.assignee_id) == (  # type: ignore[attr-defined]
        AlertState.ACKNOWLEDGED,
        home.dispatcher.id,
        home.dispatcher.id,
    )
    calls = await press(world, "me", alert, post, DISPATCHER)
    assert answer(calls).params["text"] == "Эта тревога уже назначена на вас."
    assert not [c for c in calls if c.method == "editMessageText"]


@pytest.mark.parametrize("user_id", [READER, STRANGER])
async def test_an_unauthorised_press_is_refused_politely_and_audited(world: World, home: Estate, user_id: int) -> None:
    alert, post = await raised(world, home)

    for act in ("ack", "me", "clr"):
        calls = await press(world, act, alert, post, user_id)
        reply = answer(calls)
        assert reply.params["text"] == (
            "Извините, работать с тревогами может только председатель, диспетчер или администратор этого объекта."
        )
        assert reply.params["show_alert"] == "true"
        assert not [c for c in calls if c.method == "editMessageText"]

    row = await Alert.get(id=alert.id)
    assert (row.state, row.assignee_id) == (AlertState.ACTIVE, None)  # type: ignore[attr-defined]
    refused = (
        await AuditEntry.filter(object_type="alert", allowed=False).order_by("id").values_list("action", "details")
    )
    assert [action for action, _ in refused] == ["alert.acknowledge", "alert.assign", "alert.clear"]
    assert all(details["reason"] == "no_role" for _, details in refused)


@pytest.mark.parametrize("user_id", [ADMIN, 5555])
async def test_admins_and_superusers_may_acknowledge(world: World, home: Estate, user_id: int) -> None:
    if user_id == 5555:
        await superuser(5555, "Корень")
    alert, post = await raised(world, home)

    calls = await press(world, "ack", alert, post, user_id)

    assert only(calls, "editMessageText")
    assert (await Alert.get(id=alert.id)).state == AlertState.ACKNOWLEDGED


async def test_a_double_press_changes_nothing(world: World, home: Estate) -> None:
    alert, post = await raised(world, home)
    await press(world, "ack", alert, post, DISPATCHER)

    world.later(minutes=1)
    calls = await press(world, "ack", alert, post, CHAIRMAN)

    reply = answer(calls)
    assert reply.params["text"] == "Уже принята: Дарья Диспетчер, 23.11.2026 12:00."
    assert reply.params["show_alert"] == "true"
    assert not [c for c in calls if c.method == "editMessageText"]
    row = await Alert.get(id=alert.id)
    assert (row.acknowledged_by_id, row.acknowledged_at) == (home.dispatcher.id, NOW)  # type: ignore[attr-defined]
    assert await AuditEntry.filter(action="alert.acknowledge.noop", actor_id=home.chairman.id).count() == 1

    await press(world, "clr", alert, post, DISPATCHER)
    calls = await press(world, "clr", alert, post, CHAIRMAN)
    assert answer(calls).params["text"] == "Эта тревога уже снята."
    assert "Дарья Диспетчер" in str((await Alert.get(id=alert.id)).details["cleared_by"])


async def test_every_copy_is_edited_private_ones_in_their_language(world: World, home: Estate) -> None:
    await subscribe(home.admin, home.site, "telegram")
    await world.alerts.on_events([event(home.meter, NOW)])
    calls = await world.deliver()
    [post] = sent_to(calls, GROUP)
    [private] = sent_to(calls, ADMIN)
    assert private.text.startswith("<b>🔴 Alarm · Tampering</b>")
    alert = await Alert.get()

    calls = await press(world, "ack", alert, post, DISPATCHER)

    edits = {c.chat_id: c for c in calls if c.method == "editMessageText"}
    assert set(edits) == {GROUP, ADMIN}
    assert int(edits[ADMIN].params["message_id"]) == private.message_id
    assert "✅ Acknowledged by Дарья Диспетчер, 23.11.2026 12:00" in edits[ADMIN].text


async def test_show_meter_sends_the_card_to_staff_only(world: World, home: Estate) -> None:
    await Reading.create(
        meter=home.meter,
        ts=NOW - timedelta(minutes=5),
        t1=Decimal("1234.5"),
        t2=Decimal("100"),
        total=Decimal("1334.5"),
    )
    alert, post = await raised(world, home)

    calls = await world.press(f"al:show:{alert.id}", post.message_id, user_id=READER)

    card = only(calls)
    assert card.chat_id == GROUP
    assert card.params["reply_to_message_id"] == str(post.message_id)
    lines = card.text.splitlines()
    assert lines[0] == f"📟 <b>Счётчик № {home.meter.serial} «Дом», Энергомера CE208</b>"
    assert "Участок 12, СНТ «Ромашка»" in lines
    assert (
        "Показания на 23.11.2026 11:55: T1 1\u00a0234,5\u00a0кВт·ч, T2 100\u00a0кВт·ч, всего 1\u00a0334,5\u00a0кВт·ч"
        in lines
    )
    assert "Житель: Иван Петров" in lines

    calls = await world.press(f"al:show:{alert.id}", post.message_id, user_id=STRANGER)
    assert answer(calls).params["text"] == "Извините, карточка счётчика доступна только сотрудникам этого объекта."
    assert not [c for c in calls if c.method == "sendMessage"]
    assert await AuditEntry.filter(action="alert.show_meter", allowed=False).count() == 1


async def test_a_repeat_with_a_worse_severity_makes_it_an_alarm_that_escalates(world: World, home: Estate) -> None:
    await world.alerts.on_events([event(home.meter, NOW, "voltage_high", severity=Severity.WARNING)])
    alert = await Alert.get()
    assert alert.next_escalation_at is None

    await world.alerts.on_events(
        [event(home.meter, NOW + timedelta(seconds=1), "voltage_high", severity=Severity.ALARM)]
    )

    alert = await Alert.get()
    assert (alert.severity, alert.next_escalation_at) == (Severity.ALARM, NOW + timedelta(minutes=15))


async def test_the_fast_lane_raises_at_once_and_the_flush_does_not_count_it_twice(world: World, home: Estate) -> None:
    _, fast = event(home.meter, NOW)
    _, later = event(home.meter, NOW + timedelta(seconds=1))
    world.alerts.take_event(fast)
    world.alerts.take_event(EventIn("NO-SUCH-METER", NOW, "cover_open"))  # not in the registry: ignored
    await world.alerts.drain()
    alert = await Alert.get()
    assert alert.count == 1
    assert len(sent_to(await world.deliver(), GROUP)) == 1

    world.alerts.take(FlushReport(events=((home.meter.id, fast), (home.meter.id, later))))
    await world.alerts.drain()

    row = await Alert.get(id=alert.id)
    assert (row.count, row.last_at) == (2, NOW + timedelta(seconds=1))  # only the event the fast lane had not seen
    assert await Alert.all().count() == 1
