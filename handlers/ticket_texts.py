"""Tickets as people read them, in an explicit language: the notices the outbox sends later (outside any
update) and the screens the handlers show (in the update's language) share these functions.

Telegram texts are HTML with every piece of user data escaped; e-mails are plain text. A ticket's
number is its id: "№ 123" (see :mod:`services.ticket_model`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

import locales
from handlers.formatting import format_date, format_dt
from handlers.i18n import DOMAIN, N_
from handlers.ticket_callbacks import Desk
from services.enums import TicketStage, TicketType
from services.ticket_model import (
    STAGE_ORDER,
    AttachmentDTO,
    EventKind,
    TicketCard,
    TicketEvent,
    TicketList,
    TicketView,
)

Gettext = Callable[[str], str]
Buttons = tuple[tuple[str, str], ...]

TELEGRAM_LIMIT = 4096
POST_TEXT_MAX = 2000
CARD_TEXT_MAX = 1500
EVENT_TEXT_MAX = 300
HISTORY_MAX = 15

TYPES: dict[TicketType, str] = {
    TicketType.CONNECTION: N_("Technological connection"),
    TicketType.TAKE_READINGS: N_("Taking meter readings"),
    TicketType.ADMIT_METER: N_("Admitting a meter into operation"),
    TicketType.REPLACE_METER: N_("Installing or replacing a meter"),
    TicketType.NON_CONTRACTUAL: N_("Non-contractual consumption"),
    TicketType.THEFT: N_("Theft of grid equipment"),
    TicketType.COMPLAINT: N_("Complaint"),
    TicketType.QUESTION: N_("Question"),
    TicketType.OTHER: N_("Other request"),
}
STAGES: dict[TicketStage, str] = {
    TicketStage.REGISTERED: N_("Registration"),
    TicketStage.QUALIFIED: N_("Qualification"),
    TicketStage.IN_WORK: N_("In work"),
    TicketStage.DONE: N_("Completed"),
    TicketStage.CANCELLED: N_("Cancelled"),
}
ICONS: dict[TicketStage, str] = {
    TicketStage.REGISTERED: "🆕",
    TicketStage.QUALIFIED: "📋",
    TicketStage.IN_WORK: "🛠",
    TicketStage.DONE: "✅",
    TicketStage.CANCELLED: "✖️",
}


def gettext_for(language: str) -> Gettext:
    return locales.translations(language, DOMAIN).gettext


def plural_for(language: str) -> Callable[[str, str, int], str]:
    return locales.translations(language, DOMAIN).ngettext


def plain(text: str) -> str:
    return text


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fit(text: str) -> str:
    """A message within Telegram's limit (the history is cut from the middle when it must be)."""
    return text if len(text) <= TELEGRAM_LIMIT else text[: TELEGRAM_LIMIT - 1] + "…"


def number(ticket_id: int, _: Gettext) -> str:
    return _("No. {number}").format(number=ticket_id)


def type_name(ticket_type: TicketType, _: Gettext) -> str:
    return _(TYPES[ticket_type])


def stage_name(stage: TicketStage, _: Gettext) -> str:
    return _(STAGES[stage])


def stage_label(stage: TicketStage, _: Gettext) -> str:
    return f"{ICONS[stage]} {stage_name(stage, _)}"


def when(moment: datetime, ticket: TicketView, language: str) -> str:
    return format_dt(moment, ticket.timezone, language)


def due_day(ticket: TicketView, language: str) -> str:
    """The review date as a day ("26.11.2026"): the due time is the end of that local day."""
    if ticket.due_at is None:
        return "—"
    return format_date(ticket.due_at.astimezone(_zone(ticket.timezone)).date(), language)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def place_line(ticket: TicketView, _: Gettext, quote: Callable[[str], str] = escape) -> str:
    parts = []
    if ticket.plot_number:
        parts.append(_("plot {number}").format(number=quote(ticket.plot_number)))
    if ticket.meter_serial:
        meter = _("meter No. {serial}").format(serial=quote(ticket.meter_serial))
        if ticket.meter_label and ticket.meter_label != ticket.meter_serial:
            meter += f" «{quote(ticket.meter_label)}»"
        parts.append(meter)
    return ", ".join(parts) or "—"


def files_note(count: int, language: str) -> str:
    ngettext = plural_for(language)
    return "📎 " + ngettext("{n} file", "{n} files", count).format(n=count)


