"""/cancel and the Cancel button: leave whatever dialog is open and return to the main menu."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from handlers.i18n import button
from handlers.keyboards import CANCEL, main_menu


async def cmd_cancel(message: Message, state: FSMContext) -> None:
    if await state.get_state() is None:
        text = _("There is nothing to cancel: no action is in progress.")
        await message.answer(text, reply_markup=main_menu())
        return
    await state.clear()
    await message.answer(_("Cancelled. You are back in the main menu."), reply_markup=main_menu())


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_cancel, Command("cancel"))
    router.message.register(cmd_cancel, button(CANCEL))
    return router
