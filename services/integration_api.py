"""The JSON API for integrations (billing, 1C): what a token may read, as DTOs.

Every call takes the caller's :class:`~services.api_tokens.ApiPrincipal` and answers NotFound for a site or
meter outside its scope, whether it exists or not. A site is named by its id or its slug, a meter by its
serial. Periods are local dates of the site's time zone, both ends included; each step has a longest period
(``MAX_DAYS``) so that an answer stays small. Lists are paged by a keyset (the last meter id of the page),
a few queries a page whatever its size: the meters, then the aggregates of all of them at once (the
billing page's sums and registers grouped by meter in the database).

Consumption (kWh) is as the aggregates hold it: register differences times the meter's multiplier, with
the quality of each point (measured, estimated, missing). Registers are as the meter shows them.
Posting readings is :mod:`services.integration_readings`.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.expressions import Q
from tortoise.functions import Count, Max, Sum

from services.api_tokens import ApiPrincipal, ApiTokenService
from services.clock import Clock
from services.consumption import ENERGY_COLUMNS, ConsumptionService, Point, RegisterPoint
from services.db.models import DailyAggregate, HourlyAggregate, Meter, Site
from services.enums import MeterKind, Protocol, Quality, ReadingSource, RelayState, SiteKind
from services.errors import InvalidInput, NotFound
from services.integration_readings import ApiReadingWriter, ApiReceipt
from services.metering import ZERO as ZERO_ENERGY
from services.metering import Energy, Registers, day_bounds, day_hours, quality_of_counts
from services.meters import TARIFFS, VerificationStatus, verification_status

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class ReadingStep(StrEnum):
    DAY = "day"
    MONTH = "month"


class ConsumptionStep(StrEnum):
    HOUR = "hour"
    DAY = "day"
    MONTH = "month"


MAX_DAYS: dict[str, int] = {"hour": 31, "day": 366, "month": 3660, "billing": 62}
"""The longest period (days) per step; a month step covers whole months, at most ten years."""
DEFAULT_DAYS: dict[str, int] = {"hour": 1, "day": 30}


# --- DTOs -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ApiSite:
    id: int
    slug: str
    name: str
    kind: SiteKind
    timezone: str
    day_zone_start_min: int
    night_zone_start_min: int
    reading_window_start_day: int
    reading_window_end_day: int


@dataclass(frozen=True, slots=True)
class ApiMeter:
    id: int
    serial: str
    site_id: int
    label: str
    model: str
    kind: MeterKind
    plot: str | None
    account: str | None
    tariff_count: int
    multiplier: Decimal
    has_telemetry: bool
    online: bool | None
    last_seen_at: datetime | None
    relay_state: RelayState


@dataclass(frozen=True, slots=True)
class ApiLatest:
    ts: datetime
    source: ReadingSource
    registers: tuple[tuple[str, Decimal | None], ...]
    total: Decimal


@dataclass(frozen=True, slots=True)
class ApiMeterCard:
    meter: ApiMeter
    timezone: str
    phases: int
    protocol: Protocol
    installed_on: date | None
    place: str
    verified_on: date | None
    next_verification_on: date | None
    verification: VerificationStatus
    seal_number: str
    gateway: str | None
    latest: ApiLatest | None


@dataclass(frozen=True, slots=True)
class MeterList:
    items: tuple[ApiMeter, ...]
    next_after: int | None
    """The id to continue after; None on the last page."""


@dataclass(frozen=True, slots=True)
class Series:
    """A meter's points over a period."""

    serial: str
    timezone: str
    tariff_count: int
    start: date
    end: date
    step: str
    readings: tuple[RegisterPoint, ...] = ()
    consumption: tuple[Point[date] | Point[datetime], ...] = ()


@dataclass(frozen=True, slots=True)
class BillingRow:
    meter: ApiMeter
    consumption: Energy
    quality: Quality
    start: Registers | None
    """The registers at the end of the day before the period (None when unknown)."""
    end: Registers | None
    end_day: date | None
    """The last day of the period whose end registers are known."""


