"""Texts of the relay off/on flow: the restriction card the operators see (and that follows the command),
its buttons, the notices to residents (the :class:`services.restriction_model.RestrictionNotices` port),
the residents' answers for the operators, and the form's errors.

Everything that leaves outside an update (the outbox, the progress editor) is translated for an explicit
language: the operators' chat in the site's default language, a resident in their own.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from html import escape

from babel.numbers import format_currency

import locales
from handlers.formatting import format_date, format_dt
from handlers.i18n import N_
from handlers.operator.notices import Gettext, gettext_for
from handlers.operator.restriction_callbacks import ResidentReply, RestrictionAct
from services.enums import Channel, CommandState, RelayAction, RestrictionReason, RestrictionState
from services.errors import InvalidInput
from services.ports import OutgoingMessage
from services.restriction_model import (
    OperatorNotice,
    ResidentAnswer,
    ResidentNotice,
    RestrictionDTO,
)
from services.restrictions import POSTPONE_DAYS

Buttons = tuple[tuple[str, str], ...]

REASONS = {
    RestrictionReason.DEBT: N_("debt"),
    RestrictionReason.REPAIR: N_("repair works"),
    RestrictionReason.OTHER: N_("other reason"),
}
REASON_BUTTONS = {
    RestrictionReason.DEBT: N_("Debt"),
    RestrictionReason.REPAIR: N_("Repair works"),
    RestrictionReason.OTHER: N_("Other reason"),
}
STATES = {
    RestrictionState.PLANNED: N_("planned"),
    RestrictionState.NOTIFIED: N_("the resident has been notified"),
    RestrictionState.AWAITING_EXECUTION: N_("awaiting execution"),
    RestrictionState.EXECUTING: N_("being executed"),
    RestrictionState.DONE: N_("done"),
    RestrictionState.FAILED: N_("not done"),
    RestrictionState.CANCELLED: N_("called off"),
}
COMMANDS = {
    CommandState.QUEUED: ("⏳", N_("queued, waiting for the meter")),
    CommandState.SENT: ("📤", N_("sent to the meter, waiting for confirmation")),
    CommandState.CONFIRMED: ("✅", N_("confirmed by the meter")),
    CommandState.FAILED: ("❌", N_("the meter reported that the relay did not switch")),
    CommandState.TIMEOUT: ("⌛", N_("no confirmation from the meter in time")),
    CommandState.EXPIRED: ("⌛", N_("the meter stayed offline; the command expired")),
    CommandState.CANCELLED: ("🚫", N_("cancelled before it was sent")),
}
FORM_ERRORS = {
    ("amount", "empty"): N_("Please enter the debt amount in roubles, e.g. 1500 or 1 500,50."),
    ("amount", "format"): N_("Please enter the debt amount in roubles, e.g. 1500 or 1 500,50."),
    ("amount", "kopecks"): N_("An amount has at most two digits of kopecks, e.g. 1 500,50."),
    ("amount", "not_positive"): N_("The debt amount must be more than zero."),
    ("amount", "too_large"): N_("That amount is too large; please check it."),
    ("date", "format"): N_("Please enter a date as DD.MM.YYYY, e.g. 25.11.2026."),
    ("works_start_on", "past"): N_("The works cannot start in the past; please enter today or a later date."),
    ("notice_on", "past"): N_("The notice date cannot be in the past; please enter today or a later date."),
    ("control_on", "before_notice"): N_("The control date cannot be earlier than the notice date."),
    ("reason_text", "empty"): N_("Please describe the reason in a few words."),
    ("reason_text", "too_long"): N_("That is too long; please keep the reason under 500 characters."),
    ("question", "empty"): N_("Please write your question as text."),
    ("question", "too_long"): N_("That is too long; please keep the question under 1000 characters."),
}


def form_error(error: InvalidInput, _: Gettext) -> str:
    message = FORM_ERRORS.get((error.field, error.reason))
    return _(message) if message else _("Please check what you entered and try again.")


def money(amount: Decimal, language: str) -> str:
    """ "1 500,00 ₽" (ru), "RUB 1,500.00" (en)."""
    return format_currency(amount, "RUB", locale=language)


def meter_line(r: RestrictionDTO, _: Gettext, quote: Callable[[str], str] = escape) -> str:
    meter = _("meter No. {serial}").format(serial=quote(r.serial))
    if r.plot_number:
        return _("plot {plot}, {meter}").format(plot=quote(r.plot_number), meter=meter)
    return meter


def reason_line(r: RestrictionDTO, _: Gettext, language: str, quote: Callable[[str], str] = escape) -> str:
    if r.reason is RestrictionReason.DEBT and r.debt_amount is not None:
        return _("Reason: debt of {amount}").format(amount=money(r.debt_amount, language))
    if r.reason is RestrictionReason.REPAIR and r.works_start_on is not None:
        return _("Reason: repair works from {day}").format(day=format_date(r.works_start_on, language))
    if r.reason_text:
        return _("Reason: {text}").format(text=quote(r.reason_text))
    return _("Reason: {reason}").format(reason=_(REASONS[r.reason]))


def title(r: RestrictionDTO, _: Gettext) -> str:
    if r.action is RelayAction.OFF:
        return "⛔ " + _("Restriction No. {id}: switch off {meter}").format(id=r.id, meter=meter_line(r, _))
    return "🔌 " + _("Restriction No. {id}: restore power to {meter}").format(id=r.id, meter=meter_line(r, _))


def card_text(r: RestrictionDTO, language: str, command: CommandState | None = None) -> str:
    """The restriction as the operators see it, with its command's progress (HTML)."""
    _ = gettext_for(language)
    rows = [f"<b>{title(r, _)}</b>", escape(r.site_name)]
    if r.action is RelayAction.OFF:
        rows.append(reason_line(r, _, language))
    if r.notify_resident and r.notice_on and r.control_on:
        rows.append(
            _("Notice to the resident: {notice}; control date: {control}").format(
                notice=format_date(r.notice_on, language), control=format_date(r.control_on, language)
            )
        )
    if r.operator_name:
        rows.append(_("Operator: {name}").format(name=escape(r.operator_name)))
    rows.append(_("State: {state}").format(state=_(STATES[r.state])))
    state = command or r.command_state
    if state is not None:
        mark, text = COMMANDS[state]
        rows.append(_("Command: {mark} {state}").format(mark=mark, state=_(text)))
    if r.state is RestrictionState.DONE and r.executed_at is not None:
        done = _("Power off since {when}.") if r.action is RelayAction.OFF else _("Power restored at {when}.")
        rows.append("✅ " + done.format(when=format_dt(r.executed_at, r.timezone, language)))
    return "\n".join(rows)


