"""Registration on first contact and the profile, through the real Dispatcher, in ru and en."""

from __future__ import annotations

import pytest

from services.db.models import AuditEntry, Person
from services.enums import Channel
from services.errors import InvalidInput
from services.profile import normalize_email, normalize_phone, validate_name
from tests.residents_harness import NOW, USER, World, make_world, only, reply_keyboard, resident, seed

MENU_RU = ["Мои счётчики", "Показания", "Графики", "Заявки", "Объявления", "Профиль", "Язык", "Помощь"]
MENU_EN = ["My meters", "Readings", "Charts", "Requests", "Announcements", "Profile", "Language", "Help"]


@pytest.fixture
async def world(db: str) -> World:
    return make_world()


async def person_row() -> Person:
    return await Person.get(telegram_id=USER)


# --- the rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("+7 912 345-67-89", "+79123456789"),
        ("8 (912) 345-67-89", "+79123456789"),
        ("89123456789", "+79123456789"),
        ("79123456789", "+79123456789"),
        ("9123456789", "+79123456789"),
        ("+7-912-345-67-89", "+79123456789"),
        ("+380 50 123 4567", "+380501234567"),
        ("00 49 30 1234567", "+49301234567"),
    ],
)
def test_phones_are_normalized(typed: str, expected: str) -> None:
    assert normalize_phone(typed) == expected


@pytest.mark.parametrize("typed", ["12345", "+7 912 345", "8 912 ABC-67-89", "+0123456789", "", "+7912345678901"])
def test_bad_phones_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        normalize_phone(typed)
    assert (caught.value.field, caught.value.reason) == ("phone", "format")


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("И", "too_short"),
        ("R2D2", "characters"),
        ("Иван_Петров", "characters"),
        ("-Иван", "characters"),
        ("И" * 101, "too_long"),
    ],
)
def test_bad_names_are_refused(typed: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_name(typed)
    assert caught.value.reason == reason


def test_names_keep_letters_of_any_alphabet() -> None:
    assert validate_name("  Анна   Петрова-Сидорова ") == "Анна Петрова-Сидорова"
    assert validate_name("Jean Lefèvre") == "Jean Lefèvre"


@pytest.mark.parametrize("typed", ["ivan@", "ivan@mail", "ivan mail.ru", "ivan@@mail.ru", "ivan@mail..ru"])
def test_bad_emails_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput):
        normalize_email(typed)


def test_emails_keep_the_local_part_and_lower_the_domain() -> None:
    assert normalize_email(" Ivan.Petrov@Mail.RU ") == "Ivan.Petrov@mail.ru"


# --- registration ---------------------------------------------------------------------------------


async def test_a_new_resident_registers_after_choosing_the_language(world: World) -> None:
    greeting = only(await world.send("/start", first_name="Иван"))
    calls = await world.press("lng:ru", message_id=greeting.message_id)

    assert only(calls, "editMessageText").text == "Язык: русский."
    ask_name = only(calls)
    assert "Как вас зовут?" in ask_name.text
    assert ask_name.buttons == ["Иван", "Отмена"]
    assert "Мои счётчики" not in ask_name.buttons

    bad = only(await world.send("R2D2"))
    assert "только буквы, пробелы и дефисы" in bad.text
    short = only(await world.send("И"))
    assert "слишком короткое" in short.text

    ask_phone = only(await world.send("Иван  Петров"))
    assert "номер телефона" in ask_phone.text
    share = reply_keyboard(ask_phone)[0][0]
    assert share == {"text": "📱 Отправить мой номер", "request_contact": True}

    assert "не похоже на номер телефона" in only(await world.send("12345")).text
    assert "свой номер" in only(await world.share_contact("+79990000000", own=False)).text

    ask_email = only(await world.share_contact("79991234567"))
    assert "электронной почты" in ask_email.text
    assert ask_email.buttons == ["Пропустить", "Отмена"]

    assert "не похоже на адрес электронной почты" in only(await world.send("ivan@mail")).text

    calls = await world.send("Ivan@Mail.ru")
    consent = calls[-1]
    assert "Обработка персональных данных" in consent.text
    assert "152-ФЗ" in consent.text
    assert consent.buttons == ["Согласен", "Не согласен"]
    assert (await person_row()).consent_at is None  # nothing stored before the consent

    assert "Согласен" in only(await world.send("да")).text  # text is not an answer here

    calls = await world.press("reg:yes", message_id=consent.message_id)
    assert only(calls, "editMessageReplyMarkup")
    done = only(calls)
    assert "Спасибо, Иван Петров! Регистрация завершена." in done.text
    assert "/bind" in done.text
    assert done.buttons == MENU_RU
    row = await person_row()
    assert (row.name, row.phone, row.email, row.locale) == ("Иван Петров", "+79991234567", "Ivan@mail.ru", "ru")
    assert row.consent_at == NOW
    assert await AuditEntry.exists(action="profile.consent", actor_id=row.id)
    assert await world.state().get_state() is None