def due_line(ticket: TicketView, language: str) -> str:
    _ = gettext_for(language)
    line = _("Review by {date}").format(date=due_day(ticket, language))
    if ticket.overdue:
        line += " ⏰ " + _("overdue")
    return line


# --- the desk's views ----------------------------------------------------------------------------


def author_name(event: TicketEvent, _: Gettext) -> str:
    return event.author_name or _("system")


def stage_trail(card: TicketCard, language: str) -> list[str]:
    """One line per stage the ticket went through: the stage, who, when, and the comment given."""
    _ = gettext_for(language)
    lines = []
    for event in card.events:
        if event.kind not in (EventKind.CREATED, EventKind.STAGE):
            continue
        line = (
            f"{stage_label(event.stage, _)} — {escape(author_name(event, _))}, {when(event.at, card.ticket, language)}"
        )
        if event.text:
            line += "\n    " + escape(cut(event.text, EVENT_TEXT_MAX))
        lines.append(line)
    return lines


def group_text(card: TicketCard, language: str) -> str:
    """The ticket's post in the operators' chat (edited as the stage changes)."""
    _ = gettext_for(language)
    ticket, author = card.ticket, card.ticket.author
    contact = ", ".join(escape(part) for part in (author.name or "—", author.phone, author.email) if part)
    rows = [
        f"{ICONS[ticket.stage]} <b>{_('Request {number}').format(number=number(ticket.id, _))}</b> · "
        + type_name(ticket.ticket_type, _),
        _("Resident: {name}").format(name=contact),
        _("Site: {site}").format(site=escape(ticket.site_name) + ", " + place_line(ticket, _)),
        _("Filed: {time}").format(time=when(ticket.created_at, ticket, language)) + " · " + due_line(ticket, language),
    ]
    if card.files:
        rows.append(files_note(len(card.files), language))
    rows += ["", escape(cut(ticket.text, POST_TEXT_MAX)), ""]
    rows += stage_trail(card, language)
    if ticket.assignee is not None:
        rows.append(_("Assignee: {name}").format(name=escape(ticket.assignee.name or "—")))
    replies = sum(1 for e in card.events if e.kind in (EventKind.REPLY, EventKind.COMMENT))
    if replies:
        ngettext = plural_for(language)
        rows.append(ngettext("{n} message in the thread", "{n} messages in the thread", replies).format(n=replies))
    return fit("\n".join(rows))


def desk_buttons(card: TicketCard, language: str, *, engineer: bool = False) -> Buttons:
    """The desk's buttons for the ticket's stage (an engineer's own message has only theirs)."""
    _ = gettext_for(language)
    ticket, tid = card.ticket, card.ticket.id
    buttons: list[tuple[str, str]] = []
    if ticket.is_open:
        if ticket.stage is TicketStage.REGISTERED and not engineer:
            buttons.append(("📋 " + _("Take"), Desk(act="take", tid=tid).pack()))
        if ticket.stage is not TicketStage.IN_WORK:
            buttons.append(("🛠 " + _("Start work"), Desk(act="start", tid=tid).pack()))
        if not engineer:
            label = _("Reassign") if ticket.assignee is not None else _("Assign")
            buttons.append(("👷 " + label, Desk(act="assign", tid=tid).pack()))
        buttons.append(("💬 " + _("Reply"), Desk(act="reply", tid=tid).pack()))
        buttons.append(("✅ " + _("Close"), Desk(act="close", tid=tid).pack()))
        if not engineer:
            buttons.append(("✖️ " + _("Cancel request"), Desk(act="cancel", tid=tid).pack()))
    if card.files:
        buttons.append(("📎 " + _("Files ({n})").format(n=len(card.files)), Desk(act="files", tid=tid).pack()))
    return tuple(buttons)


def history_lines(card: TicketCard, language: str, *, resident_view: bool) -> list[str]:
    _ = gettext_for(language)
    ticket = card.ticket
    events = card.events[-HISTORY_MAX:]
    lines = ["<b>" + _("History") + "</b>"]
    skipped = len(card.events) - len(events)
    if skipped:
        lines.append(_("… {n} earlier").format(n=skipped))
    for event in events:
        moment = when(event.at, ticket, language)
        own = resident_view and event.author_id == ticket.author.id
        who = _("you") if own else escape(author_name(event, _))
        if event.kind in (EventKind.CREATED, EventKind.STAGE):
            line = f"{moment} · {stage_label(event.stage, _)} — {who}"
        else:
            icon = "💬" if event.kind is EventKind.REPLY else "🗨"
            line = f"{moment} · {icon} {who}"
        if event.text:
            line += ": " + escape(cut(event.text, EVENT_TEXT_MAX))
        if event.files and event.kind is not EventKind.CREATED:
            line += " " + files_note(len(event.files), language)
        lines.append(line)
    return lines


