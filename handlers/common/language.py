"""/language and the Language button: choose ru or en; remembered, and used from the very reply."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.callbacks import LanguageCallback
from handlers.i18n import button
from handlers.keyboards import LANGUAGE, language_keyboard, language_name, main_menu
from handlers.resident.registration import continue_onboarding
from services.bindings import BindingService
from services.people import PeopleService, PersonDTO
from services.profile import ProfileService


async def cmd_language(message: Message, person: PersonDTO, i18n: I18n) -> None:
    current = person.locale or i18n.current_locale
    await message.answer(_("Please choose a language:"), reply_markup=language_keyboard(current))


async def choose_language(
    query: CallbackQuery,
    callback_data: LanguageCallback,
    person: PersonDTO,
    people: PeopleService,
    i18n: I18n,
    bot: Bot,
    state: FSMContext,
    profiles: ProfileService | None = None,
    bindings: BindingService | None = None,
) -> None:
    updated = await people.set_locale(person.id, callback_data.code)
    locale = updated.locale or callback_data.code
    with i18n.use_locale(locale):
        await query.answer()
        chosen = _("Language: {language}.").format(language=language_name(locale, capitalize=False))
        if isinstance(query.message, Message):
            await query.message.edit_text(chosen)
            if await continue_onboarding(query.message, state, person, profiles, bindings):
                return  # a new resident registers next
        chat_id = query.message.chat.id if query.message is not None else query.from_user.id
        await bot.send_message(
            chat_id,
            _("Main menu. Choose a section below; /help tells what I can do."),
            reply_markup=main_menu(),
        )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_language, Command("language"))
    router.message.register(cmd_language, button(LANGUAGE))
    router.callback_query.register(choose_language, LanguageCallback.filter())
    return router
