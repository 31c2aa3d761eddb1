"""“My meters”: the list of the resident's meters and the meter card, as in the seeds' cabinet."""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from handlers.filters import PRIVATE
from handlers.formatting import format_date, format_dt, format_number
from handlers.i18n import N_, button
from handlers.keyboards import MY_METERS, InlineKeyboard
from handlers.resident import meter_texts as texts
from handlers.resident.meter_callbacks import MeterAct, MeterAction
from handlers.resident.my_meters_manage import ManageBinding
from handlers.resident.readings_submit import leave_submission
from services.enums import MeterKind, RelayState
from services.errors import NotFound
from services.meters import MeterCard, MeterQueryService, MeterSummary, VerificationStatus
from services.people import PersonDTO

_RELAY: dict[RelayState, str] = {
    RelayState.ON: N_("ON"),
    RelayState.OFF: N_("OFF"),
    RelayState.UNKNOWN: N_("no data"),
}
_KIND: dict[MeterKind, str] = {
    MeterKind.INDIVIDUAL: N_("individual"),
    MeterKind.MAIN: N_("main (common)"),
}
_TARIFFS: dict[int, str] = {
    1: N_("single-rate"),
    2: N_("two-rate (day/night)"),
    3: N_("three-rate (peak/night/semi-peak)"),
    4: N_("four-rate"),
}


def list_text(meters: list[MeterSummary]) -> str:
    header = "<b>" + _("My meters") + "</b>"
    count = ngettext("You have {n} meter.", "You have {n} meters.", len(meters)).format(n=len(meters))
    legend = _("🟢 online · 🔴 no connection · 📝 readings by hand")
    hint = _("Tap one to open its card.")
    return f"{header}\n{count} {hint}\n\n{legend}"


def _line(label: str, value: str) -> str:
    return f"{label}: {value}"


def connection_line(card: MeterCard, locale: str) -> str:
    if not card.has_telemetry:
        return "📝 " + _("Readings are submitted by hand")
    if card.online is None:
        state = "⚪ " + _("Connection: no data")
    else:
        state = "🟢 " + _("Online") if card.online else "🔴 " + _("No connection")
    if card.last_seen_at is None:
        return state
    seen = format_dt(card.last_seen_at, card.meter.timezone, locale)
    return f"{state} · " + _("last data {time}").format(time=seen)


def phases_text(phases: int) -> str:
    return ngettext("{n} phase", "{n} phases", phases).format(n=phases)


def verification_note(status: VerificationStatus) -> str:
    if status is VerificationStatus.OVERDUE:
        return " ❗ " + _("overdue")
    if status is VerificationStatus.DUE_SOON:
        return " ⚠️ " + _("soon")
    return ""


def card_text(card: MeterCard) -> str:
    locale = texts.locale()
    q = html.quote
    dash = "—"
    relay = _(_RELAY[card.relay_state])
    lines = [
        "<b>" + q(card.meter.label) + "</b>",
        _line(_("Load state"), f"<b>{relay}</b>"),
        connection_line(card, locale),
        "",
        _line(_("Model"), q(card.model) or dash),
        _line(_("Serial number"), q(card.serial)),
    ]
    if card.mac:
        lines.append(_line(_("MAC address"), q(card.mac)))
    if card.imei:
        lines.append(_line("IMEI", q(card.imei)))
    lines += [
        _line(_("Installed on"), format_date(card.installed_on, locale) if card.installed_on else dash),
        _line(_("Place"), q(card.place) or dash),
        _line(_("Type"), _(_KIND[card.kind]) + ", " + phases_text(card.phases)),
        _line(_("Tariff"), _(_TARIFFS.get(card.tariff_count, _TARIFFS[4]))),
    ]
    if card.multiplier != 1:
        lines.append(_line(_("Transformer ratio"), format_number(card.multiplier, locale)))
    if card.gateway_serial:
        gateway = q(card.gateway_serial) + (f" ({q(card.gateway_model)})" if card.gateway_model else "")
        lines.append(_line(_("Gateway"), gateway))
    lines += ["", _line(_("Plot"), q(card.plot_number) if card.plot_number else dash)]
    if card.account_number:
        lines.append(_line(_("Account"), q(card.account_number)))
    lines.append(_line(_("Site"), q(card.site_name)))
    next_on = format_date(card.next_verification_on, locale) if card.next_verification_on else dash
    lines += [
        "",
        "<b>" + _("Verification") + "</b>",
        _line(_("Last verification"), format_date(card.verified_on, locale) if card.verified_on else dash),
        _line(_("Next verification"), next_on + verification_note(card.verification)),
        _line(_("Seal number"), q(card.seal_number) or dash),
    ]
    return "\n".join(lines)


def card_keyboard(card: MeterCard) -> InlineKeyboardMarkup:
    mid = card.meter.meter_id
    builder = InlineKeyboard()
    builder.button(text="🔢 " + _("Readings"), callback_data=MeterAction(act=MeterAct.CURRENT, mid=mid))
    builder.button(text="✍️ " + _("Submit readings"), callback_data=MeterAction(act=MeterAct.SUBMIT, mid=mid))
    builder.button(text="📜 " + _("History"), callback_data=MeterAction(act=MeterAct.HISTORY, mid=mid))
    builder.button(text="🔔 " + _("Events"), callback_data=MeterAction(act=MeterAct.EVENTS, mid=mid))
    builder.button(text="📊 " + _("Charts"), callback_data=MeterAction(act=MeterAct.CHARTS, mid=mid))
    builder.button(
        text="✏️ " + _("Rename"), callback_data=ManageBinding(action="rename", binding_id=card.meter.binding_id)
    )
    builder.button(text="« " + _("Back"), callback_data=MeterAction(act=MeterAct.LIST))
    builder.adjust(2, 2, 2, 1)
    return builder.as_markup()


async def my_meters(message: Message, state: FSMContext, person: PersonDTO, meter_queries: MeterQueryService) -> None:
    await leave_submission(state)
    meters = await meter_queries.list_for_person(person.id)
    if not meters:
        await message.answer(texts.no_meters_text(), reply_markup=texts.bind_keyboard())
        return
    await message.answer(list_text(meters), reply_markup=texts.list_keyboard(meters, with_bind=True))


async def list_pressed(query: CallbackQuery, person: PersonDTO, meter_queries: MeterQueryService) -> None:
    meters = await meter_queries.list_for_person(person.id)
    if not meters:
        await texts.show(query, texts.no_meters_text(), texts.bind_keyboard())
        return
    await texts.show(query, list_text(meters), texts.list_keyboard(meters, with_bind=True))


async def card_pressed(
    query: CallbackQuery, callback_data: MeterAction, person: PersonDTO, meter_queries: MeterQueryService
) -> None:
    try:
        card = await meter_queries.card(person.id, callback_data.mid)
    except NotFound:
        await query.answer(texts.not_found_text(), show_alert=True)
        return
    await texts.show(query, card_text(card), card_keyboard(card))


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(PRIVATE)
    router.callback_query.filter(PRIVATE)
    router.message.register(my_meters, button(MY_METERS))
    router.callback_query.register(list_pressed, MeterAction.filter(F.act == MeterAct.LIST))
    router.callback_query.register(card_pressed, MeterAction.filter(F.act == MeterAct.CARD))
    return router
