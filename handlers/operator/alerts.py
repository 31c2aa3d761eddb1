"""Buttons under an alert, in the operators' chat or in private: Acknowledge, Assign to me, Clear, Show meter.

"Show meter" answers with the meter card and, below it, a photo of the meter's consumption by hour over
the last 24 hours (``ChartService.last_24_hours``; while it is drawn the chat shows "sending a photo…").
A picture Telegram already has is sent again by its file_id instead of being uploaded anew.

The service re-checks the presser's role at the alert's site from the database on every press (being in
the group is not a role), changes the alert with a conditional update (a double press changes nothing)
and edits every delivered copy of the alert in place through :class:`TelegramAlertEditor`. Anyone else
gets a polite refusal, and the attempt is audited. "Relay off" belongs to the relay flow
(:class:`handlers.callbacks.RelayStart`).
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router, html
from aiogram.enums import ChatAction
from aiogram.exceptions import TelegramBadRequest, TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _
from babel.dates import format_time

from handlers.formatting import format_dt, format_kwh
from handlers.operator.alert_texts import METER_KINDS, AlertAction
from handlers.resident.chart_texts import ESTIMATED_MARK, MISSING_MARK, chart_labels
from services.alert_card import StaffMeterCard
from services.alerts import AlertOutcome, AlertService
from services.charts import ChartResult, ChartService
from services.enums import AlertState, RelayState
from services.errors import NotFound, PermissionDenied
from services.people import PersonDTO
from services.ports import OutgoingMessage

log = logging.getLogger(__name__)

TARIFFS = ("t1", "t2", "t3", "t4")
PHOTO_IDS = 256
"""Telegram file_ids of pictures already sent, remembered per bot (a file_id is valid for its bot only)."""
_photo_ids: OrderedDict[tuple[int, bytes], str] = OrderedDict()


def origin(chat_id: int, user_id: int) -> str:
    return f"telegram:chat:{chat_id}:user:{user_id}"


def markup(buttons: tuple[tuple[str, str], ...]) -> InlineKeyboardMarkup | None:
    """One button a row, as the outbox's notifier lays them out."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=label, callback_data=data)] for label, data in buttons]
    )


