"""The demo seed: the site, its 40 plots and 41 meters, 90 days of consistent history, once."""

from __future__ import annotations

import dataclasses
import itertools
import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from services import demo_data, demo_history
from services.clock import FixedClock
from services.consumption import ConsumptionService
from services.db.models import (
    Binding,
    DailyAggregate,
    HourlyAggregate,
    Meter,
    MeterEvent,
    Person,
    Plot,
    Reading,
    Site,
    StaffRole,
    TelemetrySample,
)
from services.demo import seed_demo
from services.enums import BindingStatus, EventClass, MeterKind, Protocol, Quality, Role, Severity
from services.fleet import list_fleet

ENERGY = ("t1", "t2", "t3", "t4", "total")

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
MSK = ZoneInfo("Europe/Moscow")
TODAY = NOW.astimezone(MSK).date()


async def test_seed_creates_a_consistent_demo_site_once(db: str) -> None:
    clock = FixedClock(NOW)
    info = await seed_demo(clock)
    print(f"\nseed_demo: {info.elapsed_s:.2f} s for {info.readings} readings of {info.meters} meters")

    assert (info.created, info.plots, info.meters, info.days) == (True, 40, 41, 90)
    assert info.elapsed_s < 30  # about 3 s on SQLite; generous for a busy machine
    site = await Site.get(slug="demo")
    assert (site.name, site.timezone, site.operators_chat_id) == ("СНТ «Рассвет»", "Europe/Moscow", None)
    assert site.consent_text
    assert site.support_contact
    numbers = sorted(await Plot.filter(site_id=site.id).values_list("number", flat=True), key=int)
    assert numbers == [str(n) for n in range(1, 41)]
    meters = await Meter.filter(site_id=site.id).values("id", "serial", "kind", "protocol", "multiplier", "plot_id")
    assert len(meters) == 41
    main = [m for m in meters if m["kind"] is MeterKind.MAIN]
    assert len(main) == 1
    assert main[0]["plot_id"] is None
    assert Decimal(main[0]["multiplier"]) == 40
    assert {m["protocol"] for m in meters} == set(Protocol)

    await _check_daily_history(main[0]["id"])
    await _check_readings_monotonic(info.readings)
    await _check_main_meter_is_the_sum_plus_losses(main[0]["id"])
    await _check_events_and_people(site.id, info.staff_people)
    fleet = await list_fleet(site.id)
    assert list(info.fleet) == fleet

    again = await seed_demo(clock)
    assert (again.created, again.site_id, again.plots, again.meters, again.days) == (False, site.id, 40, 41, 90)
    assert (again.readings, again.fleet, again.staff_people) == (info.readings, info.fleet, info.staff_people)
    assert (
        again.staff_roles
        == info.staff_roles
        == {
            "chairman": ((site.id, Role.CHAIRMAN),),
            "dispatcher": ((site.id, Role.DISPATCHER),),
        }
    )
    assert await Site.all().count() == 1
    assert await Reading.all().count() == info.readings


async def _check_daily_history(main_id: int) -> None:
    rows = await DailyAggregate.all().order_by("day").values_list("meter_id", "day", "total", "end_total", "quality")
    days: dict[int, list[date]] = defaultdict(list)
    for meter_id, day, *_ in rows:
        days[meter_id].append(day)
    expected = [TODAY - timedelta(days=n) for n in range(90, -1, -1)]  # 90 full days and today so far
    assert len(days) == 41
    assert all(meter_days == expected for meter_days in days.values())
    estimated = [(meter_id, day) for meter_id, day, _, _, quality in rows if quality is Quality.ESTIMATED]
    assert sum(1 for _, day in estimated if day == TODAY) == 41  # today is not over yet
    gap_days = [(meter_id, day) for meter_id, day in estimated if day != TODAY]
    assert 2 <= len(gap_days) <= 8
    assert len({meter_id for meter_id, _ in gap_days}) == 2
    main = [(total, end) for meter_id, _, total, end, _ in rows if meter_id == main_id]
    for (_, previous_end), (total, end) in itertools.pairwise(main):
        assert total == (end - previous_end) * 40  # consumption is the register difference times the ratio
    hourly: dict[int, Decimal] = defaultdict(Decimal)
    for meter_id, total in await HourlyAggregate.all().values_list("meter_id", "total"):
        hourly[meter_id] += total
    daily: dict[int, Decimal] = defaultdict(Decimal)
    for meter_id, _, total, _, _ in rows:
        daily[meter_id] += total
    assert hourly == daily


async def _check_readings_monotonic(count: int) -> None:
    rows = await Reading.all().order_by("meter_id", "ts").values_list("meter_id", "ts", "t1", "t2", "total")
    assert len(rows) == count
    previous: dict[int, tuple[datetime, Decimal, Decimal | None, Decimal]] = {}
    for meter_id, ts, t1, t2, total in rows:
        last = previous.get(meter_id)
        if last is not None:
            assert ts > last[0]
            assert t1 >= last[1]
            assert total >= last[3]
            assert t2 is None or t2 >= last[2]
        assert total == t1 + (t2 or 0)
        previous[meter_id] = (ts, t1, t2, total)
    assert max(ts for ts, *_ in previous.values()) == NOW.replace(minute=0)


