"""Charts of a meter: the seeds' seven reports as PNG pictures, with the numbers for a caption.

:meth:`ChartService.render` checks a resident's access (an active binding of the person, the same rule and
query as :mod:`services.meters`); :meth:`ChartService.render_for_staff` and
:meth:`ChartService.last_24_hours` draw the same charts for staff, whose role the adapter has checked
(the meter must only be of the site named). Then each resolves the period, and answers from the cache
when the meter's data has not changed since the picture was drawn. Otherwise it reads the aggregates through
:class:`~services.consumption.ConsumptionService` (a chart never scans readings), builds what to draw
(:mod:`services.chart_data`) and has a :class:`~services.chart_render.Renderer` draw it off the event
loop.

The cache is keyed on (meter, kind, period, data horizon, labels) and stores the meter's data version
(:mod:`services.data_versions`) with each picture: a recompute of the meter's aggregates (or, for
network charts, a flush with its telemetry) bumps the version, and the next request draws anew. It is
an LRU bounded by the bytes of the pictures. Identical requests arriving together are drawn once.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date

from services import chart_data as data
from services.chart_data import Frame, Slots
from services.chart_model import (
    ChartFamily,
    ChartKind,
    ChartLabels,
    ChartRequest,
    ChartResult,
    ChartSummary,
    ChartUnit,
    ChartView,
    kind_of,
)
from services.chart_periods import (
    Period,
    PeriodMode,
    Scale,
    billing_day,
    next_anchor,
    period_of,
    previous_anchor,
    year_earlier,
)
from services.chart_render import PlotData, ProcessRenderer, Renderer, ThreadRenderer
from services.clock import Clock
from services.consumption import ConsumptionService, NetworkPoint, Point, RegisterPoint
from services.data_versions import AGGREGATES, TELEMETRY, DataVersions
from services.db.models import DailyAggregate, Meter
from services.enums import Quality
from services.errors import NotFound
from services.metering import combine_quality, day_bounds
from services.meters import MeterRef, display_label, meter_access_with

__all__ = [
    "ChartCache",
    "ChartFamily",
    "ChartKind",
    "ChartLabels",
    "ChartRequest",
    "ChartResult",
    "ChartService",
    "ChartSummary",
    "ChartUnit",
    "ChartView",
    "PeriodMode",
    "PlotData",
    "ProcessRenderer",
    "Renderer",
    "Scale",
    "StaffChartRequest",
    "ThreadRenderer",
    "kind_of",
]

NETWORK_BUCKET = timedelta(minutes=15)
DEFAULT_CACHE_BYTES = 32 * 1024 * 1024
STEPS = 3
"""Requests checking access or reading their data at the same time. A burst of chart requests (twenty
updates in one getUpdates answer) would otherwise run twenty query-building steps in one turn of the event
loop, ~15 ms in which nothing else is served; drawing is not limited by it."""
EARLIEST = date(2000, 1, 1)
DATE_PATTERN = "dd.MM.yyyy"
_ACCESS_FIELDS = ("meter__phases", "meter__installed_on", "meter__site__billing_period_start_day")
_STAFF_FIELDS = (
    "id",
    "site_id",
    "label",
    "model",
    "serial",
    "tariff_count",
    "multiplier",
    "has_telemetry",
    "phases",
    "installed_on",
    "site__timezone",
    "site__manual_readings_for_telemetry",
    "site__billing_period_start_day",
)
HOURS = 24
"""The staff's "last 24 hours": the current hour and the 23 before it."""
STAFF_BINDING = 0
"""``MeterRef.binding_id`` of a meter as staff see it (no resident's binding behind it)."""


@dataclass(frozen=True, slots=True)
class StaffChartRequest:
    """A chart for staff. The adapter has checked the person's role at ``site_id`` (None: at the meter's
    own site, e.g. through an alert of it); a meter of another site is NotFound."""

    meter_id: int
    kind: ChartKind = ChartKind.CONSUMPTION_DAILY
    anchor: date | None = None
    """A day inside the wanted period; None: today in the site's zone."""
    mode: PeriodMode = PeriodMode.CALENDAR
    site_id: int | None = None


