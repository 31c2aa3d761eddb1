"""The dispatcher desk in the operators' group and in engineers' private chats, through the real Dispatcher:
every stage change by an authorised and by an unauthorised user, replies both ways, the assignee's
notice, stale and double presses, and the residents' notices by Telegram and e-mail."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from services.db.models import AuditEntry, OutboxMessage, Person, Site, Ticket, TicketComment
from services.enums import Channel, Role, TicketStage, TicketType
from services.errors import PermissionDenied
from services.ticket_model import AttachmentIn
from tests.fakes.telegram import Call
from tests.residents_harness import CHAIRMAN, GROUP, USER, Inbox, Seeded, only, seed, smtp_server
from tests.tickets_harness import (
    DISPATCHER,
    ENGINEER,
    FOREIGN_DISPATCHER,
    JPEG,
    OTHER_ENGINEER,
    PDF,
    READER,
    Desk,
    bound_resident,
    buttons_of,
    data_for,
    filed,
    make_desk,
    staff,
)


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, str]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
async def desk(db: str, tmp_path: Path, smtp: tuple[Inbox, str]) -> Desk:
    return make_desk(tmp_path, smtp_url=smtp[1])


@pytest.fixture
async def seeded(desk: Desk) -> Seeded:
    seeded = await seed()
    await staff(seeded.site, DISPATCHER, "Дарья Диспетчер", Role.DISPATCHER)
    await staff(seeded.site, ENGINEER, "Егор Инженер", Role.ENGINEER)
    await staff(seeded.site, OTHER_ENGINEER, "Олег Инженер", Role.ENGINEER)
    await staff(seeded.site, READER, "Роман Читатель", Role.READER)
    other = await Site.create(slug="other", name="СНТ «Лютик»")
    await staff(other, FOREIGN_DISPATCHER, "Чужой Диспетчер", Role.DISPATCHER)
    await bound_resident(desk, [seeded.meter_other], email="ivan@mail.ru")
    return seeded


async def post_of(desk: Desk, ticket: Ticket) -> int:
    """The group post's message id (as the service learnt it from the delivered outbox row)."""
    card = await desk.desk.card(ticket.id, (await staff_id(DISPATCHER)), "test")
    assert card.ticket.post is not None
    assert card.ticket.post[0] == GROUP
    return card.ticket.post[1]


async def staff_id(telegram_id: int) -> int:
    return (await Person.get(telegram_id=telegram_id)).id


async def press(desk: Desk, data: str, message_id: int, user_id: int, chat_id: int | None = GROUP) -> list[Call]:
    return await desk.press(data, message_id, user_id=user_id, chat_id=chat_id)


async def new_ticket(desk: Desk, seeded: Seeded) -> tuple[Ticket, int]:
    person = await desk.world.people.get_by_telegram(USER)
    assert person is not None
    ticket = await filed(desk, person.id, seeded.meter_other)
    return ticket, await post_of(desk, ticket)


async def test_take_edits_the_post_and_tells_the_resident(desk: Desk, seeded: Seeded, smtp: tuple[Inbox, str]) -> None:
    ticket, post = await new_ticket(desk, seeded)

    calls = await press(desk, f"tk:take:{ticket.id}", post, DISPATCHER)

    assert (
        only(calls, "answerCallbackQuery").params["text"]
        == "Взято: заявка квалифицирована. Житель получит уведомление."
    )
    edited = only(calls, "editMessageText")
    assert (edited.chat_id, int(edited.params["message_id"])) == (GROUP, post)
    assert "📋 Квалификация — Дарья Диспетчер, 23.11.2026 12:00" in edited.text
    assert "📋 Взять" not in edited.buttons
    assert "🛠 В работу" in edited.buttons
    assert (await Ticket.get(id=ticket.id)).stage == TicketStage.QUALIFIED
    entry = await AuditEntry.get(action="ticket.take")
    assert (entry.allowed, entry.object_id, entry.origin) == (
        True,
        str(ticket.id),
        f"telegram:chat:{GROUP}:user:{DISPATCHER}",
    )

    delivered = await desk.deliver()
    notice = only(delivered)
    assert notice.chat_id == USER
    assert f"📋 Заявка № {ticket.id} (Вопрос) принята к рассмотрению." in notice.text
    assert buttons_of(notice) == [("📂 Открыть заявку", f"tm:show:{ticket.id}:0")]
    mails = [m for m in smtp[0].messages if m["Subject"] == f"Заявка № {ticket.id}: принята к рассмотрению"]
    assert len(mails) == 1

    card = only(await desk.press(f"tm:show:{ticket.id}:0", notice.message_id))  # a new message under the notice
    assert "📋 Квалификация — Дарья Диспетчер" in card.text


