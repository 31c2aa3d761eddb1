"""Who gets an alert: subscriptions by meter kind, class and severity over private Telegram, the operators'
chat and e-mail (a real SMTP server); quiet hours holding information for a digest while alarms go out;
escalation of an unacknowledged alarm to the chairman, then by e-mail, stopped by acknowledgement."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from email.message import EmailMessage, Message

import pytest

from services.alert_routing import SubscriptionChannel
from services.alert_subscriptions import SubscriptionInput
from services.db.models import Alert, OutboxMessage, Person
from services.enums import AlertState, EventClass, MeterKind, Severity
from services.errors import PermissionDenied
from tests.alerts_harness import (
    ADMIN,
    CHAIRMAN,
    DISPATCHER,
    GROUP,
    NOW,
    Estate,
    Inbox,
    World,
    estate,
    event,
    make_world,
    only,
    sent_to,
    smtp_server,
    subscribe,
)


def plain(mail: Message) -> str:
    body = mail.get_body(("plain",)) if isinstance(mail, EmailMessage) else None
    assert body is not None
    return str(body.get_content())


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, str]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
async def world(db: str, smtp: tuple[Inbox, str]) -> World:
    return make_world(smtp_url=smtp[1])


@pytest.fixture
async def home(db: str) -> Estate:
    return await estate()


async def test_subscriptions_route_by_meter_kind_class_and_severity(
    world: World, home: Estate, smtp: tuple[Inbox, str]
) -> None:
    await subscribe(
        home.dispatcher, home.site, "telegram", kinds=("individual",), classes=("tamper",), severities=("alarm",)
    )
    await subscribe(
        home.admin, home.site, "email", kinds=("main",), classes=("threshold", "other"), severities=("warning", "alarm")
    )

    await world.alerts.on_events([event(home.meter, NOW)])  # individual, tamper, alarm
    calls = await world.deliver()
    assert {c.chat_id for c in calls if c.method == "sendMessage"} == {GROUP, DISPATCHER}
    assert smtp[0].messages == []

    await world.alerts.on_events(
        [event(home.main, NOW, "voltage_high", EventClass.THRESHOLD, Severity.WARNING, "Voltage above 253 V")]
    )
    calls = await world.deliver()
    assert {c.chat_id for c in calls if c.method == "sendMessage"} == {GROUP}
    [mail] = smtp[0].messages
    assert mail["To"] == "admin@mail.ru"
    assert mail["Subject"] == f"🟠 Warning · Parameter out of bounds — meter No. {home.main.serial}"
    body = plain(mail)
    assert "Voltage above 253 V (voltage_high)" in body
    assert f"Meter: No. {home.main.serial}, Меркурий 234 (main meter)" in body
    assert "<b>" not in body

    await world.alerts.on_events(
        [event(home.meter, NOW, "power_restored", EventClass.OTHER, Severity.INFO, "Power restored")]
    )
    calls = await world.deliver()
    assert {c.chat_id for c in calls if c.method == "sendMessage"} == {GROUP}
    assert len(smtp[0].messages) == 1


async def test_one_message_per_person_however_many_subscriptions_match(world: World, home: Estate) -> None:
    await subscribe(home.dispatcher, home.site, "telegram", severities=("alarm",))
    await subscribe(home.dispatcher, home.site, "telegram", classes=("tamper",))

    await world.alerts.on_events([event(home.meter, NOW)])

    assert len(sent_to(await world.deliver(), DISPATCHER)) == 1


async def test_group_subscriptions_decide_what_the_operators_chat_gets(world: World, home: Estate) -> None:
    await subscribe(home.chairman, home.site, "group", severities=("alarm",))

    await world.alerts.on_events(
        [event(home.meter, NOW, "voltage_high", EventClass.THRESHOLD, Severity.WARNING, "Voltage above 253 V")]
    )
    assert sent_to(await world.deliver(), GROUP) == []
    await world.alerts.on_events([event(home.meter, NOW)])
    assert len(sent_to(await world.deliver(), GROUP)) == 1


async def test_only_alert_handlers_may_subscribe_the_operators_chat(world: World, home: Estate) -> None:
    wanted = SubscriptionInput(
        site_id=home.site.id,
        meter_kinds=frozenset(MeterKind),
        event_classes=frozenset(EventClass),
        severities=frozenset({Severity.ALARM}),
        channel=SubscriptionChannel.GROUP,
    )
    with pytest.raises(PermissionDenied):
        await world.subscriptions.add(home.reader.id, wanted, "test")
    created = await world.subscriptions.add(home.dispatcher.id, wanted, "test")
    assert created.channel is SubscriptionChannel.GROUP
    outsider = await Person.create(telegram_id=777, name="Посторонний")
    with pytest.raises(PermissionDenied):
        await world.subscriptions.add(outsider.id, replace(wanted, channel=SubscriptionChannel.TELEGRAM), "test")


NIGHT = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)  # 23:00 in Moscow


async def test_quiet_hours_hold_information_for_a_digest_and_alarms_always_go_out(world: World, home: Estate) -> None:
    await subscribe(home.dispatcher, home.site, "telegram", quiet=(22 * 60, 7 * 60))
    world.clock.set(NIGHT)

    await world.alerts.on_events(
        [event(home.meter, NIGHT, "power_restored", EventClass.OTHER, Severity.INFO, "Power restored")]
    )
    calls = await world.deliver()
    assert sent_to(calls, DISPATCHER) == []
    assert len(sent_to(calls, GROUP)) == 1  # the operators' chat has no quiet hours

    world.later(minutes=30)
    await world.alerts.on_events([event(home.meter, world.clock.now())])
    assert len(sent_to(await world.deliver(), DISPATCHER)) == 1  # an alarm at 23:30

    world.clock.set(datetime(2026, 11, 24, 3, 59, tzinfo=UTC))  # 06:59
    assert await world.alerts.send_digests() == 0

    world.clock.set(datetime(2026, 11, 24, 4, 0, tzinfo=UTC))  # 07:00: the quiet hours are over
    assert await world.alerts.send_digests() == 1
    digest = only(await world.deliver())
    assert digest.chat_id == DISPATCHER
    lines = digest.text.splitlines()
    assert lines[0] == "🌙 <b>Тихие часы 23.11.2026 22:00 – 24.11.2026 07:00: отложено событий: 1</b>"
    assert lines[1] == f"• 23.11.2026 23:00 🔵 № {home.meter.serial}, уч. 12: Power restored (power_restored)"
    assert len(lines) == 2

    world.later(minutes=5)
    assert await world.alerts.send_digests() == 0  # once per quiet period
    world.clock.set(datetime(2026, 11, 24, 5, 30, tzinfo=UTC))
    assert await world.alerts.send_digests() == 0


async def test_escalation_to_the_chairman_then_by_email(world: World, home: Estate, smtp: tuple[Inbox, str]) -> None:
    await world.alerts.on_events([event(home.meter, NOW)])
    [post] = sent_to(await world.deliver(), GROUP)
    alert = await Alert.get()

    world.later(minutes=14)
    assert await world.alerts.escalate_due() == 0

    world.later(minutes=1)
    assert await world.alerts.escalate_due() == 1
    assert await world.alerts.escalate_due() == 0  # a second run of the job sends nothing twice
    calls = await world.deliver()
    [private] = sent_to(calls, CHAIRMAN)
    assert private.text.startswith(
        "⏫ Эту тревогу до сих пор никто не принял. Пожалуйста, займитесь ею.\n<b>🔴 Тревога"
    )
    assert f"al:ack:{alert.id}" in private.callback_data
    assert [c.chat_id for c in calls if c.method == "sendMessage"] == [CHAIRMAN]
    world.session.clear()
    world.later(seconds=30)
    await world.alerts.flush_edits()
    [group_edit] = [c for c in world.session.calls if c.method == "editMessageText" and c.chat_id == GROUP]
    assert int(group_edit.params["message_id"]) == post.message_id
    assert "⏫ Эскалация: уровень 1" in group_edit.text

    world.later(minutes=15)
    assert await world.alerts.escalate_due() == 1
    await world.deliver()
    assert sorted(m["To"] for m in smtp[0].messages) == ["admin@mail.ru", "chair@mail.ru"]
    english = next(m for m in smtp[0].messages if m["To"] == "admin@mail.ru")
    assert plain(english).startswith("⏫ Nobody has acknowledged this alarm yet.")

    world.later(hours=1)
    assert await world.alerts.escalate_due() == 0  # two levels, then it stops
    row = await Alert.get(id=alert.id)
    assert (row.escalation_level, row.next_escalation_at) == (2, None)


async def test_acknowledgement_stops_escalation(world: World, home: Estate) -> None:
    await world.alerts.on_events([event(home.meter, NOW)])
    [post] = sent_to(await world.deliver(), GROUP)
    alert = await Alert.get()
    world.later(minutes=15)
    await world.alerts.escalate_due()
    [private] = sent_to(await world.deliver(), CHAIRMAN)

    world.later(minutes=2)
    calls = await world.press(f"al:ack:{alert.id}", private.message_id, user_id=CHAIRMAN, chat_id=CHAIRMAN)

    edited = {(c.chat_id, int(c.params["message_id"])) for c in calls if c.method == "editMessageText"}
    assert edited == {(GROUP, post.message_id), (CHAIRMAN, private.message_id)}
    world.later(hours=2)
    assert await world.alerts.escalate_due() == 0
    assert await world.deliver() == []
    assert (await Alert.get(id=alert.id)).state == AlertState.ACKNOWLEDGED


async def test_clearing_stops_escalation_and_warnings_never_escalate(world: World, home: Estate) -> None:
    await world.alerts.on_events(
        [event(home.meter, NOW), event(home.main, NOW, "voltage_low", EventClass.THRESHOLD, Severity.WARNING, "")]
    )
    await world.deliver()
    alarm = await Alert.get(kind="cover_open")
    await world.alerts.clear(alarm.id, home.dispatcher.id, "test")

    world.later(hours=1)
    assert await world.alerts.escalate_due() == 0
    assert await OutboxMessage.filter(topic__contains=":x").count() == 0


async def test_a_chairman_without_telegram_is_escalated_to_by_email(
    world: World, home: Estate, smtp: tuple[Inbox, str]
) -> None:
    await Person.filter(id=home.chairman.id).update(telegram_id=None)
    await world.alerts.on_events([event(home.meter, NOW)])
    await world.deliver()

    world.later(minutes=15)
    await world.alerts.escalate_due()
    await world.deliver()

    [mail] = smtp[0].messages
    assert mail["To"] == "chair@mail.ru"
    assert mail["Subject"].startswith("🔴 Тревога · Вмешательство — счётчик №")


async def test_without_an_operators_chat_only_subscribers_hear(home: Estate, smtp: tuple[Inbox, str]) -> None:
    world = make_world(smtp_url=smtp[1])
    await home.site.__class__.filter(id=home.site.id).update(operators_chat_id=None)
    await subscribe(home.dispatcher, home.site, "telegram")

    await world.alerts.on_events([event(home.meter, NOW)])

    assert [c.chat_id for c in await world.deliver() if c.method == "sendMessage"] == [DISPATCHER]
    assert ADMIN not in {c.chat_id for c in world.session.calls}
