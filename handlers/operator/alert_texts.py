"""Alert messages rendered for the outbox (the :class:`services.alert_model.AlertNotices` port).

They are sent and edited outside any update, so they are translated for an explicit language: the
operators' chat in the site's default language, a staff member in their own. Telegram texts are HTML
with user data escaped; e-mails are plain text with a subject. Times are in the site's time zone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from html import escape
from typing import Any, Literal

from aiogram.filters.callback_data import CallbackData

import locales
from handlers.callbacks import RelayStart
from handlers.formatting import format_dt, format_kwh, format_number
from handlers.i18n import DOMAIN, N_
from services.alert_model import DEVIATION, IMBALANCE, OFFLINE, AlertView, Audience, DigestPeriod
from services.enums import AlertState, Channel, EventClass, MeterKind, Severity
from services.ports import OutgoingMessage

Gettext = Callable[[str], str]
Quote = Callable[[str], str]

MARKS: dict[Severity, str] = {Severity.ALARM: "🔴", Severity.WARNING: "🟠", Severity.INFO: "🔵"}
SEVERITIES: dict[Severity, str] = {
    Severity.ALARM: N_("Alarm"),
    Severity.WARNING: N_("Warning"),
    Severity.INFO: N_("Info"),
}
CLASSES: dict[EventClass, str] = {
    EventClass.INTEGRITY: N_("Integrity violation"),
    EventClass.TAMPER: N_("Tampering"),
    EventClass.THRESHOLD: N_("Parameter out of bounds"),
    EventClass.OTHER: N_("Other event"),
}
KINDS: dict[str, str] = {
    OFFLINE: N_("Meter offline"),
    DEVIATION: N_("Consumption deviation"),
    IMBALANCE: N_("Imbalance of the site"),
}
METER_KINDS: dict[MeterKind, str] = {MeterKind.INDIVIDUAL: N_("individual"), MeterKind.MAIN: N_("main")}
ACKNOWLEDGE = N_("Acknowledge")
ASSIGN = N_("Assign to me")
CLEAR = N_("Clear")
SHOW_METER = N_("Show meter")
RELAY_OFF = N_("Relay off")
DIGEST_LINES = 30
"""Alerts listed in a digest; the rest are counted (a Telegram message holds 4096 characters)."""


class AlertAction(CallbackData, prefix="al"):
    """A button under an alert: ``ack``, ``me`` (assign to me), ``clr`` (clear), ``show`` (the meter)."""

    act: Literal["ack", "me", "clr", "show"]
    alert_id: int


def gettext_for(language: str) -> Gettext:
    return locales.translations(language, DOMAIN).gettext


def _plain(text: str) -> str:
    return text


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _kwh(value: Any, language: str) -> str:
    number = _decimal(value)
    return "—" if number is None else format_kwh(number, language)


def _percent(value: Any, language: str, *, signed: bool = False) -> str:
    number = _decimal(value)
    if number is None:
        return "—"
    text = format_number(number, language, decimals=1)
    return ("+" + text if signed and number > 0 else text) + "\u00a0%"


def _day(value: Any, language: str) -> str:
    text = str(value or "")
    parts = text.split("-")
    return f"{parts[2]}.{parts[1]}.{parts[0]}" if len(parts) == 3 else text


def title(view: AlertView, _: Gettext) -> str:
    """ "🔴 Тревога · Вмешательство в работу прибора" """
    what = _(KINDS[view.kind]) if view.kind in KINDS else _(CLASSES[view.event_class])
    return f"{MARKS[view.severity]} {_(SEVERITIES[view.severity])} · {what}"


def meter_line(view: AlertView, _: Gettext, quote: Quote) -> str:
    meter = view.meter
    name = _("No. {serial}").format(serial=quote(meter.serial))
    if meter.label and meter.label != meter.serial:
        name += f" «{quote(meter.label)}»"
    if meter.model:
        name += f", {quote(meter.model)}"
    if meter.kind is MeterKind.MAIN:
        name += " (" + _("main meter") + ")"
    return _("Meter: {meter}").format(meter=name)


def place_line(view: AlertView, _: Gettext, quote: Quote) -> str:
    site = quote(view.meter.site_name)
    if view.meter.plot_number:
        return _("Plot {plot}, {site}").format(plot=quote(view.meter.plot_number), site=site)
    return site


def figures(view: AlertView, language: str, _: Gettext, quote: Quote) -> list[str]:
    """What the alert says in numbers: the device's text, or the monitoring rule's figures."""
    d = view.details
    tz = view.meter.timezone
    if view.kind == OFFLINE:
        seen = d.get("last_seen_at")
        lines = [_("No data for more than {minutes} min.").format(minutes=d.get("silence_minutes", "—"))]
        if isinstance(seen, str) and seen:
            lines.append(
                _("Last heard from: {when}").format(when=format_dt(datetime.fromisoformat(seen), tz, language))
            )
        return lines
    if view.kind == DEVIATION:
        lines = [
            _("Consumption on {day}: {value}").format(
                day=_day(d.get("day"), language), value=_kwh(d.get("value"), language)
            )
        ]
        if "average" in d:
            lines.append(
                _("Average of the previous 3 days: {average} ({percent}, allowed ±{limit})").format(
                    average=_kwh(d.get("average"), language),
                    percent=_percent(d.get("percent"), language, signed=True),
                    limit=_percent(d.get("limit_percent"), language),
                )
            )
        if "limit_kwh" in d:
            lines.append(_("Above the daily limit of {limit}").format(limit=_kwh(d.get("limit_kwh"), language)))
        return lines
    if view.kind == IMBALANCE:
        lines = [
            _("Day: {day}").format(day=_day(d.get("day"), language)),
            _("Main meter: {value}").format(value=_kwh(d.get("main"), language)),
            _("Sum of {count} plot meters: {value}").format(
                count=d.get("meters", "—"), value=_kwh(d.get("individual"), language)
            ),
            _("Difference: {value} ({percent}, allowed {limit})").format(
                value=_kwh(d.get("difference"), language),
                percent=_percent(d.get("percent"), language),
                limit=_percent(d.get("limit_percent"), language),
            ),
        ]
        if d.get("without_data"):
            lines.append(_("Meters without data that day: {count}").format(count=d["without_data"]))
        negative = (_decimal(d.get("difference")) or Decimal(0)) < 0
        lines.append(
            _("The plot meters show more than the main meter: check the meters.")
            if negative
            else _("Possible theft or losses.")
        )
        return lines
    text = str(d.get("text") or "").strip()
    code = quote(str(d.get("code") or view.kind))
    return [f"{quote(text)} ({code})" if text else code]


def state_lines(view: AlertView, language: str, _: Gettext, quote: Quote) -> list[str]:
    tz = view.meter.timezone
    lines: list[str] = []
    if view.state is AlertState.ACTIVE:
        lines.append("🆕 " + _("Not acknowledged"))
    elif view.acknowledged_at is not None:
        lines.append(
            "✅ "
            + _("Acknowledged by {who}, {when}").format(
                who=quote(view.acknowledged_by_name or "—"), when=format_dt(view.acknowledged_at, tz, language)
            )
        )
    if view.assignee_name:
        lines.append("🙋 " + _("Assignee: {who}").format(who=quote(view.assignee_name)))
    if view.state is AlertState.CLEARED and view.cleared_at is not None:
        when = format_dt(view.cleared_at, tz, language)
        if view.cleared_reason == "data":
            lines.append("☑️ " + _("Cleared automatically: the meter reports again, {when}").format(when=when))
        elif view.cleared_reason == "normal":
            lines.append("☑️ " + _("Cleared automatically: back within bounds, {when}").format(when=when))
        else:
            lines.append("☑️ " + _("Cleared by {who}, {when}").format(who=quote(view.cleared_by or "—"), when=when))
    if view.escalation_level and view.state is AlertState.ACTIVE:
        lines.append("⏫ " + _("Escalated: level {level}").format(level=view.escalation_level))
    return lines


def alert_text(view: AlertView, language: str, *, quote: Quote = escape, escalation: int = 0) -> str:
    _ = gettext_for(language)
    tz = view.meter.timezone
    rows: list[str] = []
    if escalation:
        rows.append("⏫ " + _("Nobody has acknowledged this alarm yet. Please see to it."))
    head = title(view, _)
    rows.append(f"<b>{head}</b>" if quote is escape else head)
    rows += figures(view, language, _, quote)
    rows += [meter_line(view, _, quote), place_line(view, _, quote)]
    if view.residents:
        rows.append(_("Resident: {names}").format(names=quote(", ".join(view.residents))))
    rows.append(_("Time: {when}").format(when=format_dt(view.first_at, tz, language)))
    if view.count > 1:
        rows.append(
            _("Repeated: {count} times, last at {when}").format(
                count=view.count, when=format_dt(view.last_at, tz, language)
            )
        )
    return "\n".join(rows) + "\n\n" + "\n".join(state_lines(view, language, _, quote))


def alert_buttons(view: AlertView, language: str) -> tuple[tuple[str, str], ...]:
    _ = gettext_for(language)
    show = ("📟 " + _(SHOW_METER), AlertAction(act="show", alert_id=view.id).pack())
    if view.state is AlertState.CLEARED:
        return (show,)
    buttons: list[tuple[str, str]] = []
    if view.state is AlertState.ACTIVE:
        buttons.append(("✅ " + _(ACKNOWLEDGE), AlertAction(act="ack", alert_id=view.id).pack()))
    buttons += [
        ("🙋 " + _(ASSIGN), AlertAction(act="me", alert_id=view.id).pack()),
        ("☑️ " + _(CLEAR), AlertAction(act="clr", alert_id=view.id).pack()),
        show,
        ("⛔ " + _(RELAY_OFF), RelayStart(meter_id=view.meter.id).pack()),
    ]
    return tuple(buttons)


def email_subject(view: AlertView, language: str) -> str:
    _ = gettext_for(language)
    where = _("meter No. {serial}").format(serial=view.meter.serial)
    if view.meter.plot_number:
        where += ", " + _("plot {plot}").format(plot=view.meter.plot_number)
    return f"{title(view, _)} — {where}"


def digest_text(views: Sequence[AlertView], period: DigestPeriod, language: str, *, quote: Quote = escape) -> str:
    _ = gettext_for(language)
    head = _("Quiet hours {start} – {end}: {count} alerts held back").format(
        start=format_dt(period.start, period.timezone, language),
        end=format_dt(period.end, period.timezone, language),
        count=len(views),
    )
    rows = ["🌙 " + (f"<b>{head}</b>" if quote is escape else head)]
    for view in views[:DIGEST_LINES]:
        meter = _("No. {serial}").format(serial=quote(view.meter.serial))
        if view.meter.plot_number:
            meter += ", " + _("plot {plot}").format(plot=quote(view.meter.plot_number))
        what = figures(view, language, _, quote)[0]
        state = " ☑️" if view.state is AlertState.CLEARED else ""
        repeats = f" ×{view.count}" if view.count > 1 else ""
        when = format_dt(view.first_at, view.meter.timezone, language)
        rows.append(f"• {when} {MARKS[view.severity]} {meter}: {what}{repeats}{state}")
    if len(views) > DIGEST_LINES:
        rows.append(_("… and {count} more").format(count=len(views) - DIGEST_LINES))
    return "\n".join(rows)


class AlertNoticeRenderer:
    """The Telegram side's implementation of :class:`services.alert_model.AlertNotices`."""

    def __init__(self, group_language: str = locales.DEFAULT_LANGUAGE) -> None:
        self._group_language = group_language

    def _language(self, audience: Audience) -> str:
        return locales.normalize_language(audience.language or self._group_language)

    def alert(self, view: AlertView, audience: Audience) -> OutgoingMessage:
        language = self._language(audience)
        if audience.channel is Channel.EMAIL:
            text = alert_text(view, language, quote=_plain, escalation=audience.escalation)
            return OutgoingMessage(text=text, subject=email_subject(view, language))
        text = alert_text(view, language, escalation=audience.escalation)
        return OutgoingMessage(text=text, buttons=alert_buttons(view, language))

    def digest(self, views: Sequence[AlertView], period: DigestPeriod, audience: Audience) -> OutgoingMessage:
        language = self._language(audience)
        if audience.channel is Channel.EMAIL:
            _ = gettext_for(language)
            subject = _("Alerts during quiet hours")
            return OutgoingMessage(text=digest_text(views, period, language, quote=_plain), subject=subject)
        return OutgoingMessage(text=digest_text(views, period, language))
