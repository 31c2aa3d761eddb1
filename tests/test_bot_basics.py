"""/start, the language, /help, /cancel, the menu and the error handler through the real Dispatcher.

Every test drives ``build_dispatcher`` with Updates as Telegram sends them and asserts the Bot API
requests aiogram makes (recorded by the fake session), on an empty database.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.dispatcher import build_dispatcher
from bot.telegram import create_bot, set_commands
from handlers.common.start import START_PAYLOAD_KEY
from services.clock import SystemClock
from services.people import PeopleService
from tests.fakes.telegram import (
    TEST_TOKEN,
    Call,
    RecordingSession,
    callback_update,
    contact_update,
    feed,
    message_update,
)

MENU_RU = ["Мои счётчики", "Показания", "Графики", "Заявки", "Объявления", "Профиль", "Язык", "Помощь"]
MENU_EN = ["My meters", "Readings", "Charts", "Requests", "Announcements", "Profile", "Language", "Help"]
USER = 1001


@dataclass
class Chat:
    """One resident talking to the bot in a private chat."""

    dp: Dispatcher
    bot: Bot
    session: RecordingSession
    people: PeopleService

    async def send(self, text: str, **kwargs: Any) -> list[Call]:
        return await self._feed(message_update(text, user_id=kwargs.pop("user_id", USER), **kwargs))

    async def press(self, data: str, message_id: int, **kwargs: Any) -> list[Call]:
        update = callback_update(data, message_id=message_id, user_id=kwargs.pop("user_id", USER), **kwargs)
        return await self._feed(update)

    async def _feed(self, update: Any) -> list[Call]:
        before = len(self.session.calls)
        await feed(self.dp, self.bot, update)
        return self.session.calls[before:]

    def state(self, user_id: int = USER) -> FSMContext:
        return self.dp.fsm.get_context(self.bot, chat_id=user_id, user_id=user_id)


def only(calls: list[Call], method: str = "sendMessage") -> Call:
    matching = [call for call in calls if call.method == method]
    assert len(matching) == 1, f"expected one {method}, got {[c.method for c in calls]}"
    return matching[0]


@pytest.fixture
async def chat(db: str) -> Chat:
    session = RecordingSession()
    bot = create_bot(TEST_TOKEN, None, session=session)
    people = PeopleService(SystemClock())
    return Chat(build_dispatcher(people=people), bot, session, people)


async def test_start_greets_a_new_russian_user_and_offers_languages(chat: Chat) -> None:
    reply = only(await chat.send("/start", language_code="ru", first_name="Иван"))

    assert reply.chat_id == USER
    assert reply.params["parse_mode"] == "HTML"
    assert "Здравствуйте, Иван!" in reply.text
    assert "Выберите язык" in reply.text
    assert reply.buttons == ["Русский", "English"]
    assert reply.callback_data == ["lng:ru", "lng:en"]
    person = await chat.people.get_by_telegram(USER)
    assert person is not None
    assert person.name == "Иван"
    assert person.locale is None


@pytest.mark.parametrize("language_code", ["en", "en-GB"])
async def test_start_greets_a_new_english_user_in_english(chat: Chat, language_code: str) -> None:
    reply = only(await chat.send("/start", language_code=language_code, first_name="John"))

    assert "Hello, John!" in reply.text
    assert "Please choose a language" in reply.text
    assert "Здравствуйте" not in reply.text
    assert reply.buttons == ["Русский", "English"]


async def test_unsupported_telegram_language_falls_back_to_russian(chat: Chat) -> None:
    reply = only(await chat.send("/start", language_code="de", first_name="Hans"))

    assert "Здравствуйте, Hans!" in reply.text


async def test_a_name_with_markup_is_escaped(chat: Chat) -> None:
    reply = only(await chat.send("/start", first_name="<b>Eve</b> & Co"))

    assert "&lt;b&gt;Eve&lt;/b&gt; &amp; Co" in reply.text


async def test_choosing_a_language_is_remembered_and_the_menu_comes_in_it(chat: Chat) -> None:
    greeting = only(await chat.send("/start", language_code="ru"))

    calls = await chat.press("lng:en", message_id=greeting.message_id, language_code="ru")

    assert only(calls, "answerCallbackQuery")
    edited = only(calls, "editMessageText")
    assert int(edited.params["message_id"]) == greeting.message_id
    assert edited.text == "Language: English."
    menu = only(calls, "sendMessage")
    assert menu.chat_id == USER
    assert "Main menu" in menu.text
    assert menu.buttons == MENU_EN
    person = await chat.people.get_by_telegram(USER)
    assert person is not None
    assert person.locale == "en"

    # The stored choice beats the Telegram app's language from now on.
    again = only(await chat.send("/start", language_code="ru"))
    assert "Hello, Иван!" in again.text
    assert again.buttons == MENU_EN
    assert again.callback_data == []


async def test_the_language_command_switches_and_replies_in_the_new_language(chat: Chat) -> None:
    await chat.send("/start", language_code="en")
    first = await chat.press("lng:en", message_id=1)
    assert only(first, "sendMessage").buttons == MENU_EN

    prompt = only(await chat.send("Language", language_code="en"))
    assert prompt.text == "Please choose a language:"
    assert prompt.buttons == ["Русский", "✓ English"]

    switched = await chat.press("lng:ru", message_id=prompt.message_id, language_code="en")
    assert only(switched, "editMessageText").text == "Язык: русский."
    assert only(switched, "sendMessage").buttons == MENU_RU
    person = await chat.people.get_by_telegram(USER)
    assert person is not None
    assert person.locale == "ru"


async def test_a_forged_language_button_changes_nothing(chat: Chat) -> None:
    await chat.send("/start")

    calls = await chat.press("lng:de", message_id=1)

    answer = only(calls, "answerCallbackQuery")
    assert "устарела" in answer.params["text"]
    assert not [c for c in calls if c.method in {"editMessageText", "sendMessage"}]
    person = await chat.people.get_by_telegram(USER)
    assert person is not None
    assert person.locale is None


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [("ru", ["Что я умею", "Мои счётчики", "/cancel", "отменить"]), ("en", ["What I can do", "/cancel"])],
)
async def test_help_in_both_languages(chat: Chat, language_code: str, expected: list[str]) -> None:
    reply = only(await chat.send("/help", language_code=language_code))

    for words in expected:
        assert words in reply.text
    assert reply.buttons == (MENU_RU if language_code == "ru" else MENU_EN)


async def test_help_button(chat: Chat) -> None:
    reply = only(await chat.send("Помощь"))

    assert "<b>Что я умею</b>" in reply.text


async def test_cancel_outside_a_dialog_says_there_is_nothing_to_cancel(chat: Chat) -> None:
    reply = only(await chat.send("/cancel"))

    assert "Отменять нечего" in reply.text
    assert reply.buttons == MENU_RU


@pytest.mark.parametrize(
    ("text", "language_code", "expected"),
    [
        ("/cancel", "ru", "Действие отменено"),
        ("Отмена", "ru", "Действие отменено"),
        ("Cancel", "en", "Cancelled"),
    ],
)
async def test_cancel_leaves_any_dialog(chat: Chat, text: str, language_code: str, expected: str) -> None:
    await chat.send("/start", language_code=language_code)
    await chat.state().set_state("Binding:serial")
    await chat.state().update_data(serial="0123")

    reply = only(await chat.send(text, language_code=language_code))

    assert expected in reply.text
    assert reply.buttons == (MENU_RU if language_code == "ru" else MENU_EN)
    assert await chat.state().get_state() is None
    assert await chat.state().get_data() == {}


def _coming_soon_cases() -> list[tuple[str, str, str]]:
    """Every menu item whose feature is not built yet, pressed in both languages."""
    from handlers.keyboards import COMING_SOON
    from locales import translations

    cases = []
    for item in COMING_SOON:
        ru, en = translations("ru", "bot").gettext(item), translations("en", "bot").gettext(item)
        cases.append((ru, "ru", f"Раздел «{ru}» скоро появится"))
        cases.append((en, "en", f"The section “{en}” is coming soon"))
    return cases


@pytest.mark.parametrize(("text", "language_code", "expected"), _coming_soon_cases())
async def test_unbuilt_sections_say_so(chat: Chat, text: str, language_code: str, expected: str) -> None:
    reply = only(await chat.send(text, language_code=language_code))

    assert expected in reply.text
    assert reply.buttons == (MENU_RU if language_code == "ru" else MENU_EN)


async def test_a_deep_link_payload_is_kept_for_later(chat: Chat) -> None:
    reply = only(await chat.send("/start bind_AbC-123"))

    assert "Здравствуйте" in reply.text
    assert (await chat.state().get_data())[START_PAYLOAD_KEY] == "bind_AbC-123"


GARBAGE_PAYLOADS = ["../../etc/passwd", "<script>alert(1)</script>", "x" * 65, "a b c", "💡"]


@pytest.mark.parametrize("payload", GARBAGE_PAYLOADS)
async def test_a_garbage_start_payload_is_ignored(chat: Chat, payload: str) -> None:
    reply = only(await chat.send(f"/start {payload}"))

    assert "Здравствуйте" in reply.text
    assert reply.buttons == ["Русский", "English"]
    assert START_PAYLOAD_KEY not in await chat.state().get_data()


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [("ru", "Не удалось понять сообщение"), ("en", "I did not understand that")],
)
async def test_unknown_text_gets_a_hint(chat: Chat, language_code: str, expected: str) -> None:
    reply = only(await chat.send("сколько я должен?", language_code=language_code))

    assert expected in reply.text
    assert "/help" in reply.text
    assert reply.buttons == (MENU_RU if language_code == "ru" else MENU_EN)


async def test_an_unexpected_contact_gets_a_hint_too(chat: Chat) -> None:
    before = len(chat.session.calls)
    await feed(chat.dp, chat.bot, contact_update("+79991234567", user_id=USER))

    reply = only(chat.session.calls[before:])
    assert "Не удалось понять" in reply.text


async def test_commands_are_for_private_chats_only(chat: Chat) -> None:
    calls = await chat.send("/start", chat_id=-100123)

    assert calls == []


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [("ru", "Что-то пошло не так. Попробуйте ещё раз"), ("en", "Something went wrong. Please try again")],
)
async def test_a_failing_handler_gets_a_localized_apology_without_a_traceback(
    chat: Chat, caplog: pytest.LogCaptureFixture, language_code: str, expected: str
) -> None:
    async def boom(message: Message) -> None:
        raise RuntimeError("secret internals: connection to 10.0.0.5 refused")

    # Handlers on the Dispatcher itself are tried before its routers: a test-only route.
    chat.dp.message.register(boom, Command("boom"))

    with caplog.at_level(logging.ERROR, logger="bot.dispatcher"):
        reply = only(await chat.send("/boom", language_code=language_code))

    assert reply.chat_id == USER
    assert expected in reply.text
    for leak in ("Traceback", "RuntimeError", "secret internals", "10.0.0.5"):
        assert leak not in reply.text
    assert any(record.exc_info and "secret internals" in str(record.exc_info[1]) for record in caplog.records)


async def test_a_failing_button_gets_the_apology_as_an_alert(chat: Chat) -> None:
    class BrokenPeople(PeopleService):
        async def set_locale(self, person_id: int, locale: str) -> Any:
            raise ConnectionError("database went away")

    people = BrokenPeople(SystemClock())
    broken = Chat(build_dispatcher(people=people), chat.bot, chat.session, people)
    await broken.send("/start")

    calls = await broken.press("lng:en", message_id=1)

    answer = only(calls, "answerCallbackQuery")
    assert answer.params["show_alert"] == "true"
    assert "Что-то пошло не так" in answer.params["text"]
    assert "database" not in answer.params["text"]


async def test_the_command_menu_is_set_in_both_languages(chat: Chat) -> None:
    await set_commands(chat.bot)

    calls = chat.session.of("setMyCommands")
    by_language = {call.params.get("language_code"): call for call in calls}
    assert set(by_language) == {"ru", "en", None}
    for call in calls:
        assert call.json("scope") == {"type": "default"}
        assert [c["command"] for c in call.json("commands")] == [
            "start",
            "help",
            "bind",
            "profile",
            "news",
            "language",
            "cancel",
        ]
    assert by_language["ru"].json("commands")[0]["description"] == "Главное меню"
    assert by_language["en"].json("commands")[0]["description"] == "Main menu"
    assert by_language[None].json("commands") == by_language["ru"].json("commands")
