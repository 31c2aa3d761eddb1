"""“Requests” in a resident's chat: file a new one, the open ones with their stage, the archive of closed
ones (the seeds' “Архив сообщений”), each opening to its history; a comment or a photo; cancelling a
request that is not in work yet. Staff replies and stage changes arrive through the outbox with a button
that opens the request here.
"""

from __future__ import annotations

from aiogram import Bot, F, Router, html
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n, get_i18n
from aiogram.utils.i18n import gettext as _

from handlers.filters import PRIVATE
from handlers.i18n import button
from handlers.keyboards import MAIN_MENU, REQUESTS, InlineKeyboard, cancel_keyboard, main_menu
from handlers.resident import ticket_new
from handlers.ticket_callbacks import My
from handlers.ticket_texts import ICONS, card_text, list_line, number, stage_name, type_name
from handlers.ticket_ui import (
    conflict_text,
    download,
    incoming_file,
    input_error,
    refresh_post,
    say,
    screen,
    send_files,
)
from services.errors import InvalidInput, NotFound
from services.people import PersonDTO
from services.ticket_model import RESIDENT_CANCELLABLE, AttachmentIn, StageConflict, TicketCard, check_attachment
from services.tickets import TicketService

MENU_ITEMS = tuple(item for row in MAIN_MENU for item in row)


class TicketComment(StatesGroup):
    text = State()


def lang() -> str:
    return get_i18n().current_locale


def gone() -> str:
    return _("This request is not among yours.")


# --- screens --------------------------------------------------------------------------------------


def menu_screen(open_count: int, closed: int) -> tuple[str, InlineKeyboardMarkup]:
    text = "\n".join(
        [
            "<b>" + _("Requests") + "</b>",
            _("Send the board a request or a complaint, and follow it stage by stage."),
            _("Open: {open} · in the archive: {closed}").format(open=open_count, closed=closed),
        ]
    )
    builder = InlineKeyboard()
    builder.button(text="➕ " + _("New request"), callback_data=My(act="new"))
    builder.button(text="📂 " + _("My requests ({n})").format(n=open_count), callback_data=My(act="list"))
    builder.button(text="🗄 " + _("Archive ({n})").format(n=closed), callback_data=My(act="archive"))
    builder.adjust(1)
    return text, builder.as_markup()


