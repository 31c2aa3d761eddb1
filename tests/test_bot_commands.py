"""The command menu: the residents' one by default, the operators' one in each operators' group chat, in
Russian, English and the default language; the Bot API requests aiogram really makes (recording session)."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.methods import SetMyCommands, TelegramMethod

from bot.telegram import create_bot, set_all_commands, set_commands
from services.db.models import Site
from services.operator_chats import operators_chat_ids
from tests.fakes.telegram import TEST_TOKEN, Call, RecordingSession, ScriptedError

GROUP = -100500
LOST = -100404
OPERATOR_COMMANDS = ["relay", "journal", "tickets", "cancel"]


class LostChatSession(RecordingSession):
    """Telegram's answer for a chat the bot is not a member of."""

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        scope = getattr(method, "scope", None) if isinstance(method, SetMyCommands) else None
        if getattr(scope, "chat_id", None) == LOST:
            self.fail_next("setMyCommands", ScriptedError(400, "Bad Request: chat not found"))
        return await super().make_request(bot, method, timeout)


def by_scope(calls: list[Call]) -> dict[str, dict[str | None, list[tuple[str, str]]]]:
    """{scope: {language or None: [(command, description)]}}"""
    found: dict[str, dict[str | None, list[tuple[str, str]]]] = {}
    for call in calls:
        scope = call.json("scope")
        key = "default" if scope == {"type": "default"} else f"{scope['type']}:{scope['chat_id']}"
        commands = [(c["command"], c["description"]) for c in call.json("commands")]
        found.setdefault(key, {})[call.params.get("language_code")] = commands
    return found


async def test_the_operators_chats_get_the_operators_commands_in_both_languages() -> None:
    session = RecordingSession()
    bot = create_bot(TEST_TOKEN, None, session=session)

    await set_commands(bot, "ru", [GROUP, -100600])

    menus = by_scope(session.of("setMyCommands"))
    assert set(menus) == {"default", f"chat:{GROUP}", "chat:-100600"}
    for scope, menu in menus.items():
        assert set(menu) == {"ru", "en", None}, scope
        assert menu[None] == menu["ru"]
    assert [name for name, _ in menus["default"]["ru"]][:2] == ["start", "help"]
    group = menus[f"chat:{GROUP}"]
    assert [name for name, _ in group["ru"]] == OPERATOR_COMMANDS
    assert group["ru"][0] == ("relay", "Отключить или включить нагрузку: /relay <номер счётчика или участка>")
    assert dict(group["ru"])["journal"] == "Журнал ограничений: /journal [участок]"
    assert dict(group["en"])["tickets"] == "Residents' requests: /tickets [number, plot, name]"
    assert dict(group["en"])["cancel"] == "Cancel the answer being typed"


async def test_the_default_language_may_be_english() -> None:
    session = RecordingSession()
    bot = create_bot(TEST_TOKEN, None, session=session)

    await set_commands(bot, "en", [GROUP])

    menus = by_scope(session.of("setMyCommands"))
    assert menus[f"chat:{GROUP}"][None] == menus[f"chat:{GROUP}"]["en"]
    assert menus["default"][None] == menus["default"]["en"]


async def test_a_chat_the_bot_is_not_in_is_skipped() -> None:
    session = LostChatSession()
    bot = create_bot(TEST_TOKEN, None, session=session)

    await set_commands(bot, "ru", [LOST, GROUP])

    menus = by_scope([c for c in session.of("setMyCommands") if c.result is True])
    assert set(menus) == {"default", f"chat:{GROUP}"}
    assert set(menus[f"chat:{GROUP}"]) == {"ru", "en", None}


async def test_every_sites_chat_and_the_default_one_each_once(db: str) -> None:
    await Site.create(slug="romashka", name="СНТ «Ромашка»", operators_chat_id=GROUP)
    await Site.create(slug="lesnoe", name="СНТ «Лесное»", operators_chat_id=-100700)
    await Site.create(slug="vishnya", name="СНТ «Вишня»")
    session = RecordingSession()
    bot = create_bot(TEST_TOKEN, None, session=session)

    assert await operators_chat_ids(None) == [-100700, GROUP]
    assert await operators_chat_ids(GROUP) == [-100700, GROUP]
    assert await operators_chat_ids(-100800) == [-100800, -100700, GROUP]

    await set_all_commands(bot, "ru", -100800)

    assert set(by_scope(session.of("setMyCommands"))) == {"default", "chat:-100800", "chat:-100700", f"chat:{GROUP}"}
