"""The buttons under a restriction card: Execute (asks once more), Postpone, Cancel, Try again.

The card is the message the operators got on the control date (or the form's last message): the
command's progress edits it (:mod:`handlers.operator.relay_progress`). Every press re-checks the role
from the database; the service's transitions are conditional, so a double press or a stale button
changes nothing and just shows the card as it is now.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.operator.notices import gettext_for
from handlers.operator.restriction_callbacks import RestrictionAct
from handlers.operator.restriction_texts import Buttons, card_buttons, card_text, confirm_buttons, title
from services.enums import RestrictionState
from services.errors import Conflict, NotFound, PermissionDenied
from services.people import PersonDTO
from services.restriction_model import RestrictionDTO
from services.restrictions import EXECUTABLE, RestrictionService

ACTIONS = {
    "x": "restriction.execute",
    "xy": "restriction.execute",
    "p": "restriction.postpone",
    "c": "restriction.cancel",
}


def refusal() -> str:
    return _("Sorry, only the chairman, a dispatcher or an admin of this site can order relay operations.")


def keyboard(buttons: Buttons) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=t, callback_data=d)] for t, d in buttons])


def markup(restriction: RestrictionDTO, i18n: I18n) -> InlineKeyboardMarkup | None:
    return keyboard(card_buttons(restriction, i18n.default_locale))


def origin(query: CallbackQuery) -> str:
    chat_id = query.message.chat.id if query.message is not None else query.from_user.id
    return f"telegram:chat:{chat_id}:user:{query.from_user.id}"


async def refresh(message: Message, restriction: RestrictionDTO, i18n: I18n) -> None:
    """Show the card as it is now (an unchanged card is fine)."""
    try:
        await message.edit_text(card_text(restriction, i18n.default_locale), reply_markup=markup(restriction, i18n))
    except TelegramBadRequest as error:
        if "not modified" not in error.message:
            raise


def unchanged(restriction: RestrictionDTO) -> str:
    """Why a press did nothing."""
    state = restriction.state
    if state is RestrictionState.EXECUTING:
        return _("The command is already on its way.")
    if state is RestrictionState.DONE:
        return _("Already done.")
    if state is RestrictionState.CANCELLED:
        return _("This restriction has been cancelled.")
    return _("Nothing to do: the restriction has moved on.")


async def act_pressed(
    query: CallbackQuery, callback_data: RestrictionAct, person: PersonDTO, restrictions: RestrictionService, i18n: I18n
) -> None:
    message = query.message
    if not isinstance(message, Message):
        await query.answer()
        return
    act, rid = callback_data.act, callback_data.rid
    try:
        if act in ("x", "b"):
            current = await restrictions.check_operator(
                rid, person.id, origin(query), ACTIONS.get(act, "restriction.view")
            )
            await _ask_or_back(query, message, current, act, i18n)
            return
        if act == "xy":
            outcome = await restrictions.execute(
                rid, person.id, origin(query), chat_id=message.chat.id, message_id=message.message_id
            )
        elif act == "p":
            outcome = await restrictions.postpone(rid, person.id, callback_data.days, origin(query))
        else:
            outcome = await restrictions.cancel(rid, person.id, origin(query))
    except PermissionDenied:
        await query.answer(refusal(), show_alert=True)
        return
    except NotFound:
        await query.answer(_("This restriction no longer exists."), show_alert=True)
        return
    except Conflict:
        await query.answer(
            _("The command has already been sent to the meter; it cannot be called back."), show_alert=True
        )
        return
    if not outcome.changed:
        await query.answer(unchanged(outcome.restriction), show_alert=True)
    elif act == "xy":
        await query.answer(_("The command is on its way to the meter."))
        return  # the progress editor shows the command on this very message
    else:
        await query.answer(_("Postponed.") if act == "p" else _("Cancelled."))
    await refresh(message, outcome.restriction, i18n)


async def _ask_or_back(query: CallbackQuery, message: Message, current: RestrictionDTO, act: str, i18n: I18n) -> None:
    if act == "b" or current.state not in EXECUTABLE:
        if act != "b":
            await query.answer(unchanged(current), show_alert=True)
        else:
            await query.answer()
        await refresh(message, current, i18n)
        return
    await query.answer()
    language = i18n.default_locale
    gettext = gettext_for(language)
    question = "⚠️ " + gettext("{title} — are you sure?").format(title=title(current, gettext))
    await message.edit_text(
        card_text(current, language) + "\n\n" + question, reply_markup=keyboard(confirm_buttons(current, language))
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(act_pressed, RestrictionAct.filter())
    return router