async def list_screen(
    tickets: TicketService, person_id: int, *, archive: bool, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    found = await tickets.my_tickets(person_id, archive=archive, page=page)
    title = _("Archive of closed requests") if archive else _("Open requests")
    rows = ["<b>" + title + "</b>"]
    if not found.items:
        rows.append(_("The archive is empty.") if archive else _("You have no open requests."))
    for ticket in found.items:
        rows.append(
            f"{ICONS[ticket.stage]} {list_line(ticket, lang(), with_author=False)} · {stage_name(ticket.stage, _)}"
        )
    builder = InlineKeyboard()
    for ticket in found.items:
        label = f"{ICONS[ticket.stage]} {number(ticket.id, _)} · {type_name(ticket.ticket_type, _)}"
        builder.button(text=label, callback_data=My(act="open", tid=ticket.id))
    act = "archive" if archive else "list"
    nav = []
    if found.has_previous:
        nav.append(("‹", My(act=act, page=found.page - 1)))
    if found.has_next:
        nav.append(("›", My(act=act, page=found.page + 1)))
    for label, data in nav:
        builder.button(text=label, callback_data=data)
    other = My(act="list") if archive else My(act="archive")
    builder.button(text=("📂 " + _("Open requests")) if archive else ("🗄 " + _("Archive")), callback_data=other)
    builder.button(text="« " + _("Back"), callback_data=My(act="menu"))
    builder.adjust(*([1] * len(found.items)), *([len(nav)] if nav else []), 2)
    if found.pages > 1:
        rows.append(_("Page {page} of {pages}").format(page=found.page + 1, pages=found.pages))
    return "\n".join(rows), builder.as_markup()


def card_keyboard(card: TicketCard) -> InlineKeyboardMarkup:
    ticket = card.ticket
    builder = InlineKeyboard()
    if ticket.is_open:
        builder.button(text="💬 " + _("Add a comment or photo"), callback_data=My(act="comment", tid=ticket.id))
    if card.files:
        builder.button(
            text="📎 " + _("Files ({n})").format(n=len(card.files)), callback_data=My(act="files", tid=ticket.id)
        )
    if ticket.stage in RESIDENT_CANCELLABLE:
        builder.button(text="✖️ " + _("Cancel the request"), callback_data=My(act="cancel", tid=ticket.id))
    back = My(act="list") if ticket.is_open else My(act="archive")
    builder.button(text="« " + _("To the list"), callback_data=back)
    builder.adjust(1)
    return builder.as_markup()


# --- handlers -------------------------------------------------------------------------------------


async def requests_pressed(message: Message, state: FSMContext, person: PersonDTO, tickets: TicketService) -> None:
    await state.clear()  # the section button leaves any dialog
    text, keyboard = menu_screen(*await tickets.counts(person.id))
    await message.answer(text, reply_markup=keyboard)


async def menu_again(query: CallbackQuery, state: FSMContext, person: PersonDTO, tickets: TicketService) -> None:
    await state.clear()
    await query.answer()
    await screen(query, *menu_screen(*await tickets.counts(person.id)))


async def list_pressed(query: CallbackQuery, callback_data: My, person: PersonDTO, tickets: TicketService) -> None:
    await query.answer()
    archive = callback_data.act == "archive"
    await screen(query, *await list_screen(tickets, person.id, archive=archive, page=callback_data.page))


async def open_pressed(query: CallbackQuery, callback_data: My, person: PersonDTO, tickets: TicketService) -> None:
    """A ticket's card with its history."""
    try:
        card = await tickets.card(person.id, callback_data.tid)
    except NotFound:
        await query.answer(gone(), show_alert=True)
        return
    await query.answer()
    text = card_text(card, lang(), resident_view=True)
    if callback_data.act == "show":  # from a notice: the notice stays, the card comes below it
        await say(query, text, card_keyboard(card))
    else:
        await screen(query, text, card_keyboard(card))


async def files_pressed(
    query: CallbackQuery, callback_data: My, person: PersonDTO, tickets: TicketService, bot: Bot
) -> None:
    try:
        card = await tickets.card(person.id, callback_data.tid)
    except NotFound:
        await query.answer(gone(), show_alert=True)
        return
    await query.answer()
    await send_files(bot, query.from_user.id, card.files, card.ticket.id, lang(), None)


async def comment_pressed(
    query: CallbackQuery, callback_data: My, state: FSMContext, person: PersonDTO, tickets: TicketService
) -> None:
    try:
        card = await tickets.card(person.id, callback_data.tid)
    except NotFound:
        await query.answer(gone(), show_alert=True)
        return
    if not card.ticket.is_open:
        await query.answer(_("This request is closed: comments are no longer accepted."), show_alert=True)
        return
    await query.answer()
    await state.set_state(TicketComment.text)
    await state.set_data({"tid": card.ticket.id})
    prompt = _("Write a comment to request {number}, or send a photo or a document (with a caption if you like).")
    await say(query, prompt.format(number=number(card.ticket.id, _)), cancel_keyboard())


async def comment_given(
    message: Message, state: FSMContext, person: PersonDTO, tickets: TicketService, bot: Bot
) -> None:
    ticket_id = int((await state.get_data())["tid"])
    uploads: list[AttachmentIn] = []
    found = incoming_file(message)
    if found is not None:
        try:
            check_attachment(found[1], found[2], found[3])
        except InvalidInput as error:
            await message.answer(input_error(error), reply_markup=cancel_keyboard())
            return
        uploads.append(await download(bot, *found))
    try:
        card = await tickets.comment(person.id, ticket_id, message.text or message.caption or "", uploads)
    except InvalidInput as error:
        await message.answer(input_error(error), reply_markup=cancel_keyboard())
        return
    except StageConflict as error:
        await state.clear()
        await message.answer(html.quote(conflict_text(error)), reply_markup=main_menu())
        return
    except NotFound:
        await state.clear()
        await message.answer(gone(), reply_markup=main_menu())
        return
    await state.clear()
    done = _("Your comment is added to request {number}; the board will see it.").format(number=number(ticket_id, _))
    await message.answer("✅ " + done, reply_markup=main_menu())
    await message.answer(card_text(card, lang(), resident_view=True), reply_markup=card_keyboard(card))


async def comment_not_supported(message: Message) -> None:
    await message.answer(_("Send text, a photo or a document, or /cancel."), reply_markup=cancel_keyboard())


async def cancel_pressed(query: CallbackQuery, callback_data: My, person: PersonDTO, tickets: TicketService) -> None:
    try:
        card = await tickets.card(person.id, callback_data.tid)
    except NotFound:
        await query.answer(gone(), show_alert=True)
        return
    if card.ticket.stage not in RESIDENT_CANCELLABLE:
        await query.answer(_not_cancellable(card), show_alert=True)
        return
    await query.answer()
    builder = InlineKeyboard()
    builder.button(text="✖️ " + _("Yes, cancel it"), callback_data=My(act="cancel_yes", tid=card.ticket.id))
    builder.button(text="« " + _("No, keep it"), callback_data=My(act="open", tid=card.ticket.id))
    builder.adjust(1)
    question = _("Cancel request {number} ({type})? The board will stop working on it.").format(
        number=number(card.ticket.id, _), type=type_name(card.ticket.ticket_type, _)
    )
    await screen(query, question, builder.as_markup())


def _not_cancellable(card: TicketCard) -> str:
    return _("Request {number} is at the stage “{stage}”: it can no longer be cancelled.").format(
        number=number(card.ticket.id, _), stage=stage_name(card.ticket.stage, _)
    )


async def cancel_confirmed(
    query: CallbackQuery, callback_data: My, person: PersonDTO, tickets: TicketService, bot: Bot, i18n: I18n
) -> None:
    try:
        outcome = await tickets.cancel(person.id, callback_data.tid)
    except NotFound:
        await query.answer(gone(), show_alert=True)
        return
    except StageConflict as error:
        await query.answer(_not_cancellable(error.card), show_alert=True)
        await screen(query, card_text(error.card, lang(), resident_view=True), card_keyboard(error.card))
        return
    card = outcome.card
    await query.answer(_("Request {number} is cancelled.").format(number=number(card.ticket.id, _)))
    await screen(query, card_text(card, lang(), resident_view=True), card_keyboard(card))
    await refresh_post(bot, card, i18n.default_locale)


async def leave_dialog(message: Message, state: FSMContext) -> None:
    """A main-menu button in the middle of a ticket dialog: leave it, and let the section open.

    aiogram reads the state once per update, so the filters after this handler still see the dialog's
    state: the dialogs' own handlers never take a menu button (:func:`_dialog_router`).
    """
    await state.clear()
    raise SkipHandler()


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(PRIVATE)
    router.callback_query.filter(PRIVATE)
    dialogs = StateFilter(TicketComment.text, *ticket_new.NewTicket.__all_states__)
    router.message.register(leave_dialog, dialogs, button(*(item for item in MENU_ITEMS if item != REQUESTS)))
    router.message.register(requests_pressed, button(REQUESTS))
    router.callback_query.register(menu_again, My.filter(F.act == "menu"))
    router.callback_query.register(list_pressed, My.filter(F.act.in_({"list", "archive"})))
    router.callback_query.register(open_pressed, My.filter(F.act.in_({"open", "show"})))
    router.callback_query.register(files_pressed, My.filter(F.act == "files"))
    router.callback_query.register(comment_pressed, My.filter(F.act == "comment"))
    router.callback_query.register(cancel_pressed, My.filter(F.act == "cancel"))
    router.callback_query.register(cancel_confirmed, My.filter(F.act == "cancel_yes"))
    router.include_router(_dialog_router(dialogs))
    return router


def _dialog_router(dialogs: StateFilter) -> Router:
    """The dialogs' steps, for messages other than a menu button (left by :func:`leave_dialog` or, for
    "Requests", taken by :func:`requests_pressed`)."""
    router = Router(name=f"{__name__}.dialogs")
    router.message.filter(dialogs, ~button(*MENU_ITEMS))
    router.message.register(comment_given, StateFilter(TicketComment.text), F.text | F.photo | F.document)
    router.message.register(comment_not_supported, StateFilter(TicketComment.text))
    router.include_router(ticket_new.build_router())
    return router
