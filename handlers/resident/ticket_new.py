"""Filing a request: the type → the plot or meter (skipped when there is one) → the text → photos or
documents (optional, with a Done button) → the summary → the number and the review date.

The dialog keeps ids and Telegram file ids in the FSM data; files are downloaded when the resident
presses Send and handed to the service, which checks everything again (a place unbound meanwhile, a
file that is not what it claims to be).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from aiogram import Bot, F, Router, html
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import get_i18n
from aiogram.utils.i18n import gettext as _

from handlers.filters import PRIVATE
from handlers.formatting import format_date
from handlers.keyboards import InlineKeyboard, cancel_keyboard, main_menu
from handlers.operator.ticket_notices import receipt_text
from handlers.resident import meter_texts
from handlers.ticket_callbacks import Draft, My, NewPlace, NewType
from handlers.ticket_texts import TYPES, cut, type_name
from handlers.ticket_ui import download, incoming_file, input_error, say, screen
from services.enums import TicketType
from services.errors import InvalidInput, NotFound, Throttled
from services.people import PersonDTO
from services.ticket_model import MAX_FILES, TEXT_MAX, AttachmentIn, Place, check_attachment, validate_text
from services.tickets import TicketService


class NewTicket(StatesGroup):
    type = State()
    place = State()
    text = State()
    files = State()
    confirm = State()


STALE = "This button is out of date. Please open the section again."


def lang() -> str:
    return get_i18n().current_locale


def place_label(place: Place) -> str:
    parts = []
    if place.plot_number:
        parts.append(_("Plot {number}").format(number=place.plot_number))
    if place.meter_id is not None:
        meter = _("meter No. {serial}").format(serial=place.meter_serial)
        if place.meter_label and place.meter_label != place.meter_serial:
            meter += f" «{place.meter_label}»"
        parts.append(meter)
    elif place.plot_number:
        parts.append(_("the whole plot"))
    label = " · ".join(parts)
    return label[:1].upper() + label[1:]


def types_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboard()
    for ticket_type, name in TYPES.items():
        builder.button(text=_(name), callback_data=NewType(type=ticket_type))
    builder.button(text="« " + _("Back"), callback_data=My(act="menu"))
    builder.adjust(1)
    return builder.as_markup()


def places_keyboard(places: list[Place]) -> InlineKeyboardMarkup:
    builder = InlineKeyboard()
    for index, place in enumerate(places):
        builder.button(text=place_label(place), callback_data=NewPlace(index=index))
    builder.adjust(1)
    return builder.as_markup()


def done_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboard()
    builder.button(text="✅ " + _("Done"), callback_data=Draft(act="done"))
    return builder.as_markup()


def confirm_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboard()
    builder.button(text="📨 " + _("Send"), callback_data=Draft(act="send"))
    builder.button(text="✖️ " + _("Discard"), callback_data=Draft(act="drop"))
    builder.adjust(2)
    return builder.as_markup()


def text_prompt() -> str:
    return _(
        "Describe the request: what happened or what you need, where and since when (10 to {max} characters). "
        "Photos or documents can be attached at the next step."
    ).format(max=TEXT_MAX)


def files_prompt() -> str:
    return _(
        "Attach photos or documents if you have any, for example a scan of a signed application (JPEG, PNG, "
        "HEIC or PDF, up to 10 MB each, at most {n} files). Then press “Done”."
    ).format(n=MAX_FILES)


# --- steps ----------------------------------------------------------------------------------------


async def start(query: CallbackQuery, state: FSMContext, person: PersonDTO, tickets: TicketService) -> None:
    places = await tickets.places(person.id)
    if not places:
        text = _(
            "A request concerns your plot or meter, so bind your meter first (/bind). Until then, the board's "
            "contacts are under /help."
        )
        await query.answer()
        await screen(query, text, meter_texts.bind_keyboard())
        return
    await state.set_state(NewTicket.type)
    await state.set_data({"places": [asdict(place) for place in places], "files": []})
    await query.answer()
    await screen(query, "<b>" + _("New request") + "</b>\n" + _("Choose the type:"), types_keyboard())


async def type_chosen(query: CallbackQuery, callback_data: NewType, state: FSMContext) -> None:
    if await state.get_state() != NewTicket.type.state:
        await query.answer(_(STALE))
        return
    data = await state.update_data(type=callback_data.type.value)
    places = [Place(**raw) for raw in data["places"]]
    chosen = _("Type: {type}").format(type=type_name(callback_data.type, _))
    await query.answer()
    if len(places) == 1:
        await screen(query, chosen, None)
        await ask_text(query, state, places[0])
        return
    await state.set_state(NewTicket.place)
    await screen(query, chosen + "\n\n" + _("Which plot or meter is it about?"), places_keyboard(places))


async def place_chosen(query: CallbackQuery, callback_data: NewPlace, state: FSMContext) -> None:
    data = await state.get_data()
    if await state.get_state() != NewTicket.place.state or not 0 <= callback_data.index < len(data["places"]):
        await query.answer(_(STALE))
        return
    place = Place(**data["places"][callback_data.index])
    text = _("Type: {type}").format(type=_(TYPES[_type(data)])) + "\n" + html.quote(place_label(place))
    await query.answer()
    await screen(query, text, None)
    await ask_text(query, state, place)


def _type(data: dict[str, Any]) -> TicketType:
    return TicketType(data["type"])


async def ask_text(query: CallbackQuery, state: FSMContext, place: Place) -> None:
    await state.update_data(place=asdict(place))
    await state.set_state(NewTicket.text)
    await say(query, text_prompt(), cancel_keyboard())


async def text_given(message: Message, state: FSMContext) -> None:
    try:
        text = validate_text(message.text or "")
    except InvalidInput as error:
        await message.answer(input_error(error) + "\n\n" + text_prompt(), reply_markup=cancel_keyboard())
        return
    await state.update_data(text=text)
    await state.set_state(NewTicket.files)
    await message.answer(files_prompt(), reply_markup=done_keyboard())


async def file_instead_of_text(message: Message, state: FSMContext) -> None:
    """A photo at the text step: its caption is the text when it is long enough; the file is kept."""
    if not await _add_file(message, state, None):
        return
    caption = message.caption or ""
    try:
        text = validate_text(caption)
    except InvalidInput:
        await message.answer(_("File received. Now describe the request in words.") + "\n\n" + text_prompt())
        return
    await state.update_data(text=text)
    await state.set_state(NewTicket.files)
    await message.answer(_("File received.") + " " + files_prompt(), reply_markup=done_keyboard())


async def file_given(message: Message, state: FSMContext) -> None:
    if await _add_file(message, state, done_keyboard()):
        count = len((await state.get_data())["files"])
        text = _("Attached: {n} of {max}. Send more, or press “Done”.").format(n=count, max=MAX_FILES)
        await message.answer("📎 " + text, reply_markup=done_keyboard())


async def _add_file(message: Message, state: FSMContext, keyboard: InlineKeyboardMarkup | None) -> bool:
    """Check the file and keep its Telegram id in the draft; explain a refusal."""
    found = incoming_file(message)
    if found is None:
        return False
    file_id, name, mime, size = found
    files: list[list[Any]] = list((await state.get_data()).get("files", []))
    try:
        if len(files) >= MAX_FILES:
            raise InvalidInput("attachment", "too_many")
        mime = check_attachment(name, mime, size)
    except InvalidInput as error:
        await message.answer(input_error(error), reply_markup=keyboard)
        return False
    files.append([file_id, name, mime, size])
    await state.update_data(files=files)
    return True


async def not_a_file(message: Message) -> None:
    await message.answer(_("Send a photo or a document, or press “Done”."), reply_markup=done_keyboard())


async def not_text(message: Message) -> None:
    await message.answer(_("Please describe the request in words.") + "\n\n" + text_prompt())


async def use_buttons(message: Message) -> None:
    await message.answer(_("Please answer with the buttons above, or send /cancel."))


async def done(query: CallbackQuery, state: FSMContext, tickets: TicketService) -> None:
    if await state.get_state() != NewTicket.files.state:
        await query.answer(_(STALE))
        return
    data = await state.get_data()
    await state.set_state(NewTicket.confirm)
    await query.answer()
    await screen(query, await summary(data, tickets), confirm_keyboard())


async def summary(data: dict[str, Any], tickets: TicketService) -> str:
    place = Place(**data["place"])
    due = await tickets.estimate(place, _type(data))
    rows = [
        "<b>" + _("Check the request") + "</b>",
        _("Type: {type}").format(type=_(TYPES[_type(data)])),
        html.quote(place_label(place)),
        "",
        html.quote(cut(data["text"], 1500)),
        "",
    ]
    if data["files"]:
        rows.append("📎 " + _("Files: {n}").format(n=len(data["files"])))
    rows.append(_("Estimated review date: {date}.").format(date=format_date(due, lang())))
    return "\n".join(rows)


async def send(query: CallbackQuery, state: FSMContext, person: PersonDTO, tickets: TicketService, bot: Bot) -> None:
    if await state.get_state() != NewTicket.confirm.state:
        await query.answer(_(STALE))
        return
    data = await state.get_data()
    await state.set_state(None)  # a second press of Send is now out of date
    await query.answer()
    uploads: list[AttachmentIn] = [await download(bot, *file) for file in data["files"]]
    place = Place(**data["place"])
    try:
        card = await tickets.create(person.id, _type(data), place.plot_id, place.meter_id, data["text"], uploads)
    except InvalidInput as error:
        await state.set_state(NewTicket.files)
        await state.update_data(files=[])
        again = _("The files were dropped: attach them again, or press “Done”.")
        await _reply(query, input_error(error) + "\n" + again, done_keyboard())
        return
    except Throttled:
        await state.clear()
        await _reply(query, _("You have filed many requests today. Please try again tomorrow."), main_menu())
        return
    except NotFound:
        await state.clear()
        await _reply(query, _("This plot or meter is no longer bound to you. Please start again."), main_menu())
        return
    await state.clear()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    await _reply(query, receipt_text(card, lang()), main_menu())


async def discard(query: CallbackQuery, state: FSMContext) -> None:
    current = await state.get_state()
    if current is None or current not in NewTicket.__state_names__:
        await query.answer(_(STALE))
        return
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    await _reply(query, _("The request was discarded."), main_menu())


async def _reply(query: CallbackQuery, text: str, keyboard: Any) -> None:
    await say(query, text, keyboard)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(PRIVATE)
    router.callback_query.filter(PRIVATE)
    router.callback_query.register(start, My.filter(F.act == "new"))
    router.callback_query.register(type_chosen, NewType.filter())
    router.callback_query.register(place_chosen, NewPlace.filter())
    router.callback_query.register(done, Draft.filter(F.act == "done"))
    router.callback_query.register(send, Draft.filter(F.act == "send"))
    router.callback_query.register(discard, Draft.filter(F.act == "drop"))
    router.message.register(text_given, StateFilter(NewTicket.text), F.text)
    router.message.register(file_instead_of_text, StateFilter(NewTicket.text), F.photo | F.document)
    router.message.register(not_text, StateFilter(NewTicket.text))
    router.message.register(file_given, StateFilter(NewTicket.files), F.photo | F.document)
    router.message.register(not_a_file, StateFilter(NewTicket.files))
    router.message.register(use_buttons, StateFilter(NewTicket.type, NewTicket.place, NewTicket.confirm))
    return router
