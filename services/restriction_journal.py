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
from datetime import UTC, date, datetime, time, timedelta

from services.db.models import Restriction, Site
from services.enums import RelayAction, RestrictionReason, RestrictionState
from services.restriction_model import RELATED, Completion, JournalRow, local_day, restriction_dto, zone

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


async def _restorations(meter_ids: list[int]) -> dict[int, list[datetime]]:
    """When each meter's power was restored by a successful operation, in time order."""
    rows = await Restriction.filter(
        meter_id__in=meter_ids, action=RelayAction.ON, state=RestrictionState.DONE, executed_at__isnull=False
    ).values_list("meter_id", "executed_at")
    found: dict[int, list[datetime]] = {}
    for meter_id, moment in rows:
        found.setdefault(meter_id, []).append(moment)
    return {meter_id: sorted(moments) for meter_id, moments in found.items()}


async def journal_rows(site_id: int, plot_id: int | None, period: tuple[date, date]) -> list[JournalRow]:
    """The site's (or the plot's) operations touching ``period`` (first and last day included), newest first."""
    start, end = period
    query = Restriction.filter(meter__site_id=site_id)
    if plot_id is not None:
        query = query.filter(meter__plot_id=plot_id)
    latest = datetime.combine(end + timedelta(days=2), time.min, tzinfo=UTC)
    rows = [restriction_dto(r) for r in await query.filter(created_at__lt=latest).select_related(*RELATED)]
    restored = await _restorations(sorted({r.meter_id for r in rows}))
    journal: list[JournalRow] = []
    for r in rows:
        created_on = local_day(r.created_at, r.timezone)
        executed_on = local_day(r.executed_at, r.timezone) if r.executed_at else None
        days = [d for d in (created_on, r.notice_on, r.control_on, executed_on) if d is not None]
        if not any(start <= d <= end for d in days):
            continue
        lifted_on = None
        if r.action is RelayAction.OFF and r.executed_at is not None:
            later = restored.get(r.meter_id, [])
            after = bisect_right(later, r.executed_at)
            if after < len(later):
                lifted_on = local_day(later[after], r.timezone)
        journal.append(
            JournalRow(
                restriction_id=r.id,
                plot_number=r.plot_number,
                serial=r.serial,
                action=r.action,
                reason=r.reason,
                debt_amount=r.debt_amount,
                notice_on=r.notice_on if r.notify_resident else None,
                control_on=r.control_on,
                executed_on=executed_on,
                executed_at=r.executed_at,
                state=r.state,
                completion=completion(r.state, r.action, lifted_on),
                lifted_on=lifted_on,
                operator_name=r.operator_name,
            )
        )
    journal.sort(key=lambda row: row.restriction_id, reverse=True)
    return journal


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value is not None else ""


async def journal_csv(site_id: int, plot_id: int | None, period: tuple[date, date]) -> bytes:
    rows = await journal_rows(site_id, plot_id, period)
    site = await Site.get_or_none(id=site_id).values("timezone")
    tz = zone(site["timezone"] if site else "UTC")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in reversed(rows):  # oldest first, as a ledger reads
        done = CSV_COMPLETION[row.completion]
        if row.lifted_on is not None:
            done = f"{done} {_day(row.lifted_on)}"
        writer.writerow(
            (
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
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