@dataclass(frozen=True, slots=True)
class BillingPage:
    site_id: int
    timezone: str
    start: date
    end: date
    items: tuple[BillingRow, ...]
    next_after: int | None


# --- helpers ----------------------------------------------------------------------------------------

_SITE_FIELDS = (
    "id",
    "slug",
    "name",
    "kind",
    "timezone",
    "day_zone_start_min",
    "night_zone_start_min",
    "reading_window_start_day",
    "reading_window_end_day",
)
_METER_FIELDS = (
    "id",
    "serial",
    "site_id",
    "label",
    "model",
    "kind",
    "plot__number",
    "account__number",
    "tariff_count",
    "multiplier",
    "has_telemetry",
    "online",
    "last_seen_at",
    "relay_state",
)
_CARD_FIELDS = (
    *_METER_FIELDS,
    "site__timezone",
    "phases",
    "protocol",
    "installed_on",
    "place",
    "verified_on",
    "next_verification_on",
    "seal_number",
    "gateway__serial",
)


def _site(row: Mapping[str, Any]) -> ApiSite:
    return ApiSite(
        id=int(row["id"]),
        slug=str(row["slug"]),
        name=str(row["name"]),
        kind=SiteKind(row["kind"]),
        timezone=str(row["timezone"]),
        day_zone_start_min=int(row["day_zone_start_min"]),
        night_zone_start_min=int(row["night_zone_start_min"]),
        reading_window_start_day=int(row["reading_window_start_day"]),
        reading_window_end_day=int(row["reading_window_end_day"]),
    )


def _meter(row: Mapping[str, Any]) -> ApiMeter:
    return ApiMeter(
        id=int(row["id"]),
        serial=str(row["serial"]),
        site_id=int(row["site_id"]),
        label=str(row["label"]),
        model=str(row["model"]),
        kind=MeterKind(row["kind"]),
        plot=row["plot__number"],
        account=row["account__number"],
        tariff_count=int(row["tariff_count"]),
        multiplier=Decimal(row["multiplier"]),
        has_telemetry=bool(row["has_telemetry"]),
        online=row["online"],
        last_seen_at=row["last_seen_at"],
        relay_state=RelayState(row["relay_state"]),
    )


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput("limit", "out_of_range")
    return limit


def _period(start: date | None, end: date | None, step: str, today: date) -> tuple[date, date]:
    """The period asked for, defaults filled in, checked against the step's longest period."""
    if step == "month":
        end = month_end(end or today)
        start = (start or (end.replace(day=1) - timedelta(days=330))).replace(day=1)
    else:
        end = end or (today if start is None else start + timedelta(days=DEFAULT_DAYS[step] - 1))
        start = start or end - timedelta(days=DEFAULT_DAYS[step] - 1)
    if end < start:
        raise InvalidInput("to", "before_from")
    if (end - start).days >= MAX_DAYS[step]:
        raise InvalidInput("to", "period_too_long")
    return start, end


def _latest(row: tuple[Any, ...] | None, tariff_count: int) -> ApiLatest | None:
    if row is None:
        return None
    ts, t1, t2, t3, t4, total, source = row
    registers = dict(zip(TARIFFS, (t1, t2, t3, t4), strict=True))
    tariffs = TARIFFS[: max(1, min(tariff_count, len(TARIFFS)))]
    values = tuple((tariff, None if registers[tariff] is None else Decimal(registers[tariff])) for tariff in tariffs)
    if tariff_count <= 1 and values[0][1] is None:
        values = (("t1", Decimal(total)),)
    return ApiLatest(ts=ts, source=ReadingSource(source), registers=values, total=Decimal(total))


# --- the service ------------------------------------------------------------------------------------


