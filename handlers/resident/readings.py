"""“Readings”: the current readings of a meter per tariff, and the history of its readings as a table.

Submitting readings is the dialog in :mod:`handlers.resident.readings_submit`.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

import locales
from handlers.filters import PRIVATE
from handlers.formatting import format_dt, format_kwh, format_number
from handlers.i18n import DOMAIN, N_, button
from handlers.keyboards import READINGS, InlineKeyboard
from handlers.resident import meter_texts as texts
from handlers.resident.meter_callbacks import HistoryPage, MeterAct, MeterAction
from handlers.resident.readings_submit import leave_submission
from services.enums import ReadingSource
from services.errors import NotFound
from services.meters import CurrentReadings, MeterPage, MeterQueryService, MeterRef
from services.people import PersonDTO
from services.readings import ReadingRow, ReadingsService

_SOURCES: dict[ReadingSource, str] = {
    ReadingSource.TELEMETRY: N_("automatically from the meter"),
    ReadingSource.MANUAL: N_("submitted by hand"),
    ReadingSource.IMPORT: N_("imported"),
    ReadingSource.API: N_("from an external system"),
}
ESTIMATED_MARK = "*"


def source_text(source: ReadingSource) -> str:
    return _(_SOURCES[source])


def source_letter(source: ReadingSource) -> str:
    """One letter per source for the history table (a legend below the table explains them)."""
    catalog = locales.translations(texts.locale(), DOMAIN)
    letters = {
        ReadingSource.TELEMETRY: catalog.pgettext("reading source", "A"),
        ReadingSource.MANUAL: catalog.pgettext("reading source", "M"),
        ReadingSource.IMPORT: catalog.pgettext("reading source", "I"),
        ReadingSource.API: catalog.pgettext("reading source", "E"),
    }
    return letters[source]


def current_text(current: CurrentReadings) -> str:
    locale = texts.locale()
    meter = current.meter
    lines = ["<b>" + _("Current readings") + "</b>", texts.meter_title(meter), ""]
    if current.ts is None or current.source is None:
        lines.append(_("There are no readings yet."))
        if meter.manual_allowed:
            lines.append(_("Submit the first ones with the button below."))
        return "\n".join(lines)
    for item in current.tariffs:
        value = format_kwh(item.value, locale) if item.value is not None else "—"
        lines.append(f"{texts.tariff_name(item.tariff, meter.tariff_count)}: <b>{value}</b>")
    if meter.tariff_count > 1 and current.total is not None:
        lines.append(_("Total") + f": <b>{format_kwh(current.total, locale)}</b>")
    when = format_dt(current.ts, meter.timezone, locale)
    lines += ["", f"🕒 {when} · {source_text(current.source)}"]
    return "\n".join(lines)


def current_keyboard(meter: MeterRef) -> InlineKeyboardMarkup:
    builder = InlineKeyboard()
    if meter.manual_allowed:
        builder.button(
            text="✍️ " + _("Submit readings"), callback_data=MeterAction(act=MeterAct.SUBMIT, mid=meter.meter_id)
        )
    builder.button(text="📜 " + _("History"), callback_data=HistoryPage(mid=meter.meter_id))
    texts.back_to_card(builder, meter.meter_id)
    builder.adjust(2 if meter.manual_allowed else 1, 1)
    return builder.as_markup()


def _table(rows: tuple[ReadingRow, ...], meter: MeterRef, locale: str) -> str:
    """Time, one column per tariff (right-aligned), the source letter; "*" marks an estimated value."""
    if meter.tariff_count > 1:
        headers = [texts.short_tariff_name(tariff) for tariff in meter.tariffs]
    else:
        headers = [_(texts.SINGLE_TARIFF)]
    cells = [
        [
            (format_number(value, locale) if value is not None else "—") + (ESTIMATED_MARK if row.estimated else "")
            for value in row.tariffs
        ]
        for row in rows
    ]
    widths = [max([len(header)] + [len(line[i]) for line in cells]) for i, header in enumerate(headers)]
    time_header = _("Date and time")
    time_width = max(len(time_header), 16)
    head = time_header.ljust(time_width) + "".join("  " + h.rjust(w) for h, w in zip(headers, widths, strict=True))
    body = [
        format_dt(row.ts, meter.timezone, locale).ljust(time_width)
        + "".join("  " + c.rjust(w) for c, w in zip(line, widths, strict=True))
        + " "
        + source_letter(row.source)
        for row, line in zip(rows, cells, strict=True)
    ]
    return "<pre>" + "\n".join([head, *body]) + "</pre>"


def history_text(page: MeterPage[ReadingRow]) -> str:
    locale = texts.locale()
    meter = page.meter
    lines = ["<b>" + _("Readings history") + "</b>", texts.meter_title(meter), ""]
    if not page.items:
        lines.append(_("There are no readings yet."))
        return "\n".join(lines)
    lines.append(_table(page.items, meter, locale))
    sources = sorted({row.source for row in page.items}, key=list(ReadingSource).index)
    legend = [f"{source_letter(source)}: {source_text(source)}" for source in sources]
    if any(row.estimated for row in page.items):
        legend.append(ESTIMATED_MARK + ": " + _("estimated"))
    lines.append(" · ".join(legend))
    lines.append(
        _("Page {page} of {pages}, {total} in all.").format(page=page.page + 1, pages=page.pages, total=page.total)
    )
    return "\n".join(lines)


def pager(builder: InlineKeyboardBuilder, page: MeterPage[ReadingRow]) -> int:
    """◀ ▶ buttons where there is somewhere to go; returns how many were added."""
    added = 0
    if page.has_previous:
        builder.button(text="◀", callback_data=HistoryPage(mid=page.meter.meter_id, page=page.page - 1))
        added += 1
    if page.has_next:
        builder.button(text="▶", callback_data=HistoryPage(mid=page.meter.meter_id, page=page.page + 1))
        added += 1
    return added


def history_keyboard(page: MeterPage[ReadingRow]) -> InlineKeyboardMarkup:
    builder = InlineKeyboard()
    arrows = pager(builder, page)
    texts.back_to_card(builder, page.meter.meter_id)
    builder.adjust(*([arrows] if arrows else []), 1)
    return builder.as_markup()


async def readings_menu(
    message: Message, state: FSMContext, person: PersonDTO, meter_queries: MeterQueryService
) -> None:
    """The menu's “Readings”: the current readings of the only meter, or first the choice of a meter."""
    await leave_submission(state)
    meters = await meter_queries.list_for_person(person.id)
    if not meters:
        await message.answer(texts.no_meters_text(), reply_markup=texts.bind_keyboard())
        return
    if len(meters) > 1:
        await message.answer(
            _("Which meter's readings?"), reply_markup=texts.list_keyboard(meters, act=MeterAct.CURRENT)
        )
        return
    try:
        current = await meter_queries.current_readings(person.id, meters[0].meter_id)
    except NotFound:  # unbound between the two queries
        await message.answer(texts.not_found_text())
        return
    await message.answer(current_text(current), reply_markup=current_keyboard(current.meter))