async def _check_main_meter_is_the_sum_plus_losses(main_id: int) -> None:
    by_day: dict[date, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for meter_id, day, total in await DailyAggregate.all().values_list("meter_id", "day", "total"):
        by_day[day][0 if meter_id == main_id else 1] += total
    main = sum(v[0] for v in by_day.values())
    plots = sum(v[1] for v in by_day.values())
    assert Decimal("1.02") < main / plots < Decimal("1.07")
    weekend = [v[1] for day, v in by_day.items() if day.weekday() >= 5 and day != TODAY]
    weekdays = [v[1] for day, v in by_day.items() if day.weekday() < 5 and day != TODAY]
    assert sum(weekend) / len(weekend) > Decimal("1.3") * sum(weekdays) / len(weekdays)  # a dacha: weekends


async def _check_events_and_people(site_id: int, staff_people: dict[str, int]) -> None:
    events = await MeterEvent.all().values_list("event_class", "severity")
    assert {c for c, _ in events} == set(EventClass)
    assert {s for _, s in events} == set(Severity)
    assert all(sum(1 for c, _ in events if c is cls) >= 2 for cls in EventClass)
    assert await TelemetrySample.all().count() > 41 * 24
    pending = await Binding.filter(status=BindingStatus.PENDING).prefetch_related("person", "meter")
    assert len(pending) == 1
    assert pending[0].meter.site_id == site_id
    roles = await StaffRole.filter(site_id=site_id).values_list("person_id", "role")
    assert sorted(roles) == sorted(
        [(staff_people["chairman"], Role.CHAIRMAN), (staff_people["dispatcher"], Role.DISPATCHER)]
    )
    assert await Person.filter(web_login__id__isnull=False).count() == 0  # logins are the caller's job
    due = await Meter.filter(next_verification_on__lte=TODAY + timedelta(days=60)).count()
    assert due >= 3


def test_the_plan_and_the_history_are_deterministic() -> None:
    first = demo_data.plan_meters(40, TODAY, random.Random(7))
    assert first == demo_data.plan_meters(40, TODAY, random.Random(7))
    assert first != demo_data.plan_meters(40, TODAY, random.Random(8))
    serials = [spec.serial for spec in first]
    assert len(set(serials)) == 41
    assert first[-1].kind is MeterKind.MAIN
    assert len({spec.mac for spec in first if spec.mac}) == sum(1 for spec in first if spec.mac)
    window = demo_history.make_window(NOW, 30, MSK, 7 * 60, 23 * 60)
    temps = demo_history.temperatures(window, random.Random(1))
    loads = [demo_history.household_load(first[0], window, temps, random.Random(2)) for _ in range(2)]
    assert loads[0] == loads[1]
    assert all(load > 0 for load in loads[0])


def test_a_gap_is_spread_over_its_hours_and_marks_its_days_estimated() -> None:
    window = demo_history.make_window(NOW, 3, MSK, 7 * 60, 23 * 60)
    spec = dataclasses.replace(demo_data.plan_meters(1, TODAY, random.Random(7))[0], tariffs=1)
    full = demo_history.registers(spec, [1000.0] * window.hours, window)
    gap = (20, 30)
    series = demo_history.Series(full.t1, full.t2, 1, gap)
    hours = demo_history.hourly(series, window)

    assert [h.index for h in hours] == list(range(window.hours))
    assert {h.quality for h in hours[20:30]} == {Quality.ESTIMATED}
    assert sum(h.t1 + h.t2 for h in hours) == series.total(window.hours) - series.total(0)
    days = demo_history.daily(series, hours, window)
    assert [d.quality for d in days[:2]] == [Quality.ESTIMATED, Quality.ESTIMATED]
    assert days[0].end[2] == series.total(24)  # midnight inside the gap: interpolated, exact for a steady load
    assert [d.quality for d in days[2:]] == [Quality.MEASURED, Quality.ESTIMATED]  # today is not over


async def test_the_seeded_aggregates_are_what_the_consumption_service_computes(db: str) -> None:
    clock = FixedClock(NOW)
    info = await seed_demo(clock, plots=4, days=14, seed=11)
    columns = ("meter_id", "day", *ENERGY, "end_t1", "end_t2", "end_total", "quality")
    hour_columns = ("meter_id", "hour", *ENERGY, "quality")
    seeded_days = await DailyAggregate.all().order_by("meter_id", "day").values_list(*columns)
    seeded_hours = await HourlyAggregate.all().order_by("meter_id", "hour").values_list(*hour_columns)
    assert await DailyAggregate.filter(quality=Quality.ESTIMATED).exclude(day=TODAY).count() > 0  # gaps too

    meter_ids = await Meter.filter(site_id=info.site_id).values_list("id", flat=True)
    since = NOW - timedelta(days=30)
    await ConsumptionService(clock).recompute_many({meter_id: (since, None) for meter_id in meter_ids})

    assert await DailyAggregate.all().order_by("meter_id", "day").values_list(*columns) == seeded_days
    assert await HourlyAggregate.all().order_by("meter_id", "hour").values_list(*hour_columns) == seeded_hours