def card_buttons(r: RestrictionDTO, language: str) -> Buttons:
    """What can be done with the restriction now (nothing once it is finished)."""
    _ = gettext_for(language)
    execute = ("▶️ " + _("Execute"), RestrictionAct(act="x", rid=r.id).pack())
    cancel = ("✖️ " + _("Cancel"), RestrictionAct(act="c", rid=r.id).pack())
    if r.state is RestrictionState.AWAITING_EXECUTION:
        later = tuple(
            ("⏸ " + _("Postpone {days} d.").format(days=days), RestrictionAct(act="p", rid=r.id, days=days).pack())
            for days in POSTPONE_DAYS
        )
        return (execute, *later, cancel)
    if r.state in (RestrictionState.PLANNED, RestrictionState.NOTIFIED):
        return (cancel,)
    if r.state is RestrictionState.EXECUTING and r.command_state is CommandState.QUEUED:
        return (cancel,)
    if r.state is RestrictionState.FAILED:
        return (("🔁 " + _("Try again"), RestrictionAct(act="x", rid=r.id).pack()),)
    return ()


def confirm_buttons(r: RestrictionDTO, language: str) -> Buttons:
    _ = gettext_for(language)
    yes = _("Yes, switch off now") if r.action is RelayAction.OFF else _("Yes, restore power now")
    return (
        ("⚠️ " + yes, RestrictionAct(act="xy", rid=r.id).pack()),
        ("↩️ " + _("Back"), RestrictionAct(act="b", rid=r.id).pack()),
    )


