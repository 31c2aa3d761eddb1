"""Reminders rendered for the outbox (the :class:`services.reminders.ReminderNotices` port).

Sent by the delivery worker outside any update, so translated for the recipient's own language. The
readings reminder carries the button the meter's screens use to open the submission
(:class:`handlers.resident.meter_callbacks.MeterAction` with ``act=s``), so a press starts the dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape as _escape

import locales
from handlers.formatting import format_date
from handlers.i18n import DOMAIN
from handlers.resident.meter_callbacks import MeterAct, MeterAction
from services.enums import Channel
from services.ports import OutgoingMessage
from services.reminders import Audience, MeterInfo, ReadingsReminder, Stage, VerificationReminder


def escape(text: str) -> str:
    """For Telegram's HTML: &, < and > (quotes need no escaping there)."""
    return _escape(text, quote=False)


def _plain(text: str) -> str:
    return text


def _bold(text: str, channel: Channel) -> str:
    return f"<b>{text}</b>" if channel is Channel.TELEGRAM else text


class ReminderNoticeRenderer:
    """Readings and verification reminders, for Telegram (HTML) or e-mail (plain text)."""

    def __init__(self, default_language: str = locales.DEFAULT_LANGUAGE) -> None:
        self._default = default_language

    def readings_due(self, reminder: ReadingsReminder, language: str | None, channel: Channel) -> OutgoingMessage:
        language = language or self._default
        catalog = locales.translations(language, DOMAIN)
        _ = catalog.gettext
        quote = escape if channel is Channel.TELEGRAM else _plain
        title = _("Time to submit your meter readings")
        lines = [
            "📝 " + _bold(quote(title), channel),
            meter_line(reminder.meter, _, quote),
            _("Readings are accepted until {date}.").format(date=format_date(reminder.closes_on, language)),
        ]
        if channel is Channel.EMAIL:
            lines.append(_("Submit them in the Telegram bot: “Readings”, then “Submit readings”."))
            return OutgoingMessage(text="\n".join(lines), subject=title)
        button = MeterAction(act=MeterAct.SUBMIT, mid=reminder.meter.meter_id).pack()
        return OutgoingMessage(text="\n".join(lines), subject=title, buttons=(("✍️ " + _("Submit readings"), button),))

    def verification_due(
        self, reminder: VerificationReminder, language: str | None, channel: Channel
    ) -> OutgoingMessage:
        language = language or self._default
        catalog = locales.translations(language, DOMAIN)
        _ = catalog.gettext
        quote = escape if channel is Channel.TELEGRAM else _plain
        due = format_date(reminder.due_on, language)
        overdue = reminder.stage is Stage.OVERDUE
        if overdue:
            title = _("The meter's verification is overdue")
            days = -reminder.days_left
            when = catalog.ngettext(
                "The verification was due on {date}, {n} day ago.",
                "The verification was due on {date}, {n} days ago.",
                days,
            ).format(date=due, n=days)
        else:
            title = _("The meter's verification is coming up")
            days = reminder.days_left
            when = catalog.ngettext(
                "The next verification is due on {date}, in {n} day.",
                "The next verification is due on {date}, in {n} days.",
                days,
            ).format(date=due, n=days)
        icon = "⚠️ " if overdue else "🔧 "
        lines = [icon + _bold(quote(title), channel), meter_line(reminder.meter, _, quote), when]
        if reminder.audience is Audience.RESIDENT:
            lines.append(
                _("Readings of an unverified meter may not be accepted for billing: contact the board to arrange it.")
                if overdue
                else _("Please contact the board in advance to arrange the verification.")
            )
        else:
            lines.append(_("Plan the verification with the resident."))
        return OutgoingMessage(text="\n".join(lines), subject=title)


def meter_line(meter: MeterInfo, _: Callable[[str], str], quote: Callable[[str], str]) -> str:
    """ "Meter «Дом», No. 123, plot 12, СНТ «Ромашка»"."""
    number = _("No. {serial}").format(serial=quote(meter.serial))
    name = number if meter.label == meter.serial else f"«{quote(meter.label)}», {number}"
    if meter.plot_number:
        return _("Meter {meter}, plot {plot}, {site}").format(
            meter=name, plot=quote(meter.plot_number), site=quote(meter.site_name)
        )
    return _("Meter {meter}, {site}").format(meter=name, site=quote(meter.site_name))
