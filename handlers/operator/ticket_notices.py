"""Ticket notices rendered for the outbox (the :class:`services.ticket_model.TicketNotices` port).

The operators' chat reads the site's default language, a resident and a staff member their own. Telegram
texts are HTML with user data escaped; e-mails are plain text with a subject.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

import locales
from handlers.i18n import N_
from handlers.ticket_callbacks import Desk, My
from handlers.ticket_texts import (
    Buttons,
    Gettext,
    card_text,
    cut,
    desk_buttons,
    due_day,
    files_note,
    fit,
    gettext_for,
    group_text,
    number,
    overdue_text,
    place_line,
    plain,
    type_name,
)
from services.enums import Channel, TicketStage
from services.ports import OutgoingMessage
from services.ticket_model import TicketCard, TicketEvent, TicketView

NOTE_TEXT_MAX = 3000
_STAGE_SUBJECTS: dict[TicketStage, str] = {
    TicketStage.REGISTERED: N_("registered"),
    TicketStage.QUALIFIED: N_("accepted for review"),
    TicketStage.IN_WORK: N_("in work"),
    TicketStage.DONE: N_("completed"),
    TicketStage.CANCELLED: N_("cancelled"),
}


def _stage_sentence(stage: TicketStage, _: Gettext) -> str:
    sentences = {
        TicketStage.REGISTERED: _("Request {number} ({type}) is registered."),
        TicketStage.QUALIFIED: _("Request {number} ({type}) has been accepted for review."),
        TicketStage.IN_WORK: _("Work on request {number} ({type}) has started."),
        TicketStage.DONE: _("Request {number} ({type}) is completed."),
        TicketStage.CANCELLED: _("Request {number} ({type}) was cancelled."),
    }
    return sentences[stage]


ICON = {
    TicketStage.REGISTERED: "✅",
    TicketStage.QUALIFIED: "📋",
    TicketStage.IN_WORK: "🛠",
    TicketStage.DONE: "✅",
    TicketStage.CANCELLED: "✖️",
}


def receipt_text(card: TicketCard, language: str, channel: Channel = Channel.TELEGRAM) -> str:
    """The number and the estimated review date, as the seeds' cabinet shows them after filing."""
    _ = gettext_for(language)
    quote: Callable[[str], str] = escape if channel is Channel.TELEGRAM else plain
    ticket = card.ticket
    sentence = _stage_sentence(TicketStage.REGISTERED, _).format(
        number=number(ticket.id, _), type=type_name(ticket.ticket_type, _)
    )
    rows = [
        (f"✅ <b>{sentence}</b>" if channel is Channel.TELEGRAM else sentence),
        _("Concerns: {place}").format(place=place_line(ticket, _, quote)),
        _("We will review it by {date}.").format(date=due_day(ticket, language)),
    ]
    if card.files:
        rows.append(files_note(len(card.files), language))
    if channel is Channel.TELEGRAM:
        rows += ["", _("You will hear about every change here. Your requests are under “Requests”.")]
    else:
        rows += [
            "",
            _("Your request:"),
            ticket.text,
            "",
            _("You will hear about every change by e-mail and in the bot."),
        ]
    return "\n".join(rows)


def open_button(ticket_id: int, _: Gettext) -> Buttons:
    return (("📂 " + _("Open the request"), My(act="show", tid=ticket_id).pack()),)


