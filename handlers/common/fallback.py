"""The last resort in a private chat: an unknown message gets a hint, a stale button an answer."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from handlers.filters import PRIVATE
from handlers.keyboards import main_menu


async def unknown_message(message: Message) -> None:
    await message.answer(
        _("I did not understand that. Choose a section in the menu below or send /help."),
        reply_markup=main_menu(),
    )


async def stale_button(query: CallbackQuery) -> None:
    await query.answer(_("This button is out of date. Please open the section again."))


def build_router() -> Router:
    """Include it after every other router: it takes whatever nobody else did."""
    router = Router(name=__name__)
    router.message.filter(PRIVATE)
    router.message.register(unknown_message)
    router.callback_query.register(stale_button)
    return router
