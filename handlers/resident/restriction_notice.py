"""The resident's answers under a restriction notice: "Paid" (passed to the operators once) and "Question"
(asks for the text, then passes it on). Only a resident bound to the meter can answer; anyone else's
press finds nothing.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from handlers.filters import PRIVATE
from handlers.keyboards import cancel_keyboard, main_menu
from handlers.operator.restriction_callbacks import ResidentReply
from handlers.operator.restriction_texts import form_error
from services.errors import Conflict, InvalidInput, NotFound
from services.people import PersonDTO
from services.restriction_model import OperatorNotice
from services.restrictions import RestrictionService

RESTRICTION_KEY = "question_restriction"


class RestrictionQuestion(StatesGroup):
    text = State()


def unreachable(contact: str = "") -> str:
    text = _("Sorry, your answer could not be passed to the board.")
    return text + ("\n" + _("Contact: {contact}").format(contact=contact) if contact else "")


async def reply_pressed(
    query: CallbackQuery,
    callback_data: ResidentReply,
    person: PersonDTO,
    restrictions: RestrictionService,
    state: FSMContext,
) -> None:
    try:
        restriction = await restrictions.resident_view(callback_data.rid, person.id)
        if callback_data.act == "paid":
            passed = await restrictions.resident_answer(callback_data.rid, person.id, OperatorNotice.PAID)
            await query.answer(
                _("Thank you! The board has been told that you paid.")
                if passed
                else _("You have already told the board that you paid."),
                show_alert=True,
            )
            return
    except NotFound:
        await query.answer(_("This notice is no longer valid."), show_alert=True)
        return
    except Conflict:
        await query.answer(unreachable(), show_alert=True)
        return
    await query.answer()
    await state.set_state(RestrictionQuestion.text)
    await state.update_data({RESTRICTION_KEY: restriction.id})
    if isinstance(query.message, Message):
        await query.message.answer(_("Write your question for the board:"), reply_markup=cancel_keyboard())


async def question_written(
    message: Message, person: PersonDTO, restrictions: RestrictionService, state: FSMContext
) -> None:
    restriction_id = int((await state.get_data())[RESTRICTION_KEY])
    try:
        await restrictions.resident_answer(restriction_id, person.id, OperatorNotice.QUESTION, message.text or "")
    except InvalidInput as error:
        await message.answer(form_error(error, _))
        return
    except NotFound:
        await state.clear()
        await message.answer(_("This notice is no longer valid."), reply_markup=main_menu())
        return
    except Conflict:
        await state.clear()
        await message.answer(unreachable(), reply_markup=main_menu())
        return
    await state.clear()
    await message.answer(_("Your question has been passed to the board."), reply_markup=main_menu())


async def question_not_text(message: Message) -> None:
    await message.answer(_("Please write your question as text."))


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(PRIVATE)
    router.callback_query.filter(PRIVATE)
    router.callback_query.register(reply_pressed, ResidentReply.filter())
    router.message.register(question_written, StateFilter(RestrictionQuestion.text), F.text, ~F.text.startswith("/"))
    router.message.register(question_not_text, StateFilter(RestrictionQuestion.text), ~F.text)
    return router