def card_text(card: TicketCard, language: str, *, resident_view: bool) -> str:
    """A ticket opened from a list: what it is about, where it stands, and its history."""
    _ = gettext_for(language)
    ticket = card.ticket
    rows = [
        f"{ICONS[ticket.stage]} <b>{_('Request {number}').format(number=number(ticket.id, _))}</b> · "
        + type_name(ticket.ticket_type, _),
        place_line(ticket, _)[:1].upper() + place_line(ticket, _)[1:],
        _("Filed: {time}").format(time=when(ticket.created_at, ticket, language)),
        _("Stage: {stage}").format(stage=stage_name(ticket.stage, _)),
    ]
    if ticket.is_open:
        rows.append(due_line(ticket, language))
    if not resident_view:
        author = ticket.author
        contact = ", ".join(escape(part) for part in (author.name or "—", author.phone, author.email) if part)
        rows.insert(1, _("Resident: {name}").format(name=contact))
        rows.insert(2, escape(ticket.site_name))
    if ticket.assignee is not None:
        rows.append(_("Assignee: {name}").format(name=escape(ticket.assignee.name or "—")))
    if card.files:
        rows.append(files_note(len(card.files), language))
    rows += ["", escape(cut(ticket.text, CARD_TEXT_MAX)), ""]
    rows += history_lines(card, language, resident_view=resident_view)
    return fit("\n".join(rows))


def list_line(ticket: TicketView, language: str, *, with_author: bool) -> str:
    _ = gettext_for(language)
    parts = [number(ticket.id, _), format_dt(ticket.created_at, ticket.timezone, language)[:10]]
    parts.append(type_name(ticket.ticket_type, _))
    if ticket.plot_number:
        parts.append(_("plot {number}").format(number=escape(ticket.plot_number)))
    if with_author:
        parts.append(escape(ticket.author.name or "—"))
    line = " · ".join(parts)
    if ticket.is_open:
        line += " — " + _("by {date}").format(date=due_day(ticket, language))
    return ("⏰ " if ticket.overdue else "") + line


def desk_list_text(found: TicketList, language: str, *, searched: bool) -> str:
    """``/tickets``: tickets by stage, overdue first within each."""
    _ = gettext_for(language)
    ngettext = plural_for(language)
    title = _("Search results") if searched else _("Open requests")
    rows = [f"<b>{title}</b> · " + escape(", ".join(found.site_names))]
    if not found.items:
        rows.append(_("Nothing found.") if searched else _("No open requests. 🎉"))
        return "\n".join(rows)
    summary = ngettext("{n} request", "{n} requests", found.total).format(n=found.total)
    if found.overdue:
        summary += ", " + _("overdue: {n}").format(n=found.overdue)
    rows.append(summary)
    for stage in STAGE_ORDER:
        items = [t for t in found.items if t.stage is stage]
        if items:
            rows += ["", f"<b>{stage_label(stage, _)}</b>"]
            rows += [list_line(t, language, with_author=True) for t in items]
    if found.total > len(found.items):
        rows += [
            "",
            _("Showing {shown} of {total}: narrow the search.").format(shown=len(found.items), total=found.total),
        ]
    return fit("\n".join(rows))


def overdue_text(site_name: str, tickets: Sequence[TicketView], language: str) -> str:
    _ = gettext_for(language)
    ngettext = plural_for(language)
    count = len(tickets)
    rows = [
        "⏰ " + _("Overdue requests") + " · " + escape(site_name),
        ngettext("{n} request is past its review date.", "{n} requests are past their review date.", count).format(
            n=count
        ),
        "",
    ]
    for ticket in tickets[:30]:
        rows.append(f"{list_line(ticket, language, with_author=True)} · {stage_name(ticket.stage, _)}")
    if len(tickets) > 30:
        rows.append("…")
    rows += ["", _("The full list: /tickets")]
    return fit("\n".join(rows))


def file_caption(file: AttachmentDTO, ticket_id: int, language: str) -> str:
    _ = gettext_for(language)
    name = f" · {escape(file.file_name)}" if file.file_name else ""
    return _("Request {number}").format(number=number(ticket_id, _)) + name
