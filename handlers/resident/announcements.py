"""“Announcements” (the menu button and /news): the current announcements for the resident's sites and plots,
newest first, each as it was sent, with its publication time."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from aiogram.utils.i18n import get_i18n
from aiogram.utils.i18n import gettext as _

from handlers.filters import PRIVATE
from handlers.i18n import button
from handlers.keyboards import ANNOUNCEMENTS
from handlers.resident.announcement_texts import announcement_text, send_announcement
from services.announcements import AnnouncementService
from services.people import PersonDTO


async def show_news(message: Message, person: PersonDTO, announcements: AnnouncementService) -> None:
    current = await announcements.current_for_person(person.id)
    if not current:
        await message.answer(_("There are no current announcements for your site."))
        return
    language = get_i18n().current_locale
    for item in reversed(current):  # the newest ends up at the bottom of the chat, where the eye is
        await send_announcement(message, announcement_text(item, language, published=True), item.photo_file_id)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(PRIVATE)
    router.message.register(show_news, Command("news"))
    router.message.register(show_news, button(ANNOUNCEMENTS))
    return router