@dataclass(frozen=True, slots=True)
class _Meter:
    ref: MeterRef
    tz: ZoneInfo
    phases: int
    installed_on: date | None
    billing_day: int

    @property
    def id(self) -> int:
        return self.ref.meter_id


@dataclass(frozen=True, slots=True)
class _Key:
    meter_id: int
    kind: ChartKind
    mode: PeriodMode
    start: date
    end: date
    horizon: date | datetime
    """How far the shown slots reach (today, or the current hour or bucket of today's day charts)."""
    labels: ChartLabels


@dataclass(frozen=True, slots=True)
class _Drawn:
    plot: PlotData
    summary: ChartSummary
    drill: tuple[date, ...] = ()


# --- The cache ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CacheInfo:
    hits: int
    misses: int
    entries: int
    bytes: int


class ChartCache:
    """Results by key, each with the data version it was drawn from; least recently used ones go first
    once the pictures take more than ``max_bytes``. A different version is a miss and drops the entry."""

    def __init__(self, max_bytes: int) -> None:
        self._max = max_bytes
        self._items: OrderedDict[_Key, tuple[int, ChartResult]] = OrderedDict()
        self._bytes = 0
        self.hits = self.misses = 0

    def get(self, key: _Key, version: int) -> ChartResult | None:
        found = self._items.get(key)
        if found is None or found[0] != version:
            if found is not None:
                self._drop(key)
            self.misses += 1
            return None
        self._items.move_to_end(key)
        self.hits += 1
        return found[1]

    def put(self, key: _Key, version: int, result: ChartResult) -> None:
        if key in self._items:
            self._drop(key)
        size = len(result.png)
        if size > self._max:
            return
        self._items[key] = (version, result)
        self._bytes += size
        while self._bytes > self._max:
            self._drop(next(iter(self._items)))

    def _drop(self, key: _Key) -> None:
        _, result = self._items.pop(key)
        self._bytes -= len(result.png)

    def info(self) -> CacheInfo:
        return CacheInfo(self.hits, self.misses, len(self._items), self._bytes)


# --- The service ----------------------------------------------------------------------------------------


