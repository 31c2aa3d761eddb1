"""/help and the Help button: what the bot can do and its commands."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from handlers.i18n import button
from handlers.keyboards import HELP, main_menu


def help_text() -> str:
    return _(
        "<b>What I can do</b>\n"
        "• My meters: bind a meter and see its card\n"
        "• Readings: current readings and submitting readings per tariff\n"
        "• Charts: consumption by hour, day and month\n"
        "• Requests: requests and complaints to the board\n"
        "• Profile: your contacts and how to notify you\n"
        "\n"
        "<b>Commands</b>\n"
        "/start: the main menu\n"
        "/help: this help\n"
        "/language: change the language\n"
        "/cancel: cancel the current action"
    )


async def cmd_help(message: Message) -> None:
    await message.answer(help_text(), reply_markup=main_menu())


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_help, Command("help"))
    router.message.register(cmd_help, button(HELP))
    return router
