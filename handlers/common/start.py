"""/start: a greeting, the language choice the first time, then the main menu.

A deep link (``/start <payload>``) is kept in the FSM data under ``start_payload`` for the features
that bind meters by QR code; a payload that Telegram could not have produced is ignored.
"""

from __future__ import annotations

import logging
import re

from aiogram import Router, html
from aiogram.filters import CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from handlers.keyboards import language_keyboard, main_menu
from handlers.resident.registration import continue_onboarding
from services.bindings import BindingService
from services.people import PersonDTO
from services.profile import ProfileService

log = logging.getLogger(__name__)

START_PAYLOAD_KEY = "start_payload"
_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")


def valid_payload(args: str | None) -> str | None:
    """The deep-link payload when it has the shape Telegram allows (1-64 of A-Z a-z 0-9 _ -)."""
    if args is None:
        return None
    payload = args.strip()
    return payload if _PAYLOAD.fullmatch(payload) else None


def greeting(person: PersonDTO) -> str:
    if person.name:
        return _("Hello, {name}!").format(name=html.quote(person.name))
    return _("Hello!")


async def cmd_start(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    person: PersonDTO,
    profiles: ProfileService | None = None,
    bindings: BindingService | None = None,
) -> None:
    await state.clear()
    payload = valid_payload(command.args)
    if payload is not None:
        await state.update_data({START_PAYLOAD_KEY: payload})
    elif command.args:
        log.info("ignored a malformed /start payload from person %s", person.id)

    if person.locale is None:
        text = "\n\n".join(
            (
                greeting(person),
                _(
                    "I help you keep track of your electricity meters: readings, consumption charts, "
                    "requests to the board and announcements, all in this chat."
                ),
                _("Please choose a language:"),
            )
        )
        await message.answer(text, reply_markup=language_keyboard())
        return
    if await continue_onboarding(message, state, person, profiles, bindings, intro=greeting(person)):
        return  # registration first, or the meter of a QR deep link
    await message.answer(
        "\n\n".join((greeting(person), _("Choose a section in the menu below."))),
        reply_markup=main_menu(),
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_start, CommandStart())
    return router