class ChartService:
    def __init__(
        self,
        clock: Clock,
        consumption: ConsumptionService,
        *,
        renderer: Renderer | None = None,
        cache_bytes: int = DEFAULT_CACHE_BYTES,
        aggregates: DataVersions = AGGREGATES,
        telemetry: DataVersions = TELEMETRY,
    ) -> None:
        """``renderer``: where pictures are drawn (default: a pool of two worker processes, started on
        first use). ``aggregates`` / ``telemetry``: the data versions the cache follows."""
        self._clock = clock
        self._consumption = consumption
        self._renderer = renderer or ProcessRenderer()
        self._cache = ChartCache(cache_bytes)
        self._aggregates = aggregates
        self._telemetry = telemetry
        self._flights: dict[tuple[_Key, int], asyncio.Task[ChartResult]] = {}
        self._steps = asyncio.Semaphore(STEPS)

    @property
    def renderer(self) -> Renderer:
        return self._renderer

    def cache_info(self) -> CacheInfo:
        return self._cache.info()

    async def aclose(self) -> None:
        await self._renderer.aclose()

    async def render(
        self,
        request: ChartRequest,
        labels: ChartLabels,
        *,
        on_miss: Callable[[], Awaitable[Any]] | None = None,
    ) -> ChartResult:
        """The chart, from the cache or drawn now. NotFound unless the person has an active binding to the
        meter. ``on_miss`` is awaited before drawing (e.g. to show "sending a photo…" in the chat)."""
        async with self._steps:
            ref, row = await meter_access_with(request.person_id, request.meter_id, *_ACCESS_FIELDS)
        meter = _Meter(
            ref=ref,
            tz=ZoneInfo(ref.timezone),
            phases=int(row["meter__phases"] or 1),
            installed_on=row["meter__installed_on"],
            billing_day=billing_day(int(row["meter__site__billing_period_start_day"] or 1)),
        )
        return await self._chart(meter, request.kind, request.anchor, request.mode, labels, on_miss)

    async def render_for_staff(
        self,
        request: StaffChartRequest,
        labels: ChartLabels,
        *,
        on_miss: Callable[[], Awaitable[Any]] | None = None,
    ) -> ChartResult:
        """The same chart for staff: no binding needed (the adapter checked the role at the site); NotFound
        for a meter that does not exist or is not of ``request.site_id``. Same cache, same pictures."""
        async with self._steps:
            meter = await _staff_meter(request.meter_id, request.site_id)
        return await self._chart(meter, request.kind, request.anchor, request.mode, labels, on_miss)

    async def last_24_hours(
        self,
        meter_id: int,
        labels: ChartLabels,
        *,
        site_id: int | None = None,
        on_miss: Callable[[], Awaitable[Any]] | None = None,
    ) -> ChartResult:
        """Consumption by hour over the rolling 24 hours up to now (the current, unfinished hour and the 23
        before it, across midnight), for staff as :meth:`render_for_staff`. Its view has mode ROLLING,
        ``start`` yesterday and ``end`` today, and no period before or after."""
        async with self._steps:
            meter = await _staff_meter(meter_id, site_id)
        kind = ChartKind.CONSUMPTION_HOURLY
        return await self._chart(meter, kind, None, PeriodMode.CALENDAR, labels, on_miss, last_hours=True)

    async def _chart(
        self,
        meter: _Meter,
        kind: ChartKind,
        wanted: date | None,
        mode: PeriodMode,
        labels: ChartLabels,
        on_miss: Callable[[], Awaitable[Any]] | None,
        *,
        last_hours: bool = False,
    ) -> ChartResult:
        ref = meter.ref
        now = self._clock.now()
        today = now.astimezone(meter.tz).date()
        anchor = min(max(wanted or today, EARLIEST), today)
        if last_hours:
            period = Period(Scale.DAY, PeriodMode.ROLLING, today - timedelta(days=1), today)
        else:
            period = period_of(kind.scale, _mode(kind, mode, meter.billing_day), anchor, meter.billing_day)
        key = _Key(meter.id, kind, period.mode, period.start, period.end, _horizon(kind, period, now, today), labels)
        versions = self._telemetry if kind.family is ChartFamily.NETWORK else self._aggregates
        version = versions.get(meter.id)
        cached = self._cache.get(key, version)
        if cached is not None:
            return _for_request(cached, ref, anchor, today, from_cache=True)
        if on_miss is not None:
            await on_miss()
        flight = self._flights.get((key, version))
        if flight is None:
            flight = asyncio.create_task(self._produce(meter, key, version, period, anchor, now))
            self._flights[(key, version)] = flight
            flight.add_done_callback(lambda _: self._flights.pop((key, version), None))
        return _for_request(await asyncio.shield(flight), ref, anchor, today, from_cache=False)

    async def _produce(
        self, meter: _Meter, key: _Key, version: int, period: Period, anchor: date, now: datetime
    ) -> ChartResult:
        today = now.astimezone(meter.tz).date()
        subtitle = _hours_subtitle(now, meter.tz, key.labels) if _rolling(period) else _subtitle(period, key.labels)
        frame = Frame(key.kind, key.labels.title(key.kind), subtitle, key.labels)
        async with self._steps:
            drawn = await self._draw_data(meter, frame, period, now)
            previous = await self._previous(meter, period)
        png = await self._renderer.render(drawn.plot)
        view = ChartView(
            kind=key.kind,
            mode=period.mode,
            anchor=anchor,
            start=period.start,
            end=period.end,
            today=today,
            previous=previous,
            next=None,  # as of the request: see _for_request
            drill=drawn.drill,
            billing=meter.billing_day != 1,
            network=meter.ref.has_telemetry,
            phases=meter.phases,
        )
        result = ChartResult(png=png, summary=drawn.summary, view=view, plot=drawn.plot, meter=meter.ref)
        self._cache.put(key, version, result)
        return result

    async def _previous(self, meter: _Meter, period: Period) -> date | None:
        """The period before, unless it ends before the meter's installation and first data (none for the
        rolling 24 hours, which only ever end now)."""
        if _rolling(period):
            return None
        first = await DailyAggregate.filter(meter_id=meter.id).order_by("day").first().values_list("day", flat=True)
        known = [day for day in (meter.installed_on, first) if isinstance(day, date)]
        anchor = previous_anchor(period)
        return anchor if known and anchor >= min(known) and anchor >= EARLIEST else None

    async def _draw_data(self, meter: _Meter, frame: Frame, period: Period, now: datetime) -> _Drawn:
        if frame.kind.family is ChartFamily.NETWORK:
            return await self._network(meter, frame, period, now)
        if frame.kind is ChartKind.CONSUMPTION_HOURLY:
            return await self._hourly(meter, frame, period, now)
        if period.scale is Scale.MONTH:
            return await self._daily(meter, frame, period, now)
        return await self._monthly(meter, frame, period, now)

    # --- the kinds ----------------------------------------------------------------------------------

    async def _hourly(self, meter: _Meter, frame: Frame, period: Period, now: datetime) -> _Drawn:
        if _rolling(period):
            return await self._last_hours(meter, frame, period, now)
        points = await self._consumption.hourly(meter.id, period.start)
        last_year = await self._consumption.hourly(meter.id, year_earlier(period.start))
        installed = meter.installed_on is None or period.start >= meter.installed_on
        slots = _slots(frame, [p.at for p in points], [installed and p.at <= now for p in points])
        plot = data.energy_plot(frame, slots, points, meter.ref.tariff_count)
        return _Drawn(plot, data.energy_summary(points, slots.shown, last_year))

    async def _last_hours(self, meter: _Meter, frame: Frame, period: Period, now: datetime) -> _Drawn:
        """The 24 local hours up to the current one, from yesterday's and today's hours (DST-safe: the
        hours are counted, not the clock read); no comparison with last year."""
        days = [await self._consumption.hourly(meter.id, day) for day in (period.start, period.end)]
        points = [p for p in days[0] + days[1] if p.at <= now][-HOURS:]
        slots = _slots(frame, [p.at for p in points], [_after_installation(p.at.date(), meter) for p in points])
        plot = data.energy_plot(frame, slots, points, meter.ref.tariff_count)
        return _Drawn(plot, data.energy_summary(points, slots.shown, None))

    async def _daily(self, meter: _Meter, frame: Frame, period: Period, now: datetime) -> _Drawn:
        energy = await self._consumption.daily(meter.id, period.start, period.end)
        last_year = await self._consumption.daily(meter.id, year_earlier(period.start), year_earlier(period.end))
        today = now.astimezone(meter.tz).date()
        slots = _slots(frame, [p.at for p in energy], [_day_shown(p.at, today, meter) for p in energy])
        summary = data.energy_summary(energy, slots.shown, last_year)
        if frame.kind is ChartKind.CONSUMPTION_DAILY:
            plot = data.energy_plot(frame, slots, energy, meter.ref.tariff_count)
            drill = tuple(p.at for p, shown in zip(energy, slots.shown, strict=True) if shown)
            return _Drawn(plot, summary, drill)
        registers = await self._consumption.readings_daily(meter.id, period.start, period.end)
        plot = data.register_plot(frame, slots, registers, meter.ref.tariff_count)
        return _Drawn(plot, replace(summary, registers=data.latest_registers(registers, slots.shown)))

    async def _monthly(self, meter: _Meter, frame: Frame, period: Period, now: datetime) -> _Drawn:
        year = period.end.year
        energy = await self._months(meter, period, year)
        before = period_of(Scale.YEAR, period.mode, year_earlier(period.end), meter.billing_day)
        last_year = await self._months(meter, before, year - 1)
        today = now.astimezone(meter.tz).date()
        shown = [first <= today and _after_installation(last, meter) for first, last in period.months]
        slots = _slots(frame, [p.at for p in energy], shown)
        summary = data.energy_summary(energy, slots.shown, last_year)
        if frame.kind is ChartKind.CONSUMPTION_MONTHLY:
            plot = data.energy_plot(frame, slots, energy, meter.ref.tariff_count)
            drill = tuple(first for (first, _), s in zip(period.months, slots.shown, strict=True) if s)
            return _Drawn(plot, summary, drill)
        registers = await self._month_registers(meter, period, year)
        plot = data.register_plot(frame, slots, registers, meter.ref.tariff_count)
        return _Drawn(plot, replace(summary, registers=data.latest_registers(registers, slots.shown)))

    async def _network(self, meter: _Meter, frame: Frame, period: Period, now: datetime) -> _Drawn:
        start, end = day_bounds(period.start, meter.tz)
        count = (end - start) // NETWORK_BUCKET
        answered = await self._consumption.network(meter.id, start, end, NETWORK_BUCKET)
        installed = meter.installed_on is None or period.start >= meter.installed_on
        points: list[NetworkPoint | None] = [p if installed else None for p in answered]
        points += [None] * (count - len(points))
        times = [(start + NETWORK_BUCKET * i).astimezone(meter.tz) for i in range(count)]
        slots = _slots(frame, times, [p is not None for p in points])
        plot = data.network_plot(frame, slots, points, meter.phases)
        return _Drawn(plot, data.network_summary(frame.kind, points, meter.phases))

    # --- months: calendar ones from the service, billing periods summed here -------------------------

    async def _months(self, meter: _Meter, period: Period, year: int) -> list[Point[date]]:
        if period.mode is not PeriodMode.BILLING:
            return await self._consumption.monthly(meter.id, year)
        days = await self._consumption.daily(meter.id, period.months[0][0], period.months[-1][1])
        by_day = {p.at: p for p in days}
        return [
            _sum_days(date(year, month, 1), [by_day[d] for d in _days(first, last)])
            for month, (first, last) in enumerate(period.months, start=1)
        ]

    async def _month_registers(self, meter: _Meter, period: Period, year: int) -> list[RegisterPoint]:
        if period.mode is not PeriodMode.BILLING:
            return await self._consumption.readings_monthly(meter.id, year)
        days = await self._consumption.readings_daily(meter.id, period.months[0][0], period.months[-1][1])
        by_day = {p.at: p for p in days}
        return [
            _period_end_registers(date(year, month, 1), [by_day[d] for d in _days(first, last)])
            for month, (first, last) in enumerate(period.months, start=1)
        ]


