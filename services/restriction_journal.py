"""The journal of restriction operations (ведомость операций ограничения электропотребления), as the seeds'
report has it: plot, meter serial, debt amount, notice date, actual date, state, completion, operator;
for one plot or the whole site, over a period.

A restriction belongs to a period when any of its days falls in it: the day it was planned, its notice
and control dates, the day it was carried out (days in the site's time zone). The completion of a
disconnection is "in force" until a later restoring operation on the same meter succeeds ("lifted").

:func:`journal_csv` is the export for the board's spreadsheet: the column names and values are Russian,
as in the seeds' report (a file format, like the seeds' own; the bot and the admin web translate what
they show), ``;``-separated UTF-8 with a byte order mark, decimal commas, dates as 23.11.2026.
"""

from __future__ import annotations

import csv
import io
from bisect import bisect_right
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from services.db.models import Restriction, Site
from services.enums import RelayAction, RestrictionReason, RestrictionState
from services.pagination import Page, clamp_page
from services.restriction_model import Completion, JournalRow, zone

CSV_COLUMNS = (
    "№",
    "Участок",
    "Серийный номер ПУ",
    "Операция",
    "Причина",
    "Сумма долга, руб.",
    "Дата уведомления",
    "Дата контроля",
    "Фактическая дата",
    "Состояние",
    "Завершение",
    "Исполнитель",
)
CSV_ACTIONS = {RelayAction.OFF: "ограничение", RelayAction.ON: "снятие ограничения"}
CSV_REASONS = {
    RestrictionReason.DEBT: "задолженность",
    RestrictionReason.REPAIR: "ремонтные работы",
    RestrictionReason.OTHER: "иное",
}
CSV_STATES = {
    RestrictionState.PLANNED: "запланировано",
    RestrictionState.NOTIFIED: "абонент уведомлён",
    RestrictionState.AWAITING_EXECUTION: "ожидает исполнения",
    RestrictionState.EXECUTING: "выполняется",
    RestrictionState.DONE: "выполнено",
    RestrictionState.FAILED: "не выполнено",
    RestrictionState.CANCELLED: "отменено",
}
CSV_COMPLETION = {
    Completion.PENDING: "в работе",
    Completion.IN_FORCE: "ограничение действует",
    Completion.LIFTED: "снято",
    Completion.RESTORED: "подача восстановлена",
    Completion.NOT_EXECUTED: "не выполнено",
}


def completion(state: RestrictionState, action: RelayAction, lifted_on: date | None) -> Completion:
    if state is RestrictionState.DONE:
        if action is RelayAction.ON:
            return Completion.RESTORED
        return Completion.LIFTED if lifted_on is not None else Completion.IN_FORCE
    if state in (RestrictionState.FAILED, RestrictionState.CANCELLED):
        return Completion.NOT_EXECUTED
    return Completion.PENDING


FIELDS = (
    "id",
    "meter_id",
    "meter__serial",
    "meter__plot__number",
    "action",
    "reason",
    "debt_amount",
    "notify_resident",
    "notice_on",
    "control_on",
    "state",
    "executed_at",
    "operator__name",
)
"""What a journal row prints: values, not models (no site, meter, plot, person or command objects)."""
CHUNK = 500
"""Rows fetched at a time for the whole journal (the CSV, the reports)."""


def _scope(site_id: int, plot_id: int | None) -> QuerySet[Restriction]:
    query = Restriction.filter(meter__site_id=site_id)
    return query if plot_id is None else query.filter(meter__plot_id=plot_id)


def _touching(period: tuple[date, date], tz: ZoneInfo) -> Q:
    """Any of the restriction's days in ``period``: planned (created), notice, control, carried out; the
    moments' bounds are the site's local midnights, compared in UTC."""
    start, end = period
    lower = datetime.combine(start, time.min, tzinfo=tz).astimezone(UTC)
    upper = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz).astimezone(UTC)
    return (
        Q(created_at__gte=lower, created_at__lt=upper)
        | Q(executed_at__gte=lower, executed_at__lt=upper)
        | Q(notice_on__gte=start, notice_on__lte=end)
        | Q(control_on__gte=start, control_on__lte=end)
    )


async def _site_zone(site_id: int) -> ZoneInfo:
    site = await Site.get_or_none(id=site_id).values("timezone")
    return zone(site["timezone"] if site else "UTC")