async def test_registration_in_english_with_a_typed_phone_and_no_email(world: World) -> None:
    greeting = only(await world.send("/start", language_code="en", first_name="John"))
    ask_name = only(await world.press("lng:en", message_id=greeting.message_id, language_code="en"))
    assert "What is your name?" in ask_name.text
    assert ask_name.buttons == ["John", "Cancel"]

    assert "only letters, spaces and hyphens" in only(await world.send("J0hn", language_code="en")).text
    ask_phone = only(await world.send("John Smith", language_code="en"))
    assert "Share my phone number" in ask_phone.buttons[0]
    assert "does not look like a phone number" in only(await world.send("call me", language_code="en")).text
    ask_email = only(await world.send("8 (912) 345-67-89", language_code="en"))
    assert ask_email.buttons == ["Skip", "Cancel"]

    consent = (await world.send("Skip", language_code="en"))[-1]
    assert "Processing of personal data" in consent.text
    assert consent.buttons == ["I agree", "I do not agree"]
    done = only(await world.press("reg:yes", message_id=consent.message_id, language_code="en"))
    assert "Thank you, John Smith! Registration is complete." in done.text
    assert done.buttons == MENU_EN
    row = await person_row()
    assert (row.phone, row.email, row.channel) == ("+79123456789", "", Channel.TELEGRAM)


async def test_declining_the_consent_stores_nothing(world: World) -> None:
    await world.send("/start")
    await world.press("lng:ru", message_id=1)
    await world.send("Иван Петров")
    await world.send("+7 912 345-67-89")
    consent = (await world.send("ivan@mail.ru"))[-1]

    calls = await world.press("reg:no", message_id=consent.message_id)

    reply = only(calls)
    assert "регистрация отменена и ничего не сохранено" in reply.text
    assert reply.buttons == MENU_RU
    row = await person_row()
    assert (row.phone, row.email, row.consent_at) == ("", "", None)
    assert await world.state().get_data() == {}


async def test_the_site_consent_text_is_shown_escaped(world: World) -> None:
    await seed(consent_text="Согласие СНТ <Ромашка> на обработку данных")
    await world.send("/start")
    await world.press("lng:ru", message_id=1)
    await world.send("Иван Петров")
    await world.send("+7 912 345-67-89")

    consent = (await world.send("Пропустить"))[-1]

    assert "Согласие СНТ &lt;Ромашка&gt; на обработку данных" in consent.text
    assert "152-ФЗ" not in consent.text


async def test_cancel_leaves_registration_and_it_starts_again_when_needed(world: World) -> None:
    await world.send("/start")
    await world.press("lng:ru", message_id=1)
    await world.send("Иван Петров")

    cancelled = only(await world.send("/cancel"))
    assert "Действие отменено" in cancelled.text
    assert await world.state().get_state() is None
    assert (await person_row()).phone == ""

    again = only(await world.send("Профиль"))
    assert "Сначала короткая регистрация" in again.text
    assert "Как вас зовут?" in again.text

    restarted = only(await world.send("/start"))
    assert "Здравствуйте, Иван!" in restarted.text
    assert "Как вас зовут?" in restarted.text