# --- helpers --------------------------------------------------------------------------------------------


async def _staff_meter(meter_id: int, site_id: int | None) -> _Meter:
    """The meter as staff see it (the registry's label), one query; NotFound outside ``site_id``."""
    query = Meter.filter(id=meter_id)
    if site_id is not None:
        query = query.filter(site_id=site_id)
    rows = await query.limit(1).values(*_STAFF_FIELDS)
    if not rows:
        raise NotFound(f"meter {meter_id} at site {site_id}")
    row = rows[0]
    has_telemetry = bool(row["has_telemetry"])
    ref = MeterRef(
        meter_id=row["id"],
        binding_id=STAFF_BINDING,
        site_id=row["site_id"],
        label=display_label("", row["label"], row["model"], row["serial"]),
        serial=row["serial"],
        timezone=row["site__timezone"],
        tariff_count=int(row["tariff_count"]),
        multiplier=Decimal(row["multiplier"]),
        has_telemetry=has_telemetry,
        manual_allowed=not has_telemetry or bool(row["site__manual_readings_for_telemetry"]),
    )
    return _Meter(
        ref=ref,
        tz=ZoneInfo(ref.timezone),
        phases=int(row["phases"] or 1),
        installed_on=row["installed_on"],
        billing_day=billing_day(int(row["site__billing_period_start_day"] or 1)),
    )


