"""Texts and screen plumbing shared by the meters, readings and events handlers."""

from __future__ import annotations

from aiogram import html
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, ReplyKeyboardMarkup
from aiogram.utils.i18n import get_i18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.i18n import N_
from handlers.keyboards import InlineKeyboard
from handlers.resident.binding import BindStart
from handlers.resident.meter_callbacks import MeterAct, MeterAction
from services.meters import MeterRef, MeterSummary

_TARIFF_NAMES: dict[int, dict[str, str]] = {
    2: {"t1": N_("T1 (day)"), "t2": N_("T2 (night)")},
    3: {"t1": N_("T1 (peak)"), "t2": N_("T2 (night)"), "t3": N_("T3 (semi-peak)")},
    4: {"t1": N_("T1"), "t2": N_("T2"), "t3": N_("T3"), "t4": N_("T4")},
}
SINGLE_TARIFF = N_("Reading")


def locale() -> str:
    """The language the middleware chose for this update."""
    return get_i18n().current_locale


def tariff_name(tariff: str, tariff_count: int) -> str:
    """ "Т1 (день)" for a two-tariff meter; "Показание" for a single-tariff one."""
    if tariff_count <= 1:
        return _(SINGLE_TARIFF)
    names = _TARIFF_NAMES.get(min(tariff_count, 4), _TARIFF_NAMES[4])
    return _(names.get(tariff, tariff.upper()))


def short_tariff_name(tariff: str) -> str:
    """ "Т1" (a column header)."""
    return _(_TARIFF_NAMES[4].get(tariff, tariff.upper()))


def meter_title(meter: MeterRef) -> str:
    """ "«Основной», № 44103814060174" (escaped for HTML)."""
    number = _("No. {serial}").format(serial=html.quote(meter.serial))
    if meter.label == meter.serial:
        return number
    return f"«{html.quote(meter.label)}», {number}"


def not_found_text() -> str:
    return _("This meter is not in your list: it may have been unbound. Open “My meters” again.")


def no_meters_text() -> str:
    return _(
        "You have no bound meters yet.\n\n"
        "To bind one, send /bind (or press the button below) and enter the serial number and the MAC address "
        "or IMEI from the label on the meter, or the activation code the board gave you. After the chairman "
        "confirms, the meter appears here with its card, readings and events."
    )


def bind_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboard()
    builder.button(text="➕ " + _("Bind a meter"), callback_data=BindStart())
    return builder.as_markup()


def back_to_card(builder: InlineKeyboardBuilder, meter_id: int) -> None:
    builder.button(text="« " + _("To the meter"), callback_data=MeterAction(act=MeterAct.CARD, mid=meter_id))


async def show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Replace the pressed message with a screen (or send it when that message is too old to edit)."""
    await query.answer()
    if isinstance(query.message, Message):
        try:
            await query.message.edit_text(text, reply_markup=markup)
        except TelegramBadRequest as error:  # the same screen again: nothing to change
            if "message is not modified" not in str(error):
                raise
        return
    if query.bot is not None:
        await query.bot.send_message(query.from_user.id, text, reply_markup=markup)


async def send(
    query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | None = None
) -> None:
    """Answer a press with a new message in the same chat (the pressed message stays as it is)."""
    await query.answer()
    if query.bot is None:
        return
    chat_id = query.message.chat.id if query.message is not None else query.from_user.id
    await query.bot.send_message(chat_id, text, reply_markup=markup)


def online_mark(online: bool | None, has_telemetry: bool) -> str:
    if not has_telemetry:
        return "📝"
    if online is None:
        return "⚪"
    return "🟢" if online else "🔴"


def list_button(meter: MeterSummary) -> str:
    parts = [meter.label]
    if meter.serial != meter.label:
        parts.append(meter.serial)
    if meter.plot_number:
        parts.append(_("plot {plot}").format(plot=meter.plot_number))
    return f"{online_mark(meter.online, meter.has_telemetry)} " + " · ".join(parts)


def list_keyboard(
    meters: list[MeterSummary], act: MeterAct = MeterAct.CARD, *, with_bind: bool = False
) -> InlineKeyboardMarkup:
    """One button per meter opening screen ``act``; optionally "Bind a meter" below."""
    builder = InlineKeyboard()
    for meter in meters:
        builder.button(text=list_button(meter), callback_data=MeterAction(act=act, mid=meter.meter_id))
    if with_bind:
        builder.button(text="➕ " + _("Bind a meter"), callback_data=BindStart())
    builder.adjust(1)
    return builder.as_markup()