class IntegrationApiService:
    def __init__(self, clock: Clock, consumption: ConsumptionService) -> None:
        self._clock = clock
        self._consumption = consumption
        self.tokens = ApiTokenService(clock)
        self._writer = ApiReadingWriter(clock, consumption)

    async def sites(self, caller: ApiPrincipal) -> list[ApiSite]:
        query = Site.all() if caller.site_ids is None else Site.filter(id__in=sorted(caller.site_ids))
        return [_site(row) for row in await query.order_by("id").values(*_SITE_FIELDS)]

    async def site(self, caller: ApiPrincipal, ref: str) -> ApiSite:
        """The site by id or slug; NotFound outside the token's scope."""
        query = (
            Site.filter(id=int(ref))
            if ref.isascii() and ref.isdigit() and len(ref) <= 9
            else Site.filter(slug=ref[:64])
        )
        row = await query.first().values(*_SITE_FIELDS)
        if row is None or not caller.sees(int(row["id"])):
            raise NotFound(f"site {ref}")
        return _site(row)

    async def meters(
        self,
        caller: ApiPrincipal,
        site_ref: str,
        *,
        plot: str = "",
        serial: str = "",
        limit: int = DEFAULT_LIMIT,
        after: int | None = None,
    ) -> MeterList:
        """The site's meters by id, ``limit`` at a time (two queries); ``plot`` exact, ``serial`` a prefix."""
        site = await self.site(caller, site_ref)
        limit = _limit(limit)
        query = Meter.filter(site_id=site.id)
        if plot:
            query = query.filter(plot__number=plot)
        if serial:
            query = query.filter(serial__startswith=serial)
        if after is not None:
            query = query.filter(id__gt=after)
        rows = await query.order_by("id").limit(limit + 1).values(*_METER_FIELDS)
        items = tuple(_meter(row) for row in rows[:limit])
        return MeterList(items, items[-1].id if len(rows) > limit else None)

    async def meter(self, caller: ApiPrincipal, serial: str) -> ApiMeterCard:
        """The meter card with its latest reading (two queries)."""
        row = await self._meter_row(caller, serial, _CARD_FIELDS)
        meter = _meter(row)
        today = self._clock.now().astimezone(ZoneInfo(row["site__timezone"])).date()
        latest = await self._consumption.current_readings(meter.id)
        latest_row = (
            None
            if latest is None
            else (latest.ts, latest.t1, latest.t2, latest.t3, latest.t4, latest.total, latest.source)
        )
        return ApiMeterCard(
            meter=meter,
            timezone=str(row["site__timezone"]),
            phases=int(row["phases"]),
            protocol=Protocol(row["protocol"]),
            installed_on=row["installed_on"],
            place=str(row["place"]),
            verified_on=row["verified_on"],
            next_verification_on=row["next_verification_on"],
            verification=verification_status(row["next_verification_on"], today),
            seal_number=str(row["seal_number"]),
            gateway=row["gateway__serial"],
            latest=_latest(latest_row, meter.tariff_count),
        )

    async def readings(
        self, caller: ApiPrincipal, serial: str, start: date | None, end: date | None, step: ReadingStep
    ) -> Series:
        """Registers at the end of each day or month of the period."""
        row = await self._meter_row(caller, serial, ("id", "serial", "tariff_count", "site__timezone"))
        tz = ZoneInfo(row["site__timezone"])
        start, end = _period(start, end, step.value, self._clock.now().astimezone(tz).date())
        meter_id = int(row["id"])
        points: list[RegisterPoint] = []
        if step is ReadingStep.DAY:
            points = await self._consumption.readings_daily(meter_id, start, end)
        else:
            for year in range(start.year, end.year + 1):
                months = await self._consumption.readings_monthly(meter_id, year)
                points += [point for point in months if start <= point.at <= end]
        return Series(
            serial=str(row["serial"]),
            timezone=tz.key,
            tariff_count=int(row["tariff_count"]),
            start=start,
            end=end,
            step=step.value,
            readings=tuple(points),
        )

    async def consumption(
        self, caller: ApiPrincipal, serial: str, start: date | None, end: date | None, step: ConsumptionStep
    ) -> Series:
        """Consumption per hour, day or month of the period (one query; a month step one per year)."""
        row = await self._meter_row(caller, serial, ("id", "serial", "tariff_count", "site__timezone"))
        tz = ZoneInfo(row["site__timezone"])
        start, end = _period(start, end, step.value, self._clock.now().astimezone(tz).date())
        meter_id = int(row["id"])
        points: list[Point[date] | Point[datetime]] = []
        if step is ConsumptionStep.HOUR:
            points += await _hourly(meter_id, start, end, tz)
        elif step is ConsumptionStep.DAY:
            points += await self._consumption.daily(meter_id, start, end)
        else:
            for year in range(start.year, end.year + 1):
                points += [
                    point for point in await self._consumption.monthly(meter_id, year) if start <= point.at <= end
                ]
        return Series(
            serial=str(row["serial"]),
            timezone=tz.key,
            tariff_count=int(row["tariff_count"]),
            start=start,
            end=end,
            step=step.value,
            consumption=tuple(points),
        )

    async def billing(
        self,
        caller: ApiPrincipal,
        site_ref: str,
        start: date,
        end: date,
        *,
        limit: int = DEFAULT_LIMIT,
        after: int | None = None,
    ) -> BillingPage:
        """Per meter of the site: consumption over ``[start, end]`` and the registers at both ends, for a
        bill. Four queries a page: the site, its meters, two of their daily aggregates (summed in SQL)."""
        site = await self.site(caller, site_ref)
        limit = _limit(limit)
        if end < start:
            raise InvalidInput("to", "before_from")
        if (end - start).days >= MAX_DAYS["billing"]:
            raise InvalidInput("to", "period_too_long")
        query = Meter.filter(site_id=site.id)
        if after is not None:
            query = query.filter(id__gt=after)
        rows = await query.order_by("id").limit(limit + 1).values(*_METER_FIELDS)
        meters = [_meter(row) for row in rows[:limit]]
        periods = await _periods_of([meter.id for meter in meters], start, end)
        items = tuple(_billing_row(meter, periods.get(meter.id, _Period()), start, end) for meter in meters)
        next_after = meters[-1].id if len(rows) > limit else None
        return BillingPage(site.id, site.timezone, start, end, items, next_after)

    async def submit(
        self,
        caller: ApiPrincipal,
        serial: str,
        values: Mapping[str, Decimal],
        *,
        taken_at: datetime | None = None,
        confirm: bool = False,
        origin: str = "",
    ) -> ApiReceipt:
        """Post a reading: see :mod:`services.integration_readings`."""
        return await self._writer.submit(caller, serial, values, taken_at=taken_at, confirm=confirm, origin=origin)

    async def _meter_row(self, caller: ApiPrincipal, serial: str, fields: tuple[str, ...]) -> dict[str, Any]:
        wanted = tuple(dict.fromkeys((*fields, "site_id")))
        row = await Meter.filter(serial=serial[:64]).first().values(*wanted)
        if row is None or not caller.sees(int(row["site_id"])):
            raise NotFound(f"meter {serial}")
        return row


