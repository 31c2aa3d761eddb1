"""``/tickets``: the dispatcher desk's list in the operators' chat (the sites the chat serves) or in a
private chat (an engineer's own tickets, or every site where one has a role).

Open tickets by stage, overdue first; or a search, as the seeds' desk does it:
``/tickets 123`` (number), ``/tickets участок 15`` (plot), ``/tickets Иванов`` (resident's name, any case),
``/tickets 01.11.2026-20.11.2026`` (filed in the period), ``/tickets в работе`` (a stage).
The buttons under the list open each ticket's card with the desk's buttons.
"""

from __future__ import annotations

import re
from datetime import date

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject
from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.i18n import get_i18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.i18n import N_, in_every_language
from handlers.operator import ticket_actions
from handlers.ticket_callbacks import Desk
from handlers.ticket_texts import STAGES, desk_list_text, number
from services.errors import PermissionDenied
from services.people import PersonDTO
from services.ticket_desk import TicketDesk
from services.ticket_model import TicketList, TicketQuery

GROUPS = {ChatType.GROUP, ChatType.SUPERGROUP}
PLOT_WORD = N_("plot")
NUMBER = re.compile(r"(?:№|#|no\.?)?\s*(\d{1,9})", re.IGNORECASE)
DAY = r"(\d{1,2}\.\d{1,2}\.\d{4})"
PERIOD = re.compile(DAY + r"(?:\s*[-–—]\s*" + DAY + r")?")
BUTTONS_MAX = 24


class BadQuery(ValueError):
    pass


def _day(text: str) -> date:
    day, month, year = (int(part) for part in text.split("."))
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise BadQuery(text) from exc


def parse_query(args: str) -> TicketQuery:
    """What ``/tickets <args>`` asks for; BadQuery for an impossible date or a reversed period."""
    text = " ".join(args.split())
    if not text:
        return TicketQuery()
    folded = text.casefold()
    if match := NUMBER.fullmatch(text):
        return TicketQuery(number=int(match.group(1)))
    if match := PERIOD.fullmatch(text):
        first = _day(match.group(1))
        last = _day(match.group(2)) if match.group(2) else first
        if last < first:
            raise BadQuery(text)
        return TicketQuery(period=(first, last))
    for stage, name in STAGES.items():
        if folded in {word.casefold() for word in in_every_language(name)}:
            return TicketQuery(stages=(stage,))
    head, _sep, rest = text.partition(" ")
    plot_words = {word.casefold() for word in in_every_language(PLOT_WORD)}
    if rest and head.casefold() in plot_words:
        return TicketQuery(plot=rest)
    return TicketQuery(name=text)


def list_keyboard(found: TicketList) -> InlineKeyboardMarkup | None:
    if not found.items:
        return None
    builder = InlineKeyboardBuilder()
    for ticket in found.items[:BUTTONS_MAX]:
        builder.button(
            text=("⏰ " if ticket.overdue else "") + number(ticket.id, _), callback_data=Desk(act="view", tid=ticket.id)
        )
    builder.adjust(4)
    return builder.as_markup()


def usage() -> str:
    return _(
        "Search: /tickets 123 (number), /tickets plot 15, /tickets Ivanov (resident's name), "
        "/tickets 01.11.2026-20.11.2026 (filed in the period), /tickets in work (a stage)."
    )


async def cmd_tickets(message: Message, command: CommandObject, person: PersonDTO, ticket_desk: TicketDesk) -> None:
    try:
        query = parse_query(command.args or "")
    except BadQuery:
        await message.reply(_("I could not read the dates: write them as 01.11.2026-20.11.2026.") + "\n" + usage())
        return
    chat_id = message.chat.id if message.chat.type in GROUPS else None
    try:
        found = await ticket_desk.search(person.id, query, chat_id=chat_id)
    except PermissionDenied:
        await message.reply(_("Sorry, the list of requests is only for the staff of the site."))
        return
    text = desk_list_text(found, get_i18n().current_locale, searched=query.is_search or query.stages is not None)
    if not query.is_search and query.stages is None:
        text += "\n\n" + usage()
    await message.reply(text, reply_markup=list_keyboard(found))


def build_router() -> Router:
    """/tickets in groups and private chats, then the desk's buttons and text input."""
    router = Router(name=__name__)
    router.message.register(cmd_tickets, Command("tickets"), F.chat.type.in_(GROUPS | {ChatType.PRIVATE}))
    router.include_router(ticket_actions.build_router())
    return router