def answer_text(r: RestrictionDTO, notice: OperatorNotice, answer: ResidentAnswer, language: str) -> str:
    _ = gettext_for(language)
    who = escape(answer.name or "—") + (f", {escape(answer.phone)}" if answer.phone else "")
    about = _("restriction No. {id}, {meter}").format(id=r.id, meter=meter_line(r, _))
    if notice is OperatorNotice.PAID:
        return "💳 " + _("The resident {who} reports that the debt is paid ({about}).").format(who=who, about=about)
    return (
        "❓ "
        + _("Question from the resident {who} ({about}):").format(who=who, about=about)
        + "\n"
        + escape(answer.text)
    )


class RestrictionNoticeRenderer:
    """The Telegram side's implementation of :class:`services.restriction_model.RestrictionNotices`."""

    def __init__(self, group_language: str = locales.DEFAULT_LANGUAGE) -> None:
        self._group_language = group_language

    def for_operators(
        self, restriction: RestrictionDTO, notice: OperatorNotice, answer: ResidentAnswer | None = None
    ) -> OutgoingMessage:
        language = self._group_language
        if notice is OperatorNotice.CONTROL or answer is None:
            _ = gettext_for(language)
            head = "🔔 " + _("The control date has come. Execute the restriction?")
            return OutgoingMessage(
                text=head + "\n\n" + card_text(restriction, language), buttons=card_buttons(restriction, language)
            )
        return OutgoingMessage(
            text=answer_text(restriction, notice, answer, language), buttons=card_buttons(restriction, language)
        )

    def for_resident(
        self, restriction: RestrictionDTO, notice: ResidentNotice, locale: str | None, channel: Channel
    ) -> OutgoingMessage:
        language = locales.normalize_language(locale or self._group_language)
        _ = gettext_for(language)
        quote = escape if channel is Channel.TELEGRAM else _plain
        r = restriction
        where = meter_line(r, _, quote)
        if notice is ResidentNotice.PLANNED:
            subject = _("Notice of a planned power restriction")
            lines = [
                _("The board of {site} plans to restrict the power supply to {where}.").format(
                    site=quote(r.site_name), where=where
                ),
                reason_line(r, _, language, quote),
            ]
            if r.control_on is not None:
                lines.append(_("Planned date: {day}.").format(day=format_date(r.control_on, language)))
            if r.reason is RestrictionReason.DEBT:
                lines.append(_("To avoid the restriction, please pay the debt before that date."))
        elif notice is ResidentNotice.POWER_OFF:
            subject = _("The power supply is restricted")
            when = format_dt(r.executed_at, r.timezone, language) if r.executed_at else ""
            lines = [_("The power supply to {where} was switched off at {when}.").format(where=where, when=when)]
            lines.append(reason_line(r, _, language, quote))
        elif notice is ResidentNotice.POWER_ON:
            subject = _("The power supply is restored")
            lines = [_("The power supply to {where} has been restored.").format(where=where)]
        else:
            subject = _("The planned power restriction is cancelled")
            lines = [_("The planned restriction of the power supply to {where} is cancelled.").format(where=where)]
        if r.support_contact:
            lines.append(_("Contact: {contact}").format(contact=quote(r.support_contact)))
        buttons: Buttons = ()
        if notice is ResidentNotice.PLANNED and channel is Channel.TELEGRAM:
            buttons = resident_buttons(r, language)
        head = "⚠️ " if notice in (ResidentNotice.PLANNED, ResidentNotice.POWER_OFF) else "ℹ️ "
        text = head + "\n".join(lines) if channel is Channel.TELEGRAM else "\n".join(lines)
        return OutgoingMessage(text=text, subject=subject if channel is Channel.EMAIL else "", buttons=buttons)


def resident_buttons(r: RestrictionDTO, language: str) -> Buttons:
    _ = gettext_for(language)
    question = ("❓ " + _("Question"), ResidentReply(act="q", rid=r.id).pack())
    if r.reason is RestrictionReason.DEBT:
        return (("💳 " + _("Paid"), ResidentReply(act="paid", rid=r.id).pack()), question)
    return (question,)


def _plain(text: str) -> str:
    return text