async def test_a_double_press_changes_nothing_and_says_where_the_ticket_is(desk: Desk, seeded: Seeded) -> None:
    ticket, post = await new_ticket(desk, seeded)
    await press(desk, f"tk:take:{ticket.id}", post, DISPATCHER)

    calls = await press(desk, f"tk:take:{ticket.id}", post, CHAIRMAN)

    answer = only(calls, "answerCallbackQuery")
    assert answer.params["show_alert"] == "true"
    assert answer.params["text"] == (
        f"Ничего не изменилось: заявка № {ticket.id} на стадии «Квалификация» (Дарья Диспетчер, 23.11.2026 12:00)."
    )
    assert await AuditEntry.filter(action="ticket.take").count() == 1
    assert await AuditEntry.filter(action="ticket.take.noop").count() == 1
    assert await TicketComment.filter(ticket_id=ticket.id, stage=TicketStage.QUALIFIED).count() == 1
    notices = await OutboxMessage.filter(topic=f"ticket:{ticket.id}:resident").values_list("dedup_key", flat=True)
    assert len(notices) == 3  # the e-mailed receipt, then Telegram + e-mail for the take, once


DENIED = [
    ("resident", USER),
    ("reader", READER),
    ("another site's dispatcher", FOREIGN_DISPATCHER),
    ("an engineer not assigned", OTHER_ENGINEER),
]


@pytest.mark.parametrize("act", ["take", "start", "assign", "reply", "close", "cancel"])
@pytest.mark.parametrize(("who", "user_id"), DENIED, ids=[d[0] for d in DENIED])
async def test_unauthorised_presses_are_refused_politely_and_audited(
    desk: Desk, seeded: Seeded, act: str, who: str, user_id: int
) -> None:
    ticket, post = await new_ticket(desk, seeded)
    engineer = await staff_id(ENGINEER)
    await desk.desk.assign(ticket.id, await staff_id(DISPATCHER), engineer, "test")
    await desk.deliver()

    calls = await press(desk, f"tk:{act}:{ticket.id}", post, user_id)

    answer = only(calls, "answerCallbackQuery")
    assert answer.params["show_alert"] == "true"
    assert "Извините, это вам недоступно" in answer.params["text"]
    assert [c.method for c in calls] == ["answerCallbackQuery"]
    row = await Ticket.get(id=ticket.id)
    assert (row.stage, row.assignee_id) == (TicketStage.QUALIFIED, engineer)  # type: ignore[attr-defined]
    denied = await AuditEntry.filter(allowed=False, object_id=str(ticket.id))
    assert [e.action for e in denied] == [f"ticket.{act}"]
    assert await desk.world.state(user_id, GROUP).get_state() is None


async def test_a_forged_assignee_must_be_an_engineer_of_the_site(desk: Desk, seeded: Seeded) -> None:
    ticket, post = await new_ticket(desk, seeded)

    calls = await press(desk, f"tka:{ticket.id}:{await staff_id(READER)}", post, DISPATCHER)

    assert only(calls, "answerCallbackQuery").params["text"] == "Этот сотрудник не сервис-инженер объекта."
    assert (await Ticket.get(id=ticket.id)).assignee_id is None  # type: ignore[attr-defined]
    assert await AuditEntry.filter(action="ticket.assign", allowed=False).count() == 1


