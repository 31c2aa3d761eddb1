"""The QR sticker on a meter: ``t.me/<bot>?start=<token>`` opens the binding with the meter filled in.

The resident confirms; the request then waits for the chairman like one made by serial number. The
token stays on the server (FSM data): the confirm button carries no id, so it cannot be forged into a
request for another meter.
"""

from __future__ import annotations

from typing import Literal

from aiogram import F, Router, html
from aiogram.filters import StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from handlers.filters import PRIVATE
from handlers.keyboards import InlineKeyboard, main_menu
from handlers.resident import texts
from services.bindings import BindingRefused, BindingService, MeterBrief
from services.errors import Throttled
from services.people import PersonDTO

TOKEN_KEY = "qr_token"  # noqa: S105 (an FSM data key, not a secret)


class QrBinding(StatesGroup):
    confirm = State()


class QrConfirm(CallbackData, prefix="bq"):
    answer: Literal["yes", "no"]


def confirm_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboard()
    builder.button(text=_("Yes, send the request"), callback_data=QrConfirm(answer="yes"))
    builder.button(text=_("No"), callback_data=QrConfirm(answer="no"))
    builder.adjust(1)
    return builder.as_markup()


def describe(meter: MeterBrief) -> str:
    rows = [_("Meter: No. {serial}").format(serial=html.quote(meter.serial))]
    if meter.model:
        rows.append(_("Model: {model}").format(model=html.quote(meter.model)))
    if meter.plot_number:
        rows.append(_("Plot: {plot}").format(plot=html.quote(meter.plot_number)))
    rows.append(_("Site: {site}").format(site=html.quote(meter.site_name)))
    return "\n".join(rows)


async def take_payload(state: FSMContext) -> str | None:
    """The deep-link payload that /start kept, removed so that it is acted on once."""
    from handlers.common.start import START_PAYLOAD_KEY  # here: /start itself imports this module

    data = await state.get_data()
    payload = data.pop(START_PAYLOAD_KEY, None)
    if payload is not None:
        await state.set_data(data)
    return payload if isinstance(payload, str) else None


async def open_link(
    message: Message, state: FSMContext, person: PersonDTO, bindings: BindingService, token: str
) -> None:
    """Show the meter of the deep link and ask the resident to confirm the request."""
    try:
        meter = await bindings.preview_qr(person.id, token)
    except BindingRefused as error:
        await message.answer(texts.refusal(error), reply_markup=main_menu())
        return
    except Throttled as error:
        await message.answer(texts.throttled(error), reply_markup=main_menu())
        return
    await state.set_state(QrBinding.confirm)
    await state.update_data({TOKEN_KEY: token})
    text = "\n\n".join(
        (
            _("Bind this meter to you?"),
            describe(meter),
            _("The request goes to the chairman; you will get the decision here."),
        )
    )
    await message.answer(text, reply_markup=confirm_keyboard())


async def confirmed(query: CallbackQuery, state: FSMContext, person: PersonDTO, bindings: BindingService) -> None:
    token = (await state.get_data()).get(TOKEN_KEY)
    await state.clear()
    if not isinstance(query.message, Message) or not isinstance(token, str):
        await query.answer(_("This button is out of date. Please open the section again."))
        return
    await query.answer()
    try:
        binding = await bindings.request_by_qr(person.id, token)
    except BindingRefused as error:
        await query.message.edit_text(texts.refusal(error))
        return
    except Throttled as error:
        await query.message.edit_text(texts.throttled(error))
        return
    await query.message.edit_text(
        _(
            "Request No. {id} to bind meter No. {serial} has been sent to the chairman. You will get the decision here."
        ).format(id=binding.id, serial=html.quote(binding.meter.serial))
    )


async def declined(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(_("Binding cancelled."))


def build_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(PRIVATE)
    router.callback_query.register(confirmed, StateFilter(QrBinding.confirm), QrConfirm.filter(F.answer == "yes"))
    router.callback_query.register(declined, StateFilter(QrBinding.confirm), QrConfirm.filter(F.answer == "no"))
    return router
