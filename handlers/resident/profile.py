"""The “Profile” button and /profile: the resident's name, phone, e-mail, language and how to notify them."""

from __future__ import annotations

from typing import Literal

from aiogram import F, Router, html
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, KeyboardButton, Message, ReplyKeyboardMarkup
from aiogram.utils.i18n import get_i18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import ReplyKeyboardBuilder

from handlers.filters import PRIVATE
from handlers.i18n import N_, button, in_every_language
from handlers.keyboards import CANCEL, PROFILE, InlineKeyboard, language_keyboard, language_name, main_menu
from handlers.resident import texts
from handlers.resident.registration import phone_keyboard, require_registration
from services.enums import Channel
from services.errors import InvalidInput
from services.people import PersonDTO
from services.profile import ProfileDTO, ProfileService

REMOVE_EMAIL = N_("Remove the e-mail address")
CHANNELS: dict[Channel, str] = {Channel.TELEGRAM: N_("in Telegram"), Channel.EMAIL: N_("by e-mail")}


class ProfileAction(CallbackData, prefix="pf"):
    action: Literal["name", "phone", "email", "lang", "channel"]


class ChannelChoice(CallbackData, prefix="pfc"):
    channel: Channel


class ProfileEdit(StatesGroup):
    name = State()
    phone = State()
    email = State()


def card_text(profile: ProfileDTO) -> str:
    rows = [
        "<b>" + _("Profile") + "</b>",
        _("Name: {name}").format(name=html.quote(profile.name)),
        _("Phone: {phone}").format(phone=html.quote(profile.phone or "—")),
        _("E-mail: {email}").format(email=html.quote(profile.email) if profile.email else _("not set")),
        _("Language: {language}").format(language=language_name(profile.locale or get_i18n().current_locale)),
        _("Notifications: {channel}").format(channel=_(CHANNELS[profile.channel])),
    ]
    return "\n".join(rows)


def card_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboard()
    builder.button(text="✏️ " + _("Name"), callback_data=ProfileAction(action="name"))
    builder.button(text="✏️ " + _("Phone"), callback_data=ProfileAction(action="phone"))
    builder.button(text="✏️ " + _("E-mail"), callback_data=ProfileAction(action="email"))
    builder.button(text="🌐 " + _("Language"), callback_data=ProfileAction(action="lang"))
    builder.button(text="🔔 " + _("Notifications"), callback_data=ProfileAction(action="channel"))
    builder.adjust(2, 2, 1)
    return builder.as_markup()


def channel_keyboard(current: Channel) -> InlineKeyboardMarkup:
    builder = InlineKeyboard()
    for channel, label in CHANNELS.items():
        mark = "✓ " if channel is current else ""
        text = _(label)
        builder.button(text=mark + text[:1].upper() + text[1:], callback_data=ChannelChoice(channel=channel))
    return builder.as_markup()


def email_keyboard(has_email: bool) -> ReplyKeyboardMarkup:
    builder = ReplyKeyboardBuilder()
    if has_email:
        builder.row(KeyboardButton(text=_(REMOVE_EMAIL)))
    builder.row(KeyboardButton(text=_(CANCEL)))
    return builder.as_markup(resize_keyboard=True, input_field_placeholder="name@mail.ru")


def cancel_only() -> ReplyKeyboardMarkup:
    builder = ReplyKeyboardBuilder()
    builder.row(KeyboardButton(text=_(CANCEL)))
    return builder.as_markup(resize_keyboard=True)


async def show_profile(message: Message, state: FSMContext, person: PersonDTO, profiles: ProfileService) -> None:
    if not await require_registration(message, state, person, profiles):
        return
    profile = await profiles.get(person.id)
    await message.answer(card_text(profile), reply_markup=card_keyboard())


async def cmd_profile(message: Message, state: FSMContext, person: PersonDTO, profiles: ProfileService) -> None:
    await state.clear()
    await show_profile(message, state, person, profiles)