async def test_assign_then_the_engineer_works_it_in_a_private_chat(desk: Desk, seeded: Seeded) -> None:
    ticket, post = await new_ticket(desk, seeded)

    engineers = only(await press(desk, f"tk:assign:{ticket.id}", post, CHAIRMAN), "editMessageReplyMarkup")
    assert [label for label, _ in buttons_of(engineers)] == ["👷 Егор Инженер", "👷 Олег Инженер", "« Назад"]
    calls = await press(desk, data_for(engineers, "Егор"), post, CHAIRMAN)
    assert (
        only(calls, "answerCallbackQuery").params["text"] == "Назначено: Егор Инженер. Исполнитель получит уведомление."
    )
    edited = only(calls, "editMessageText")
    assert "Исполнитель: Егор Инженер" in edited.text
    assert "👷 Переназначить" in edited.buttons
    assert (await Ticket.get(id=ticket.id)).stage == TicketStage.QUALIFIED

    delivered = await desk.deliver()
    to_engineer = [c for c in delivered if c.chat_id == ENGINEER]
    assert len(to_engineer) == 1
    notice = to_engineer[0]
    assert f"Вам назначена заявка № {ticket.id}" in notice.text
    assert "+79991234567" in notice.text
    assert [label for label, _ in buttons_of(notice)] == ["🛠 В работу", "💬 Ответить", "✅ Закрыть"]
    assert any(c.chat_id == USER and "принята к рассмотрению" in c.text for c in delivered)

    # The engineer starts the work from their private chat; the group's post follows.
    calls = await press(desk, f"tk:start:{ticket.id}", notice.message_id, ENGINEER, chat_id=None)
    assert only(calls, "answerCallbackQuery").params["text"] == "Работа начата. Житель получит уведомление."
    edits = {c.chat_id: c for c in calls if c.method == "editMessageText"}
    assert set(edits) == {ENGINEER, GROUP}
    assert "🛠 В работе — Егор Инженер" in edits[GROUP].text
    assert (await Ticket.get(id=ticket.id)).stage == TicketStage.IN_WORK

    # The engineer may not cancel, and closes with a comment given as a reply to the bot.
    refused = only(
        await press(desk, f"tk:cancel:{ticket.id}", notice.message_id, ENGINEER, chat_id=None), "answerCallbackQuery"
    )
    assert "недоступно" in refused.params["text"]
    prompt = only(await press(desk, f"tk:close:{ticket.id}", notice.message_id, ENGINEER, chat_id=None))
    assert "что сделано по заявке" in prompt.text
    calls = await desk.send("Заменили автомат 25А на опоре.", user_id=ENGINEER)
    assert f"Заявка № {ticket.id} выполнена" in only(calls).text
    row = await Ticket.get(id=ticket.id)
    assert (row.stage, row.closed_at) == (TicketStage.DONE, desk.clock.now())
    started, done = await desk.deliver()  # the resident hears of both stages
    assert (started.chat_id, done.chat_id) == (USER, USER)
    assert f"🛠 Заявка № {ticket.id} (Вопрос) взята в работу." in started.text
    assert f"✅ Заявка № {ticket.id} (Вопрос) выполнена." in done.text
    assert "Комментарий: Заменили автомат 25А на опоре." in done.text


async def test_replies_both_ways(desk: Desk, seeded: Seeded, smtp: tuple[Inbox, str]) -> None:
    ticket, post = await new_ticket(desk, seeded)

    prompt = only(await press(desk, f"tk:reply:{ticket.id}", post, DISPATCHER))
    assert prompt.chat_id == GROUP
    assert int(prompt.params["reply_to_message_id"]) == post
    assert prompt.reply_markup == {"force_reply": True, "selective": True, "input_field_placeholder": "Ответ жителю"}
    calls = await desk.in_group("Проверка будет <в субботу> с 10:00.", user_id=DISPATCHER, reply_to=prompt.message_id)
    assert f"Ответ отправлен жителю и добавлен в заявку № {ticket.id}" in only(calls).text
    assert "1 сообщение в переписке" in only(calls, "editMessageText").text
    assert (await Ticket.get(id=ticket.id)).stage == TicketStage.REGISTERED

    reply = only(await desk.deliver())
    assert reply.chat_id == USER
    assert f"💬 Ответ по заявке № {ticket.id} (Вопрос):" in reply.text
    assert "Проверка будет &lt;в субботу&gt; с 10:00." in reply.text
    assert "— Дарья Диспетчер" in reply.text
    mail = [m for m in smtp[0].messages if m["Subject"] == f"Ответ по заявке № {ticket.id}"]
    assert "Проверка будет <в субботу> с 10:00." in mail[0].get_body(("plain",)).get_content()

    # The resident answers from the card; it comes back to the group as a note under the ticket.
    card = only(await desk.press(f"tm:show:{ticket.id}:0", reply.message_id))
    assert "💬 Дарья Диспетчер: Проверка будет" in card.text
    await desk.press(data_for(card, "комментарий"), card.message_id)
    await desk.send("Спасибо, буду дома.")
    note = only(await desk.deliver())
    assert note.chat_id == GROUP
    assert f"Иван Петров (житель) по заявке № {ticket.id}:\nСпасибо, буду дома." in note.text
    assert buttons_of(note) == [("💬 Ответить", f"tk:reply:{ticket.id}")]
    row = await OutboxMessage.get(topic=f"ticket:{ticket.id}:group")
    assert row.sent_message_id == note.message_id

    # Staff answer the note with its own Reply button.
    prompt = only(await press(desk, f"tk:reply:{ticket.id}", note.message_id, DISPATCHER))
    calls = await desk.in_group("Хорошо, ждите мастера.", user_id=DISPATCHER, reply_to=prompt.message_id)
    assert "Ответ отправлен жителю" in only(calls).text
    history = await TicketComment.filter(ticket_id=ticket.id).order_by("id").values_list("text", "from_staff")
    assert history == [
        ("", False),
        ("Проверка будет <в субботу> с 10:00.", True),
        ("Спасибо, буду дома.", False),
        ("Хорошо, ждите мастера.", True),
    ]


