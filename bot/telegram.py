"""The Telegram Bot object and the command menu."""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import BotCommand, BotCommandScopeDefault

import locales
from handlers.i18n import DOMAIN, N_

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", N_("Main menu")),
    ("help", N_("What the bot can do")),
    ("bind", N_("Bind a meter")),
    ("profile", N_("My profile")),
    ("news", N_("Announcements")),
    ("language", N_("Change the language")),
    ("cancel", N_("Cancel the current action")),
)


def create_bot(token: str, api_url: str | None, *, session: BaseSession | None = None) -> Bot:
    """A Bot with HTML parse mode; ``api_url`` points it at a local Bot API server instead of Telegram's.

    ``session`` replaces the HTTP session (tests pass a recording one).
    """
    if session is None:
        session = AiohttpSession(api=TelegramAPIServer.from_base(api_url)) if api_url else AiohttpSession()
    elif api_url:
        session.api = TelegramAPIServer.from_base(api_url)
    return Bot(token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))


def bot_commands(language: str) -> list[BotCommand]:
    translation = locales.translations(language, DOMAIN)
    return [BotCommand(command=name, description=translation.gettext(text)) for name, text in COMMANDS]


async def set_commands(bot: Bot, default_locale: str = locales.DEFAULT_LANGUAGE) -> None:
    """The command menu in every supported language, and ``default_locale`` for everyone else."""
    scope = BotCommandScopeDefault()
    for language in locales.LANGUAGES:
        await bot.set_my_commands(bot_commands(language), scope=scope, language_code=language)
    await bot.set_my_commands(bot_commands(default_locale), scope=scope)