def _rolling(period: Period) -> bool:
    """The staff's last 24 hours (a day-scale period is otherwise one calendar day)."""
    return period.scale is Scale.DAY and period.mode is PeriodMode.ROLLING


def _hours_subtitle(now: datetime, tz: ZoneInfo, labels: ChartLabels) -> str:
    """ "22.11.2026 13:00 – 23.11.2026 13:00": from the first hour's start to the current hour's end."""
    last = now.astimezone(tz).replace(minute=0, second=0, microsecond=0)
    first = (last.astimezone(UTC) - timedelta(hours=HOURS - 1)).astimezone(tz)
    end = (last.astimezone(UTC) + timedelta(hours=1)).astimezone(tz)

    def moment(value: datetime) -> str:
        return f"{format_date(value.date(), DATE_PATTERN, locale=labels.locale)} {value:%H:%M}"

    return f"{moment(first)} – {moment(end)}"


def _for_request(result: ChartResult, ref: MeterRef, anchor: date, today: date, *, from_cache: bool) -> ChartResult:
    """A stored result as this request sees it: the person's own label for the meter, the anchor they
    asked for, and "next" as of today (a picture may be served from the cache for days)."""
    view = result.view
    after = None if view.end >= today else min(next_anchor(_period_of(view)), today)
    view = replace(view, anchor=anchor, today=today, next=after)
    return replace(result, meter=ref, view=view, from_cache=from_cache)


