"""The metering rules of services/metering.py, case by case (DESIGN.md "Metering rules")."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from services.enums import Quality
from services.metering import (
    DayValue,
    Energy,
    MeterProfile,
    RegisterReading,
    combine_quality,
    compute,
    daily_values,
    day_hours,
    end_registers,
    hourly_values,
    interval_energy,
    intervals,
    month_end_registers,
    monthly_values,
    normalize,
    spread,
)

MOSCOW = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")
D = Decimal


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def series(start: datetime, step: timedelta, count: int, per_step: str = "1") -> list[RegisterReading]:
    """``count`` total-only readings ``step`` apart, the register growing by ``per_step`` each time."""
    return [RegisterReading(start + step * i, D(per_step) * i) for i in range(count)]


def by_hour(readings: list[RegisterReading], profile: MeterProfile) -> dict[datetime, tuple[Energy, Quality]]:
    return {h.hour: (h.energy, h.quality) for h in compute(readings, profile).hours}


# --- Plain consumption and the multiplier ------------------------------------------------------------


def test_consumption_is_the_register_difference_per_tariff_and_hour() -> None:
    profile = MeterProfile(timezone=MOSCOW, tariff_count=2)
    readings = [
        RegisterReading(utc(2026, 5, 1, 6, 0), D("100.000"), D("60.000"), D("40.000")),
        RegisterReading(utc(2026, 5, 1, 6, 30), D("101.500"), D("61.500"), D("40.000")),
        RegisterReading(utc(2026, 5, 1, 7, 0), D("102.000"), D("62.000"), D("40.000")),
        RegisterReading(utc(2026, 5, 1, 7, 30), D("104.250"), D("64.250"), D("40.000")),
    ]

    hours = by_hour(readings, profile)

    assert hours[utc(2026, 5, 1, 6)] == (Energy(t1=D("2"), total=D("2")), Quality.MEASURED)
    assert hours[utc(2026, 5, 1, 7)] == (Energy(t1=D("2.25"), total=D("2.25")), Quality.MEASURED)
    assert list(hours) == [utc(2026, 5, 1, 6), utc(2026, 5, 1, 7)]


def test_multiplier_scales_every_register() -> None:
    profile = MeterProfile(timezone=MOSCOW, tariff_count=2, multiplier=D(40))
    readings = [
        RegisterReading(utc(2026, 5, 1, 6), D("10.000"), D("6.000"), D("4.000")),
        RegisterReading(utc(2026, 5, 1, 7), D("10.125"), D("6.100"), D("4.025")),
    ]

    energy, quality = by_hour(readings, profile)[utc(2026, 5, 1, 6)]

    assert energy == Energy(t1=D("4.000"), t2=D("1.000"), total=D("5.000"))
    assert quality is Quality.MEASURED


def test_fractional_multiplier_rounds_the_scaled_registers_so_sums_telescope() -> None:
    profile = MeterProfile(timezone=MOSCOW, tariff_count=1, multiplier=D("1.5"))
    readings = series(utc(2026, 5, 1, 6), timedelta(minutes=20), 10, per_step="0.001")

    hours = compute(readings, profile).hours

    # 0.009 kWh on the register is 0.0135 kWh after the multiplier; the stored sum is round(0.0135).
    assert sum((h.energy.total for h in hours), D(0)) == D("0.014")
    assert all(h.energy.total >= 0 for h in hours)


def test_each_interval_has_its_consumption_per_tariff() -> None:
    profile = MeterProfile(timezone=MOSCOW, tariff_count=1, multiplier=D(2))
    readings = [  # 22:30 .. 23:30 Moscow time, then a reset
        RegisterReading(utc(2026, 5, 1, 19, 30), D("10")),
        RegisterReading(utc(2026, 5, 1, 20, 30), D("12")),
        RegisterReading(utc(2026, 5, 1, 21, 30), D("1")),
    ]

    energies = [interval_energy(i, profile) for i in intervals(readings, profile)]

    assert energies == [Energy(t1=D(2), t2=D(2), total=D(4)), Energy()]


# --- Resets -----------------------------------------------------------------------------------------


def test_a_register_that_goes_down_is_a_reset_with_a_new_baseline() -> None:
    profile = MeterProfile(timezone=MOSCOW, tariff_count=2)
    readings = [
        RegisterReading(utc(2026, 5, 1, 10), D("100"), D("60"), D("40")),
        RegisterReading(utc(2026, 5, 1, 11), D("110"), D("70"), D("40")),
        RegisterReading(utc(2026, 5, 1, 12), D("5"), D("3"), D("2")),
        RegisterReading(utc(2026, 5, 1, 13), D("15"), D("13"), D("2")),
    ]

    result = compute(readings, profile)
    hours = {h.hour: h for h in result.hours}

    assert hours[utc(2026, 5, 1, 10)].energy.total == D(10)
    assert hours[utc(2026, 5, 1, 11)].quality is Quality.MISSING
    assert hours[utc(2026, 5, 1, 11)].energy == Energy()
    assert hours[utc(2026, 5, 1, 12)].energy == Energy(t1=D(10), total=D(10))
    assert hours[utc(2026, 5, 1, 12)].quality is Quality.MEASURED
    [reset] = result.resets
    assert reset.ts == utc(2026, 5, 1, 12)
    assert reset.previous_ts == utc(2026, 5, 1, 11)
    assert reset.registers == ("t1", "t2", "total")
    assert "total 110.000 -> 5.000" in reset.text


def test_a_single_tariff_going_down_is_a_reset_too() -> None:
    profile = MeterProfile(timezone=MOSCOW, tariff_count=2)
    readings = [
        RegisterReading(utc(2026, 5, 1, 10), D("100"), D("60"), D("40")),
        RegisterReading(utc(2026, 5, 1, 10, 30), D("101"), D("61"), D("39")),
    ]

    result = compute(readings, profile)

    assert [r.registers for r in result.resets] == [("t2",)]
    assert [h.quality for h in result.hours] == [Quality.MISSING]


def test_an_hour_shared_by_data_and_a_reset_is_estimated() -> None:
    profile = MeterProfile(timezone=MOSCOW, tariff_count=1)
    readings = [
        RegisterReading(utc(2026, 5, 1, 10), D("100")),
        RegisterReading(utc(2026, 5, 1, 10, 30), D("101")),
        RegisterReading(utc(2026, 5, 1, 10, 40), D("1")),
        RegisterReading(utc(2026, 5, 1, 11), D("3")),
    ]

    [hour] = compute(readings, profile).hours

    assert hour.energy.total == D(3)
    assert hour.quality is Quality.ESTIMATED


# --- Gaps and missing data ----------------------------------------------------------------------------


def test_a_gap_is_spread_over_its_hours_in_proportion_to_time_and_estimated() -> None:
    profile = MeterProfile(timezone=MOSCOW, tariff_count=1)
    readings = [
        RegisterReading(utc(2026, 5, 1, 9, 30), D("0")),
        RegisterReading(utc(2026, 5, 1, 10), D("1")),
        RegisterReading(utc(2026, 5, 1, 14), D("41")),
    ]

    hours = by_hour(readings, profile)

    assert hours[utc(2026, 5, 1, 9)] == (Energy(t1=D(1), total=D(1)), Quality.MEASURED)
    for hour in range(10, 14):
        assert hours[utc(2026, 5, 1, hour)] == (Energy(t1=D(10), total=D(10)), Quality.ESTIMATED)


@pytest.mark.parametrize(
    ("minutes", "max_gap", "expected"),
    [
        (60, None, Quality.MEASURED),
        (65, None, Quality.MEASURED),
        (66, None, Quality.ESTIMATED),
        (20, timedelta(minutes=15), Quality.ESTIMATED),
    ],
)
def test_the_max_measured_gap_decides_measured_or_estimated(
    minutes: int, max_gap: timedelta | None, expected: Quality
) -> None:
    profile = MeterProfile(timezone=MOSCOW, tariff_count=1)
    if max_gap is not None:
        profile = MeterProfile(timezone=MOSCOW, tariff_count=1, max_measured_gap=max_gap)
    readings = [
        RegisterReading(utc(2026, 5, 1, 10), D(0)),
        RegisterReading(utc(2026, 5, 1, 10) + timedelta(minutes=minutes), D(1)),
    ]

    assert {h.quality for h in compute(readings, profile).hours} == {expected}


def test_a_reading_the_device_flags_as_estimated_makes_its_intervals_estimated() -> None:
    profile = MeterProfile(timezone=MOSCOW, tariff_count=1)
    readings = [
        RegisterReading(utc(2026, 5, 1, 10), D(0)),
        RegisterReading(utc(2026, 5, 1, 11), D(1), estimated=True),
        RegisterReading(utc(2026, 5, 1, 12), D(2)),
        RegisterReading(utc(2026, 5, 1, 13), D(3)),
    ]

    qualities = [h.quality for h in compute(readings, profile).hours]

    assert qualities == [Quality.ESTIMATED, Quality.ESTIMATED, Quality.MEASURED]


def test_hours_before_the_first_and_after_the_last_reading_are_missing() -> None:
    profile = MeterProfile(timezone=MOSCOW, tariff_count=1)
    readings = series(utc(2026, 5, 1, 10, 20), timedelta(minutes=30), 4)  # 10:20 .. 11:50

    hours = hourly_values(readings, profile, utc(2026, 5, 1, 8), utc(2026, 5, 1, 14))

    qualities = {h.hour.hour: h.quality for h in hours}
    assert qualities == {
        8: Quality.MISSING,
        9: Quality.MISSING,
        10: Quality.MEASURED,
        11: Quality.MEASURED,
        12: Quality.MISSING,
        13: Quality.MISSING,
    }
    assert sum((h.energy.total for h in hours), D(0)) == D(3)
    assert all(h.energy == Energy() for h in hours if h.quality is Quality.MISSING)


def test_a_day_partly_covered_is_estimated_and_a_day_without_data_is_missing() -> None:
    profile = MeterProfile(timezone=MOSCOW, tariff_count=1)
    readings = series(utc(2026, 5, 1, 12), timedelta(minutes=30), 10)
    hours = {h.hour: h for h in compute(readings, profile).hours}

    first, empty = daily_values(hours, [date(2026, 5, 1), date(2026, 5, 2)], profile, normalize(readings))

    assert first.quality is Quality.ESTIMATED
    assert first.energy.total == D(9)
    assert empty.quality is Quality.MISSING
    assert empty.energy == Energy()
    assert empty.end is None


def test_a_day_inside_a_reset_interval_is_missing() -> None:
    profile = MeterProfile(timezone=MOSCOW, tariff_count=1)
    readings = [
        *series(utc(2026, 4, 29, 21), timedelta(hours=1), 25),  # a whole local day 30.04, 0..24 kWh
        RegisterReading(utc(2026, 5, 2, 21), D(2)),  # replaced meter, two days later
        RegisterReading(utc(2026, 5, 2, 22), D(3)),
    ]

    days = {d.day: d for d in compute(readings, profile).days}

    assert days[date(2026, 4, 30)].quality is Quality.MEASURED
    assert days[date(2026, 4, 30)].energy.total == D(24)
    assert days[date(2026, 5, 1)].quality is Quality.MISSING
    assert days[date(2026, 5, 2)].quality is Quality.MISSING
    assert days[date(2026, 5, 3)].quality is Quality.ESTIMATED
    assert days[date(2026, 5, 3)].energy.total == D(1)


# --- Zones --------------------------------------------------------------------------------------------


def test_single_register_consumption_is_split_by_zone() -> None:
    profile = MeterProfile(timezone=MOSCOW, tariff_count=1)
    # 22:00 .. 24:00 Moscow time (UTC+3), 1 kWh per 30 minutes
    readings = series(utc(2026, 5, 1, 19), timedelta(minutes=30), 5)

    hours = by_hour(readings, profile)

    assert hours[utc(2026, 5, 1, 19)][0] == Energy(t1=D(2), total=D(2))
    assert hours[utc(2026, 5, 1, 20)][0] == Energy(t2=D(2), total=D(2))


def test_a_total_only_reading_of_a_two_tariff_meter_is_split_by_zone() -> None:
    profile = MeterProfile(timezone=MOSCOW, tariff_count=2)
    readings = [
        RegisterReading(utc(2026, 5, 1, 3, 30), D("10"), D("6"), D("4")),
        RegisterReading(utc(2026, 5, 1, 4, 30), D("12")),  # 06:30 .. 07:30 Moscow time, total only
    ]

    [early, late] = compute(readings, profile).hours

    assert early.energy == Energy(t2=D(1), total=D(1))
    assert late.energy == Energy(t1=D(1), total=D(1))


def test_two_tariff_registers_are_placed_in_their_own_zones() -> None:
    profile = MeterProfile(timezone=MOSCOW, tariff_count=2)
    readings = [  # 22:30 .. 23:30 Moscow: 3 kWh of t1 before 23:00 and 1 kWh of t2 after
        RegisterReading(utc(2026, 5, 1, 19, 30), D("10"), D("6"), D("4")),
        RegisterReading(utc(2026, 5, 1, 20, 30), D("14"), D("9"), D("5")),
    ]

    [day_hour, night_hour] = compute(readings, profile).hours

    assert day_hour.energy == Energy(t1=D(3), total=D(3))
    assert night_hour.energy == Energy(t2=D(1), total=D(1))


def test_a_non_default_zone_schedule_of_the_site() -> None:
    profile = MeterProfile(
        timezone=MOSCOW, tariff_count=1, day_zone_start_min=8 * 60 + 30, night_zone_start_min=21 * 60
    )
    # 1 kWh per hour from 08:00 to 09:00 and from 20:00 to 22:00 Moscow time
    morning = series(utc(2026, 5, 1, 5), timedelta(minutes=15), 5, per_step="0.25")
    evening = [
        RegisterReading(r.ts + timedelta(hours=12), r.total + 10)
        for r in series(utc(2026, 5, 1, 5), timedelta(minutes=15), 9, "0.25")
    ]

    hours = by_hour(morning, profile) | by_hour(evening, profile)

    assert hours[utc(2026, 5, 1, 5)][0] == Energy(t1=D("0.5"), t2=D("0.5"), total=D(1))
    assert hours[utc(2026, 5, 1, 17)][0] == Energy(t1=D(1), total=D(1))
    assert hours[utc(2026, 5, 1, 18)][0] == Energy(t2=D(1), total=D(1))


# --- Days across DST ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "hours", "day_zone", "night_zone"),
    [
        (date(2026, 3, 29), 23, 16, 7),  # spring forward: 02:00 -> 03:00
        (date(2026, 10, 25), 25, 16, 9),  # fall back: 03:00 -> 02:00
        (date(2026, 6, 1), 24, 16, 8),
    ],
)
def test_local_days_across_dst_have_23_24_or_25_hours(day: date, hours: int, day_zone: int, night_zone: int) -> None:
    profile = MeterProfile(timezone=BERLIN, tariff_count=1)
    start = day_hours(day - timedelta(days=1), BERLIN)[0]
    readings = series(start, timedelta(hours=1), 24 * 3 + 1)  # three local days around, 1 kWh an hour

    days = {d.day: d for d in compute(readings, profile).days}

    assert len(day_hours(day, BERLIN)) == hours
    assert days[day].energy == Energy(t1=D(day_zone), t2=D(night_zone), total=D(hours))
    assert days[day].quality is Quality.MEASURED


def test_hours_of_a_berlin_day_start_and_end_at_local_midnight() -> None:
    spring = day_hours(date(2026, 3, 29), BERLIN)
    autumn = day_hours(date(2026, 10, 25), BERLIN)

    assert (spring[0], spring[-1]) == (utc(2026, 3, 28, 23), utc(2026, 3, 29, 21))
    assert (autumn[0], autumn[-1]) == (utc(2026, 10, 24, 22), utc(2026, 10, 25, 22))
    local_autumn = [h.astimezone(BERLIN).strftime("%H") for h in autumn]
    assert local_autumn.count("02") == 2


# --- End-of-day registers and months ----------------------------------------------------------------


def test_end_of_day_registers_are_the_last_reading_at_or_before_midnight() -> None:
    profile = MeterProfile(timezone=MOSCOW, tariff_count=2)
    readings = [
        RegisterReading(utc(2026, 5, 1, 20, 30), D("10"), D("6"), D("4")),  # 23:30 Moscow
        RegisterReading(utc(2026, 5, 1, 21, 0), D("11"), D("6"), D("5")),  # 00:00 Moscow, the day's end
        RegisterReading(utc(2026, 5, 1, 21, 30), D("12"), D("6"), D("6")),
    ]

    day = next(d for d in compute(readings, profile).days if d.day == date(2026, 5, 1))

    assert day.end is not None
    assert (day.end.t1, day.end.t2, day.end.total) == (D(6), D(5), D(11))


def test_end_of_day_registers_inside_a_gap_are_interpolated() -> None:
    profile = MeterProfile(timezone=MOSCOW, tariff_count=2)
    readings = [
        RegisterReading(utc(2026, 5, 1, 19), D("10.000"), D("6.000"), D("4.000")),  # 22:00 Moscow
        RegisterReading(utc(2026, 5, 1, 23), D("14.000"), D("6.000"), D("8.000")),  # 02:00 Moscow
    ]

    registers = end_registers(readings, utc(2026, 5, 1, 21), profile)
    day = next(d for d in compute(readings, profile).days if d.day == date(2026, 5, 1))

    assert registers is not None
    assert (registers.t1, registers.t2, registers.total) == (D(6), D(6), D(12))
    assert day.end == registers
    assert day.quality is Quality.ESTIMATED


def test_months_sum_their_days_and_take_the_quality_rule_over_days() -> None:
    full = Energy(t1=D(1), total=D(1))
    days = [DayValue(date(2026, 2, d), full, Quality.MEASURED) for d in range(1, 29)]
    days += [DayValue(date(2026, 3, d), full, Quality.MEASURED) for d in range(1, 31)]
    days.append(DayValue(date(2026, 4, 5), full, Quality.ESTIMATED))

    months = {m.month.month: m for m in monthly_values(days, 2026)}

    assert len(months) == 12
    assert (months[2].energy.total, months[2].quality) == (D(28), Quality.MEASURED)
    assert (months[3].energy.total, months[3].quality) == (D(30), Quality.ESTIMATED)  # 31.03 is missing
    assert months[4].quality is Quality.ESTIMATED
    assert (months[5].energy, months[5].quality) == (Energy(), Quality.MISSING)


def test_month_end_registers_come_from_the_last_day_that_has_them() -> None:
    end = compute(series(utc(2026, 1, 30, 21), timedelta(hours=1), 30), MeterProfile(timezone=MOSCOW, tariff_count=1))

    months = month_end_registers(end.days, 2026)

    january, february = months[0], months[1]
    assert january[1] is not None
    assert (january[1].total, january[2]) == (D(24), Quality.MEASURED)  # the reading at 00:00 on 01.02
    assert february[1] is not None
    assert (february[1].total, february[2]) == (D(29), Quality.ESTIMATED)  # 01.02 is unfinished
    assert months[2] == (date(2026, 3, 1), None, Quality.MISSING)


# --- Building blocks -------------------------------------------------------------------------------------


def test_largest_remainder_allocation_adds_up_exactly() -> None:
    assert spread(10, [1, 1, 1]) == [4, 3, 3]
    assert spread(2, [1, 1, 1]) == [1, 1, 0]
    assert spread(7, [0, 5, 0]) == [0, 7, 0]
    assert spread(0, [3, 4]) == [0, 0]


def test_combine_quality() -> None:
    assert combine_quality([Quality.MEASURED] * 24, 24) is Quality.MEASURED
    assert combine_quality([Quality.MEASURED] * 23, 24) is Quality.ESTIMATED
    assert combine_quality([Quality.MEASURED, Quality.ESTIMATED], 2) is Quality.ESTIMATED
    assert combine_quality([Quality.MISSING, Quality.MISSING], 2) is Quality.MISSING
    assert combine_quality([], 24) is Quality.MISSING


def test_normalize_sorts_collapses_repeats_and_converts_to_utc() -> None:
    moscow_time = datetime(2026, 5, 1, 13, 0, tzinfo=MOSCOW)
    same = RegisterReading(utc(2026, 5, 1, 10), D(1))
    readings = [RegisterReading(utc(2026, 5, 1, 11), D(2)), RegisterReading(moscow_time, D(1)), same, same]

    result = normalize(readings)

    assert [r.ts for r in result] == [utc(2026, 5, 1, 10), utc(2026, 5, 1, 11)]
    assert result[0].ts.tzinfo is UTC
    with pytest.raises(ValueError, match="aware"):
        normalize([RegisterReading(datetime(2026, 5, 1), D(1))])


def test_profile_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="multiplier"):
        MeterProfile(multiplier=D(0))
    with pytest.raises(ValueError, match="tariff_count"):
        MeterProfile(tariff_count=5)
    with pytest.raises(ValueError, match="minutes"):
        MeterProfile(day_zone_start_min=24 * 60)
