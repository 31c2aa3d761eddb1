"""Registration on first contact: name → phone (the contact button or typed) → e-mail (optional, the
fallback channel) → consent to the processing of personal data → the main menu.

Each answer is checked at once and asked again with the reason when wrong; nothing is stored until the
resident agrees, and /cancel leaves at any step. :func:`continue_onboarding` is what /start and the
language choice call: registration first, then a pending QR deep link, else the caller's main menu.
"""

from __future__ import annotations

from typing import Literal

from aiogram import F, Router, html
from aiogram.filters import StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import ReplyKeyboardBuilder

from handlers.filters import PRIVATE
from handlers.i18n import N_, in_every_language
from handlers.keyboards import CANCEL, InlineKeyboard, main_menu
from handlers.resident import deep_link, texts
from services.bindings import BindingService
from services.errors import InvalidInput
from services.people import PersonDTO
from services.profile import ProfileService, normalize_email, normalize_phone, validate_name

SKIP = N_("Skip")
SHARE_PHONE = N_("Share my phone number")
CONSENT_MAX = 3500


class Registration(StatesGroup):
    name = State()
    phone = State()
    email = State()
    consent = State()


class Consent(CallbackData, prefix="reg"):
    answer: Literal["yes", "no"]


# --- keyboards ------------------------------------------------------------------------------------


def _reply(*rows: list[KeyboardButton], placeholder: str | None = None) -> ReplyKeyboardMarkup:
    builder = ReplyKeyboardBuilder()
    for row in rows:
        builder.row(*row)
    builder.row(KeyboardButton(text=_(CANCEL)))
    return builder.as_markup(resize_keyboard=True, input_field_placeholder=placeholder)


def name_keyboard(suggestion: str) -> ReplyKeyboardMarkup:
    rows = [[KeyboardButton(text=suggestion)]] if suggestion else []
    return _reply(*rows, placeholder=_("First and last name"))


def phone_keyboard() -> ReplyKeyboardMarkup:
    share = KeyboardButton(text="📱 " + _(SHARE_PHONE), request_contact=True)
    return _reply([share], placeholder="+7 912 345-67-89")


def email_keyboard() -> ReplyKeyboardMarkup:
    return _reply([KeyboardButton(text=_(SKIP))], placeholder="name@mail.ru")


def consent_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboard()
    builder.button(text=_("I agree"), callback_data=Consent(answer="yes"))
    builder.button(text=_("I do not agree"), callback_data=Consent(answer="no"))
    return builder.as_markup()


# --- prompts --------------------------------------------------------------------------------------


def name_suggestion(person: PersonDTO) -> str:
    """The Telegram name as a one-tap answer, when it passes the rules."""
    try:
        return validate_name(person.name)
    except InvalidInput:
        return ""


async def begin(message: Message, state: FSMContext, person: PersonDTO, *, intro: str = "") -> None:
    """Start registration (keeping a deep-link payload in the FSM data for afterwards)."""
    await state.set_state(Registration.name)
    parts = [intro] if intro else []
    parts += [
        _("Let's get acquainted: it takes a minute, and the board will know whose meter it is."),
        _("What is your name? Enter your first and last name."),
    ]
    await message.answer("\n\n".join(parts), reply_markup=name_keyboard(name_suggestion(person)))


async def require_registration(
    message: Message, state: FSMContext, person: PersonDTO, profiles: ProfileService
) -> bool:
    """True for a registered resident; otherwise registration starts and the caller stops."""
    if (await profiles.get(person.id)).registered:
        return True
    await begin(message, state, person, intro=_("First, a short registration."))
    return False


async def continue_onboarding(
    message: Message,
    state: FSMContext,
    person: PersonDTO,
    profiles: ProfileService | None,
    bindings: BindingService | None,
    *,
    intro: str = "",
) -> bool:
    """After /start or the language choice: registration, then a QR deep link. False: show the menu."""
    if profiles is None:
        return False
    if not (await profiles.get(person.id)).registered:
        await begin(message, state, person, intro=intro)
        return True
    payload = await deep_link.take_payload(state)
    if payload is None or bindings is None:
        return False
    await deep_link.open_link(message, state, person, bindings, payload)
    return True


async def ask_phone(message: Message) -> None:
    await message.answer(
        _(
            "Your phone number: press the button below to share it, or type it, for example "
            "+7 912 345-67-89. The chairman sees it with your binding requests."
        ),
        reply_markup=phone_keyboard(),
    )


async def ask_email(message: Message) -> None:
    await message.answer(
        _(
            "Your e-mail address (optional). If Telegram cannot reach you, decisions and notices come by "
            "e-mail. Type it, or press “Skip”."
        ),
        reply_markup=email_keyboard(),
    )


