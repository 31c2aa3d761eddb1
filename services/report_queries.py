"""The rows of each report, from a few set-based queries per chunk of meters (never a query per meter).

Every producer is an async generator of :class:`Chunk` (rows and progress); the caller paces between
chunks so that a long report never holds the event loop. Consumption comes from ``DailyAggregate`` (days
in the site's time zone, multiplier applied, resets handled: :mod:`services.consumption`); registers are
the ``end_*`` of a day, as the meter shows them.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.expressions import Q
from tortoise.functions import Count, Max, Sum

from services.db.models import DailyAggregate, Meter, MeterEvent, Plot
from services.enums import EventClass, MeterKind, Quality, Severity
from services.report_model import CellKind, Column, Granularity, ReportKind, ReportRequest, Row, SiteInfo, month_bounds
from services.restriction_journal import journal_rows

CHUNK = 250
"""Meters (or plots) per chunk: one round of queries, then the loop breathes. A chunk's rows are made in
one step of the event loop: 250 meters of the monthly readings take about 5-10 ms of it (500 took 15-25 ms);
the event journal pages by ``CHUNK * 4`` events (2,000 took 15-30 ms a page, 1,000 about half)."""
METER_PAGE = 2000
"""Meters fetched at a time when listing a site's meters (about 5 ms of conversion and sort keys a page)."""
ZERO = Decimal("0.000")
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True, slots=True)
class Chunk:
    rows: list[Row]
    done: int
    total: int


def _k(key: str, width: int = 12) -> Column:
    return Column(key, CellKind.KWH, width)


COLUMNS: dict[ReportKind, tuple[Column, ...]] = {
    ReportKind.READINGS: (
        Column("plot", CellKind.TEXT, 9),
        Column("account", CellKind.TEXT, 12),
        Column("serial", CellKind.TEXT, 16),
        Column("model", CellKind.TEXT, 16),
        Column("meter_kind", CellKind.LABEL, 14),
        _k("start_t1"),
        _k("start_t2"),
        _k("start_total"),
        _k("end_t1"),
        _k("end_t2"),
        _k("end_total"),
        _k("use_t1"),
        _k("use_t2"),
        _k("use_total"),
        Column("reading_date", CellKind.DATE, 12),
        Column("quality", CellKind.LABEL, 14),
    ),
    ReportKind.PLOTS: (
        Column("plot", CellKind.TEXT, 9),
        Column("address", CellKind.TEXT, 28),
        Column("meters", CellKind.INT, 9),
        _k("use_t1"),
        _k("use_t2"),
        _k("use_total"),
        Column("missing_meter_days", CellKind.INT, 14),
    ),
    ReportKind.RESTRICTIONS: (
        Column("number", CellKind.INT, 7),
        Column("plot", CellKind.TEXT, 9),
        Column("serial", CellKind.TEXT, 16),
        Column("action", CellKind.LABEL, 18),
        Column("reason", CellKind.LABEL, 18),
        Column("debt", CellKind.MONEY, 12),
        Column("notice_on", CellKind.DATE, 12),
        Column("control_on", CellKind.DATE, 12),
        Column("executed_at", CellKind.DATETIME, 17),
        Column("state", CellKind.LABEL, 18),
        Column("completion", CellKind.LABEL, 20),
        Column("lifted_on", CellKind.DATE, 12),
        Column("operator", CellKind.TEXT, 22),
    ),
    ReportKind.VERIFICATION: (
        Column("plot", CellKind.TEXT, 9),
        Column("address", CellKind.TEXT, 28),
        Column("serial", CellKind.TEXT, 16),
        Column("model", CellKind.TEXT, 16),
        Column("meter_kind", CellKind.LABEL, 14),
        Column("place", CellKind.TEXT, 18),
        Column("verified_on", CellKind.DATE, 12),
        Column("next_verification_on", CellKind.DATE, 14),
    ),
    ReportKind.EVENTS: (
        Column("ts", CellKind.DATETIME, 17),
        Column("plot", CellKind.TEXT, 9),
        Column("serial", CellKind.TEXT, 16),
        Column("meter_kind", CellKind.LABEL, 14),
        Column("event_class", CellKind.LABEL, 24),
        Column("severity", CellKind.LABEL, 14),
        Column("code", CellKind.TEXT, 16),
        Column("text", CellKind.TEXT, 40),
        Column("from_monitoring", CellKind.LABEL, 12),
    ),
}
IMBALANCE_COLUMNS: dict[Granularity, tuple[Column, ...]] = {
    granularity: (
        Column("day" if granularity is Granularity.DAY else "month", CellKind.DATE, 12),
        _k("main", 14),
        _k("individual", 14),
        _k("difference", 14),
        Column("percent", CellKind.PERCENT, 11),
        Column("without_data" if granularity is Granularity.DAY else "missing_meter_days", CellKind.INT, 14),
    )
    for granularity in Granularity
}


