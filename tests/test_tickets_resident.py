"""Residents' requests through the real Dispatcher: every type with and without files, the number and the
review date (in the chat and by e-mail), the plot/meter choice, the limits on text and files, the lists,
the history, comments and photos, and cancelling."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from handlers.ticket_texts import TYPES
from locales import translations
from services.db.models import OutboxMessage, Person, Site, Ticket, TicketAttachment, TicketComment
from services.enums import Channel, TicketStage, TicketType
from services.ticket_model import DEFAULT_REVIEW_DAYS
from tests.fakes.telegram import Call
from tests.residents_harness import GROUP, USER, Inbox, only, seed, smtp_server
from tests.tickets_harness import JPEG, PDF, PNG, Desk, bound_resident, buttons_of, data_for, make_desk

REVIEW_BY = {3: "26.11.2026", 5: "28.11.2026", 10: "03.12.2026", 30: "23.12.2026"}  # filed on 23.11.2026


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, str]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
async def desk(db: str, tmp_path: Path, smtp: tuple[Inbox, str]) -> Desk:
    return make_desk(tmp_path, smtp_url=smtp[1])


def ru(message: str) -> str:
    return translations("ru", "bot").gettext(message)


async def open_new(desk: Desk) -> Call:
    """“Заявки” → “Новая заявка”: the type screen."""
    menu = only(await desk.send("Заявки"))
    assert "Открытых: 0" in menu.text
    return only(await desk.press(data_for(menu, "Новая заявка"), menu.message_id), "editMessageText")


async def file_request(desk: Desk, ticket_type: TicketType, text: str, files: list[tuple[bytes, str, str]]) -> Call:
    """The whole dialog for a resident with one meter; returns the receipt."""
    types = await open_new(desk)
    assert [label for label, _ in buttons_of(types)][:9] == [ru(TYPES[t]) for t in TicketType]
    calls = await desk.press(data_for(types, ru(TYPES[ticket_type])), types.message_id)
    prompt = only(calls)  # one place: no choice, straight to the text
    assert "Опишите заявку" in prompt.text
    asked = only(await desk.send(text))
    assert "Приложите фото или документы" in asked.text
    done = asked
    for data, name, mime in files:
        calls = await (desk.photo(data) if not name else desk.document(data, name, mime))
        done = only(calls)
        assert "📎 Приложено" in done.text
    summary = only(await desk.press(data_for(done, "Готово"), done.message_id), "editMessageText")
    assert "Проверьте заявку" in summary.text
    return only(await desk.press(data_for(summary, "Отправить"), summary.message_id))


@pytest.mark.parametrize("ticket_type", list(TicketType))
@pytest.mark.parametrize("with_files", [False, True], ids=["text", "files"])
async def test_each_type_is_filed_with_a_number_and_a_review_date(
    desk: Desk, smtp: tuple[Inbox, str], tmp_path: Path, ticket_type: TicketType, with_files: bool
) -> None:
    seeded = await seed()
    await bound_resident(desk, [seeded.meter_other], email="ivan@mail.ru")
    files = [(JPEG, "", ""), (PDF, "Заявление (подписано).pdf", "application/pdf")] if with_files else []

    receipt = await file_request(desk, ticket_type, "Прошу рассмотреть, участок 7, с 20 ноября.", files)

    ticket = await Ticket.get(author__telegram_id=USER)
    days = DEFAULT_REVIEW_DAYS[ticket_type]
    assert f"Заявка № {ticket.id} ({ru(TYPES[ticket_type])}) зарегистрирована." in receipt.text
    assert f"Рассмотрим до {REVIEW_BY[days]}." in receipt.text
    assert receipt.buttons[0] == "Мои счётчики"  # back to the main menu
    assert (ticket.ticket_type, ticket.stage, ticket.plot_id, ticket.meter_id) == (  # type: ignore[attr-defined]
        ticket_type,
        TicketStage.REGISTERED,
        seeded.plot7.id,
        seeded.meter_other.id,
    )
    rows = await TicketAttachment.filter(ticket_id=ticket.id).order_by("id")
    assert len(rows) == len(files)
    for row, (data, name, _mime) in zip(rows, files, strict=True):
        assert row.telegram_file_id
        assert row.size == len(data)
        assert row.file_name == name
        stored = tmp_path / "attachments" / row.storage_key
        assert stored.parent.name == str(ticket.id)
        assert stored.read_bytes() == data
    if with_files:
        assert rows[1].storage_key.endswith("-Zayavlenie_podpisano.pdf")
        assert rows[0].mime_type == "image/jpeg"
        assert rows[1].mime_type == "application/pdf"

    delivered = await desk.deliver()
    post = only(delivered)
    assert post.chat_id == GROUP
    assert f"Заявка № {ticket.id}" in post.text
    assert "Иван Петров" in post.text
    assert "+79991234567" in post.text
    assert [label for label, _ in buttons_of(post)][:5] == [
        "📋 Взять",
        "🛠 В работу",
        "👷 Назначить",
        "💬 Ответить",
        "✅ Закрыть",
    ]
    [mail] = smtp[0].messages
    assert mail["Subject"] == f"Заявка № {ticket.id} зарегистрирована"
    body = mail.get_body(("plain",)).get_content()
    assert f"Рассмотрим до {REVIEW_BY[days]}." in body
    assert "Прошу рассмотреть, участок 7" in body


async def test_the_site_sets_its_own_review_time(desk: Desk) -> None:
    seeded = await seed()
    await Site.filter(id=seeded.site.id).update(ticket_review_days={"complaint": 1, "question": "x"})
    await bound_resident(desk, [seeded.meter_other])

    receipt = await file_request(desk, TicketType.COMPLAINT, "Шумит трансформатор у въезда.", [])

    assert "Рассмотрим до 24.11.2026." in receipt.text


async def test_the_plot_or_meter_is_asked_when_there_are_several(desk: Desk) -> None:
    seeded = await seed()
    await bound_resident(desk, [seeded.meter_mac, seeded.meter_imei, seeded.meter_other])
    types = await open_new(desk)

    choice = only(await desk.press(data_for(types, "Вопрос"), types.message_id), "editMessageText")

    labels = [label for label, _ in buttons_of(choice)]
    assert labels == [
        "Участок 7 · счётчик № 777001",
        "Участок 12 · весь участок",
        "Участок 12 · счётчик № 012345678",
        "Участок 12 · счётчик № E-900",
    ]
    only(await desk.press(data_for(choice, "весь участок"), choice.message_id))
    only(await desk.send("Когда будет собрание по электричеству?"))
    await desk.press("td:done", 1)
    await desk.press("td:send", 1)
    ticket = await Ticket.get(author__telegram_id=USER)
    assert (ticket.plot_id, ticket.meter_id) == (seeded.plot12.id, None)  # type: ignore[attr-defined]


async def test_without_a_bound_meter_the_resident_is_sent_to_bind_one(desk: Desk) -> None:
    await seed()
    await bound_resident(desk, [])
    menu = only(await desk.send("Заявки"))

    screen = only(await desk.press(data_for(menu, "Новая заявка"), menu.message_id), "editMessageText")

    assert "сначала привяжите счётчик" in screen.text
    assert await desk.world.state().get_state() is None


async def test_the_text_must_be_10_to_4000_characters(desk: Desk) -> None:
    seeded = await seed()
    await bound_resident(desk, [seeded.meter_other])
    types = await open_new(desk)
    await desk.press(data_for(types, "Вопрос"), types.message_id)

    short = only(await desk.send("Свет?"))
    long = only(await desk.send("а" * 4001))

    assert "Описание слишком короткое: не меньше 10 символов" in short.text
    assert "не больше 4000 символов" in long.text
    assert await desk.world.state().get_state() == "NewTicket:text"


async def test_file_limits_are_explained(desk: Desk) -> None:
    seeded = await seed()
    await bound_resident(desk, [seeded.meter_other])
    types = await open_new(desk)
    await desk.press(data_for(types, "Жалоба"), types.message_id)
    await desk.send("Сосед подключился к моей линии.")

    too_big = only(await desk.photo(JPEG, size=11 * 1024 * 1024))
    wrong_type = only(await desk.document(b"PK\x03\x04", "акт.docx", "application/vnd.openxmlformats"))
    disguised = only(await desk.document(b"MZ\x90\x00", "scan.pdf", "application/pdf"))

    assert "Файл слишком большой: не больше 10 МБ." in too_big.text
    assert "Такой тип файла не принимается" in wrong_type.text
    assert "PDF" in wrong_type.text
    assert "📎 Приложено: 1 из 10" in disguised.text  # the name and type look right: checked when sent
    for _ in range(9):
        await desk.photo(PNG)
    eleventh = only(await desk.photo(PNG))
    assert "Не больше 10 файлов к заявке." in eleventh.text

    summary = only(await desk.press("td:done", 1), "editMessageText")
    sent = only(await desk.press(data_for(summary, "Отправить"), summary.message_id))
    assert "Такой тип файла не принимается" in sent.text
    assert "Файлы сброшены" in sent.text
    assert await Ticket.all().count() == 0
    assert not (desk.store.root).exists() or not any(desk.store.root.rglob("*.*"))


async def test_a_photo_with_a_caption_at_the_text_step_is_both(desk: Desk) -> None:
    seeded = await seed()
    await bound_resident(desk, [seeded.meter_other])
    types = await open_new(desk)
    await desk.press(data_for(types, "Хищение"), types.message_id)

    reply = only(await desk.photo(JPEG, caption="Срезали провод на опоре у участка 7."))

    assert "Файл получен" in reply.text
    assert "Готово" in reply.buttons[0]
    await desk.press("td:done", 1)
    await desk.press("td:send", 1)
    ticket = await Ticket.get(author__telegram_id=USER)
    assert ticket.text == "Срезали провод на опоре у участка 7."
    assert await TicketAttachment.filter(ticket_id=ticket.id).count() == 1


async def test_a_menu_button_leaves_the_dialog(desk: Desk) -> None:
    seeded = await seed()
    await bound_resident(desk, [seeded.meter_other])
    types = await open_new(desk)
    await desk.press(data_for(types, "Вопрос"), types.message_id)

    await desk.send("Профиль")

    assert await desk.world.state().get_state() is None
    assert await Ticket.all().count() == 0


async def test_lists_history_comment_photo_and_cancel(desk: Desk) -> None:
    seeded = await seed()
    person_id = await bound_resident(desk, [seeded.meter_other])
    first = await desk.tickets.create(
        person_id, TicketType.QUESTION, seeded.plot7.id, seeded.meter_other.id, "Вопрос про тариф ночью."
    )
    closed = await desk.tickets.create(
        person_id, TicketType.OTHER, seeded.plot7.id, seeded.meter_other.id, "Старая заявка, уже не нужна."
    )
    await desk.tickets.cancel(person_id, closed.ticket.id, "Сам разобрался")
    delivered = await desk.deliver()  # both posts, then the note of the cancellation
    assert [c.chat_id for c in delivered] == [GROUP, GROUP, GROUP]
    assert "отменил заявку" in delivered[2].text

    menu = only(await desk.send("Заявки"))
    assert "Открытых: 1 · в архиве: 1" in menu.text
    open_list = only(await desk.press(data_for(menu, "Мои заявки"), menu.message_id), "editMessageText")
    assert f"№ {first.ticket.id}" in open_list.text
    assert "Регистрация" in open_list.text
    archive = only(await desk.press(data_for(open_list, "Архив"), open_list.message_id), "editMessageText")
    assert f"№ {closed.ticket.id}" in archive.text
    assert "Отменена" in archive.text
    card = only(await desk.press(f"tm:open:{closed.ticket.id}:0", archive.message_id), "editMessageText")
    assert "Отменена — вы: Сам разобрался" in card.text
    assert "Добавить" not in " ".join(card.buttons)

    card = only(await desk.press(f"tm:open:{first.ticket.id}:0", archive.message_id), "editMessageText")
    assert "Вопрос про тариф ночью." in card.text
    assert "🆕 Регистрация — вы" in card.text
    prompt = only(await desk.press(data_for(card, "комментарий"), card.message_id))
    assert f"комментарий к заявке № {first.ticket.id}" in prompt.text
    calls = await desk.send("Уточню: счётчик двухтарифный.")
    assert f"Комментарий добавлен к заявке № {first.ticket.id}" in calls[0].text
    prompt = only(await desk.press(data_for(card, "комментарий"), card.message_id))
    calls = await desk.photo(JPEG, caption="Вот фото щитка")
    assert [c.method for c in calls] == ["getFile", "sendMessage", "sendMessage"]
    assert "Комментарий добавлен" in calls[1].text

    comments = await TicketComment.filter(ticket_id=first.ticket.id).order_by("id")
    assert [(c.text, c.from_staff) for c in comments] == [
        ("", False),
        ("Уточню: счётчик двухтарифный.", False),
        ("Вот фото щитка", False),
    ]
    notes = await OutboxMessage.filter(topic=f"ticket:{first.ticket.id}:group").order_by("id")
    assert [n.chat_id for n in notes] == [GROUP, GROUP]
    assert "Иван Петров (житель) по заявке № " in notes[0].payload["text"]
    assert "📎 1 файл" in notes[1].payload["text"]
    attachment = await TicketAttachment.get(ticket_id=first.ticket.id)
    assert attachment.comment_id == comments[2].id  # type: ignore[attr-defined]

    # The resident cancels (registered: allowed); the group's post is edited.
    confirm = only(await desk.press(f"tm:cancel:{first.ticket.id}:0", card.message_id), "editMessageText")
    assert "Отменить заявку" in confirm.text
    calls = await desk.press(data_for(confirm, "Да, отменить"), confirm.message_id)
    assert f"Заявка № {first.ticket.id} отменена" in only(calls, "answerCallbackQuery").params["text"]
    assert (await Ticket.get(id=first.ticket.id)).stage == TicketStage.CANCELLED
    edited = [c for c in calls if c.method == "editMessageText" and c.chat_id == GROUP]
    assert len(edited) == 1
    assert "✖️ Отменена — Иван Петров" in edited[0].text
    assert edited[0].buttons == ["📎 Файлы (1)"]  # no desk buttons on a closed ticket
    note = await OutboxMessage.filter(topic=f"ticket:{first.ticket.id}:group").order_by("-id").first()
    assert note is not None
    assert "Житель Иван Петров отменил заявку" in note.payload["text"]


async def test_a_request_in_work_cannot_be_cancelled_by_the_resident(desk: Desk) -> None:
    seeded = await seed()
    person_id = await bound_resident(desk, [seeded.meter_other])
    card = await desk.tickets.create(
        person_id, TicketType.REPLACE_METER, seeded.plot7.id, seeded.meter_other.id, "Замените счётчик, сломан."
    )
    await Ticket.filter(id=card.ticket.id).update(stage=TicketStage.IN_WORK)

    calls = await desk.press(f"tm:cancel_yes:{card.ticket.id}:0", 5)

    answer = only(calls, "answerCallbackQuery")
    assert answer.params["show_alert"] == "true"
    assert f"Заявка № {card.ticket.id} на стадии «В работе»: её уже нельзя отменить." in answer.params["text"]
    assert (await Ticket.get(id=card.ticket.id)).stage == TicketStage.IN_WORK


async def test_someone_elses_request_is_not_shown(desk: Desk) -> None:
    seeded = await seed()
    person_id = await bound_resident(desk, [seeded.meter_other])
    card = await desk.tickets.create(
        person_id, TicketType.QUESTION, seeded.plot7.id, seeded.meter_other.id, "Мой личный вопрос."
    )
    await bound_resident(desk, [], user_id=1002, name="Пётр Соседов")

    for act in ("open", "cancel_yes", "comment", "files"):
        answer = only(await desk.press(f"tm:{act}:{card.ticket.id}:0", 5, user_id=1002), "answerCallbackQuery")
        assert answer.params["text"] == "Этой заявки нет среди ваших."
    assert (await Ticket.get(id=card.ticket.id)).stage == TicketStage.REGISTERED


async def test_english_resident_and_email_only_preference(desk: Desk, smtp: tuple[Inbox, str]) -> None:
    seeded = await seed()
    person_id = await bound_resident(desk, [seeded.meter_other], email="anna@mail.ru", locale="en")
    await Person.filter(id=person_id).update(channel=Channel.EMAIL)
    card = await desk.tickets.create(
        person_id, TicketType.TAKE_READINGS, seeded.plot7.id, seeded.meter_other.id, "Please take the readings."
    )

    rows = await OutboxMessage.filter(topic=f"ticket:{card.ticket.id}:resident")
    assert [r.channel for r in rows] == [Channel.EMAIL]
    await desk.deliver()
    [mail] = smtp[0].messages
    assert mail["Subject"] == f"Request No. {card.ticket.id} is registered"
    assert "We will review it by 28.11.2026." in mail.get_body(("plain",)).get_content()