async def test_a_registered_resident_gets_the_menu_on_start(world: World) -> None:
    await resident(world)

    reply = only(await world.send("/start"))

    assert "Выберите раздел" in reply.text
    assert reply.buttons == MENU_RU


async def test_non_text_answers_are_asked_again(world: World) -> None:
    await world.send("/start")
    await world.press("lng:ru", message_id=1)
    await world.send("Иван Петров")
    await world.send("+79991234567")

    reply = only(await world.share_contact("+79991234567"))  # a contact where the e-mail is expected

    assert "Ответьте, пожалуйста, текстом" in reply.text


# --- profile --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "button", "expected"),
    [
        (
            "ru",
            "Профиль",
            [
                "<b>Профиль</b>",
                "Имя: Иван Петров",
                "Телефон: +79991234567",
                "Эл. почта: не указана",
                "Язык: Русский",
                "Уведомления: в Telegram",
            ],
        ),
        (
            "en",
            "Profile",
            [
                "<b>Profile</b>",
                "Name: Иван Петров",
                "E-mail: not set",
                "Language: English",
                "Notifications: in Telegram",
            ],
        ),
    ],
)
async def test_the_profile_card(world: World, language: str, button: str, expected: list[str]) -> None:
    await resident(world, locale=language)

    card = only(await world.send(button, language_code=language))

    for text in expected:
        assert text in card.text
    assert len(card.callback_data) == 5


async def test_editing_the_name_phone_and_email(world: World) -> None:
    await resident(world)
    card = only(await world.send("/profile"))

    prompt = only(await world.press("pf:name", message_id=card.message_id))
    assert "Введите имя и фамилию" in prompt.text
    assert "только буквы" in only(await world.send("Иван 3")).text
    calls = await world.send("Иван Сидоров")
    assert calls[0].text == "Сохранено."
    assert "Имя: Иван Сидоров" in calls[1].text

    await world.press("pf:phone", message_id=card.message_id)
    assert "не похоже на номер телефона" in only(await world.send("123")).text
    calls = await world.share_contact("+79990001122")
    assert "Телефон: +79990001122" in calls[1].text

    await world.press("pf:email", message_id=card.message_id)
    assert "не похоже на адрес" in only(await world.send("petrov@")).text
    calls = await world.send("petrov@mail.ru")
    assert "Эл. почта: petrov@mail.ru" in calls[1].text

    prompt = only(await world.press("pf:email", message_id=card.message_id))
    assert "Удалить адрес эл. почты" in prompt.buttons
    calls = await world.send("Удалить адрес эл. почты")
    assert "Эл. почта: не указана" in calls[1].text
    row = await person_row()
    assert (row.name, row.phone, row.email) == ("Иван Сидоров", "+79990001122", "")


async def test_email_notifications_need_an_address(world: World) -> None:
    await resident(world)
    card = only(await world.send("/profile"))

    choice = only(await world.press("pf:channel", message_id=card.message_id), "editMessageReplyMarkup")
    assert choice.buttons == ["✓ В Telegram", "По эл. почте"]
    refused = only(await world.press("pfc:email", message_id=card.message_id), "answerCallbackQuery")
    assert refused.params["show_alert"] == "true"
    assert "Сначала укажите адрес электронной почты" in refused.params["text"]
    assert (await person_row()).channel == Channel.TELEGRAM

    await world.profiles.set_email((await person_row()).id, "ivan@mail.ru")
    calls = await world.press("pfc:email", message_id=card.message_id)
    assert "Уведомления: по эл. почте" in only(calls, "editMessageText").text
    assert (await person_row()).channel == Channel.EMAIL

    # Removing the address takes e-mail notifications with it.
    await world.profiles.set_email((await person_row()).id, "")
    assert (await person_row()).channel == Channel.TELEGRAM


async def test_the_language_from_the_profile(world: World) -> None:
    await resident(world)
    card = only(await world.send("/profile"))

    offer = only(await world.press("pf:lang", message_id=card.message_id))
    assert offer.buttons == ["✓ Русский", "English"]
    calls = await world.press("lng:en", message_id=offer.message_id)
    assert only(calls).buttons == MENU_EN
    assert (await person_row()).locale == "en"