def columns(request: ReportRequest) -> tuple[Column, ...]:
    if request.kind is ReportKind.IMBALANCE:
        return IMBALANCE_COLUMNS[request.granularity]
    return COLUMNS[request.kind]


def natural(text: str | None) -> tuple[Any, ...]:
    """Sort key: plot "2" before "10"."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text or ""))


def _chunks(items: Sequence[Any], size: int | None = None) -> Iterable[Sequence[Any]]:
    size = size or CHUNK
    for start in range(0, len(items), size):
        yield items[start : start + size]


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """As the imbalance rule computes it (services.monitoring_rules); None when ``whole`` is not positive."""
    if whole <= 0:
        return None
    return (part / whole * 100).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


# --- counting (how long a report will be) -------------------------------------------------------------


async def estimate(request: ReportRequest) -> int:
    """About how many rows the report has (one cheap count query)."""
    meters = Meter.filter(site_id=request.site_id)
    if request.plot_id is not None and request.kind in (ReportKind.READINGS, ReportKind.VERIFICATION):
        meters = meters.filter(plot_id=request.plot_id)
    if request.kind is ReportKind.READINGS:
        return await meters.count()
    if request.kind is ReportKind.VERIFICATION:
        return await meters.filter(
            next_verification_on__gte=request.start, next_verification_on__lte=request.end
        ).count()
    if request.kind is ReportKind.PLOTS:
        return await Plot.filter(site_id=request.site_id).count()
    if request.kind is ReportKind.IMBALANCE:
        return (request.end - request.start).days + 1
    if request.kind is ReportKind.EVENTS:
        query = MeterEvent.filter(meter__site_id=request.site_id)
        if request.plot_id is not None:
            query = query.filter(meter__plot_id=request.plot_id)
        return await query.count()
    return 0  # the restriction journal is short


# --- producers ------------------------------------------------------------------------------------------


def produce(request: ReportRequest, site: SiteInfo) -> AsyncIterator[Chunk]:
    if request.kind is ReportKind.READINGS:
        return _readings(request)
    if request.kind is ReportKind.PLOTS:
        return _plots(request)
    if request.kind is ReportKind.IMBALANCE:
        return _imbalance(request)
    if request.kind is ReportKind.RESTRICTIONS:
        return _restrictions(request, site)
    if request.kind is ReportKind.VERIFICATION:
        return _verification(request)
    return _events(request, site)


async def _meters(request: ReportRequest) -> list[tuple[Any, ...]]:
    """(id, plot, account, serial, model, kind) of the site's (or plot's) meters, by plot then serial.

    Fetched in pages by id, each page's sort keys made as it arrives, so that 10,000 meters are a few short
    steps of the loop (one query and one sort of them all held it for 40-70 ms)."""
    query = Meter.filter(site_id=request.site_id)
    if request.plot_id is not None:
        query = query.filter(plot_id=request.plot_id)
    keyed: list[tuple[tuple[Any, ...], tuple[Any, ...]]] = []
    last = 0
    while True:
        page = await (
            query.filter(id__gt=last)
            .order_by("id")
            .limit(METER_PAGE)
            .values_list("id", "plot__number", "account__number", "serial", "model", "kind")
        )
        keyed.extend(((r[1] is None, natural(r[1]), r[3]), r) for r in page)
        if len(page) < METER_PAGE:
            break
        last = page[-1][0]
    keyed.sort(key=lambda pair: pair[0])
    return [row for _, row in keyed]


async def _latest_registers(ids: Sequence[int], first: date, last: date) -> dict[int, tuple[Any, ...]]:
    """Per meter, (day, t1, t2, total) of its last day in ``[first, last]`` that has registers."""
    found = (
        await DailyAggregate.filter(meter_id__in=list(ids), day__gte=first, day__lte=last, end_total__isnull=False)
        .annotate(last=Max("day"))
        .group_by("meter_id")
        .values_list("meter_id", "last")
    )
    if not found:
        return {}
    wanted = dict(found)
    rows = await DailyAggregate.filter(meter_id__in=list(wanted), day__in=sorted(set(wanted.values()))).values_list(
        "meter_id", "day", "end_t1", "end_t2", "end_total"
    )
    return {row[0]: row[1:] for row in rows if wanted.get(row[0]) == row[1] and row[4] is not None}


async def _sums(ids: Sequence[int], first: date, last: date) -> dict[int, tuple[Decimal, Decimal, Decimal, int, bool]]:
    """Per meter: consumption t1, t2, total over ``[first, last]``, days with data, whether any is estimated."""
    rows = (
        await DailyAggregate.filter(meter_id__in=list(ids), day__gte=first, day__lte=last)
        .exclude(quality=Quality.MISSING)
        .annotate(s1=Sum("t1"), s2=Sum("t2"), st=Sum("total"), n=Count("id"))
        .group_by("meter_id", "quality")
        .values_list("meter_id", "quality", "s1", "s2", "st", "n")
    )
    sums: dict[int, tuple[Decimal, Decimal, Decimal, int, bool]] = {}
    for meter_id, quality, s1, s2, st, n in rows:
        t1, t2, total, days, estimated = sums.get(meter_id, (ZERO, ZERO, ZERO, 0, False))
        sums[meter_id] = (
            t1 + Decimal(s1 or 0),
            t2 + Decimal(s2 or 0),
            total + Decimal(st or 0),
            days + int(n),
            estimated or quality == Quality.ESTIMATED,
        )
    return sums


async def _readings(request: ReportRequest) -> AsyncIterator[Chunk]:
    first, last = month_bounds(request.start)
    previous_first, previous_last = month_bounds(first - timedelta(days=1))
    meters = await _meters(request)
    done = 0
    for chunk in _chunks(meters):
        ids = [m[0] for m in chunk]
        start = await _latest_registers(ids, previous_first, previous_last)
        end = await _latest_registers(ids, first, last)
        sums = await _sums(ids, first, last)
        rows: list[Row] = []
        for meter_id, plot, account, serial, model, kind in chunk:
            s, e = start.get(meter_id), end.get(meter_id)
            t1, t2, total, days, estimated = sums.get(meter_id, (ZERO, ZERO, ZERO, 0, False))
            if e is None and days == 0:
                quality = Quality.MISSING
            elif estimated or days < last.day or s is None or s[0] != previous_last or e is None or e[0] != last:
                quality = Quality.ESTIMATED
            else:
                quality = Quality.MEASURED
            rows.append(
                (
                    plot,
                    account,
                    serial,
                    model,
                    MeterKind(kind),
                    *(s[1:] if s else (None, None, None)),
                    *(e[1:] if e else (None, None, None)),
                    t1,
                    t2,
                    total,
                    e[0] if e else None,
                    quality,
                )
            )
        done += len(chunk)
        yield Chunk(rows, done, len(meters))


async def _plots(request: ReportRequest) -> AsyncIterator[Chunk]:
    plots_query = Plot.filter(site_id=request.site_id)
    if request.plot_id is not None:
        plots_query = plots_query.filter(id=request.plot_id)
    plots = sorted(await plots_query.values_list("id", "number", "address"), key=lambda p: natural(p[1]))
    days = (request.end - request.start).days + 1
    done = 0
    for chunk in _chunks(plots):
        plot_ids = [p[0] for p in chunk]
        meters = await Meter.filter(plot_id__in=plot_ids, kind=MeterKind.INDIVIDUAL).values_list("id", "plot_id")
        sums = await _sums([m[0] for m in meters], request.start, request.end) if meters else {}
        per_plot: dict[int, list[Any]] = {p: [0, ZERO, ZERO, ZERO, 0] for p in plot_ids}
        for meter_id, plot_id in meters:
            t1, t2, total, known, _ = sums.get(meter_id, (ZERO, ZERO, ZERO, 0, False))
            acc = per_plot[plot_id]
            acc[0] += 1
            acc[1] += t1
            acc[2] += t2
            acc[3] += total
            acc[4] += days - known
        rows: list[Row] = [(number, address, *per_plot[plot_id]) for plot_id, number, address in chunk]
        done += len(chunk)
        yield Chunk(rows, done, len(plots))


async def _imbalance(request: ReportRequest) -> AsyncIterator[Chunk]:
    kinds = dict(
        await Meter.filter(site_id=request.site_id).annotate(n=Count("id")).group_by("kind").values_list("kind", "n")
    )
    individuals = int(kinds.get(MeterKind.INDIVIDUAL, 0))
    rows = (
        await DailyAggregate.filter(meter__site_id=request.site_id, day__gte=request.start, day__lte=request.end)
        .exclude(quality=Quality.MISSING)
        .annotate(st=Sum("total"), n=Count("id"))
        .group_by("day", "meter__kind")
        .values_list("day", "meter__kind", "st", "n")
    )
    main: dict[date, Decimal] = {}
    individual: dict[date, Decimal] = {}
    reporting: dict[date, int] = {}
    for day, kind, total, n in rows:
        if kind == MeterKind.MAIN:
            main[day] = main.get(day, ZERO) + Decimal(total or 0)
        else:
            individual[day] = individual.get(day, ZERO) + Decimal(total or 0)
            reporting[day] = reporting.get(day, 0) + int(n)
    buckets: dict[date, list[Any]] = {}
    for offset in range((request.end - request.start).days + 1):
        day = request.start + timedelta(days=offset)
        key = day if request.granularity is Granularity.DAY else day.replace(day=1)
        acc = buckets.setdefault(key, [ZERO, ZERO, 0, False])
        acc[0] += main.get(day, ZERO)
        acc[1] += individual.get(day, ZERO)
        acc[2] += individuals - reporting.get(day, 0)
        acc[3] = acc[3] or day in main
    out: list[Row] = []
    for key, (m, i, missing, has_main) in buckets.items():
        difference = m - i if has_main else None
        out.append((key, m if has_main else None, i, difference, percent(m - i, m) if has_main else None, missing))
    yield Chunk(out, len(out), len(out))


async def _restrictions(request: ReportRequest, site: SiteInfo) -> AsyncIterator[Chunk]:
    journal = await journal_rows(request.site_id, request.plot_id, (request.start, request.end))
    zone = ZoneInfo(site.timezone)
    rows: list[Row] = [
        (
            r.restriction_id,
            r.plot_number,
            r.serial,
            r.action,
            r.reason,
            r.debt_amount,
            r.notice_on,
            r.control_on,
            _local(r.executed_at, zone),
            r.state,
            r.completion,
            r.lifted_on,
            r.operator_name,
        )
        for r in reversed(journal)  # oldest first, as a ledger reads
    ]
    yield Chunk(rows, len(rows), len(rows))


async def _verification(request: ReportRequest) -> AsyncIterator[Chunk]:
    query = Meter.filter(
        site_id=request.site_id, next_verification_on__gte=request.start, next_verification_on__lte=request.end
    )
    if request.plot_id is not None:
        query = query.filter(plot_id=request.plot_id)
    found = await query.values_list(
        "plot__number", "plot__address", "serial", "model", "kind", "place", "verified_on", "next_verification_on"
    )
    found = sorted(found, key=lambda r: (r[7], r[0] is None, natural(r[0]), r[2]))
    done = 0
    for chunk in _chunks(found, CHUNK * 4):
        done += len(chunk)
        yield Chunk([(*r[:4], MeterKind(r[4]), *r[5:]) for r in chunk], done, len(found))


async def _events(request: ReportRequest, site: SiteInfo) -> AsyncIterator[Chunk]:
    """Newest first, as the journal page shows them; pages by (ts, id) so that each chunk is one query."""
    zone = ZoneInfo(site.timezone)
    since = datetime.combine(request.start, time(), zone).astimezone(UTC)
    until = datetime.combine(request.end + timedelta(days=1), time(), zone).astimezone(UTC)
    query = MeterEvent.filter(meter__site_id=request.site_id, ts__gte=since, ts__lt=until)
    if request.plot_id is not None:
        query = query.filter(meter__plot_id=request.plot_id)
    total = await query.count()
    fields = ("id", "ts", "meter__plot__number", "meter__serial", "meter__kind", "event_class", "severity", "code")
    done, last = 0, None
    while True:
        page = query
        if last is not None:
            # ts <= the cursor on its own is what the index on ts can start from (the OR alone was a filter
            # over every newer event, so each page scanned all the pages before it)
            page = page.filter(Q(ts__lte=last[0]), Q(ts__lt=last[0]) | Q(ts=last[0], id__lt=last[1]))
        found = await page.order_by("-ts", "-id").limit(CHUNK * 4).values_list(*fields, "text", "from_monitoring")
        if not found:
            break
        rows: list[Row] = [
            (
                _local(ts, zone),
                plot,
                serial,
                MeterKind(kind),
                EventClass(event_class),
                Severity(severity),
                code,
                text,
                bool(from_monitoring),
            )
            for _, ts, plot, serial, kind, event_class, severity, code, text, from_monitoring in found
        ]
        done += len(rows)
        last = (found[-1][1], found[-1][0])
        yield Chunk(rows, done, max(total, done))


def _local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    return moment.astimezone(zone).replace(tzinfo=None) if moment is not None else None
