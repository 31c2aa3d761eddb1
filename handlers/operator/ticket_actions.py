"""The desk's buttons under a ticket (its post in the operators' chat, a card from /tickets, an engineer's
notice): Take, Start work, Assign (the site's engineers), Reply, Close, Cancel, Files.

Every press goes to :class:`services.ticket_desk.TicketDesk`, which re-reads the presser's roles and the
ticket's stage: an unauthorised press gets a polite refusal (and is audited), a stale or double one says
where the ticket stands and shows it as it is. Reply, Close and Cancel ask for the text as a reply to the
bot (what a bot in privacy mode sees); /cancel leaves. The post is edited after every change.
"""

from __future__ import annotations

from aiogram import Bot, F, Router, html
from aiogram.enums import ChatType
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, ForceReply, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n, get_i18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.i18n import N_
from handlers.ticket_callbacks import Desk, DeskAssign
from handlers.ticket_texts import card_text, desk_buttons, number
from handlers.ticket_ui import conflict_text, edit, input_error, markup, refresh_post, send_files
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.people import PersonDTO
from services.ticket_desk import DECIDERS, TicketDesk
from services.ticket_model import DeskAction, NotAnEngineer, Outcome, StageConflict, TicketCard

GROUPS = {ChatType.GROUP, ChatType.SUPERGROUP}


class DeskInput(StatesGroup):
    text = State()


def origin(chat_id: int, user_id: int) -> str:
    return f"telegram:chat:{chat_id}:user:{user_id}"


def lang() -> str:
    return get_i18n().current_locale


def refusal() -> str:
    return _(
        "Sorry, you cannot do this: only the chairman or a dispatcher of this site, or the engineer the "
        "request is assigned to, can work on it."
    )


async def staff_buttons(
    card: TicketCard, desk: TicketDesk, person_id: int, language: str
) -> InlineKeyboardMarkup | None:
    """The buttons the viewer may use: all of them for the site's deciders, an engineer's own otherwise."""
    roles = await desk.roles(person_id, card.ticket.site_id)
    return markup(desk_buttons(card, language, engineer=not roles & DECIDERS))


async def show(
    bot: Bot, chat_id: int, message_id: int, card: TicketCard, desk: TicketDesk, person_id: int, i18n: I18n
) -> None:
    """Bring a pressed message and the ticket's post up to date."""
    post = card.ticket.post
    if post != (chat_id, message_id):
        text = card_text(card, lang(), resident_view=False)
        await edit(bot, chat_id, message_id, text, await staff_buttons(card, desk, person_id, lang()))
    await refresh_post(bot, card, i18n.default_locale)


async def answer_error(
    query: CallbackQuery, error: Exception, bot: Bot, desk: TicketDesk, person: PersonDTO, i18n: I18n
) -> None:
    if isinstance(error, PermissionDenied):
        await query.answer(refusal(), show_alert=True)
    elif isinstance(error, StageConflict):
        await query.answer(conflict_text(error), show_alert=True)
        if isinstance(query.message, Message):
            await show(bot, query.message.chat.id, query.message.message_id, error.card, desk, person.id, i18n)
    elif isinstance(error, NotAnEngineer):
        await query.answer(input_error(error), show_alert=True)
    else:
        await query.answer(_("This request no longer exists."), show_alert=True)


DONE_TEXT = {
    "take": N_("Taken: the request is qualified. The resident is notified."),
    "start": N_("Work started. The resident is notified."),
}


async def pressed(
    query: CallbackQuery,
    callback_data: Desk,
    state: FSMContext,
    person: PersonDTO,
    ticket_desk: TicketDesk,
    i18n: I18n,
    bot: Bot,
) -> None:
    message = query.message
    if not isinstance(message, Message):
        await query.answer()
        return
    act, tid, where = callback_data.act, callback_data.tid, origin(message.chat.id, query.from_user.id)
    try:
        if act in ("take", "start"):
            call = ticket_desk.take if act == "take" else ticket_desk.start
            outcome: Outcome = await call(tid, person.id, where)
            await query.answer(_(DONE_TEXT[act]))
            await show(bot, message.chat.id, message.message_id, outcome.card, ticket_desk, person.id, i18n)
        elif act == "assign":
            await choose_engineer(query, message, tid, person, ticket_desk, where)
        elif act in ("reply", "close", "cancel"):
            await ask_text(query, message, state, act, tid, person, ticket_desk, where)
        elif act == "files":
            card = await ticket_desk.card(tid, person.id, where)
            await query.answer()
            await send_files(bot, message.chat.id, card.files, tid, lang(), message.message_id)
        elif act == "view":
            card = await ticket_desk.card(tid, person.id, where)
            await query.answer()
            keyboard = await staff_buttons(card, ticket_desk, person.id, lang())
            await bot.send_message(message.chat.id, card_text(card, lang(), resident_view=False), reply_markup=keyboard)
        else:  # "back" from the engineers' list
            card = await ticket_desk.card(tid, person.id, where)
            await query.answer()
            await show(bot, message.chat.id, message.message_id, card, ticket_desk, person.id, i18n)
    except (PermissionDenied, StageConflict, NotAnEngineer, NotFound) as error:
        await answer_error(query, error, bot, ticket_desk, person, i18n)


