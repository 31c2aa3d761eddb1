"""Binding notices rendered for the outbox (the :class:`services.bindings.BindingNotices` port).

They are sent later by the delivery worker, outside any update, so they are translated with
``locales.translations`` for an explicit language: the operators' chat in the site's default language,
the resident in their own. Telegram texts are HTML (user data escaped); e-mails are plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape
from typing import Literal
from zoneinfo import ZoneInfo

from aiogram.filters.callback_data import CallbackData
from babel.dates import format_datetime

import locales
from handlers.i18n import DOMAIN, N_
from services.bindings import BindingRequest
from services.enums import BindingMethod, BindingStatus, Channel
from services.ports import OutgoingMessage

Gettext = Callable[[str], str]

METHODS: dict[BindingMethod, str] = {
    BindingMethod.SERIAL: N_("serial number and MAC/IMEI"),
    BindingMethod.QR: N_("QR code on the meter"),
    BindingMethod.CODE: N_("activation code"),
    BindingMethod.ADMIN: N_("by the board"),
}


class Decide(CallbackData, prefix="bd"):
    """Approve (``ok``) or reject (``no``) a binding request from the operators' chat."""

    action: Literal["ok", "no"]
    binding_id: int


def gettext_for(language: str) -> Gettext:
    return locales.translations(language, DOMAIN).gettext


def when(moment: datetime, timezone: str, language: str) -> str:
    """23.11.2026 14:05 in the site's time zone."""
    try:
        zone = ZoneInfo(timezone)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    return format_datetime(moment, "dd.MM.yyyy HH:mm", tzinfo=zone, locale=language)


def meter_name(request: BindingRequest, _: Gettext) -> str:
    meter = request.binding.meter
    name = _("No. {serial}").format(serial=meter.serial)
    return f"{name}, {meter.model}" if meter.model else name


def plot_line(request: BindingRequest, _: Gettext) -> str:
    meter = request.binding.meter
    plot = meter.plot_number or "—"
    if meter.account_number:
        return _("{plot} (account {account})").format(plot=plot, account=meter.account_number)
    return plot


def request_text(request: BindingRequest, language: str, *, quote: Callable[[str], str] = escape) -> str:
    """The request as the operators see it (HTML unless ``quote`` says otherwise)."""
    _ = gettext_for(language)
    binding, resident = request.binding, request.resident
    rows = [
        "🔌 " + _("Request No. {id} to bind a meter").format(id=binding.id),
        _("Resident: {name}").format(name=quote(resident.name or "—")),
        _("Phone: {phone}").format(phone=quote(resident.phone or "—")),
    ]
    if resident.email:
        rows.append(_("E-mail: {email}").format(email=quote(resident.email)))
    rows += [
        _("Site: {site}").format(site=quote(binding.meter.site_name)),
        _("Plot: {plot}").format(plot=quote(plot_line(request, _))),
        _("Meter: {meter}").format(meter=quote(meter_name(request, _))),
        _("Method: {method}").format(method=_(METHODS[binding.method])),
        _("Requested: {when}").format(when=when(binding.requested_at, request.timezone, language)),
    ]
    return "\n".join(rows)


def decision_line(request: BindingRequest, language: str, *, quote: Callable[[str], str] = escape) -> str:
    """Who decided and when ("" while the request is pending)."""
    _ = gettext_for(language)
    binding = request.binding
    moment = when(binding.decided_at, request.timezone, language) if binding.decided_at else ""
    who = quote(binding.decided_by_name or "—")
    if binding.status is BindingStatus.ACTIVE:
        return "✅ " + _("Approved by {who}, {when}").format(who=who, when=moment)
    if binding.status is BindingStatus.REJECTED:
        line = "❌ " + _("Rejected by {who}, {when}").format(who=who, when=moment)
        return line + "\n" + _("Reason: {reason}").format(reason=quote(binding.reject_reason))
    if binding.status is BindingStatus.UNBOUND:
        return "↩️ " + _("Withdrawn by the resident")
    return ""


def group_text(request: BindingRequest, language: str) -> str:
    """The operators' message: the request, and the decision once there is one."""
    decided = decision_line(request, language)
    return request_text(request, language) + ("\n\n" + decided if decided else "")


def decision_buttons(binding_id: int, language: str) -> tuple[tuple[str, str], ...]:
    _ = gettext_for(language)
    return (
        ("✅ " + _("Approve"), Decide(action="ok", binding_id=binding_id).pack()),
        ("❌ " + _("Reject"), Decide(action="no", binding_id=binding_id).pack()),
    )


def _plain(text: str) -> str:
    return text


class BindingNoticeRenderer:
    """The Telegram side's implementation of :class:`services.bindings.BindingNotices`."""

    def __init__(self, group_language: str = locales.DEFAULT_LANGUAGE) -> None:
        self._group_language = group_language

    def for_operators(self, request: BindingRequest) -> OutgoingMessage:
        language = self._group_language
        return OutgoingMessage(
            text=group_text(request, language), buttons=decision_buttons(request.binding.id, language)
        )

    def for_resident(self, request: BindingRequest, channel: Channel) -> OutgoingMessage:
        language = request.resident.locale or self._group_language
        _ = gettext_for(language)
        binding = request.binding
        quote = escape if channel is Channel.TELEGRAM else _plain
        meter = quote(meter_name(request, _))
        plot = quote(plot_line(request, _))
        if binding.status is BindingStatus.ACTIVE:
            subject = _("Meter {meter} is bound to you").format(meter=meter)
            text = _(
                "The board approved your request: meter {meter} (plot {plot}) is bound to you. Its readings, "
                "card and charts are now available in the bot."
            ).format(meter=meter, plot=plot)
        else:
            subject = _("Request to bind meter {meter} rejected").format(meter=meter)
            text = _("The board rejected your request to bind meter {meter} (plot {plot}).").format(
                meter=meter, plot=plot
            )
            text += "\n" + _("Reason: {reason}").format(reason=quote(binding.reject_reason))
        return OutgoingMessage(text=text, subject=subject if channel is Channel.EMAIL else "")