async def current_pressed(
    query: CallbackQuery, callback_data: MeterAction, person: PersonDTO, meter_queries: MeterQueryService
) -> None:
    try:
        current = await meter_queries.current_readings(person.id, callback_data.mid)
    except NotFound:
        await query.answer(texts.not_found_text(), show_alert=True)
        return
    await texts.show(query, current_text(current), current_keyboard(current.meter))


async def history_pressed(
    query: CallbackQuery, callback_data: HistoryPage, person: PersonDTO, readings: ReadingsService
) -> None:
    try:
        page = await readings.history(person.id, callback_data.mid, callback_data.page)
    except NotFound:
        await query.answer(texts.not_found_text(), show_alert=True)
        return
    await texts.show(query, history_text(page), history_keyboard(page))


async def history_from_card(
    query: CallbackQuery, callback_data: MeterAction, person: PersonDTO, readings: ReadingsService
) -> None:
    await history_pressed(query, HistoryPage(mid=callback_data.mid), person, readings)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(PRIVATE)
    router.callback_query.filter(PRIVATE)
    router.message.register(readings_menu, button(READINGS))
    router.callback_query.register(current_pressed, MeterAction.filter(F.act == MeterAct.CURRENT))
    router.callback_query.register(history_from_card, MeterAction.filter(F.act == MeterAct.HISTORY))
    router.callback_query.register(history_pressed, HistoryPage.filter())
    return router
