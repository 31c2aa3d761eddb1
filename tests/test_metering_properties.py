"""Properties of the metering rules that must hold for any readings (hypothesis)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from services.enums import Quality
from services.metering import (
    HOUR,
    KWH_STEP,
    Energy,
    HourValue,
    IntervalKind,
    MeteringResult,
    MeterProfile,
    RegisterReading,
    _distribute,
    _scale,
    _ZoneClock,
    compute,
    find_resets,
    floor_hour,
    hourly_values,
    interval_kind,
    normalize,
)

SETTINGS = settings(max_examples=100, deadline=None)
STARTS = [  # around both Berlin DST changes of 2026, a month end, and an ordinary day
    datetime(2026, 3, 28, 20, tzinfo=UTC),
    datetime(2026, 10, 24, 20, tzinfo=UTC),
    datetime(2026, 1, 31, 12, tzinfo=UTC),
    datetime(2026, 6, 10, 3, tzinfo=UTC),
]
MULTIPLIERS = [Decimal(1), Decimal(2), Decimal(40), Decimal("1.5"), Decimal("0.333")]
REGISTER_NAMES = ("t1", "t2", "t3", "t4")


@dataclass(frozen=True)
class Case:
    profile: MeterProfile
    readings: list[RegisterReading]


@st.composite
def profiles(draw: st.DrawFn) -> MeterProfile:
    return MeterProfile(
        timezone=ZoneInfo(draw(st.sampled_from(["Europe/Berlin", "Europe/Moscow", "Asia/Yekaterinburg"]))),
        multiplier=draw(st.sampled_from(MULTIPLIERS)),
        tariff_count=draw(st.integers(1, 4)),
        day_zone_start_min=draw(st.sampled_from([7 * 60, 6 * 60 + 30, 8 * 60])),
        night_zone_start_min=draw(st.sampled_from([23 * 60, 22 * 60, 21 * 60 + 15])),
        max_measured_gap=timedelta(minutes=draw(st.sampled_from([15, 65, 180]))),
    )


kwh = st.integers(0, 5000).map(lambda units: Decimal(units).scaleb(-3))


@st.composite
def cases(
    draw: st.DrawFn, resets: bool, total_only_sometimes: bool = True, frequent: bool = False, flagged: bool = False
) -> Case:
    """Readings of one meter: growing registers (with resets when asked), 1 s to 9 h apart (``frequent``:
    mostly seconds to minutes, as a meter reporting often), some flagged estimated when asked."""
    profile = draw(profiles())
    count = draw(st.integers(2, 60 if frequent else 25))
    ts = draw(st.sampled_from(STARTS)) + timedelta(seconds=draw(st.integers(0, 7200)))
    tariffs = [Decimal(draw(st.integers(0, 10**6))) for _ in range(profile.tariff_count)]
    readings: list[RegisterReading] = []
    for _ in range(count):
        total = sum(tariffs, Decimal(0))
        with_tariffs = profile.tariff_count > 1 and not (total_only_sometimes and draw(st.integers(0, 5)) == 0)
        registers: list[Decimal | None] = [None] * 4
        if with_tariffs:
            registers[: len(tariffs)] = tariffs
        estimated = flagged and draw(st.integers(0, 9)) == 0
        readings.append(RegisterReading(ts, total, *registers, estimated=estimated))
        step = st.integers(1, 900) if frequent else st.one_of(st.integers(1, 3600), st.integers(3600, 9 * 3600))
        ts += timedelta(seconds=draw(step))
        if resets and draw(st.integers(0, 6)) == 0:
            tariffs = [Decimal(draw(st.integers(0, int(t)))) if t else t for t in tariffs]
        else:
            tariffs = [t + draw(kwh) for t in tariffs]
    return Case(profile, readings)


def sums(result: MeteringResult) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    names = (*REGISTER_NAMES, "total")
    hourly = {n: sum((getattr(h.energy, n) for h in result.hours), Decimal(0)) for n in names}
    daily = {n: sum((getattr(d.energy, n) for d in result.days), Decimal(0)) for n in names}
    return hourly, daily


def scaled(value: Decimal, multiplier: Decimal) -> Decimal:
    return (value * multiplier).quantize(KWH_STEP, rounding=ROUND_HALF_UP)


@SETTINGS
@given(case=cases(resets=True), data=st.data())
def test_any_order_and_any_repeats_give_the_same_aggregates(case: Case, data: st.DataObject) -> None:
    repeats = data.draw(st.lists(st.sampled_from(case.readings), max_size=10))
    shuffled = data.draw(st.permutations(case.readings + repeats))

    assert compute(shuffled, case.profile) == compute(case.readings, case.profile)


@SETTINGS
@given(case=cases(resets=False))
def test_without_resets_sums_equal_the_register_difference(case: Case) -> None:
    first, last = case.readings[0], case.readings[-1]
    m = case.profile.multiplier
    result = compute(case.readings, case.profile)
    hourly, daily = sums(result)

    expected_total = scaled(last.total, m) - scaled(first.total, m)
    assert hourly["total"] == daily["total"] == expected_total
    if m == m.to_integral_value():
        assert expected_total == (last.total - first.total) * m
    else:
        assert abs(expected_total - (last.total - first.total) * m) <= KWH_STEP
    with_all_tariffs = case.profile.tariff_count > 1 and all(r.t1 is not None for r in case.readings)
    if with_all_tariffs:
        for index, name in enumerate(REGISTER_NAMES[: case.profile.tariff_count]):
            before, after = first.tariff(index), last.tariff(index)
            assert before is not None
            assert after is not None
            assert hourly[name] == daily[name] == scaled(after, m) - scaled(before, m)
    if case.profile.tariff_count == 1:
        assert hourly["t1"] + hourly["t2"] == hourly["total"]
    assert not result.resets


@SETTINGS
@given(case=cases(resets=True))
def test_consumption_is_never_negative_even_with_resets(case: Case) -> None:
    result = compute(case.readings, case.profile)

    for value in [h.energy for h in result.hours] + [d.energy for d in result.days]:
        assert min(value.t1, value.t2, value.t3, value.t4, value.total) >= 0
    assert result.resets == find_resets(normalize(case.readings))


@SETTINGS
@given(case=cases(resets=False, total_only_sometimes=False))
def test_tariffs_of_every_hour_add_up_to_its_total(case: Case) -> None:
    """Zone splits always; tariff registers whenever the scaled tariffs add up to the scaled total
    (always for integer multipliers, since the generated totals are the sums of the tariffs)."""
    assume(case.profile.multiplier == case.profile.multiplier.to_integral_value())
    for hour in compute(case.readings, case.profile).hours:
        energy = hour.energy
        assert energy.t1 + energy.t2 + energy.t3 + energy.t4 == energy.total


def hours_interval_by_interval(readings: list[RegisterReading], profile: MeterProfile) -> list[HourValue]:
    """Rules 2–6 applied the straightforward way: every interval spread on its own, nothing summed in runs."""
    start, end = readings[0].ts, readings[-1].ts
    units: dict[datetime, list[int]] = {}
    data: set[datetime] = set()
    degraded: set[datetime] = set()
    hour = floor_hour(start)
    while hour < end:
        units[hour] = [0, 0, 0, 0, 0]
        hour += HOUR
    clock = _ZoneClock(profile, start, end)
    for a, b in itertools.pairwise(readings):
        kind = interval_kind(a, b, profile)
        touched = [h for h in units if h < b.ts and h + HOUR > a.ts]
        if kind is IntervalKind.RESET:
            degraded.update(touched)
            continue
        for hour, part in _distribute(a.ts, b.ts, _scale(a, profile), _scale(b, profile), clock).items():
            data.add(hour)
            if kind is IntervalKind.ESTIMATED:
                degraded.add(hour)
            units[hour] = [x + y for x, y in zip(units[hour], part, strict=True)]
    result = []
    for hour, values in units.items():
        quality = Quality.MISSING if hour not in data else Quality.ESTIMATED if hour in degraded else Quality.MEASURED
        result.append(HourValue(hour, Energy.from_units(values), quality))
    return result


@SETTINGS
@given(case=st.one_of(cases(resets=True, frequent=True, flagged=True), cases(resets=True, flagged=True)))
def test_hours_equal_spreading_every_interval_on_its_own(case: Case) -> None:
    """hourly_values sums runs of short measured intervals at once; that must change nothing."""
    readings = normalize(case.readings)
    assume(readings[-1].ts > readings[0].ts)

    got = hourly_values(readings, case.profile, readings[0].ts, readings[-1].ts)

    assert got == hours_interval_by_interval(readings, case.profile)