async def _restorations(query: QuerySet[Restriction]) -> dict[int, list[datetime]]:
    """When each meter's power was restored by a successful operation, in time order."""
    rows = await query.filter(
        action=RelayAction.ON, state=RestrictionState.DONE, executed_at__isnull=False
    ).values_list("meter_id", "executed_at")
    found: dict[int, list[datetime]] = {}
    for meter_id, moment in rows:
        found.setdefault(meter_id, []).append(moment)
    return {meter_id: sorted(moments) for meter_id, moments in found.items()}


def _row(values: dict[str, Any], tz: ZoneInfo, restored: dict[int, list[datetime]]) -> JournalRow:
    action = RelayAction(values["action"])
    state = RestrictionState(values["state"])
    executed_at: datetime | None = values["executed_at"]
    lifted_on = None
    if action is RelayAction.OFF and executed_at is not None:
        later = restored.get(values["meter_id"], [])
        after = bisect_right(later, executed_at)
        if after < len(later):
            lifted_on = later[after].astimezone(tz).date()
    return JournalRow(
        restriction_id=values["id"],
        plot_number=values["meter__plot__number"] or "",
        serial=values["meter__serial"],
        action=action,
        reason=RestrictionReason(values["reason"]),
        debt_amount=values["debt_amount"],
        notice_on=values["notice_on"] if values["notify_resident"] else None,
        control_on=values["control_on"],
        executed_on=executed_at.astimezone(tz).date() if executed_at is not None else None,
        executed_at=executed_at,
        state=state,
        completion=completion(state, action, lifted_on),
        lifted_on=lifted_on,
        operator_name=values["operator__name"] or "",
    )


async def journal_page(
    site_id: int,
    plot_id: int | None,
    period: tuple[date, date],
    page: int,
    page_size: int,
    state: RestrictionState | None = None,
) -> Page[JournalRow]:
    """One page of :func:`journal_rows` (of ``state`` only, if given): counted and paged by the database,
    newest first; a page beyond the last shows the last."""
    tz = await _site_zone(site_id)
    query = _scope(site_id, plot_id).filter(_touching(period, tz))
    if state is not None:
        query = query.filter(state=state)
    total = await query.count()
    page = clamp_page(page, total, page_size)
    found = await query.order_by("-id").offset(page * page_size).limit(page_size).values(*FIELDS)
    meters = sorted({values["meter_id"] for values in found if values["action"] == RelayAction.OFF})
    restored = await _restorations(Restriction.filter(meter_id__in=meters)) if meters else {}
    return Page(tuple(_row(values, tz, restored) for values in found), total, page, page_size)


async def journal_chunks(
    site_id: int, plot_id: int | None, period: tuple[date, date], newest_first: bool = True
) -> AsyncIterator[list[JournalRow]]:
    """The whole journal in chunks of :data:`CHUNK` rows (keyset on the id), newest or oldest first."""
    tz = await _site_zone(site_id)
    query = _scope(site_id, plot_id).filter(_touching(period, tz))
    restored = await _restorations(_scope(site_id, plot_id))
    last: int | None = None
    while True:
        chunk = query
        if last is not None:
            chunk = chunk.filter(id__lt=last) if newest_first else chunk.filter(id__gt=last)
        found = await chunk.order_by("-id" if newest_first else "id").limit(CHUNK).values(*FIELDS)
        if not found:
            return
        yield [_row(values, tz, restored) for values in found]
        if len(found) < CHUNK:
            return
        last = found[-1]["id"]


async def journal_rows(site_id: int, plot_id: int | None, period: tuple[date, date]) -> list[JournalRow]:
    """The site's (or the plot's) operations touching ``period`` (first and last day included), newest first."""
    return [row async for chunk in journal_chunks(site_id, plot_id, period) for row in chunk]


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value is not None else ""


async def journal_csv(site_id: int, plot_id: int | None, period: tuple[date, date]) -> bytes:
    tz = await _site_zone(site_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    async for chunk in journal_chunks(site_id, plot_id, period, newest_first=False):  # as a ledger reads
        writer.writerows(_line(row, tz) for row in chunk)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _line(row: JournalRow, tz: ZoneInfo) -> tuple[object, ...]:
    done = CSV_COMPLETION[row.completion]
    if row.lifted_on is not None:
        done = f"{done} {_day(row.lifted_on)}"
    return (
        row.restriction_id,
        row.plot_number,
        row.serial,
        CSV_ACTIONS[row.action],
        CSV_REASONS[row.reason],
        f"{row.debt_amount:.2f}".replace(".", ",") if row.debt_amount is not None else "",
        _day(row.notice_on),
        _day(row.control_on),
        row.executed_at.astimezone(tz).strftime("%d.%m.%Y %H:%M") if row.executed_at else "",
        CSV_STATES[row.state],
        done,
        row.operator_name,
    )
