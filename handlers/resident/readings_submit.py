"""Submitting readings: each tariff in turn (previous value shown), a confirmation when the jump is
implausible, and a receipt. Every value is checked at once; a wrong one is explained and asked again.

The dialog keeps ids and decimal strings in the FSM data; the service checks everything again when the
readings are stored, so a stale dialog (meter unbound, window closed meanwhile) stores nothing.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from handlers.filters import PRIVATE
from handlers.formatting import format_date, format_dt, format_kwh
from handlers.i18n import N_
from handlers.keyboards import InlineKeyboard, cancel_keyboard, main_menu
from handlers.resident import meter_texts as texts
from handlers.resident.meter_callbacks import JumpAnswer, MeterAct, MeterAction
from services.errors import InvalidInput, NotFound
from services.people import PersonDTO
from services.readings import (
    BelowPrevious,
    JumpNeedsConfirmation,
    ManualReadingsNotAllowed,
    ReadingsService,
    SubmissionForm,
    SubmissionWindowClosed,
    SubmitResult,
    parse_register_value,
)


class SubmitReadings(StatesGroup):
    value = State()
    confirm = State()


_VALUE_ERRORS: dict[str, str] = {
    "empty": N_("Please send the reading as a number, for example 1234,5."),
    "not_a_number": N_("That is not a number. Send digits only, for example 1234,5 or 1 234.5."),
    "negative": N_("A reading cannot be negative."),
    "too_many_decimals": N_("Too many digits after the comma: at most three, for example 1234,567."),
    "too_large": N_("The number is too large for a meter reading: check it on the display."),
}


async def leave_submission(state: FSMContext) -> None:
    """Another section was opened: drop a half-entered submission (and only that)."""
    current = await state.get_state()
    if current is not None and current in SubmitReadings.__state_names__:
        await state.clear()


# --- texts ----------------------------------------------------------------------------------------


def value_error_text(error: InvalidInput) -> str:
    return _(_VALUE_ERRORS.get(error.reason, _VALUE_ERRORS["not_a_number"]))


def window_closed_text(error: SubmissionWindowClosed) -> str:
    window, locale = error.window, texts.locale()
    return _(
        "Readings are accepted from day {start} to day {end} of each month. The next window: {opens} – {closes}."
    ).format(
        start=window.start_day,
        end=window.end_day,
        opens=format_date(window.opens_on, locale),
        closes=format_date(window.closes_on, locale),
    )


def not_allowed_text() -> str:
    return _(
        "This meter sends its readings by itself, so you do not need to submit them. "
        "The current readings are under the “Readings” button of the meter's card."
    )


def prompt_text(data: dict[str, Any]) -> str:
    tariff = data["tariffs"][len(data["values"])]
    name = texts.tariff_name(tariff, int(data["count"]))
    lines = [_("{tariff}: send the number from the meter's display, for example 1234,5.").format(tariff=name)]
    previous = data["prev"].get(tariff)
    if previous is not None:
        value = format_kwh(Decimal(previous), texts.locale())
        if data.get("prev_at"):
            when = format_dt(datetime.fromisoformat(data["prev_at"]), data["tz"], texts.locale())
            lines.append(_("Previous: {value} on {time}.").format(value=value, time=when))
        else:
            lines.append(_("Previous: {value}.").format(value=value))
    return "\n".join(lines)


def intro_text(form: SubmissionForm) -> str:
    lines = [
        "<b>" + _("Submitting readings") + "</b>",
        texts.meter_title(form.meter),
        _("Readings are accepted until {date}.").format(date=format_date(form.window.closes_on, texts.locale())),
    ]
    if form.replaces_today:
        lines.append(_("You have already submitted readings today: the new ones will replace them."))
    return "\n".join(lines)


def jump_text(error: JumpNeedsConfirmation, data: dict[str, Any]) -> str:
    locale = texts.locale()
    since = format_dt(error.previous_at, data["tz"], locale)
    used = format_kwh(error.consumption, locale)
    if error.average_monthly is not None:
        text = _(
            "⚠️ These readings mean {consumption} since {since}, while this meter usually uses about {average} a month."
        ).format(consumption=used, since=since, average=format_kwh(error.average_monthly, locale))
    else:
        text = _("⚠️ These readings mean {consumption} since {since}: far more than usual.").format(
            consumption=used, since=since
        )
    return text + "\n\n" + _("Please check the numbers on the display. Are the readings right?")


def jump_keyboard(meter_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboard()
    builder.button(text="✅ " + _("Yes, they are right"), callback_data=JumpAnswer(mid=meter_id, ok=True))
    builder.button(text="✖️ " + _("No, cancel"), callback_data=JumpAnswer(mid=meter_id, ok=False))
    builder.adjust(1)
    return builder.as_markup()


def receipt_text(result: SubmitResult) -> str:
    locale = texts.locale()
    meter = result.meter
    lines = ["✅ <b>" + _("Readings accepted") + "</b>", texts.meter_title(meter), ""]
    for figure in result.tariffs:
        line = f"{texts.tariff_name(figure.tariff, meter.tariff_count)}: <b>{format_kwh(figure.value, locale)}</b>"
        if figure.consumption is not None:
            line += f" ({format_kwh(figure.consumption, locale, signed=True)})"
        lines.append(line)
    if meter.tariff_count > 1:
        lines.append(_("Total") + f": <b>{format_kwh(result.total, locale)}</b>")
    if result.consumption is not None and result.previous_at is not None:
        since = format_dt(result.previous_at, meter.timezone, locale)
        lines.append(
            _("Consumption since {since}: {consumption}.").format(
                since=since, consumption=format_kwh(result.consumption, locale)
            )
        )
    lines += ["", _("Submitted on {time}.").format(time=format_dt(result.ts, meter.timezone, locale))]
    if result.replaced:
        lines.append(_("They replace the readings you submitted earlier today."))
    return "\n".join(lines)


def below_text(tariff: str, previous: Decimal, data: dict[str, Any]) -> str:
    name = _("Total") if tariff == "total" else texts.tariff_name(tariff, int(data["count"]))
    return _("{tariff}: the reading cannot be lower than the previous one, {previous}. Check the display.").format(
        tariff=name, previous=format_kwh(previous, texts.locale())
    )


def _form_data(form: SubmissionForm) -> dict[str, Any]:
    return {
        "mid": form.meter.meter_id,
        "tariffs": list(form.meter.tariffs),
        "count": form.meter.tariff_count,
        "prev": {item.tariff: None if item.value is None else str(item.value) for item in form.previous},
        "prev_at": form.previous_at.isoformat() if form.previous_at else None,
        "tz": form.meter.timezone,
        "values": {},
    }


# --- handlers -------------------------------------------------------------------------------------


async def start(
    query: CallbackQuery, callback_data: MeterAction, state: FSMContext, person: PersonDTO, readings: ReadingsService
) -> None:
    try:
        form = await readings.form(person.id, callback_data.mid)
    except NotFound:
        await query.answer(texts.not_found_text(), show_alert=True)
        return
    except ManualReadingsNotAllowed:
        await texts.send(query, not_allowed_text())
        return
    except SubmissionWindowClosed as error:
        await texts.send(query, window_closed_text(error))
        return
    data = _form_data(form)
    await state.set_state(SubmitReadings.value)
    await state.set_data(data)
    await texts.send(query, intro_text(form) + "\n\n" + prompt_text(data), cancel_keyboard())


async def got_value(message: Message, state: FSMContext, person: PersonDTO, readings: ReadingsService) -> None:
    data = await state.get_data()
    tariff = data["tariffs"][len(data["values"])]
    try:
        value = parse_register_value(message.text or "")
    except InvalidInput as error:
        await message.answer(value_error_text(error) + "\n\n" + prompt_text(data), reply_markup=cancel_keyboard())
        return
    previous = data["prev"].get(tariff)
    if previous is not None and value < Decimal(previous):
        text = below_text(tariff, Decimal(previous), data) + "\n\n" + prompt_text(data)
        await message.answer(text, reply_markup=cancel_keyboard())
        return
    data["values"] = {**data["values"], tariff: str(value)}
    await state.update_data(values=data["values"])
    if len(data["values"]) < len(data["tariffs"]):
        await message.answer(prompt_text(data), reply_markup=cancel_keyboard())
        return
    await submit(message, state, person, readings, data, confirmed=False)


async def submit(
    message: Message,
    state: FSMContext,
    person: PersonDTO,
    readings: ReadingsService,
    data: dict[str, Any],
    *,
    confirmed: bool,
) -> None:
    values = {tariff: Decimal(text) for tariff, text in data["values"].items()}
    try:
        result = await readings.submit(person.id, int(data["mid"]), values, confirmed_jump=confirmed)
    except JumpNeedsConfirmation as jump:
        await state.set_state(SubmitReadings.confirm)
        await message.answer(jump_text(jump, data), reply_markup=jump_keyboard(int(data["mid"])))
        return
    except BelowPrevious as error:  # a newer reading arrived while the resident was typing
        await restart(message, state, person, readings, data, below_text(error.field, error.previous, data))
        return
    except SubmissionWindowClosed as error:
        await finish(message, state, window_closed_text(error))
        return
    except ManualReadingsNotAllowed:
        await finish(message, state, not_allowed_text())
        return
    except NotFound:
        await finish(message, state, texts.not_found_text())
        return
    await finish(message, state, receipt_text(result))


async def restart(
    message: Message, state: FSMContext, person: PersonDTO, readings: ReadingsService, data: dict[str, Any], why: str
) -> None:
    try:
        form = await readings.form(person.id, int(data["mid"]))
    except (NotFound, ManualReadingsNotAllowed, SubmissionWindowClosed):
        await finish(message, state, why)
        return
    fresh = _form_data(form)
    await state.set_state(SubmitReadings.value)
    await state.set_data(fresh)
    await message.answer(why + "\n\n" + prompt_text(fresh), reply_markup=cancel_keyboard())


async def finish(message: Message, state: FSMContext, text: str) -> None:
    await state.clear()
    await message.answer(text, reply_markup=main_menu())


async def jump_answered(
    query: CallbackQuery, callback_data: JumpAnswer, state: FSMContext, person: PersonDTO, readings: ReadingsService
) -> None:
    data = await state.get_data()
    current = await state.get_state() == SubmitReadings.confirm.state and data.get("mid") == callback_data.mid
    if not current or not isinstance(query.message, Message):
        await query.answer(_("This button is out of date. Please open the section again."))
        return
    await state.set_state(None)  # a second press of either button is now out of date
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=None)
    if not callback_data.ok:
        cancelled = _("The readings were not submitted. You can submit them again from the meter's card.")
        await finish(query.message, state, cancelled)
        return
    await submit(query.message, state, person, readings, data, confirmed=True)


async def press_a_button(message: Message) -> None:
    await message.answer(_("Please answer with the buttons above: are the readings right? Or send /cancel."))


async def not_text(message: Message) -> None:
    await message.answer(_("Please send the reading as a number, or /cancel to stop."))


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(PRIVATE)
    router.callback_query.filter(PRIVATE)
    router.callback_query.register(start, MeterAction.filter(F.act == MeterAct.SUBMIT))
    router.callback_query.register(jump_answered, JumpAnswer.filter())
    router.message.register(got_value, StateFilter(SubmitReadings.value), F.text)
    router.message.register(not_text, StateFilter(SubmitReadings.value))
    router.message.register(press_a_button, StateFilter(SubmitReadings.confirm))
    return router