class TelegramAlertEditor:
    """The Telegram implementation of :class:`services.alert_model.MessageEditor`."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def edit(self, chat_id: int, message_id: int, message: OutgoingMessage) -> bool:
        try:
            await self._bot.edit_message_text(
                text=message.text, chat_id=chat_id, message_id=message_id, reply_markup=markup(message.buttons)
            )
        except TelegramRetryAfter:
            return False
        except (TelegramServerError, TelegramNetworkError):
            return False
        except TelegramBadRequest as error:
            if "not modified" not in error.message:  # deleted, or too old to edit: nothing more to do
                log.warning("alert message %s in chat %s not edited: %s", message_id, chat_id, error.message)
        return True


def refusal() -> str:
    return _("Sorry, only the chairman, a dispatcher or an admin of this site can handle alerts.")


def done_text(act: str) -> str:
    if act == "ack":
        return _("Acknowledged. Escalation stopped.")
    if act == "me":
        return _("The alert is assigned to you.")
    return _("Cleared.")


def unchanged_text(act: str, outcome: AlertOutcome, language: str) -> str:
    view = outcome.view
    if view.state is AlertState.CLEARED:
        return _("This alert has been cleared already.")
    if act == "me":
        return _("This alert is already assigned to you.")
    if view.acknowledged_at is not None:
        return _("Already acknowledged by {who} at {when}.").format(
            who=view.acknowledged_by_name or "—", when=format_dt(view.acknowledged_at, view.meter.timezone, language)
        )
    return _("Nothing to change.")


async def act_pressed(
    query: CallbackQuery, callback_data: AlertAction, person: PersonDTO, alerts: AlertService, i18n: I18n
) -> None:
    chat_id = query.message.chat.id if query.message is not None else query.from_user.id
    where = origin(chat_id, query.from_user.id)
    act = callback_data.act
    try:
        if act == "ack":
            outcome = await alerts.acknowledge(callback_data.alert_id, person.id, where)
        elif act == "me":
            outcome = await alerts.assign_to_me(callback_data.alert_id, person.id, where)
        else:
            outcome = await alerts.clear(callback_data.alert_id, person.id, where)
    except PermissionDenied:
        await query.answer(refusal(), show_alert=True)
        return
    except NotFound:
        await query.answer(_("This alert no longer exists."), show_alert=True)
        return
    if outcome.changed:
        await query.answer(done_text(act))
    else:
        await query.answer(unchanged_text(act, outcome, i18n.current_locale), show_alert=True)


def relay_name(state: RelayState) -> str:
    if state is RelayState.ON:
        return _("on")
    if state is RelayState.OFF:
        return _("off")
    return _("unknown")


def card_text(card: StaffMeterCard, language: str) -> str:
    name = _("No. {serial}").format(serial=html.quote(card.serial))
    if card.label and card.label != card.serial:
        name += f" «{html.quote(card.label)}»"
    if card.model:
        name += f", {html.quote(card.model)}"
    rows = ["📟 <b>" + _("Meter {name}").format(name=name) + "</b>"]
    rows.append(_("Kind: {kind}").format(kind=_(METER_KINDS[card.kind])))
    place = html.quote(card.site_name)
    if card.plot_number:
        place = _("Plot {plot}, {site}").format(plot=html.quote(card.plot_number), site=place)
    rows.append(place)
    if card.place:
        rows.append(_("Installed: {place}").format(place=html.quote(card.place)))
    if card.has_telemetry:
        mark = "⚪" if card.online is None else ("🟢" if card.online else "🔴")
        seen = format_dt(card.last_seen_at, card.timezone, language) if card.last_seen_at else "—"
        rows.append(_("Connection: {mark} last data {when}").format(mark=mark, when=seen))
    rows.append(_("Relay: {state}").format(state=relay_name(card.relay_state)))
    readings = card.readings
    if readings is not None:
        parts = [
            f"{tariff.upper()} {format_kwh(value, language)}"
            for tariff in TARIFFS[: max(1, card.tariff_count)]
            if (value := getattr(readings, tariff)) is not None and card.tariff_count > 1
        ]
        parts.append(_("total {value}").format(value=format_kwh(readings.total, language)))
        rows.append(
            _("Readings at {when}: {values}").format(
                when=format_dt(readings.ts, card.timezone, language), values=", ".join(parts)
            )
        )
    else:
        rows.append(_("No readings yet."))
    for resident in card.residents:
        contact = html.quote(resident.name or "—") + (f", {html.quote(resident.phone)}" if resident.phone else "")
        rows.append(_("Resident: {names}").format(names=contact))
    return "\n".join(rows)


async def show_meter(
    query: CallbackQuery,
    callback_data: AlertAction,
    person: PersonDTO,
    alerts: AlertService,
    i18n: I18n,
    bot: Bot,
    charts: ChartService | None = None,
) -> None:
    """The meter card for anyone with a role at the alert's site, then the last 24 hours' chart."""
    chat_id = query.message.chat.id if query.message is not None else query.from_user.id
    try:
        card = await alerts.meter_card(callback_data.alert_id, person.id, origin(chat_id, query.from_user.id))
    except PermissionDenied:
        await query.answer(_("Sorry, the meter card is only for the staff of this site."), show_alert=True)
        return
    except NotFound:
        await query.answer(_("This alert no longer exists."), show_alert=True)
        return
    await query.answer()
    reply_to = query.message.message_id if query.message is not None else None
    await bot.send_message(chat_id, card_text(card, i18n.current_locale), reply_to_message_id=reply_to)
    if charts is not None:
        await send_last_day(bot, chat_id, charts, card.meter_id, i18n.current_locale, reply_to)


def day_caption(result: ChartResult, language: str) -> str:
    """ "Consumption over the last 24 hours", the hours, the total and the peak hour, the marks (HTML)."""
    summary = result.summary
    lines = ["📊 <b>" + _("Consumption over the last 24 hours") + "</b>", html.quote(result.plot.subtitle)]
    if summary.total is None:
        lines.append(_("No consumption data in the last 24 hours."))
    else:
        lines.append(_("Total: {value}").format(value="<b>" + format_kwh(summary.total, language) + "</b>"))
        if summary.peak is not None and isinstance(summary.peak_at, datetime):
            when = format_time(summary.peak_at, "HH:mm", tzinfo=ZoneInfo(result.meter.timezone), locale=language)
            lines.append(_("Peak: {value} ({when})").format(value=format_kwh(summary.peak, language), when=when))
    marks = []
    if summary.estimated:
        hours = ngettext("{n} hour", "{n} hours", summary.estimated).format(n=summary.estimated)
        marks.append(f"{ESTIMATED_MARK} " + _("estimated: {n}").format(n=hours))
    if summary.missing:
        hours = ngettext("{n} hour", "{n} hours", summary.missing).format(n=summary.missing)
        marks.append(f"{MISSING_MARK} " + _("no data: {n}").format(n=hours))
    if marks:
        lines.append(" · ".join(marks))
    return "\n".join(lines)


async def send_last_day(
    bot: Bot, chat_id: int, charts: ChartService, meter_id: int, language: str, reply_to: int | None
) -> None:
    """The meter's last 24 hours as a photo; its file_id is kept, so the same picture is not uploaded twice."""

    async def uploading() -> None:
        await bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)

    try:
        result = await charts.last_24_hours(meter_id, chart_labels(language), on_miss=uploading)
    except NotFound:  # deleted since the card was read
        return
    key = (bot.id, hashlib.blake2b(result.png, digest_size=16).digest())
    known = _photo_ids.get(key)
    photo = known or BufferedInputFile(result.png, filename=f"last-24h-{meter_id}.png")
    sent = await bot.send_photo(chat_id, photo, caption=day_caption(result, language), reply_to_message_id=reply_to)
    if known is not None:
        _photo_ids.move_to_end(key)
    elif sent.photo:
        _photo_ids[key] = sent.photo[-1].file_id
        while len(_photo_ids) > PHOTO_IDS:
            _photo_ids.popitem(last=False)


def build_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(show_meter, AlertAction.filter(F.act == "show"))
    router.callback_query.register(act_pressed, AlertAction.filter())
    return router
