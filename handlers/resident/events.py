"""“Events” of a meter: the journal newest first, coloured by severity, paged, filtered by severity."""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.types import CallbackQuery, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from handlers.filters import PRIVATE
from handlers.formatting import format_dt
from handlers.i18n import N_
from handlers.keyboards import InlineKeyboard
from handlers.resident import meter_texts as texts
from handlers.resident.meter_callbacks import EventsPage, MeterAct, MeterAction
from services.enums import EventClass, Severity
from services.errors import NotFound
from services.events import EventQueryService, EventRow
from services.meters import MeterPage
from services.people import PersonDTO

TEXT_LIMIT = 200
"""Characters of an event's text shown in the list (a page stays far below Telegram's 4096)."""

MARKS: dict[Severity, str] = {Severity.ALARM: "🔴", Severity.WARNING: "🟠", Severity.INFO: "🔵"}
_SEVERITIES: dict[Severity, str] = {
    Severity.ALARM: N_("Alarms"),
    Severity.WARNING: N_("Warnings"),
    Severity.INFO: N_("Information"),
}
_CLASSES: dict[EventClass, str] = {
    EventClass.INTEGRITY: N_("Integrity violation"),
    EventClass.TAMPER: N_("Tampering"),
    EventClass.THRESHOLD: N_("Parameter out of bounds"),
    EventClass.OTHER: N_("Other event"),
}


def event_line(event: EventRow, timezone: str, locale: str) -> str:
    when = format_dt(event.ts, timezone, locale)
    details = event.text.strip() or event.code
    if len(details) > TEXT_LIMIT:
        details = details[: TEXT_LIMIT - 1] + "…"
    return f"{MARKS[event.severity]} <b>{when}</b> · {_(_CLASSES[event.event_class])}\n{html.quote(details)}"


def filter_name(severity: Severity | None) -> str:
    return _("all") if severity is None else _(_SEVERITIES[severity]).lower()


def events_text(page: MeterPage[EventRow], severity: Severity | None) -> str:
    locale = texts.locale()
    lines = [
        "<b>" + _("Events") + "</b>",
        texts.meter_title(page.meter),
        _("Shown: {filter}.").format(filter=filter_name(severity)),
        "",
    ]
    if not page.items:
        lines.append(_("No events.") if severity is None else _("No events of this kind."))
        return "\n".join(lines)
    lines.append("\n\n".join(event_line(event, page.meter.timezone, locale) for event in page.items))
    lines += [
        "",
        _("Page {page} of {pages}, {total} in all.").format(page=page.page + 1, pages=page.pages, total=page.total),
    ]
    return "\n".join(lines)


def events_keyboard(page: MeterPage[EventRow], severity: Severity | None) -> InlineKeyboardMarkup:
    mid = page.meter.meter_id
    builder = InlineKeyboard()
    choices: list[Severity | None] = [None, Severity.ALARM, Severity.WARNING, Severity.INFO]
    for choice in choices:
        label = _("All") if choice is None else f"{MARKS[choice]} {_(_SEVERITIES[choice])}"
        if choice == severity:
            label = "✓ " + label
        builder.button(text=label, callback_data=EventsPage(mid=mid, page=0, sev=choice))
    arrows = 0
    if page.has_previous:
        builder.button(text="◀", callback_data=EventsPage(mid=mid, page=page.page - 1, sev=severity))
        arrows += 1
    if page.has_next:
        builder.button(text="▶", callback_data=EventsPage(mid=mid, page=page.page + 1, sev=severity))
        arrows += 1
    texts.back_to_card(builder, mid)
    builder.adjust(2, 2, *([arrows] if arrows else []), 1)
    return builder.as_markup()


async def events_pressed(
    query: CallbackQuery, callback_data: EventsPage, person: PersonDTO, meter_events: EventQueryService
) -> None:
    severity = callback_data.sev
    try:
        page = await meter_events.for_person(person.id, callback_data.mid, severity, callback_data.page)
    except NotFound:
        await query.answer(texts.not_found_text(), show_alert=True)
        return
    await texts.show(query, events_text(page, severity), events_keyboard(page, severity))


async def events_from_card(
    query: CallbackQuery, callback_data: MeterAction, person: PersonDTO, meter_events: EventQueryService
) -> None:
    await events_pressed(query, EventsPage(mid=callback_data.mid), person, meter_events)


def build_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(PRIVATE)
    router.callback_query.register(events_from_card, MeterAction.filter(F.act == MeterAct.EVENTS))
    router.callback_query.register(events_pressed, EventsPage.filter())
    return router