async def test_cancel_asks_for_a_reason_and_cancel_aborts(desk: Desk, seeded: Seeded) -> None:
    ticket, post = await new_ticket(desk, seeded)
    prompt = only(await press(desk, f"tk:cancel:{ticket.id}", post, DISPATCHER))

    aborted = only(await desk.in_group("/cancel", user_id=DISPATCHER, reply_to=prompt.message_id))
    assert f"заявка № {ticket.id} осталась как была" in aborted.text
    assert (await Ticket.get(id=ticket.id)).stage == TicketStage.REGISTERED

    prompt = only(await press(desk, f"tk:cancel:{ticket.id}", post, DISPATCHER))
    too_long = only(await desk.in_group("x" * 1001, user_id=DISPATCHER, reply_to=prompt.message_id))
    assert "не больше 1000 символов" in too_long.text
    assert await desk.in_group("оффтоп", user_id=READER, reply_to=prompt.message_id) == []
    calls = await desk.in_group("Дубликат заявки № 1", user_id=DISPATCHER, reply_to=prompt.message_id)
    assert f"Заявка № {ticket.id} отменена" in only(calls).text
    edited = only(calls, "editMessageText")
    assert "✖️ Отменена — Дарья Диспетчер" in edited.text
    assert "Дубликат заявки № 1" in edited.text
    notice = only(await desk.deliver())
    assert "отменена" in notice.text
    assert "Причина: Дубликат заявки № 1" in notice.text
    assert (await AuditEntry.get(action="ticket.cancel")).allowed


async def test_a_stale_prompt_after_the_ticket_was_closed(desk: Desk, seeded: Seeded) -> None:
    ticket, post = await new_ticket(desk, seeded)
    prompt = only(await press(desk, f"tk:reply:{ticket.id}", post, DISPATCHER))
    await desk.desk.close(ticket.id, await staff_id(CHAIRMAN), "Ответили по телефону", "test")

    calls = await desk.in_group("Запоздалый ответ", user_id=DISPATCHER, reply_to=prompt.message_id)

    assert "Ничего не изменилось" in only(calls).text
    assert "«Выполнена»" in only(calls).text
    assert not await TicketComment.filter(text="Запоздалый ответ").exists()


async def test_engineer_buttons_and_files_in_the_group(desk: Desk, seeded: Seeded) -> None:
    person = await desk.world.people.get_by_telegram(USER)
    assert person is not None
    card = await desk.tickets.create(
        person.id,
        TicketType.THEFT,
        seeded.plot7.id,
        seeded.meter_other.id,
        "Срезали кабель у опоры №3.",
        [
            AttachmentIn("tg-photo", "", "image/jpeg", len(JPEG), JPEG),
            AttachmentIn("tg-doc", "акт.pdf", "application/pdf", len(PDF), PDF),
        ],
    )
    post = only(await desk.deliver())
    assert "📎 2 файла" in post.text
    assert "📎 Файлы (2)" in post.buttons

    calls = await press(desk, f"tk:files:{card.ticket.id}", post.message_id, DISPATCHER)

    assert [c.method for c in calls] == ["answerCallbackQuery", "sendPhoto", "sendDocument"]
    assert calls[1].params["photo"] == "tg-photo"
    assert calls[2].params["document"] == "tg-doc"
    assert all(int(c.params["reply_to_message_id"]) == post.message_id for c in calls[1:])
    refused = only(
        await press(desk, f"tk:files:{card.ticket.id}", post.message_id, FOREIGN_DISPATCHER), "answerCallbackQuery"
    )
    assert "недоступно" in refused.params["text"]