async def ask_consent(message: Message, profiles: ProfileService) -> None:
    consent = await profiles.consent_text()
    if len(consent) > CONSENT_MAX:  # a message holds 4096 characters; the full text belongs on the board's site
        consent = consent[: CONSENT_MAX - 1] + "…"
    text = (
        html.quote(consent)
        if consent
        else _(
            "I agree to the processing of my personal data (name, phone number, e-mail address, meter data) by the "
            "board of the partnership for metering, billing and notifications, in accordance with Federal Law "
            "No. 152-FZ “On Personal Data”. I can withdraw my consent by writing to the board."
        )
    )
    await message.answer(_("Processing of personal data") + "\n\n" + text, reply_markup=consent_keyboard())


# --- steps ----------------------------------------------------------------------------------------


async def got_name(message: Message, state: FSMContext, person: PersonDTO) -> None:
    try:
        name = validate_name(message.text or "")
    except InvalidInput as error:
        await message.answer(texts.input_error(error), reply_markup=name_keyboard(name_suggestion(person)))
        return
    await state.update_data(reg_name=name)
    await state.set_state(Registration.phone)
    await ask_phone(message)


async def got_contact(message: Message, state: FSMContext) -> None:
    contact = message.contact
    if contact is None or message.from_user is None or contact.user_id != message.from_user.id:
        await message.answer(_("Please share your own number: press the button below."), reply_markup=phone_keyboard())
        return
    number = contact.phone_number if contact.phone_number.startswith("+") else "+" + contact.phone_number
    await _save_phone(message, state, number)


async def got_phone(message: Message, state: FSMContext) -> None:
    await _save_phone(message, state, message.text or "")


async def _save_phone(message: Message, state: FSMContext, raw: str) -> None:
    try:
        phone = normalize_phone(raw)
    except InvalidInput as error:
        await message.answer(texts.input_error(error), reply_markup=phone_keyboard())
        return
    await state.update_data(reg_phone=phone)
    await state.set_state(Registration.email)
    await ask_email(message)


async def got_email(message: Message, state: FSMContext, profiles: ProfileService) -> None:
    text = message.text or ""
    email = ""
    if text not in in_every_language(SKIP):
        try:
            email = normalize_email(text)
        except InvalidInput as error:
            await message.answer(texts.input_error(error), reply_markup=email_keyboard())
            return
    await state.update_data(reg_email=email)
    await state.set_state(Registration.consent)
    await message.answer(_("Almost done."), reply_markup=ReplyKeyboardRemove())
    await ask_consent(message, profiles)


async def not_text(message: Message) -> None:
    await message.answer(_("Please answer with text, or send /cancel to stop."))


async def consent_by_text(message: Message) -> None:
    await message.answer(_("Please press “I agree” or “I do not agree” under the text above."))


async def agreed(
    query: CallbackQuery, state: FSMContext, person: PersonDTO, profiles: ProfileService, bindings: BindingService
) -> None:
    data = await state.get_data()
    if not isinstance(query.message, Message) or "reg_phone" not in data:
        await query.answer(_("This button is out of date. Please open the section again."))
        return
    try:
        profile = await profiles.register(
            person.id, name=data["reg_name"], phone=data["reg_phone"], email=data.get("reg_email", "")
        )
    except InvalidInput as error:  # a rule changed between the steps: start again
        await query.answer()
        await begin(query.message, state, person, intro=texts.input_error(error))
        return
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=None)
    payload = await deep_link.take_payload(state)
    await state.clear()
    await query.message.answer(
        "\n\n".join(
            (
                _("Thank you, {name}! Registration is complete.").format(name=html.quote(profile.name)),
                _("To bind your meter, send /bind. Your contacts are in “Profile”."),
            )
        ),
        reply_markup=main_menu(),
    )
    if payload is not None:
        await deep_link.open_link(query.message, state, person, bindings, payload)


async def declined(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(
            _(
                "Without your consent we cannot keep your data, so registration is cancelled and nothing was "
                "saved. You can register any time: send /start."
            ),
            reply_markup=main_menu(),
        )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(PRIVATE)
    router.callback_query.filter(PRIVATE)
    router.message.register(got_name, StateFilter(Registration.name), F.text)
    router.message.register(got_contact, StateFilter(Registration.phone), F.contact)
    router.message.register(got_phone, StateFilter(Registration.phone), F.text)
    router.message.register(got_email, StateFilter(Registration.email), F.text)
    router.message.register(consent_by_text, StateFilter(Registration.consent))
    router.message.register(not_text, StateFilter(Registration.name, Registration.phone, Registration.email))
    router.callback_query.register(agreed, StateFilter(Registration.consent), Consent.filter(F.answer == "yes"))
    router.callback_query.register(declined, StateFilter(Registration.consent), Consent.filter(F.answer == "no"))
    return router