async def _hourly(meter_id: int, start: date, end: date, tz: ZoneInfo) -> list[Point[datetime]]:
    """Every hour of the local days ``[start, end]``, missing hours included (one query)."""
    lo, hi = day_bounds(start, tz)[0], day_bounds(end, tz)[1]
    rows = await HourlyAggregate.filter(meter_id=meter_id, hour__gte=lo, hour__lt=hi).values_list(
        "hour", *ENERGY_COLUMNS, "quality"
    )
    found = {row[0]: row for row in rows}
    points: list[Point[datetime]] = []
    day = start
    while day <= end:
        for hour in day_hours(day, tz):
            row = found.get(hour)
            local = hour.astimezone(tz)
            if row is None:
                zero = Decimal("0.000")
                points.append(Point(local, zero, zero, zero, zero, zero, Quality.MISSING))
            else:
                t1, t2, t3, t4, total = (Decimal(value) for value in row[1:6])
                points.append(Point(local, t1, t2, t3, t4, total, Quality(row[6])))
        day += timedelta(days=1)
    return points


@dataclass(frozen=True, slots=True)
class _Period:
    """What a bill needs of one meter's daily aggregates, summed by the database."""

    energy: Energy = ZERO_ENERGY
    measured: int = 0
    """Days with measured data."""
    with_data: int = 0
    """Days with data (measured or estimated)."""
    opening: Registers | None = None
    closing: tuple[date, Registers] | None = None