async def choose_engineer(
    query: CallbackQuery, message: Message, tid: int, person: PersonDTO, desk: TicketDesk, where: str
) -> None:
    engineers = await desk.engineers(tid, person.id, where)
    if not engineers:
        await query.answer(
            _("This site has no engineers yet: add one with the engineer role in the admin web."), show_alert=True
        )
        return
    await query.answer()
    builder = InlineKeyboardBuilder()
    for engineer in engineers:
        builder.button(
            text="👷 " + (engineer.name or str(engineer.id)), callback_data=DeskAssign(tid=tid, pid=engineer.id)
        )
    builder.button(text="« " + _("Back"), callback_data=Desk(act="back", tid=tid))
    builder.adjust(1)
    await message.edit_reply_markup(reply_markup=builder.as_markup())


async def assign_chosen(
    query: CallbackQuery, callback_data: DeskAssign, person: PersonDTO, ticket_desk: TicketDesk, i18n: I18n, bot: Bot
) -> None:
    message = query.message
    if not isinstance(message, Message):
        await query.answer()
        return
    where = origin(message.chat.id, query.from_user.id)
    try:
        outcome = await ticket_desk.assign(callback_data.tid, person.id, callback_data.pid, where)
    except (PermissionDenied, StageConflict, NotAnEngineer, NotFound) as error:
        await answer_error(query, error, bot, ticket_desk, person, i18n)
        return
    engineer = outcome.card.ticket.assignee
    name = engineer.name if engineer is not None else "—"
    if outcome.changed:
        await query.answer(_("Assigned to {name}; they are notified.").format(name=name))
    else:
        await query.answer(_("{name} is already the assignee.").format(name=name))
    await show(bot, message.chat.id, message.message_id, outcome.card, ticket_desk, person.id, i18n)


PROMPT_TEXT = {
    "reply": N_("{who}, reply to this message with your answer to the resident on request {number}, or reply /cancel."),
    "close": N_(
        "{who}, reply to this message with what was done on request {number} (the resident will read it), "
        "or reply /cancel."
    ),
    "cancel": N_(
        "{who}, reply to this message with the reason for cancelling request {number} (the resident will read it), "
        "or reply /cancel."
    ),
}
PLACEHOLDERS = {
    "reply": N_("Answer to the resident"),
    "close": N_("What was done"),
    "cancel": N_("Reason for cancelling"),
}
ACTIONS = {"reply": DeskAction.REPLY, "close": DeskAction.CLOSE, "cancel": DeskAction.CANCEL}


async def ask_text(
    query: CallbackQuery,
    message: Message,
    state: FSMContext,
    act: str,
    tid: int,
    person: PersonDTO,
    desk: TicketDesk,
    where: str,
) -> None:
    card = await desk.check(tid, person.id, ACTIONS[act], where)
    await query.answer()
    who = html.link(html.quote(query.from_user.full_name), f"tg://user?id={query.from_user.id}")
    prompt = await message.answer(
        _(PROMPT_TEXT[act]).format(who=who, number=number(card.ticket.id, _)),
        reply_markup=ForceReply(selective=True, input_field_placeholder=_(PLACEHOLDERS[act])),
        reply_to_message_id=message.message_id,
    )
    await state.set_state(DeskInput.text)
    await state.set_data({"act": act, "tid": tid, "pressed": message.message_id, "prompt": prompt.message_id})


SENT_TEXT = {
    "reply": N_("The reply is sent to the resident and added to request {number}."),
    "close": N_("Request {number} is completed. The resident is notified."),
    "cancel": N_("Request {number} is cancelled. The resident is notified."),
}


async def text_given(
    message: Message, state: FSMContext, person: PersonDTO, ticket_desk: TicketDesk, i18n: I18n, bot: Bot
) -> None:
    data = await state.get_data()
    act, tid, pressed_id = str(data["act"]), int(data["tid"]), int(data["pressed"])
    where = origin(message.chat.id, message.from_user.id if message.from_user else 0)
    text = message.text or ""
    try:
        if act == "reply":
            outcome = await ticket_desk.reply(tid, person.id, text, where)
        elif act == "close":
            outcome = await ticket_desk.close(tid, person.id, text, where)
        else:
            outcome = await ticket_desk.cancel(tid, person.id, text, where)
    except InvalidInput as error:
        await message.reply(input_error(error), reply_markup=ForceReply(selective=True))
        return
    except PermissionDenied:
        await state.clear()
        await message.reply(refusal())
        return
    except StageConflict as error:
        await state.clear()
        await message.reply(html.quote(conflict_text(error)))
        await show(bot, message.chat.id, pressed_id, error.card, ticket_desk, person.id, i18n)
        return
    except NotFound:
        await state.clear()
        await message.reply(_("This request no longer exists."))
        return
    await state.clear()
    await message.reply(_(SENT_TEXT[act]).format(number=number(tid, _)))
    if act == "reply":
        await refresh_post(bot, outcome.card, i18n.default_locale)
    else:
        await show(bot, message.chat.id, pressed_id, outcome.card, ticket_desk, person.id, i18n)


async def input_cancelled(message: Message, state: FSMContext) -> None:
    tid = (await state.get_data()).get("tid")
    await state.clear()
    await message.reply(_("Cancelled: request {number} stays as it was.").format(number=number(int(tid or 0), _)))


async def input_not_text(message: Message) -> None:
    await message.reply(_("Please write it as text, or reply /cancel."), reply_markup=ForceReply(selective=True))


def build_router() -> Router:
    """Buttons work in the operators' chat and in private chats (engineers); text input likewise."""
    router = Router(name=__name__)
    router.callback_query.register(pressed, Desk.filter())
    router.callback_query.register(assign_chosen, DeskAssign.filter())
    router.message.register(input_cancelled, StateFilter(DeskInput.text), Command("cancel"), F.chat.type.in_(GROUPS))
    router.message.register(text_given, StateFilter(DeskInput.text), F.text)
    router.message.register(input_not_text, StateFilter(DeskInput.text))
    return router
