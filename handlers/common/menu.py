"""Main-menu buttons whose sections are not built yet: say so instead of staying silent."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from handlers.i18n import button
from handlers.keyboards import COMING_SOON, main_menu


async def coming_soon(message: Message) -> None:
    section = message.text or ""
    await message.answer(
        _("The section “{section}” is coming soon. Meanwhile, /help tells what I can do.").format(section=section),
        reply_markup=main_menu(),
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(coming_soon, button(*COMING_SOON))
    return router