def _units(value: Any) -> int:
    """0.001 kWh of a sum (PostgreSQL gives a Decimal; SQLite sums the decimal text as a float)."""
    return 0 if value is None else int((Decimal(str(value)) * 1000).to_integral_value())


def _registers(end_t1: Any, end_t2: Any, end_total: Any) -> Registers | None:
    if end_total is None:
        return None
    return Registers(
        Decimal(end_total),
        None if end_t1 is None else Decimal(end_t1),
        None if end_t2 is None else Decimal(end_t2),
    )


async def _periods_of(meter_ids: list[int], start: date, end: date) -> dict[int, _Period]:
    """Per meter over ``[start, end]``: the consumption, days by quality and the last day with registers
    (GROUP BY in the database), then the registers of that day and of the day before; two queries, a few
    rows a meter (not every day's row of every meter)."""
    if not meter_ids:
        return {}
    sums = (
        await DailyAggregate.filter(meter_id__in=meter_ids, day__gte=start, day__lte=end)
        .annotate(
            **{f"s_{c}": Sum(c) for c in ENERGY_COLUMNS},
            n=Count("id"),
            last=Max("day", _filter=Q(end_total__isnull=False)),
        )
        .group_by("meter_id", "quality")
        .values_list("meter_id", "quality", *(f"s_{c}" for c in ENERGY_COLUMNS), "n", "last")
    )
    lasts: dict[int, date] = {}
    for meter_id, *_, last in sums:
        if last is not None and (meter_id not in lasts or last > lasts[meter_id]):
            lasts[meter_id] = last
    before = start - timedelta(days=1)
    wanted = sorted({before, *lasts.values()})
    registers = await DailyAggregate.filter(meter_id__in=meter_ids, day__in=wanted).values_list(
        "meter_id", "day", "end_t1", "end_t2", "end_total"
    )
    found: dict[int, _Period] = {}
    for meter_id, quality, *energy, n, _ in sums:
        period = found.get(int(meter_id), _Period())
        found[int(meter_id)] = replace(
            period,
            energy=period.energy + Energy.from_units([_units(value) for value in energy]),
            measured=period.measured + (int(n) if quality == Quality.MEASURED else 0),
            with_data=period.with_data + (int(n) if quality != Quality.MISSING else 0),
        )
    for meter_id, day, *ends in registers:
        period = found.get(int(meter_id), _Period())
        if day == before:
            found[int(meter_id)] = replace(period, opening=_registers(*ends))
        elif lasts.get(meter_id) == day and (closing := _registers(*ends)) is not None:
            found[int(meter_id)] = replace(period, closing=(day, closing))
    return found


def _billing_row(meter: ApiMeter, period: _Period, start: date, end: date) -> BillingRow:
    return BillingRow(
        meter=meter,
        consumption=period.energy,
        quality=quality_of_counts(period.measured, period.with_data, (end - start).days + 1),
        start=period.opening,
        end=None if period.closing is None else period.closing[1],
        end_day=None if period.closing is None else period.closing[0],
    )
