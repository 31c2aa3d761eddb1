"""ConsumptionService on a real database (SQLite, or PostgreSQL with MB_TEST_DATABASE_URL)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from services.clock import FixedClock
from services.consumption import RESET_EVENT_CODE, ConsumptionService
from services.db.models import DailyAggregate, HourlyAggregate, Meter, MeterEvent, Reading, Site, TelemetrySample
from services.enums import EventClass, Quality, ReadingSource, Severity
from services.errors import InvalidInput, NotFound
from services.metering import MeterProfile, RegisterReading, compute

D = Decimal
NOW = datetime(2026, 12, 1, tzinfo=UTC)
MOSCOW = ZoneInfo("Europe/Moscow")
EVER = datetime(2000, 1, 1, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def service() -> ConsumptionService:
    return ConsumptionService(FixedClock(NOW))


async def make_meter(timezone: str = "Europe/Moscow", tariff_count: int = 2, multiplier: str = "1") -> Meter:
    site = await Site.create(slug=f"s{random.randrange(10**9)}", name="S", timezone=timezone)
    serial = f"m{random.randrange(10**9)}"
    return await Meter.create(
        site=site, serial=serial, topic_id=serial, tariff_count=tariff_count, multiplier=D(multiplier)
    )


def half_hourly(start: datetime, count: int, t1_step: str = "0.5", t2_step: str = "0.25") -> list[RegisterReading]:
    return [
        RegisterReading(
            start + timedelta(minutes=30 * i), D(t1_step) * i + D(t2_step) * i, D(t1_step) * i, D(t2_step) * i
        )
        for i in range(count)
    ]


async def store(meter: Meter, readings: list[RegisterReading]) -> None:
    rows = [Reading(meter_id=meter.id, ts=r.ts, t1=r.t1, t2=r.t2, total=r.total) for r in readings]
    await Reading.bulk_create(rows, ignore_conflicts=True)


async def snapshot(meter: Meter) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[tuple[object, ...]]]:
    hourly = (
        await HourlyAggregate.filter(meter_id=meter.id)
        .order_by("hour")
        .values_list("hour", "t1", "t2", "t3", "t4", "total", "quality")
    )
    daily = (
        await DailyAggregate.filter(meter_id=meter.id)
        .order_by("day")
        .values_list("day", "t1", "t2", "t3", "t4", "total", "end_t1", "end_t2", "end_total", "quality")
    )
    events = await MeterEvent.filter(meter_id=meter.id).order_by("ts").values_list("ts", "code", "text")
    return list(hourly), list(daily), list(events)


async def full_recompute(service: ConsumptionService, meter: Meter) -> None:
    await HourlyAggregate.filter(meter_id=meter.id).delete()
    await DailyAggregate.filter(meter_id=meter.id).delete()
    await MeterEvent.filter(meter_id=meter.id).delete()
    await service.recompute(meter.id, EVER, None)


# --- Recompute and the queries ----------------------------------------------------------------------


async def test_recompute_then_every_query(db: str, service: ConsumptionService) -> None:
    meter = await make_meter()
    start = datetime(2026, 11, 10, 0, tzinfo=MOSCOW).astimezone(UTC)
    readings = half_hourly(start, 2 * 48 + 1)  # two whole local days, 10 and 11 November
    await store(meter, readings)

    result = await service.recompute(meter.id, readings[0].ts, readings[-1].ts)

    assert (result.meter_id, result.hours, result.days, result.resets) == (meter.id, 48, 2, ())
    hours = await service.hourly(meter.id, date(2026, 11, 10))
    assert len(hours) == 24
    assert hours[0].at == datetime(2026, 11, 10, 0, tzinfo=MOSCOW)
    assert all(h.quality is Quality.MEASURED for h in hours)
    assert (hours[0].t1, hours[0].t2, hours[0].total) == (D(1), D("0.5"), D("1.5"))

    days = await service.daily(meter.id, date(2026, 11, 9), date(2026, 11, 12))
    assert [(d.at.day, d.total, d.quality) for d in days] == [
        (9, D(0), Quality.MISSING),
        (10, D(36), Quality.MEASURED),
        (11, D(36), Quality.MEASURED),
        (12, D(0), Quality.MISSING),
    ]
    assert (days[1].t1, days[1].t2) == (D(24), D(12))

    months = await service.monthly(meter.id, 2026)
    assert len(months) == 12
    assert (months[10].at, months[10].total, months[10].quality) == (date(2026, 11, 1), D(72), Quality.ESTIMATED)
    assert months[0].quality is Quality.MISSING

    registers = await service.readings_daily(meter.id, date(2026, 11, 10), date(2026, 11, 12))
    assert [(r.t1, r.t2, r.total, r.quality) for r in registers] == [
        (D(24), D(12), D(36), Quality.MEASURED),
        (D(48), D(24), D(72), Quality.MEASURED),
        (None, None, None, Quality.MISSING),
    ]
    monthly_registers = await service.readings_monthly(meter.id, 2026)
    assert (monthly_registers[10].total, monthly_registers[10].quality) == (D(72), Quality.ESTIMATED)
    assert monthly_registers[11].quality is Quality.MISSING

    current = await service.current_readings(meter.id)
    assert current is not None
    assert (current.ts, current.t1, current.t2, current.total) == (readings[-1].ts, D(48), D(24), D(72))
    assert current.source is ReadingSource.TELEMETRY
    assert await service.current_readings(meter.id + 1000) is None


async def test_stored_aggregates_equal_the_pure_rules(db: str, service: ConsumptionService) -> None:
    meter = await make_meter(timezone="Europe/Berlin", tariff_count=1, multiplier="40")
    rng = random.Random(7)
    ts, total, readings = utc(2026, 10, 23, 20, 7), D(100), []
    for _ in range(300):
        readings.append(RegisterReading(ts, total))
        ts += timedelta(minutes=rng.choice([5, 17, 30, 30, 30, 61, 90, 240]))
        total = D(1) if rng.random() < 0.01 else total + D(rng.randrange(0, 2000)) / 1000
    await store(meter, readings)

    await service.recompute(meter.id, EVER, None)

    expected = compute(readings, MeterProfile(timezone=ZoneInfo("Europe/Berlin"), tariff_count=1, multiplier=D(40)))
    hourly, daily, events = await snapshot(meter)
    assert [(h.hour, h.energy.t1, h.energy.t2, h.energy.total, h.quality) for h in expected.hours] == [
        (row[0], row[1], row[2], row[5], row[6]) for row in hourly
    ]
    assert [(d.day, d.energy.total, d.quality) for d in expected.days] == [(row[0], row[5], row[9]) for row in daily]
    assert [r.ts for r in expected.resets] == [e[0] for e in events]


async def test_hourly_across_dst_has_23_and_25_points(db: str, service: ConsumptionService) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    meters = []
    for day in (date(2026, 3, 29), date(2026, 10, 25)):
        meter = await make_meter(timezone="Europe/Berlin", tariff_count=1)
        start = datetime(day.year, day.month, day.day - 1, 12, tzinfo=berlin).astimezone(UTC)
        readings = [RegisterReading(start + timedelta(hours=i), D(i)) for i in range(60)]
        await store(meter, readings)
        await service.recompute(meter.id, readings[0].ts, readings[-1].ts)
        meters.append(meter)

    spring = await service.hourly(meters[0].id, date(2026, 3, 29))
    autumn = await service.hourly(meters[1].id, date(2026, 10, 25))
    days = await service.daily(meters[0].id, date(2026, 3, 29), date(2026, 3, 29))

    assert len(spring) == 23
    assert len(autumn) == 25
    assert [p.at.hour for p in autumn[:5]] == [0, 1, 2, 2, 3]
    assert all(p.quality is Quality.MEASURED and p.total == 1 for p in spring + autumn)
    assert (days[0].total, days[0].t1, days[0].t2, days[0].quality) == (D(23), D(16), D(7), Quality.MEASURED)


# --- Late data, resets and missing days ----------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2])
async def test_late_and_out_of_order_batches_give_what_a_full_recompute_gives(
    db: str, service: ConsumptionService, seed: int
) -> None:
    meter = await make_meter()
    rng = random.Random(seed)
    readings = half_hourly(utc(2026, 11, 1, 13, 3), 200)
    readings[120:] = [  # the meter is replaced: a new baseline
        RegisterReading(r.ts, r.total - D(50), r.t1 - D(33), r.t2 - D(17)) for r in readings[120:]
    ]
    reset_at = readings[120].ts
    del readings[116:120]  # no readings for two and a half hours before the new meter's first
    del readings[60:75]  # a gap of eight hours
    batches = [readings[i : i + 7] for i in range(0, len(readings), 7)]
    rng.shuffle(batches)  # batches arrive in any order: late data lands in the middle of what is computed
    for batch in batches:
        await store(meter, batch)
        await service.recompute_many({meter.id: (min(r.ts for r in batch), max(r.ts for r in batch))})
    incremental = await snapshot(meter)

    await full_recompute(service, meter)

    assert incremental == await snapshot(meter)
    hourly, _, events = incremental
    assert {row[6] for row in hourly} == {Quality.MEASURED, Quality.ESTIMATED, Quality.MISSING}
    assert [e[:2] for e in events] == [(reset_at, RESET_EVENT_CODE)]


@pytest.mark.parametrize("seed", [3, 4])
async def test_sparse_irregular_readings_one_per_flush_in_any_order(
    db: str, service: ConsumptionService, seed: int
) -> None:
    """Gaps of minutes to days: the extra queries for readings outside the first window are needed."""
    meter = await make_meter(tariff_count=1)
    rng = random.Random(seed)
    ts, total, readings = utc(2026, 11, 1, 20, 11), D(0), []
    for _ in range(40):
        readings.append(RegisterReading(ts, total))
        ts += timedelta(minutes=rng.choice([1, 20, 65, 70, 190, 250, 26 * 60]))
        total += D(rng.randrange(0, 3000)) / 1000
    for reading in rng.sample(readings, len(readings)):
        await store(meter, [reading])
        await service.recompute_many({meter.id: (reading.ts, reading.ts)})
    incremental = await snapshot(meter)

    await full_recompute(service, meter)

    assert incremental == await snapshot(meter)


async def test_a_late_reading_moves_a_reset_event(db: str, service: ConsumptionService) -> None:
    meter = await make_meter(tariff_count=1)
    at = utc(2026, 11, 5, 10)
    await store(meter, [RegisterReading(at, D(100)), RegisterReading(at + timedelta(hours=1), D(5))])
    first = await service.recompute(meter.id, at, at + timedelta(hours=1))
    again = await service.recompute(meter.id, at, at + timedelta(hours=1))

    await store(meter, [RegisterReading(at + timedelta(minutes=30), D(2))])
    moved = await service.recompute(meter.id, at + timedelta(minutes=30), at + timedelta(minutes=30))

    assert [r.ts for r in first.resets] == [at + timedelta(hours=1)]
    assert again.resets == ()
    assert [r.ts for r in moved.resets] == [at + timedelta(minutes=30)]
    assert moved.withdrawn == 1
    event = await MeterEvent.get(meter_id=meter.id)
    assert (event.ts, event.code, event.event_class, event.severity, event.from_monitoring) == (
        at + timedelta(minutes=30),
        RESET_EVENT_CODE,
        EventClass.INTEGRITY,
        Severity.WARNING,
        True,
    )
    assert event.text == "total 100.000 -> 2.000"


async def test_a_month_with_a_missing_day(db: str, service: ConsumptionService) -> None:
    meter = await make_meter()
    start = datetime(2026, 6, 1, 0, tzinfo=MOSCOW).astimezone(UTC)
    before = half_hourly(start, 10 * 48 + 1)  # 1..10 June
    after = [  # a replaced meter from 12 June, counting from zero again
        RegisterReading(r.ts + timedelta(days=11), r.total, r.t1, r.t2) for r in half_hourly(start, 19 * 48 + 1)
    ]
    await store(meter, before + after)
    await service.recompute(meter.id, before[0].ts, after[-1].ts)

    days = await service.daily(meter.id, date(2026, 6, 1), date(2026, 6, 30))
    month = (await service.monthly(meter.id, 2026))[5]

    assert len(days) == 30
    assert [d.at.day for d in days if d.quality is Quality.MISSING] == [11]
    assert days[10].total == 0
    assert {d.quality for d in days if d.at.day != 11} == {Quality.MEASURED}
    assert (month.total, month.quality) == (D(36) * 29, Quality.ESTIMATED)
    assert await MeterEvent.filter(meter_id=meter.id, code=RESET_EVENT_CODE).count() == 1


async def test_a_gap_over_midnight_gives_estimated_days_and_interpolated_registers(
    db: str, service: ConsumptionService
) -> None:
    meter = await make_meter(tariff_count=1)
    evening = datetime(2026, 11, 3, 22, tzinfo=MOSCOW).astimezone(UTC)
    readings = [RegisterReading(evening, D(10)), RegisterReading(evening + timedelta(hours=4), D(14))]
    await store(meter, readings)
    await service.recompute(meter.id, evening, evening)  # as after the first reading's flush
    await service.recompute(meter.id, readings[1].ts, readings[1].ts)

    days = await service.daily(meter.id, date(2026, 11, 3), date(2026, 11, 4))
    registers = await service.readings_daily(meter.id, date(2026, 11, 3), date(2026, 11, 3))

    assert [(d.total, d.quality) for d in days] == [(D(2), Quality.ESTIMATED), (D(2), Quality.ESTIMATED)]
    assert (registers[0].total, registers[0].quality) == (D(12), Quality.ESTIMATED)


# --- Batches, errors, network ---------------------------------------------------------------------------


async def test_recompute_many_covers_every_meter_and_skips_unknown_ones(db: str, service: ConsumptionService) -> None:
    meters = [await make_meter() for _ in range(3)]
    start = utc(2026, 11, 20, 9)
    for meter in meters:
        await store(meter, half_hourly(start, 5))

    await service.recompute_many({m.id: (start, None) for m in meters} | {10**6: (start, None)})

    for meter in meters:
        hours = await service.hourly(meter.id, date(2026, 11, 20))
        assert [h.total for h in hours if h.quality is Quality.MEASURED] == [D("1.5"), D("1.5")]
    with pytest.raises(NotFound):
        await service.recompute(10**6, start, None)
    with pytest.raises(NotFound):
        await service.hourly(10**6, date(2026, 11, 20))
    with pytest.raises(InvalidInput):
        await service.recompute(meters[0].id, start, start - timedelta(hours=1))
    with pytest.raises(InvalidInput):
        await service.recompute(meters[0].id, datetime(2026, 11, 20), None)
    with pytest.raises(InvalidInput):
        await service.daily(meters[0].id, date(2026, 11, 2), date(2026, 11, 1))


async def test_a_meter_with_unusable_settings_does_not_stop_the_others(
    db: str, service: ConsumptionService, caplog: pytest.LogCaptureFixture
) -> None:
    good, bad = await make_meter(), await make_meter(timezone="Mars/Olympus_Mons")
    start = utc(2026, 11, 20, 9)
    for meter in (good, bad):
        await store(meter, half_hourly(start, 3))

    await service.recompute_many({good.id: (start, None), bad.id: (start, None)})

    assert await HourlyAggregate.filter(meter_id=good.id).count() == 1
    assert await HourlyAggregate.filter(meter_id=bad.id).count() == 0
    assert f"meter {bad.id} skipped" in caplog.text
    with pytest.raises(InvalidInput):
        await service.recompute(bad.id, start, None)


async def test_a_first_reading_then_the_next_one_in_another_flush(db: str, service: ConsumptionService) -> None:
    meter = await make_meter()
    readings = half_hourly(utc(2026, 11, 20, 9, 10), 3)
    for reading in readings:
        await store(meter, [reading])
        await service.recompute_many({meter.id: (reading.ts, None)})

    hours = await service.hourly(meter.id, date(2026, 11, 20))

    assert [(h.at.hour, h.t1, h.t2, h.total, h.quality) for h in hours if h.quality is not Quality.MISSING] == [
        (12, D("0.833"), D("0.417"), D("1.25"), Quality.MEASURED),
        (13, D("0.167"), D("0.083"), D("0.25"), Quality.MEASURED),
    ]


async def test_network_averages_per_bucket_with_missing_buckets(db: str, service: ConsumptionService) -> None:
    meter = await make_meter()
    start = utc(2026, 11, 20, 0)
    samples = [
        TelemetrySample(meter_id=meter.id, ts=start + timedelta(minutes=10), voltage_a=220.0, frequency_hz=50.0),
        TelemetrySample(meter_id=meter.id, ts=start + timedelta(minutes=40), voltage_a=230.0, current_a=5.0),
        TelemetrySample(meter_id=meter.id, ts=start + timedelta(hours=2, minutes=5), voltage_a=240.0),
        TelemetrySample(meter_id=meter.id, ts=start + timedelta(hours=3), voltage_a=1.0),  # past the end
    ]
    await TelemetrySample.bulk_create(samples)

    points = await service.network(meter.id, start, start + timedelta(hours=3), timedelta(hours=1))

    assert [p.start for p in points] == [start, start + timedelta(hours=1), start + timedelta(hours=2)]
    assert (points[0].voltage_a, points[0].current_a, points[0].frequency_hz, points[0].samples) == (
        225.0,
        5.0,
        50.0,
        2,
    )
    assert points[0].voltage_b is None
    assert points[1].missing
    assert (points[2].voltage_a, points[2].quality) == (240.0, Quality.MEASURED)
    with pytest.raises(InvalidInput):
        await service.network(meter.id, start, start + timedelta(days=365), timedelta(seconds=1))
    assert await service.network(meter.id, NOW, NOW + timedelta(days=1), timedelta(hours=1)) == []
