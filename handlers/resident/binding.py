"""/bind and the “Bind a meter” button: by serial number + MAC/IMEI (the chairman approves), or by an
activation code from the board (binds at once). Every answer is checked at once; a refusal says why."""

from __future__ import annotations

from typing import Literal

from aiogram import F, Router, html
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from handlers.filters import PRIVATE
from handlers.keyboards import InlineKeyboard, cancel_keyboard, main_menu
from handlers.resident import texts
from handlers.resident.registration import require_registration
from services.binding_input import normalize_serial, parse_identifier
from services.bindings import BindingRefused, BindingService, Refusal
from services.errors import InvalidInput, Throttled
from services.people import PersonDTO
from services.profile import ProfileService

RETRY_SERIAL = frozenset({Refusal.UNKNOWN_SERIAL, Refusal.MISMATCH})


class BindStart(CallbackData, prefix="bnd"):
    """Opens the binding dialog; other sections (the meters list) may show a button with it."""

    action: Literal["new"] = "new"


class BindMethod(CallbackData, prefix="bnm"):
    method: Literal["serial", "code"]


class BindingForm(StatesGroup):
    serial = State()
    identifier = State()
    code = State()


def methods_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboard()
    builder.button(text=_("By serial number and MAC/IMEI"), callback_data=BindMethod(method="serial"))
    builder.button(text=_("By activation code"), callback_data=BindMethod(method="code"))
    builder.adjust(1)
    return builder.as_markup()


async def offer_methods(message: Message, state: FSMContext, person: PersonDTO, profiles: ProfileService) -> None:
    await state.clear()
    if not await require_registration(message, state, person, profiles):
        return
    await message.answer(
        _(
            "How would you like to bind a meter?\n\n"
            "• By the serial number and the MAC address or IMEI from the label on the meter: the chairman "
            "confirms the request.\n"
            "• By the activation code the board gave you for your plot: the plot's meters are bound at once."
        ),
        reply_markup=methods_keyboard(),
    )


async def cmd_bind(message: Message, state: FSMContext, person: PersonDTO, profiles: ProfileService) -> None:
    await offer_methods(message, state, person, profiles)


async def bind_pressed(query: CallbackQuery, state: FSMContext, person: PersonDTO, profiles: ProfileService) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await offer_methods(query.message, state, person, profiles)


async def method_chosen(
    query: CallbackQuery, callback_data: BindMethod, state: FSMContext, person: PersonDTO, profiles: ProfileService
) -> None:
    await query.answer()
    message = query.message
    if not isinstance(message, Message) or not await require_registration(message, state, person, profiles):
        return
    await message.edit_reply_markup(reply_markup=None)
    if callback_data.method == "serial":
        await state.set_state(BindingForm.serial)
        await ask_serial(message)
    else:
        await state.set_state(BindingForm.code)
        await message.answer(
            _("Enter the activation code from the board: 8 letters and digits, for example ABCD-EF23."),
            reply_markup=cancel_keyboard(),
        )


async def ask_serial(message: Message) -> None:
    await message.answer(
        _("Enter the meter's serial number exactly as it is printed on the label."), reply_markup=cancel_keyboard()
    )


async def got_serial(message: Message, state: FSMContext) -> None:
    try:
        serial = normalize_serial(message.text or "")
    except InvalidInput as error:
        await message.answer(texts.input_error(error), reply_markup=cancel_keyboard())
        return
    await state.update_data(bind_serial=serial)
    await state.set_state(BindingForm.identifier)
    await message.answer(
        _(
            "Now the MAC address (meters with a ZigBee radio) or the IMEI (meters with a GSM modem) from the same "
            "label, for example 00:1A:2B:3C:4D:5E or 356938035643809."
        ),
        reply_markup=cancel_keyboard(),
    )


async def got_identifier(message: Message, state: FSMContext, person: PersonDTO, bindings: BindingService) -> None:
    text = message.text or ""
    try:
        parse_identifier(text)
    except InvalidInput as error:
        await message.answer(texts.input_error(error), reply_markup=cancel_keyboard())
        return
    serial = str((await state.get_data()).get("bind_serial", ""))
    try:
        binding = await bindings.request(person.id, serial, text)
    except BindingRefused as error:
        if error.reason in RETRY_SERIAL:
            await state.set_state(BindingForm.serial)
            await message.answer(texts.refusal(error))
            await ask_serial(message)
            return
        await _finish(message, state, texts.refusal(error))
        return
    except Throttled as error:
        await _finish(message, state, texts.throttled(error))
        return
    await _finish(
        message,
        state,
        _(
            "Request No. {id} to bind meter No. {serial} has been sent to the chairman. You will get the decision here."
        ).format(id=binding.id, serial=html.quote(binding.meter.serial)),
    )


async def got_code(message: Message, state: FSMContext, person: PersonDTO, bindings: BindingService) -> None:
    try:
        redeemed = await bindings.redeem_code(person.id, message.text or "")
    except InvalidInput as error:
        await message.answer(texts.input_error(error), reply_markup=cancel_keyboard())
        return
    except BindingRefused as error:
        if error.reason is Refusal.UNKNOWN_CODE:
            await message.answer(texts.refusal(error), reply_markup=cancel_keyboard())
            return
        await _finish(message, state, texts.refusal(error))
        return
    except Throttled as error:
        await _finish(message, state, texts.throttled(error))
        return
    meters = "\n".join("• " + _("No. {serial}").format(serial=html.quote(b.meter.serial)) for b in redeemed.bindings)
    await _finish(
        message,
        state,
        _("Done! The meters of plot {plot} are bound to you:").format(plot=html.quote(redeemed.plot_number))
        + "\n"
        + meters,
    )


async def _finish(message: Message, state: FSMContext, text: str) -> None:
    await state.clear()
    await message.answer(text, reply_markup=main_menu())


async def not_text(message: Message) -> None:
    await message.answer(_("Please answer with text, or send /cancel to stop."))


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(PRIVATE)
    router.callback_query.filter(PRIVATE)
    router.message.register(cmd_bind, Command("bind"))
    router.callback_query.register(bind_pressed, BindStart.filter())
    router.callback_query.register(method_chosen, BindMethod.filter())
    router.message.register(got_serial, StateFilter(BindingForm.serial), F.text)
    router.message.register(got_identifier, StateFilter(BindingForm.identifier), F.text)
    router.message.register(got_code, StateFilter(BindingForm.code), F.text)
    router.message.register(not_text, StateFilter(BindingForm.serial, BindingForm.identifier, BindingForm.code))
    return router
