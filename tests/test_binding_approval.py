"""The chairman's decision in the operators' group chat, through the real Dispatcher: approve, reject with
a reason, an unauthorised press, a double press, and the resident's notices by Telegram and e-mail."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from services.bindings import Decision
from services.db.models import AuditEntry, Binding, OutboxMessage, Person, Site, StaffRole
from services.enums import BindingStatus, Channel, OutboxStatus, Role
from services.errors import PermissionDenied
from tests.fakes.telegram import Call
from tests.residents_harness import (
    CHAIRMAN,
    GROUP,
    METER_MAC,
    NOW,
    STRANGER,
    USER,
    Inbox,
    World,
    make_world,
    only,
    resident,
    seed,
    smtp_server,
)


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, str]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
async def world(db: str, smtp: tuple[Inbox, str]) -> World:
    return make_world(smtp_url=smtp[1])


async def posted_request(world: World, *, locale: str = "ru") -> tuple[Binding, Call]:
    """A resident (with an e-mail) asks to bind the ZigBee meter; the request is delivered to the group."""
    await resident(world, email_address="ivan@mail.ru", locale=locale)
    binding = await world.bindings.request((await Person.get(telegram_id=USER)).id, *METER_MAC)
    post = only(await world.deliver())
    assert post.chat_id == GROUP
    return await Binding.get(id=binding.id), post


async def press(
    world: World, action: str, binding_id: int, post: Call, user_id: int, language: str = "ru"
) -> list[Call]:
    return await world.press(
        f"bd:{action}:{binding_id}", message_id=post.message_id, user_id=user_id, chat_id=GROUP, language_code=language
    )


async def staff(site: Site, telegram_id: int, name: str, role: Role) -> int:
    person = await Person.create(telegram_id=telegram_id, name=name)
    await StaffRole.create(person=person, site=site, role=role)
    return person.id


async def test_the_chairman_approves_and_the_resident_hears_by_telegram_and_email(
    world: World, smtp: tuple[Inbox, str]
) -> None:
    await seed()
    binding, post = await posted_request(world)

    calls = await press(world, "ok", binding.id, post, CHAIRMAN)

    answer = only(calls, "answerCallbackQuery")
    assert answer.params["text"] == "Подтверждено. Житель получит уведомление."
    edited = only(calls, "editMessageText")
    assert (edited.chat_id, int(edited.params["message_id"])) == (GROUP, post.message_id)
    assert edited.text.startswith(post.text)
    assert "✅ Подтверждено: Пётр Председатель, 23.11.2026 12:00" in edited.text
    assert edited.reply_markup is None
    row = await Binding.get(id=binding.id)
    assert (row.status, row.decided_at) == (BindingStatus.ACTIVE, NOW)
    audit = await AuditEntry.get(action="binding.approve")
    assert (audit.allowed, audit.object_id, audit.origin) == (
        True,
        str(binding.id),
        f"telegram:chat:{GROUP}:user:{CHAIRMAN}",
    )

    notices = await OutboxMessage.filter(topic=f"binding:{binding.id}:resident").order_by("id")
    assert [(n.channel, n.chat_id, n.email) for n in notices] == [
        (Channel.TELEGRAM, USER, ""),
        (Channel.EMAIL, None, "ivan@mail.ru"),
    ]
    delivered = only(await world.deliver())
    assert delivered.chat_id == USER
    assert f"Правление подтвердило вашу заявку: счётчик № {METER_MAC[0]}, Энергомера CE208 (участок 12 (л/с 1201))" in (
        delivered.text
    )
    [mail] = smtp[0].messages
    assert mail["To"] == "ivan@mail.ru"
    assert mail["Subject"] == f"Счётчик № {METER_MAC[0]}, Энергомера CE208 привязан к вам"
    assert await OutboxMessage.filter(status=OutboxStatus.SENT).count() == 3


@pytest.mark.parametrize(
    ("role", "allowed"), [(Role.DISPATCHER, True), (Role.ADMIN, True), (Role.READER, False), (Role.ENGINEER, False)]
)
async def test_who_may_decide(world: World, role: Role, allowed: bool) -> None:
    seeded = await seed()
    binding, post = await posted_request(world)
    await staff(seeded.site, STRANGER, "Сергей", role)

    calls = await press(world, "ok", binding.id, post, STRANGER)

    assert bool([c for c in calls if c.method == "editMessageText"]) is allowed
    expected = BindingStatus.ACTIVE if allowed else BindingStatus.PENDING
    assert (await Binding.get(id=binding.id)).status == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ru", "только председатель или диспетчер этого объекта"), ("en", "only the chairman or a dispatcher")],
)
async def test_an_unauthorised_press_is_refused_politely_and_audited(
    world: World, language: str, expected: str
) -> None:
    seeded = await seed()
    binding, post = await posted_request(world)
    other_site = await Site.create(slug="other", name="СНТ «Лютик»")
    await staff(other_site, STRANGER, "Чужой председатель", Role.CHAIRMAN)  # a chairman, but elsewhere

    for action in ("ok", "no"):
        calls = await press(world, action, binding.id, post, STRANGER, language)
        answer = only(calls, "answerCallbackQuery")
        assert answer.params["show_alert"] == "true"
        assert expected in answer.params["text"]
        assert [c.method for c in calls] == ["answerCallbackQuery"]  # no edit, no reason prompt

    assert (await Binding.get(id=binding.id)).status == BindingStatus.PENDING
    denied = await AuditEntry.filter(allowed=False, site_id=seeded.site.id).order_by("id")
    assert [(e.action, e.object_id) for e in denied] == [
        ("binding.approve", str(binding.id)),
        ("binding.decide", str(binding.id)),
    ]
    assert await OutboxMessage.filter(topic=f"binding:{binding.id}:resident").count() == 0
    assert await world.state(STRANGER, GROUP).get_state() is None


async def test_a_double_press_changes_nothing(world: World) -> None:
    await seed()
    binding, post = await posted_request(world)
    await press(world, "ok", binding.id, post, CHAIRMAN)

    calls = await press(world, "ok", binding.id, post, CHAIRMAN)

    answer = only(calls, "answerCallbackQuery")
    assert answer.params["show_alert"] == "true"
    assert answer.params["text"] == "Уже подтверждено: Пётр Председатель, 23.11.2026 12:00."
    late_reject = only(await press(world, "no", binding.id, post, CHAIRMAN), "answerCallbackQuery")
    assert "Уже подтверждено" in late_reject.params["text"]
    assert await OutboxMessage.filter(topic=f"binding:{binding.id}:resident").count() == 2
    assert await AuditEntry.filter(action="binding.approve").count() == 1
    assert await AuditEntry.filter(action="binding.approve.noop").count() == 1


async def test_two_chairmen_at_once_decide_once(world: World) -> None:
    seeded = await seed()
    binding, _post = await posted_request(world)
    other = await staff(seeded.site, STRANGER, "Второй председатель", Role.CHAIRMAN)

    decisions: list[Decision] = await asyncio.gather(
        world.bindings.approve(binding.id, seeded.chairman_id, "test"),
        world.bindings.reject(binding.id, other, "Не тот участок", "test"),
    )

    assert sorted(d.changed for d in decisions) == [False, True]
    final = {d.request.binding.status for d in decisions}
    assert len(final) == 1
    assert await OutboxMessage.filter(topic=f"binding:{binding.id}:resident").count() == 2


async def test_reject_asks_for_the_reason_and_tells_the_resident(world: World, smtp: tuple[Inbox, str]) -> None:
    await seed()
    binding, post = await posted_request(world, locale="en")

    calls = await press(world, "no", binding.id, post, CHAIRMAN)
    only(calls, "answerCallbackQuery")
    prompt = only(calls)
    assert prompt.chat_id == GROUP
    assert f"ответьте на это сообщение причиной отказа по заявке № {binding.id}" in prompt.text
    assert f"tg://user?id={CHAIRMAN}" in prompt.text
    assert prompt.reply_markup == {"force_reply": True, "selective": True, "input_field_placeholder": "Причина отказа"}
    assert (await Binding.get(id=binding.id)).status == BindingStatus.PENDING

    calls = await world.reply_in_group("Счётчик <не> на вашем участке", prompt.message_id, user_id=CHAIRMAN)

    edited = only(calls, "editMessageText")
    assert int(edited.params["message_id"]) == post.message_id
    assert "❌ Отклонено: Пётр Председатель, 23.11.2026 12:00" in edited.text
    assert "Причина: Счётчик &lt;не&gt; на вашем участке" in edited.text
    assert f"Заявка № {binding.id} отклонена" in only(calls).text
    row = await Binding.get(id=binding.id)
    assert (row.status, row.reject_reason) == (BindingStatus.REJECTED, "Счётчик <не> на вашем участке")
    assert await world.state(CHAIRMAN, GROUP).get_state() is None

    delivered = only(await world.deliver())  # the resident reads English
    assert delivered.chat_id == USER
    assert "The board rejected your request to bind meter No. 012345678" in delivered.text
    assert "Reason: Счётчик &lt;не&gt; на вашем участке" in delivered.text
    [mail] = smtp[0].messages
    assert mail["Subject"] == "Request to bind meter No. 012345678, Энергомера CE208 rejected"
    assert "Reason: Счётчик <не> на вашем участке" in mail.get_body(("plain",)).get_content()


async def test_reject_can_be_cancelled_and_an_empty_reason_is_asked_again(world: World) -> None:
    await seed()
    binding, post = await posted_request(world)
    prompt = only(await press(world, "no", binding.id, post, CHAIRMAN))

    too_long = only(await world.reply_in_group("x" * 501, prompt.message_id, user_id=CHAIRMAN))
    assert "не более 500 символов" in too_long.text
    assert (await Binding.get(id=binding.id)).status == BindingStatus.PENDING

    cancelled = only(await world.reply_in_group("/cancel", prompt.message_id, user_id=CHAIRMAN))
    assert f"заявка № {binding.id} по-прежнему ждёт решения" in cancelled.text
    assert await world.state(CHAIRMAN, GROUP).get_state() is None
    assert (await Binding.get(id=binding.id)).status == BindingStatus.PENDING

    # Someone else's message in the group is not taken for a reason.
    assert await world.reply_in_group("спам", prompt.message_id, user_id=STRANGER) == []


async def test_a_withdrawn_or_missing_request(world: World) -> None:
    await seed()
    binding, post = await posted_request(world)
    await world.bindings.unbind(binding.id, binding.person_id)  # type: ignore[attr-defined]

    calls = await press(world, "ok", binding.id, post, CHAIRMAN)

    assert "Житель отозвал эту заявку" in only(calls, "answerCallbackQuery").params["text"]
    assert "↩️ Отозвана жителем" in only(calls, "editMessageText").text
    assert (await Binding.get(id=binding.id)).status == BindingStatus.UNBOUND

    missing = only(await press(world, "ok", 999_999, post, CHAIRMAN), "answerCallbackQuery")
    assert "Этой заявки больше нет" in missing.params["text"]


async def test_an_operator_reading_english_gets_english_answers_and_the_group_stays_russian(world: World) -> None:
    seeded = await seed()
    binding, post = await posted_request(world)
    await Person.filter(id=seeded.chairman_id).update(locale="en")

    calls = await press(world, "ok", binding.id, post, CHAIRMAN, language="en")

    assert only(calls, "answerCallbackQuery").params["text"] == "Approved. The resident will be notified."
    assert "✅ Подтверждено: Пётр Председатель" in only(calls, "editMessageText").text


async def test_the_service_refuses_without_a_role(world: World) -> None:
    await seed()
    binding, _post = await posted_request(world)
    nobody = await Person.create(telegram_id=STRANGER, name="Никто")

    with pytest.raises(PermissionDenied):
        await world.bindings.reject(binding.id, nobody.id, "просто так", "web:127.0.0.1")

    entry = await AuditEntry.get(action="binding.reject")
    assert (entry.allowed, entry.origin, entry.actor_id) == (False, "web:127.0.0.1", nobody.id)  # type: ignore[attr-defined]
    assert [r.binding.id for r in await world.bindings.pending()] == [binding.id]