async def edit_pressed(
    query: CallbackQuery, callback_data: ProfileAction, state: FSMContext, person: PersonDTO, profiles: ProfileService
) -> None:
    await query.answer()
    message = query.message
    if not isinstance(message, Message):
        return
    if not await require_registration(message, state, person, profiles):
        return
    profile = await profiles.get(person.id)
    if callback_data.action == "name":
        await state.set_state(ProfileEdit.name)
        await message.answer(_("Enter your first and last name."), reply_markup=cancel_only())
    elif callback_data.action == "phone":
        await state.set_state(ProfileEdit.phone)
        await message.answer(
            _("Share your phone number with the button below, or type it, for example +7 912 345-67-89."),
            reply_markup=phone_keyboard(),
        )
    elif callback_data.action == "email":
        await state.set_state(ProfileEdit.email)
        await message.answer(_("Enter your e-mail address."), reply_markup=email_keyboard(bool(profile.email)))
    elif callback_data.action == "lang":
        await message.answer(_("Please choose a language:"), reply_markup=language_keyboard(profile.locale))
    else:
        await message.edit_reply_markup(reply_markup=channel_keyboard(profile.channel))


async def channel_chosen(
    query: CallbackQuery, callback_data: ChannelChoice, person: PersonDTO, profiles: ProfileService
) -> None:
    try:
        profile = await profiles.set_channel(person.id, callback_data.channel)
    except InvalidInput as error:
        await query.answer(texts.input_error(error), show_alert=True)
        return
    await query.answer(_("Saved."))
    if isinstance(query.message, Message):
        await query.message.edit_text(card_text(profile), reply_markup=card_keyboard())


async def _saved(message: Message, state: FSMContext, person: PersonDTO, profile: ProfileDTO) -> None:
    await state.clear()
    await message.answer(_("Saved."), reply_markup=main_menu())
    await message.answer(card_text(profile), reply_markup=card_keyboard())


async def new_name(message: Message, state: FSMContext, person: PersonDTO, profiles: ProfileService) -> None:
    try:
        profile = await profiles.set_name(person.id, message.text or "")
    except InvalidInput as error:
        await message.answer(texts.input_error(error), reply_markup=cancel_only())
        return
    await _saved(message, state, person, profile)


async def new_phone(message: Message, state: FSMContext, person: PersonDTO, profiles: ProfileService) -> None:
    contact = message.contact
    if contact is not None and (message.from_user is None or contact.user_id != message.from_user.id):
        await message.answer(_("Please share your own number: press the button below."), reply_markup=phone_keyboard())
        return
    raw = message.text or ""
    if contact is not None:
        raw = contact.phone_number if contact.phone_number.startswith("+") else "+" + contact.phone_number
    try:
        profile = await profiles.set_phone(person.id, raw)
    except InvalidInput as error:
        await message.answer(texts.input_error(error), reply_markup=phone_keyboard())
        return
    await _saved(message, state, person, profile)


async def new_email(message: Message, state: FSMContext, person: PersonDTO, profiles: ProfileService) -> None:
    text = message.text or ""
    value = "" if text in in_every_language(REMOVE_EMAIL) else text
    try:
        profile = await profiles.set_email(person.id, value)
    except InvalidInput as error:
        current = await profiles.get(person.id)
        await message.answer(texts.input_error(error), reply_markup=email_keyboard(bool(current.email)))
        return
    await _saved(message, state, person, profile)


async def not_text(message: Message) -> None:
    await message.answer(_("Please answer with text, or send /cancel to stop."))


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(PRIVATE)
    router.callback_query.filter(PRIVATE)
    router.message.register(cmd_profile, Command("profile"))
    router.message.register(cmd_profile, button(PROFILE))
    router.message.register(new_name, StateFilter(ProfileEdit.name), F.text)
    router.message.register(new_phone, StateFilter(ProfileEdit.phone), F.text | F.contact)
    router.message.register(new_email, StateFilter(ProfileEdit.email), F.text)
    router.message.register(not_text, StateFilter(ProfileEdit.name, ProfileEdit.phone, ProfileEdit.email))
    router.callback_query.register(edit_pressed, ProfileAction.filter())
    router.callback_query.register(channel_chosen, ChannelChoice.filter())
    return router