def _period_of(view: ChartView) -> Period:
    return Period(view.kind.scale, view.mode, view.start, view.end)


def _mode(kind: ChartKind, wanted: PeriodMode, billing_start_day: int) -> PeriodMode:
    """The wanted mode where it applies; calendar otherwise (and for billing where periods are months)."""
    if wanted is PeriodMode.BILLING and billing_start_day == 1:
        return PeriodMode.CALENDAR
    return wanted if wanted in kind.periods else PeriodMode.CALENDAR


def _horizon(kind: ChartKind, period: Period, now: datetime, today: date) -> date | datetime:
    """How far today's data reach, as precisely as the chart shows it (part of the cache key)."""
    if period.end < today:
        return period.end
    if kind.family is ChartFamily.NETWORK:
        return now - (now - datetime.min.replace(tzinfo=now.tzinfo)) % NETWORK_BUCKET
    if kind.scale is Scale.DAY:
        return now.replace(minute=0, second=0, microsecond=0)
    return today


def _after_installation(day: date, meter: _Meter) -> bool:
    return meter.installed_on is None or day >= meter.installed_on


def _day_shown(day: date, today: date, meter: _Meter) -> bool:
    return day <= today and _after_installation(day, meter)


def _slots(frame: Frame, times: Sequence[date | datetime], shown: Sequence[bool]) -> Slots:
    return Slots(tuple(data.x_label(t, frame.kind, frame.labels) for t in times), tuple(shown))


def _subtitle(period: Period, labels: ChartLabels) -> str:
    """ "23.11.2026", "ноябрь 2026", "2026", or the dates with what they are ("… · расчётный период")."""

    def day(value: date) -> str:
        return format_date(value, DATE_PATTERN, locale=labels.locale)

    if period.scale is Scale.DAY:
        return day(period.start)
    if period.mode is PeriodMode.CALENDAR:
        if period.scale is Scale.YEAR:
            return str(period.start.year)
        return f"{labels.months[period.start.month - 1]} {period.start.year}"
    what = labels.billing_year if period.scale is Scale.YEAR else labels.period(period.mode)
    return f"{day(period.start)}–{day(period.end)} · {what}"


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _sum_days(month: date, days: Sequence[Point[date]]) -> Point[date]:
    """A billing period from its days (the quality rule of months)."""

    def total(field: str) -> Decimal:
        return sum((getattr(d, field) for d in days if d.quality is not Quality.MISSING), Decimal(0))

    quality = combine_quality((d.quality for d in days), len(days))
    return Point(month, total("t1"), total("t2"), total("t3"), total("t4"), total("total"), quality)


def _period_end_registers(month: date, days: Sequence[RegisterPoint]) -> RegisterPoint:
    """The registers of the period's last day that has them; estimated unless it is the period's last day."""
    known = [d for d in days if d.total is not None]
    if not known:
        return RegisterPoint(month, None, None, None, Quality.MISSING)
    last = known[-1]
    quality = last.quality if last.at == days[-1].at else Quality.ESTIMATED
    return RegisterPoint(month, last.t1, last.t2, last.total, quality)