async def test_english_staff_get_english_answers_and_the_group_stays_russian(desk: Desk, seeded: Seeded) -> None:
    ticket, post = await new_ticket(desk, seeded)
    await Person.filter(telegram_id=DISPATCHER).update(locale="en")

    calls = await press(desk, f"tk:take:{ticket.id}", post, DISPATCHER)

    assert (
        only(calls, "answerCallbackQuery").params["text"]
        == "Taken: the request is qualified. The resident is notified."
    )
    assert "📋 Квалификация" in only(calls, "editMessageText").text


async def test_the_resident_email_copy_has_no_telegram_markup(
    desk: Desk, seeded: Seeded, smtp: tuple[Inbox, str]
) -> None:
    ticket, _post = await new_ticket(desk, seeded)
    await desk.desk.cancel(ticket.id, await staff_id(DISPATCHER), "Участок <7> не ваш", "test")
    rows = await OutboxMessage.filter(topic=f"ticket:{ticket.id}:resident").order_by("id")
    assert [r.channel for r in rows][-2:] == [Channel.TELEGRAM, Channel.EMAIL]
    await desk.deliver()
    mail = next(m for m in smtp[0].messages if m["Subject"] == f"Заявка № {ticket.id}: отменена")
    assert "Причина: Участок <7> не ваш" in mail.get_body(("plain",)).get_content()


async def test_the_assigned_engineer_hears_the_residents_comments(desk: Desk, seeded: Seeded) -> None:
    ticket, _post = await new_ticket(desk, seeded)
    await desk.desk.assign(ticket.id, await staff_id(DISPATCHER), await staff_id(ENGINEER), "test")
    await desk.deliver()
    resident = await desk.world.people.get_by_telegram(USER)
    assert resident is not None

    await desk.tickets.comment(resident.id, ticket.id, "Калитка открыта, собака привязана.")

    delivered = await desk.deliver()
    assert sorted(c.chat_id or 0 for c in delivered) == sorted([GROUP, ENGINEER])
    to_engineer = next(c for c in delivered if c.chat_id == ENGINEER)
    assert "Калитка открыта, собака привязана." in to_engineer.text
    assert buttons_of(to_engineer) == [("💬 Ответить", f"tk:reply:{ticket.id}")]


async def test_stored_files_are_served_to_staff_only(desk: Desk, seeded: Seeded) -> None:
    resident = await desk.world.people.get_by_telegram(USER)
    assert resident is not None
    card = await desk.tickets.create(
        resident.id,
        TicketType.ADMIT_METER,
        seeded.plot7.id,
        seeded.meter_other.id,
        "Прошу допустить новый счётчик.",
        [
            AttachmentIn("tg-doc", "паспорт.pdf", "application/pdf", len(PDF), PDF),
            AttachmentIn("tg-x", "", "image/jpeg", 10),  # Telegram would not give the bytes
        ],
    )
    stored, only_telegram = card.files

    dto, data = await desk.desk.file(stored.id, await staff_id(READER), "web:127.0.0.1")
    assert (dto.file_name, dto.stored, data) == ("паспорт.pdf", True, PDF)
    dto, data = await desk.desk.file(only_telegram.id, await staff_id(READER), "web:127.0.0.1")
    assert (dto.file_id, dto.stored, data) == ("tg-x", False, None)
    with pytest.raises(PermissionDenied):
        await desk.desk.file(stored.id, await staff_id(FOREIGN_DISPATCHER), "web:127.0.0.1")


async def test_a_site_without_its_own_chat_uses_the_default_one(db: str, tmp_path: Path) -> None:
    desk = make_desk(tmp_path, default_operators_chat_id=-4242)
    seeded = await seed(operators_chat_id=None)
    await staff(seeded.site, DISPATCHER, "Дарья Диспетчер", Role.DISPATCHER)
    person_id = await bound_resident(desk, [seeded.meter_other])

    ticket = await filed(desk, person_id, seeded.meter_other)

    assert (ticket.chat_id, ticket.message_id) == (None, None)  # learnt from the outbox when first needed
    card = await desk.desk.card(ticket.id, await staff_id(DISPATCHER), "test")
    assert card.ticket.post is not None
    assert card.ticket.post[0] == -4242
    listing = only(await desk.send("/tickets", user_id=DISPATCHER, chat_id=-4242))
    assert listing.buttons == [f"№ {ticket.id}"]
    refused = only(await desk.send("/tickets", user_id=DISPATCHER, chat_id=-9999))
    assert "только сотрудникам" in refused.text
