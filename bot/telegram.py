"""The Telegram Bot object and the command menu.

Residents get their menu everywhere (the default scope). The operators' group chats (every site's
``operators_chat_id`` and ``MB_OPERATORS_CHAT_ID``) get the operators' commands instead, through a chat
scope: the commands that answer in a group. Each list is set in every supported language and, without a
language, in the default one. Staff in private chats keep the residents' menu and type the operators'
commands (docs/bot_commands.md says why).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault

import locales
from bot.bot_context import flatten_bot_context
from bot.response_models import pin_response_models
from handlers.i18n import DOMAIN, N_
from services.operator_chats import operators_chat_ids

log = logging.getLogger(__name__)

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", N_("Main menu")),
    ("help", N_("What the bot can do")),
    ("bind", N_("Bind a meter")),
    ("profile", N_("My profile")),
    ("news", N_("Announcements")),
    ("language", N_("Change the language")),
    ("cancel", N_("Cancel the current action")),
)
OPERATOR_COMMANDS: tuple[tuple[str, str], ...] = (
    ("relay", N_("Relay off or on: /relay <serial or plot>")),
    ("journal", N_("Journal of restrictions: /journal [plot]")),
    ("tickets", N_("Residents' requests: /tickets [number, plot, name]")),
    ("cancel", N_("Cancel the answer being typed")),
)
"""What answers in the operators' group (/subscriptions, /announce and /announcements are for private chats)."""


def create_bot(token: str, api_url: str | None, *, session: BaseSession | None = None) -> Bot:
    """A Bot with HTML parse mode; ``api_url`` points it at a local Bot API server instead of Telegram's.

    ``session`` replaces the HTTP session (tests pass a recording one).
    """
    pin_response_models()
    flatten_bot_context()
    if session is None:
        session = AiohttpSession(api=TelegramAPIServer.from_base(api_url)) if api_url else AiohttpSession()
    elif api_url:
        session.api = TelegramAPIServer.from_base(api_url)
    return Bot(token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))


def bot_commands(language: str, commands: tuple[tuple[str, str], ...] = COMMANDS) -> list[BotCommand]:
    translation = locales.translations(language, DOMAIN)
    return [BotCommand(command=name, description=translation.gettext(text)) for name, text in commands]


async def set_commands(
    bot: Bot, default_locale: str = locales.DEFAULT_LANGUAGE, operators_chats: Iterable[int] = ()
) -> None:
    """The residents' menu in every supported language, and ``default_locale`` for everyone else; the
    operators' menu likewise in each of ``operators_chats``. A chat the bot is not in is logged and skipped."""
    await _set(bot, COMMANDS, BotCommandScopeDefault(), default_locale)
    for chat_id in operators_chats:
        try:
            await _set(bot, OPERATOR_COMMANDS, BotCommandScopeChat(chat_id=chat_id), default_locale)
        except (TelegramBadRequest, TelegramForbiddenError) as error:
            log.warning("no operators' command menu in chat %s: %s", chat_id, error.message)


async def set_all_commands(bot: Bot, default_locale: str, default_operators_chat_id: int | None) -> None:
    """:func:`set_commands` for the operators' chats known now (each site's and the default one)."""
    await set_commands(bot, default_locale, await operators_chat_ids(default_operators_chat_id))


async def _set(
    bot: Bot,
    commands: tuple[tuple[str, str], ...],
    scope: BotCommandScopeDefault | BotCommandScopeChat,
    default_locale: str,
) -> None:
    for language in locales.LANGUAGES:
        await bot.set_my_commands(bot_commands(language, commands), scope=scope, language_code=language)
    await bot.set_my_commands(bot_commands(default_locale, commands), scope=scope)
