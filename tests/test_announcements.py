"""Announcements through the real Dispatcher and the outbox: the author's dialog with its preview, publishing
to a site or to chosen plots (Telegram, e-mail, and the e-mail fallback for a resident who blocked the bot),
drafts, withdrawing, delivery counts, the residents' "Announcements", and who may do any of it."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from services.announcement_model import parse_plot_numbers, parse_works_until
from services.announcements import DeliveryStats, Draft
from services.db.models import Announcement, AuditEntry, OutboxMessage, StaffRole, WebLogin
from services.enums import AnnouncementState, Channel, OutboxStatus, Role
from services.errors import InvalidInput, PermissionDenied
from tests.announcements_harness import (
    ANNA,
    BORIS,
    CHAIRMAN,
    DINA,
    DISPATCHER,
    FAR,
    GLEB,
    NOW,
    READER,
    STRANGER,
    VERA,
    Estate,
    World,
    estate,
    last_message,
    mail,
    make_world,
    texts_to,
)
from tests.fakes.telegram import Call

TEXT = "Плановое отключение электроэнергии 25.11 с 10:00 до 14:00 <замена опоры>."


@pytest.fixture
async def home(db: str) -> Estate:
    return await estate()


def buttons_of(call: Call) -> dict[str, str]:
    return dict(zip(call.buttons, call.callback_data, strict=True))


async def compose(world: World, *, author: int = CHAIRMAN, text: str = TEXT, until: str | None = None) -> Call:
    """/announce, the text, no photo, the date (or none); returns the recipients question."""
    await world.send("/announce", user_id=author)
    photo_prompt = last_message(await world.send(text, user_id=author))
    date_prompt = last_message(await world.press("anx:np", photo_prompt.message_id, user_id=author))
    if until is None:
        return last_message(await world.press("anx:nd", date_prompt.message_id, user_id=author))
    return last_message(await world.send(until, user_id=author))


async def published_by_service(world: World, home: Estate, **fields: object) -> int:
    chairman = home.people[CHAIRMAN].id
    draft = await world.announcements.create_draft(chairman, Draft(site_id=home.site.id, text=TEXT, **fields))  # type: ignore[arg-type]
    await world.announcements.publish(chairman, draft.id)
    return draft.id


# --- the dialog, the preview and the delivery --------------------------------------------------------


async def test_preview_then_publish_to_every_resident_with_the_email_fallback(home: Estate) -> None:
    with mail() as (inbox, smtp_url):
        world = make_world(smtp_url=smtp_url)
        prompt = last_message(await world.send("/announce", user_id=CHAIRMAN))
        assert "Новое объявление для СНТ «Ромашка»" in prompt.text

        photo_prompt = last_message(await world.send(TEXT, user_id=CHAIRMAN))
        assert buttons_of(photo_prompt) == {"Без фото": "anx:np"}
        date_prompt = last_message(await world.press("anx:np", photo_prompt.message_id, user_id=CHAIRMAN))
        assert "дд.мм.гггг" in date_prompt.text
        assert "Такой даты нет" in last_message(await world.send("30.02.2026", user_id=CHAIRMAN)).text
        assert "Эта дата уже прошла" in last_message(await world.send("22.11.2026", user_id=CHAIRMAN)).text
        assert "дд.мм.гггг" in last_message(await world.send("завтра", user_id=CHAIRMAN)).text
        question = last_message(await world.send("25.11.2026", user_id=CHAIRMAN))
        assert buttons_of(question) == {"Всем жителям объекта": "anx:all", "Жителям выбранных участков": "anx:pl"}

        calls = await world.press("anx:all", question.message_id, user_id=CHAIRMAN)
        preview, controls = [call for call in calls if call.method == "sendMessage"]
        assert preview.text == (
            "📢 <b>Объявление</b> · СНТ «Ромашка»\n\n"
            "Плановое отключение электроэнергии 25.11 с 10:00 до 14:00 &lt;замена опоры&gt;.\n\n"
            "🛠 Окончание работ: 25.11.2026"
        )
        assert "Для всех жителей: СНТ «Ромашка»." in controls.text
        assert "Получателей сейчас: 4." in controls.text  # Anna, Boris, Vera, Gleb: not Dina (pending), not Fyodor
        assert buttons_of(controls) == {"Опубликовать": "anx:pub", "Сохранить черновик": "anx:sav", "Отмена": "anx:can"}
        assert await Announcement.all().count() == 0  # nothing is stored before the author decides

        done = last_message(await world.press("anx:pub", controls.message_id, user_id=CHAIRMAN))
        announcement = await Announcement.get()
        assert done.text.startswith(f"Объявление № {announcement.id} опубликовано, отправляется сообщений: 4.")
        assert announcement.state == AnnouncementState.PUBLISHED
        assert announcement.published_at == NOW
        assert announcement.works_until == date(2026, 11, 25)

        delivered = await world.deliver(blocked=frozenset({BORIS}))

    assert texts_to(delivered, ANNA) == [preview.text]  # exactly what the author previewed
    english = texts_to(delivered, VERA)
    assert english == [
        "📢 <b>Announcement</b> · СНТ «Ромашка»\n\n"
        "Плановое отключение электроэнергии 25.11 с 10:00 до 14:00 &lt;замена опоры&gt;.\n\n"
        "🛠 Works until 25.11.2026"
    ]
    assert texts_to(delivered, GLEB) == []  # he prefers e-mail
    assert texts_to(delivered, DINA) == texts_to(delivered, FAR) == []
    mails = {message["To"]: message for message in inbox.messages}
    assert set(mails) == {"gleb@mail.ru", "boris@mail.ru"}  # Boris blocked the bot: e-mail instead
    assert mails["boris@mail.ru"]["Subject"] == "Объявление: СНТ «Ромашка»"
    gleb = mails["gleb@mail.ru"].get_body(preferencelist=("plain",))
    assert gleb is not None
    assert "<замена опоры>" in gleb.get_content()
    assert "Окончание работ: 25.11.2026" in gleb.get_content()

    stats = await world.announcements.delivery_stats(announcement.id)
    assert stats == DeliveryStats(telegram=2, email=2, failed=0, pending=0)
    listing = last_message(await world.send("/announcements", user_id=CHAIRMAN))
    assert "Отправлено: 2 · по e-mail: 2 · не доставлено: 0 · в очереди: 0" in listing.text


async def test_a_double_press_on_publish_publishes_once(home: Estate) -> None:
    world = make_world()
    question = await compose(world)
    calls = await world.press("anx:all", question.message_id, user_id=CHAIRMAN)
    controls = last_message(calls)

    first, second = await asyncio.gather(
        world.press("anx:pub", controls.message_id, user_id=CHAIRMAN),
        world.press("anx:pub", controls.message_id, user_id=CHAIRMAN),
    )

    assert await Announcement.all().count() == 1
    assert await OutboxMessage.all().count() == 4
    answers = [call.params.get("text", "") for call in first + second if call.method == "answerCallbackQuery"]
    assert any("устарела" in text for text in answers)


async def test_chosen_plots_only(home: Estate) -> None:
    world = make_world()
    question = await compose(world)
    plots_prompt = last_message(await world.press("anx:pl", question.message_id, user_id=CHAIRMAN))
    assert "12-15" in plots_prompt.text

    unknown = last_message(await world.send("12-13, 99, 7А", user_id=CHAIRMAN))
    assert "На объекте нет участков 99, 7А." in unknown.text
    assert "Диапазон" in last_message(await world.send("15-12", user_id=CHAIRMAN)).text
    calls = await world.send("12 – 13", user_id=CHAIRMAN)
    preview, controls = [call for call in calls if call.method == "sendMessage"]
    assert preview.text.endswith("📍 Для участков 12, 13")
    assert "Для жителей участков 12, 13." in controls.text
    assert "Получателей сейчас: 2." in controls.text

    await world.press("anx:pub", controls.message_id, user_id=CHAIRMAN)
    delivered = await world.deliver()

    assert texts_to(delivered, BORIS) == [preview.text]
    assert len(texts_to(delivered, VERA)) == 1  # plot 13; her plot 5 was not chosen, and she gets it once
    assert texts_to(delivered, ANNA) == []
    assert await OutboxMessage.filter(channel=Channel.EMAIL).count() == 0  # Gleb (plot 14) is not among them


async def test_a_photo_with_its_caption_and_the_residents_view(home: Estate) -> None:
    world = make_world()
    await world.send("/announce", user_id=DISPATCHER)
    date_prompt = last_message(await world.send_photo("AgACphoto", user_id=DISPATCHER, caption="Субботник в субботу!"))
    assert "дд.мм.гггг" in date_prompt.text  # the photo came with the text: no photo step
    question = last_message(await world.press("anx:nd", date_prompt.message_id, user_id=DISPATCHER))
    calls = await world.press("anx:all", question.message_id, user_id=DISPATCHER)

    photo = [call for call in calls if call.method == "sendPhoto"]
    assert len(photo) == 1
    assert photo[0].params["photo"] == "AgACphoto"  # the largest size, by its Telegram file id
    assert photo[0].text == "📢 <b>Объявление</b> · СНТ «Ромашка»\n\nСубботник в субботу!"
    await world.press("anx:pub", last_message(calls).message_id, user_id=DISPATCHER)
    assert (await Announcement.get()).photo_file_id == "AgACphoto"

    world.clock.set(NOW + timedelta(hours=3))
    news = await world.send("Объявления", user_id=ANNA)
    shown = [call for call in news if call.method == "sendPhoto"]
    assert len(shown) == 1
    assert shown[0].params["photo"] == "AgACphoto"
    assert shown[0].text.endswith("Субботник в субботу!\n\n🕒 Опубликовано 23.11.2026 12:00")


async def test_a_text_too_long_for_a_caption_is_refused_with_a_photo(home: Estate) -> None:
    world = make_world()
    await world.send("/announce", user_id=CHAIRMAN)
    photo_prompt = last_message(await world.send("Длинный текст. " * 60, user_id=CHAIRMAN))

    refused = last_message(await world.send_photo("AgACbig", user_id=CHAIRMAN))

    assert "с фото — не более 800" in refused.text
    assert refused.callback_data == ["anx:np"]
    assert photo_prompt.callback_data == ["anx:np"]


# --- drafts, editing, withdrawing --------------------------------------------------------------------


async def test_a_draft_is_saved_edited_and_published_later(home: Estate) -> None:
    world = make_world()
    question = await compose(world, until="30.11.2026")
    controls = last_message(await world.press("anx:all", question.message_id, user_id=CHAIRMAN))
    saved = last_message(await world.press("anx:sav", controls.message_id, user_id=CHAIRMAN))
    draft = await Announcement.get()
    assert saved.text.startswith(f"Черновик № {draft.id} сохранён.")
    assert draft.state == AnnouncementState.DRAFT
    assert await OutboxMessage.all().count() == 0

    listing = last_message(await world.send("/announcements", user_id=CHAIRMAN))
    assert "📝 Черновик" in listing.text
    card = last_message(await world.press(f"anm:o:{draft.id}", listing.message_id, user_id=CHAIRMAN))
    assert buttons_of(card)["✏️ Изменить"] == f"anm:e:{draft.id}"
    editing = last_message(await world.press(f"anm:e:{draft.id}", card.message_id, user_id=CHAIRMAN))
    assert "Редактирование объявления для СНТ «Ромашка»" in editing.text
    assert editing.callback_data == ["anx:kt"]
    photo_prompt = last_message(await world.send("Отключение переносится на 27.11.", user_id=CHAIRMAN))
    date_prompt = last_message(await world.press("anx:np", photo_prompt.message_id, user_id=CHAIRMAN))
    assert buttons_of(date_prompt) == {"Оставить 30.11.2026": "anx:kd", "Без даты окончания": "anx:nd"}
    question = last_message(await world.press("anx:kd", date_prompt.message_id, user_id=CHAIRMAN))
    calls = await world.press("anx:all", question.message_id, user_id=CHAIRMAN)
    assert "Отключение переносится на 27.11." in calls[-2].text
    await world.press("anx:sav", last_message(calls).message_id, user_id=CHAIRMAN)

    edited = await Announcement.get()
    assert (edited.id, edited.text, edited.works_until) == (
        draft.id,
        "Отключение переносится на 27.11.",
        date(2026, 11, 30),
    )
    assert edited.state == AnnouncementState.DRAFT
    assert await AuditEntry.filter(action="announcement.edit", object_id=str(draft.id)).count() == 1

    card = last_message(await world.press(f"anm:o:{draft.id}", card.message_id, user_id=CHAIRMAN))
    published = last_message(await world.press(f"anm:p:{draft.id}", card.message_id, user_id=CHAIRMAN))
    assert published.text.startswith("Опубликовано, отправляется сообщений: 4.")
    again = last_message(await world.press(f"anm:p:{draft.id}", card.message_id, user_id=CHAIRMAN))
    assert again.text.startswith("Это уже не черновик: повторно ничего не отправлено.")
    assert await OutboxMessage.filter(topic=f"ann:{draft.id}").count() == 4
    refused = await world.press(f"anm:e:{draft.id}", card.message_id, user_id=CHAIRMAN)
    assert "Изменять можно только черновики." in refused[-1].params["text"]


async def test_publishing_twice_sends_nothing_twice(home: Estate) -> None:
    world = make_world()
    chairman = home.people[CHAIRMAN].id
    draft = await world.announcements.create_draft(chairman, Draft(site_id=home.site.id, text=TEXT))

    first = await world.announcements.publish(chairman, draft.id)
    await world.deliver()
    second = await world.announcements.publish(home.people[DISPATCHER].id, draft.id)

    assert (first.changed, first.queued) == (True, 4)
    assert (second.changed, second.queued) == (False, 0)
    assert await OutboxMessage.filter(topic=f"ann:{draft.id}").count() == 4
    assert await world.deliver() == []
    assert await AuditEntry.filter(action="announcement.publish.noop").count() == 1


async def test_withdrawing_takes_it_off_and_stops_what_is_not_delivered(home: Estate) -> None:
    world = make_world()
    announcement_id = await published_by_service(world, home, works_until=date(2026, 11, 30))
    news = texts_to(await world.send("/news", user_id=ANNA), ANNA)
    assert len(news) == 1
    assert TEXT.replace("<", "&lt;").replace(">", "&gt;") in news[0]

    listing = last_message(await world.send("/announcements", user_id=DISPATCHER))
    card = last_message(await world.press(f"anm:o:{announcement_id}", listing.message_id, user_id=DISPATCHER))
    assert "Отправлено: 0 · по e-mail: 0 · не доставлено: 0 · в очереди: 4" in card.text
    question = last_message(await world.press(f"anm:w:{announcement_id}", card.message_id, user_id=DISPATCHER))
    assert question.text.startswith(f"Снять с публикации объявление № {announcement_id}?")
    done = last_message(await world.press(f"anm:wy:{announcement_id}", question.message_id, user_id=DISPATCHER))

    assert done.text.startswith("Снято с публикации. Ещё не доставленных сообщений: 4, они не будут отправлены.")
    row = await Announcement.get(id=announcement_id)
    assert row.state == AnnouncementState.WITHDRAWN
    assert row.withdrawn_at == NOW
    assert await world.deliver() == []
    assert texts_to(await world.send("/news", user_id=ANNA), ANNA) == ["Актуальных объявлений для вашего объекта нет."]
    again = await world.announcements.withdraw(home.people[CHAIRMAN].id, announcement_id)
    assert not again.changed


async def test_withdrawing_after_delivery_keeps_the_counts(home: Estate) -> None:
    world = make_world()
    announcement_id = await published_by_service(world, home)
    await world.deliver()

    withdrawn = await world.announcements.withdraw(home.people[CHAIRMAN].id, announcement_id)

    assert (withdrawn.changed, withdrawn.cancelled) == (True, 0)
    # without a mailer Gleb's e-mail cannot go: it counts as failed
    assert await world.announcements.delivery_stats(announcement_id) == DeliveryStats(telegram=3, failed=1)


# --- who may do it -----------------------------------------------------------------------------------


@pytest.mark.parametrize("user_id", [STRANGER, READER, ANNA])
async def test_only_the_sites_chairman_dispatcher_or_admin_may_announce(home: Estate, user_id: int) -> None:
    world = make_world()

    for command in ("/announce", "/announcements"):
        reply = last_message(await world.send(command, user_id=user_id))
        assert (
            reply.text
            == "Извините, публиковать объявления могут только председатель, диспетчер или администратор объекта."
        )
    assert await world.dp.fsm.get_context(world.bot, chat_id=user_id, user_id=user_id).get_state() is None


async def test_a_forged_press_by_someone_without_the_role_changes_nothing(home: Estate) -> None:
    world = make_world()
    chairman = home.people[CHAIRMAN].id
    draft = await world.announcements.create_draft(chairman, Draft(site_id=home.site.id, text=TEXT))

    for data in (f"anm:p:{draft.id}", f"anm:wy:{draft.id}", f"anm:o:{draft.id}", f"anm:e:{draft.id}"):
        calls = await world.press(data, 777, user_id=STRANGER)
        answer = calls[-1]
        assert answer.method == "answerCallbackQuery"
        assert answer.params["show_alert"] == "true"
        assert "только председатель, диспетчер или администратор" in answer.params["text"]

    row = await Announcement.get(id=draft.id)
    assert row.state == AnnouncementState.DRAFT
    assert await OutboxMessage.all().count() == 0
    refused = await AuditEntry.filter(allowed=False).values_list("action", flat=True)
    assert set(refused) == {"announcement.publish", "announcement.withdraw", "announcement.view"}


async def test_a_role_at_another_site_is_not_enough(home: Estate) -> None:
    world = make_world()
    other_chairman = home.people[READER]
    await StaffRole.create(person=other_chairman, site=home.other_site, role=Role.CHAIRMAN)
    chairman = home.people[CHAIRMAN].id
    draft = await world.announcements.create_draft(chairman, Draft(site_id=home.site.id, text=TEXT))

    with pytest.raises(PermissionDenied):
        await world.announcements.publish(other_chairman.id, draft.id)
    with pytest.raises(PermissionDenied):
        await world.announcements.create_draft(other_chairman.id, Draft(site_id=home.site.id, text=TEXT))
    sites = await world.announcements.sites_for_author(other_chairman.id)
    assert [site.name for site in sites] == ["СНТ «Лесное»"]


async def test_a_superuser_and_an_author_of_two_sites_choose_the_site(home: Estate) -> None:
    world = make_world()
    dispatcher = home.people[DISPATCHER]
    await WebLogin.create(person=dispatcher, login="olga", password_hash="x", is_superuser=True)

    chooser = last_message(await world.send("/announce", user_id=DISPATCHER))
    assert chooser.text == "Для какого объекта объявление?"
    assert chooser.buttons == ["СНТ «Лесное»", "СНТ «Ромашка»"]
    prompt = last_message(await world.press(f"ans:{home.other_site.id}", chooser.message_id, user_id=DISPATCHER))
    assert "Новое объявление для СНТ «Лесное»" in prompt.text
    photo_prompt = last_message(await world.send("Собрание в воскресенье", user_id=DISPATCHER))
    date_prompt = last_message(await world.press("anx:np", photo_prompt.message_id, user_id=DISPATCHER))
    question = last_message(await world.press("anx:nd", date_prompt.message_id, user_id=DISPATCHER))
    controls = last_message(await world.press("anx:all", question.message_id, user_id=DISPATCHER))
    assert "Получателей сейчас: 1." in controls.text
    await world.press("anx:pub", controls.message_id, user_id=DISPATCHER)
    delivered = await world.deliver()
    assert len(texts_to(delivered, FAR)) == 1
    assert texts_to(delivered, ANNA) == []


async def test_cancel_leaves_nothing(home: Estate) -> None:
    world = make_world()
    question = await compose(world)
    controls = last_message(await world.press("anx:all", question.message_id, user_id=CHAIRMAN))

    done = last_message(await world.press("anx:can", controls.message_id, user_id=CHAIRMAN))

    assert done.text == "Отменено. Ничего не опубликовано."
    assert await Announcement.all().count() == 0
    assert await OutboxMessage.all().count() == 0


# --- what residents see ------------------------------------------------------------------------------


async def test_current_announcements_follow_sites_plots_dates_and_age(home: Estate) -> None:
    world = make_world()
    chairman = home.people[CHAIRMAN].id
    service = world.announcements
    site = home.site.id

    async def publish(text: str, **fields: object) -> int:
        draft = await service.create_draft(chairman, Draft(site_id=site, text=text, **fields))  # type: ignore[arg-type]
        await service.publish(chairman, draft.id)
        return draft.id

    await publish("old news")
    world.clock.set(NOW + timedelta(days=20))
    await publish("works", works_until=date(2026, 12, 20))
    await publish("plot 12 only", plot_ids=(home.plots["12"].id,))
    world.clock.set(NOW + timedelta(days=31))  # 24.12.2026: "old news" is 31 days old, the works are over

    assert [a.text for a in await service.current_for_person(home.people[BORIS].id)] == ["plot 12 only"]
    assert await service.current_for_person(home.people[ANNA].id) == []
    assert await service.current_for_person(home.people[DINA].id) == []  # pending binding only
    world.clock.set(NOW + timedelta(days=27))  # 20.12.2026: the works end today
    assert [a.text for a in await service.current_for_person(home.people[ANNA].id)] == ["works", "old news"]


async def test_drafts_are_checked(home: Estate) -> None:
    service = make_world().announcements
    chairman = home.people[CHAIRMAN].id
    site = home.site.id

    with pytest.raises(InvalidInput) as empty:
        await service.create_draft(chairman, Draft(site_id=site, text="  \n "))
    assert empty.value.reason == "empty"
    with pytest.raises(InvalidInput) as past:
        await service.create_draft(chairman, Draft(site_id=site, text="x", works_until=date(2026, 11, 22)))
    assert past.value.reason == "past"
    with pytest.raises(InvalidInput) as foreign:
        await service.create_draft(chairman, Draft(site_id=site, text="x", plot_ids=(home.plots["far"].id,)))
    assert foreign.value.reason == "unknown"
    with pytest.raises(InvalidInput) as long:
        await service.create_draft(chairman, Draft(site_id=site, text="x" * 801, photo_file_id="AgAC"))
    assert long.value.reason == "too_long"
    draft = await service.create_draft(chairman, Draft(site_id=site, text="x", works_until=date(2026, 11, 23)))
    world_later = make_world(now=NOW + timedelta(days=2))
    with pytest.raises(InvalidInput):  # the draft's end date has passed: publish refuses it
        await world_later.announcements.publish(chairman, draft.id)
    assert (await Announcement.get(id=draft.id)).state == AnnouncementState.DRAFT


def test_plot_numbers_as_people_type_them() -> None:
    assert parse_plot_numbers("1, 5, 12-15") == ("1", "5", "12", "13", "14", "15")
    assert parse_plot_numbers("12 – 14; 3 3") == ("12", "13", "14", "3")
    assert parse_plot_numbers("12А, 3/1") == ("12А", "3/1")
    for text, reason in (
        ("", "empty"),
        (" , ", "empty"),
        ("15-12", "range"),
        ("1-1000", "range_too_large"),
        ("1?", "format"),
    ):
        with pytest.raises(InvalidInput) as error:
            parse_plot_numbers(text)
        assert error.value.reason == reason, text


def test_works_until_as_people_type_it() -> None:
    assert parse_works_until(" 1.2.2027 ") == date(2027, 2, 1)
    assert parse_works_until("30/11/2026") == date(2026, 11, 30)
    for text, reason in (("2026-11-30", "format"), ("31.11.2026", "invalid_date"), ("", "format")):
        with pytest.raises(InvalidInput) as error:
            parse_works_until(text)
        assert error.value.reason == reason, text


async def test_delivery_counts_per_status(home: Estate) -> None:
    world = make_world()
    announcement_id = await published_by_service(world, home)
    rows = await OutboxMessage.filter(topic=f"ann:{announcement_id}").order_by("id")
    await OutboxMessage.filter(id=rows[0].id).update(status=OutboxStatus.SENT, sent_via=Channel.TELEGRAM)
    await OutboxMessage.filter(id=rows[1].id).update(status=OutboxStatus.SENT, sent_via=Channel.EMAIL)
    await OutboxMessage.filter(id=rows[2].id).update(status=OutboxStatus.FAILED)

    assert await world.announcements.delivery_stats(announcement_id) == DeliveryStats(1, 1, 1, 1)