class TicketNoticeRenderer:
    """The Telegram side's implementation of :class:`services.ticket_model.TicketNotices`."""

    def __init__(self, group_language: str = locales.DEFAULT_LANGUAGE) -> None:
        self._group_language = group_language

    def _language(self, language: str | None) -> str:
        return language if language in locales.LANGUAGES else self._group_language

    def for_operators(self, card: TicketCard) -> OutgoingMessage:
        language = self._group_language
        return OutgoingMessage(text=group_text(card, language), buttons=desk_buttons(card, language))

    def registered(self, card: TicketCard, channel: Channel) -> OutgoingMessage:
        language = self._language(card.ticket.author.locale)
        _ = gettext_for(language)
        text = receipt_text(card, language, channel)
        if channel is Channel.EMAIL:
            subject = _("Request {number} is registered").format(number=number(card.ticket.id, _))
            return OutgoingMessage(text=text, subject=subject)
        return OutgoingMessage(text=text, buttons=open_button(card.ticket.id, _))

    def stage_changed(self, card: TicketCard, channel: Channel) -> OutgoingMessage:
        language = self._language(card.ticket.author.locale)
        _ = gettext_for(language)
        ticket = card.ticket
        quote: Callable[[str], str] = escape if channel is Channel.TELEGRAM else plain
        sentence = _stage_sentence(ticket.stage, _).format(
            number=number(ticket.id, _), type=type_name(ticket.ticket_type, _)
        )
        rows = [f"{ICON[ticket.stage]} {sentence}"]
        event = card.stage_event
        if event is not None and event.text:
            label = _("Reason: {reason}") if ticket.stage is TicketStage.CANCELLED else _("Comment: {comment}")
            rows.append(label.format(reason=quote(event.text), comment=quote(event.text)))
        if ticket.is_open:
            rows.append(_("We will review it by {date}.").format(date=due_day(ticket, language)))
        if channel is Channel.EMAIL:
            subject = _("Request {number}: {stage}").format(
                number=number(ticket.id, _), stage=_(_STAGE_SUBJECTS[ticket.stage])
            )
            return OutgoingMessage(text="\n".join(rows), subject=subject)
        return OutgoingMessage(text="\n".join(rows), buttons=open_button(ticket.id, _))

    def staff_reply(self, card: TicketCard, event: TicketEvent, channel: Channel) -> OutgoingMessage:
        language = self._language(card.ticket.author.locale)
        _ = gettext_for(language)
        ticket = card.ticket
        quote: Callable[[str], str] = escape if channel is Channel.TELEGRAM else plain
        head = _("Reply on request {number} ({type}):").format(
            number=number(ticket.id, _), type=type_name(ticket.ticket_type, _)
        )
        text = f"💬 {head}\n\n{quote(event.text)}\n\n— {quote(event.author_name or _('the board'))}"
        if channel is Channel.EMAIL:
            subject = _("Reply on request {number}").format(number=number(ticket.id, _))
            return OutgoingMessage(text=text, subject=subject)
        return OutgoingMessage(text=fit(text), buttons=open_button(ticket.id, _))

    def resident_note(self, card: TicketCard, event: TicketEvent, language: str | None) -> OutgoingMessage:
        lang = self._language(language)
        _ = gettext_for(lang)
        ticket = card.ticket
        who, num = escape(ticket.author.name or "—"), number(ticket.id, _)
        if event.stage is TicketStage.CANCELLED:
            rows = ["↩️ " + _("The resident {name} cancelled request {number}.").format(name=who, number=num)]
            if event.text:
                rows.append(_("Reason: {reason}").format(reason=escape(event.text)))
            return OutgoingMessage(text="\n".join(rows))
        rows = ["🗨 " + _("{name} (resident) on request {number}:").format(name=who, number=num)]
        if event.text:
            rows.append(escape(cut(event.text, NOTE_TEXT_MAX)))
        if event.files:
            rows.append(files_note(len(event.files), lang))
        buttons = [("💬 " + _("Reply"), Desk(act="reply", tid=ticket.id).pack())]
        if event.files:
            buttons.append(
                ("📎 " + _("Files ({n})").format(n=len(card.files)), Desk(act="files", tid=ticket.id).pack())
            )
        return OutgoingMessage(text="\n".join(rows), buttons=tuple(buttons))

    def assigned(self, card: TicketCard, language: str | None) -> OutgoingMessage:
        lang = self._language(language)
        _ = gettext_for(lang)
        head = "👷 <b>" + _("Request {number} is assigned to you").format(number=number(card.ticket.id, _)) + "</b>"
        text = fit(head + "\n\n" + card_text(card, lang, resident_view=False))
        return OutgoingMessage(text=text, buttons=desk_buttons(card, lang, engineer=True))

    def overdue_digest(self, site_name: str, tickets: Sequence[TicketView], language: str | None) -> OutgoingMessage:
        lang = self._language(language)
        _ = gettext_for(lang)
        return OutgoingMessage(text=overdue_text(site_name, tickets, lang), subject=_("Overdue requests"))
