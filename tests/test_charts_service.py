"""ChartService on a real database (SQLite, or PostgreSQL with MB_TEST_DATABASE_URL).

The aggregates are written directly (what ConsumptionService would have stored) where a test needs
exact qualities, and through readings and a real recompute where the cache must notice new data. The
marks are checked in the data that drives them (the plot's slots), not in pixels.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from handlers.resident.chart_texts import chart_labels
from services.chart_render import ProcessRenderer
from services.charts import (
    ChartCache,
    ChartKind,
    ChartRequest,
    ChartResult,
    ChartService,
    PeriodMode,
)
from services.clock import FixedClock
from services.consumption import ConsumptionService
from services.db.models import (
    Binding,
    DailyAggregate,
    Meter,
    Person,
    Plot,
    Reading,
    Site,
)
from services.enums import BindingStatus
from services.errors import NotFound
from tests.charts_harness import CountingRenderer, png_size, seed_days, seed_hours, seed_network

D = Decimal
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 12:00 in Moscow
RU = chart_labels("ru")
EN = chart_labels("en")


class Home:
    def __init__(self, site: Site, person: Person, neighbour: Person, meter: Meter, other: Meter) -> None:
        self.site, self.person, self.neighbour, self.meter, self.other = site, person, neighbour, meter, other


async def _meter(site: Site, plot: Plot, serial: str, owner: Person, **fields: Any) -> Meter:
    meter = await Meter.create(site=site, plot=plot, serial=serial, topic_id=serial, tariff_count=2, **fields)
    await Binding.create(person=owner, meter=meter, status=BindingStatus.ACTIVE)
    return meter


@pytest.fixture
async def home(db: str) -> Home:
    site = await Site.create(slug="romashka", name="СНТ «Ромашка»")
    plot = await Plot.create(site=site, number="12")
    person = await Person.create(telegram_id=1001, name="Иван Петров")
    neighbour = await Person.create(telegram_id=1002, name="Сосед")
    meter = await _meter(site, plot, "1001", person, installed_on=date(2025, 1, 10), phases=3, has_telemetry=True)
    other = await _meter(site, plot, "1002", neighbour)
    return Home(site, person, neighbour, meter, other)


@pytest.fixture
def renderer() -> CountingRenderer:
    return CountingRenderer()


@pytest.fixture
def service(renderer: CountingRenderer) -> ChartService:
    clock = FixedClock(NOW)
    return ChartService(clock, ConsumptionService(clock), renderer=renderer)


def request(home: Home, kind: ChartKind, anchor: date | None = None, mode: PeriodMode = PeriodMode.CALENDAR) -> Any:
    return ChartRequest(home.person.id, home.meter.id, kind, anchor, mode)


# --- Every kind ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(ChartKind))
async def test_every_kind_renders_a_png(home: Home, service: ChartService, kind: ChartKind) -> None:
    await seed_days(home.meter)
    await seed_hours(home.meter)
    await seed_network(home.meter)
    anchor = date(2026, 11, 12) if kind is ChartKind.CONSUMPTION_HOURLY else date(2026, 11, 22)

    result = await service.render(request(home, kind, anchor), RU)

    assert png_size(result.png) == (1000, 560)
    assert len(result.png) > 10_000
    assert result.plot.title == RU.title(kind)
    assert any(v is not None for series in result.plot.series for v in series.values)


async def test_an_empty_period_still_renders(home: Home, service: ChartService) -> None:
    result = await service.render(request(home, ChartKind.CONSUMPTION_MONTHLY, date(2025, 6, 1)), EN)

    assert png_size(result.png) == (1000, 560)
    assert result.summary.total is None
    assert result.plot.missing == tuple(range(12))  # installed in January 2025: every month of 2025 lacks data


# --- Marks and numbers --------------------------------------------------------------------------------------


async def test_daily_chart_marks_estimated_and_missing_days(home: Home, service: ChartService) -> None:
    await seed_days(home.meter)

    result = await service.render(request(home, ChartKind.CONSUMPTION_DAILY, date(2026, 11, 5)), RU)

    plot = result.plot
    assert plot.slots == 30
    assert plot.x_labels[:3] == ("1", "2", "3")
    assert plot.estimated == (9, 22)  # the 10th and the 23rd
    assert plot.missing == (14,)  # the 15th; the days still to come are neither
    t1, t2 = plot.series
    assert (t1.label, t2.label) == ("Т1 (день)", "Т2 (ночь)")
    assert t1.values[11] == 8.0
    assert t2.values[11] == 2.0
    assert t1.values[14] is None
    assert t1.values[23] is None
    assert plot.subtitle == "ноябрь 2026"


async def test_caption_numbers_total_average_peak_and_last_year(home: Home, service: ChartService) -> None:
    await seed_days(home.meter)

    summary = (await service.render(request(home, ChartKind.CONSUMPTION_DAILY, date(2026, 11, 5)), RU)).summary

    assert summary.total == D(94)  # 21 days of 4 kWh and the 12th with 10
    assert summary.average == D("4.273")  # over the 22 days with data
    assert (summary.peak, summary.peak_at) == (D(10), date(2026, 11, 12))
    assert summary.last_year_total == D(46)  # 1–23 November 2025: the same 23 days
    assert summary.change_percent == D("104.3")
    assert (summary.shown, summary.estimated, summary.missing) == (23, 2, 1)


async def test_no_comparison_without_last_years_data(home: Home, service: ChartService) -> None:
    await seed_days(home.meter)
    await DailyAggregate.filter(meter_id=home.meter.id, day__lt=date(2026, 1, 1)).delete()

    summary = (await service.render(request(home, ChartKind.CONSUMPTION_DAILY), RU)).summary

    assert summary.total == D(94)
    assert summary.last_year_total is None
    assert summary.change_percent is None


async def test_hourly_chart_of_a_day(home: Home, service: ChartService) -> None:
    await seed_hours(home.meter)

    result = await service.render(request(home, ChartKind.CONSUMPTION_HOURLY, date(2026, 11, 12)), RU)

    plot, summary = result.plot, result.summary
    assert plot.x_labels[:2] == ("00", "01")
    assert plot.slots == 24
    assert plot.missing == (3,)
    assert plot.estimated == (4,)
    assert summary.total == D("13.0")  # 22 hours of 0.5 and 2 at 19:00
    assert summary.peak == D(2)
    assert isinstance(summary.peak_at, datetime)
    assert summary.peak_at.hour == 19
    assert plot.subtitle == "12.11.2026"


async def test_today_shows_the_hours_until_now_only(home: Home, service: ChartService) -> None:
    result = await service.render(request(home, ChartKind.CONSUMPTION_HOURLY), RU)

    assert result.summary.shown == 13  # 00:00 … 12:00 in Moscow
    assert result.plot.missing == tuple(range(13))
    assert result.view.next is None


async def test_readings_chart_has_a_line_per_tariff_and_the_latest_registers(home: Home, service: ChartService) -> None:
    await seed_days(home.meter)

    result = await service.render(request(home, ChartKind.READINGS_DAILY, date(2026, 11, 1)), RU)

    assert [s.label for s in result.plot.series] == ["Т1 (день)", "Т2 (ночь)"]
    assert result.plot.missing == (14,)
    registers = result.summary.registers
    assert registers is not None
    assert registers.at == date(2026, 11, 23)
    assert registers.total == D(1092)
    assert result.summary.total == D(94)


async def test_network_voltage_per_phase_with_the_normal_band(home: Home, service: ChartService) -> None:
    await seed_network(home.meter)

    result = await service.render(request(home, ChartKind.NETWORK_VOLTAGE, date(2026, 11, 22)), RU)

    plot, summary = result.plot, result.summary
    assert [s.label for s in plot.series] == ["Фаза A", "Фаза B", "Фаза C"]
    assert plot.slots == 96
    assert plot.x_labels[8] == "02:00"
    assert plot.missing == (8, 9, 10, 11)  # 02:00–03:00
    assert plot.band is not None
    assert (plot.band.low, plot.band.high) == (207.0, 253.0)
    assert summary.outside_band == 1
    assert summary.peak is not None
    assert summary.peak > D(240)
    assert summary.low == D("228.0")
    assert (summary.shown, summary.missing) == (96, 4)


async def test_frequency_has_one_line_and_its_band(home: Home, service: ChartService) -> None:
    await seed_network(home.meter)

    result = await service.render(request(home, ChartKind.NETWORK_FREQUENCY, date(2026, 11, 22)), EN)

    assert [s.label for s in result.plot.series] == ["Frequency"]
    assert result.plot.band is not None
    assert result.plot.band.nominal == 50.0
    assert result.summary.average == D("50.00")
    assert result.summary.outside_band == 0


# --- Periods -------------------------------------------------------------------------------------------------


async def test_the_default_is_the_last_30_days(home: Home, service: ChartService) -> None:
    await seed_days(home.meter)

    result = await service.render(ChartRequest(home.person.id, home.meter.id), RU)

    assert (result.view.start, result.view.end) == (date(2026, 10, 25), date(2026, 11, 23))
    assert result.view.mode is PeriodMode.ROLLING
    assert result.plot.subtitle == "25.10.2026–23.11.2026 · последние 30 дней"
    assert result.view.next is None
    assert result.view.previous == date(2026, 10, 24)
    assert result.view.drill[0] == date(2026, 10, 25)
    assert result.view.drill[-1] == date(2026, 11, 23)


async def test_billing_periods_from_the_sites_start_day(home: Home, service: ChartService) -> None:
    await Site.filter(id=home.site.id).update(billing_period_start_day=20)
    await seed_days(home.meter)

    november = await service.render(
        request(home, ChartKind.CONSUMPTION_DAILY, date(2026, 11, 10), PeriodMode.BILLING), RU
    )
    current = await service.render(
        request(home, ChartKind.CONSUMPTION_DAILY, date(2026, 11, 23), PeriodMode.BILLING), RU
    )

    assert (november.view.start, november.view.end) == (date(2026, 10, 20), date(2026, 11, 19))
    assert november.plot.subtitle == "20.10.2026–19.11.2026 · расчётный период"
    assert november.view.next == date(2026, 11, 20)
    assert (current.view.start, current.view.end) == (date(2026, 11, 20), date(2026, 12, 19))
    assert current.summary.total == D(16)  # the 20th to the 23rd
    assert november.view.billing


async def test_a_billing_year_is_twelve_billing_periods(home: Home, service: ChartService) -> None:
    await Site.filter(id=home.site.id).update(billing_period_start_day=20)
    await seed_days(home.meter)

    result = await service.render(
        request(home, ChartKind.CONSUMPTION_MONTHLY, date(2026, 11, 23), PeriodMode.BILLING), RU
    )
    earlier = await service.render(
        request(home, ChartKind.CONSUMPTION_MONTHLY, date(2025, 12, 19), PeriodMode.BILLING), RU
    )

    # 23.11.2026 is in the period named December (20.11–19.12), so in the billing year 2026.
    assert (result.view.start, result.view.end) == (date(2025, 12, 20), date(2026, 12, 19))
    assert result.plot.subtitle == "20.12.2025–19.12.2026 · расчётные периоды"
    november, december = result.plot.series[0].values[10:12]  # 20.10–19.11 and 20.11–19.12
    assert november == 3 * 17 + 8  # t1 of the 1st–19th without the 15th
    assert december == 3 * 4
    assert result.view.drill[10] == date(2026, 10, 20)
    assert result.view.next is None
    assert (earlier.view.start, earlier.view.end) == (date(2024, 12, 20), date(2025, 12, 19))
    assert result.view.previous is not None
    assert result.view.previous <= earlier.view.end


async def test_with_billing_on_the_first_billing_is_the_calendar(home: Home, service: ChartService) -> None:
    result = await service.render(request(home, ChartKind.CONSUMPTION_DAILY, date(2026, 11, 5), PeriodMode.BILLING), RU)

    assert result.view.mode is PeriodMode.CALENDAR
    assert not result.view.billing


async def test_no_previous_period_before_the_installation(home: Home, service: ChartService) -> None:
    result = await service.render(request(home, ChartKind.CONSUMPTION_MONTHLY, date(2025, 3, 1)), RU)

    assert result.view.previous is None
    assert result.view.next == date(2026, 1, 1)


# --- Labels -----------------------------------------------------------------------------------------------------


async def test_month_names_are_russian_in_ru_and_english_in_en(home: Home, service: ChartService) -> None:
    await seed_days(home.meter)

    ru = await service.render(request(home, ChartKind.CONSUMPTION_MONTHLY), RU)
    en = await service.render(request(home, ChartKind.CONSUMPTION_MONTHLY), EN)
    month = await service.render(request(home, ChartKind.READINGS_DAILY, date(2026, 2, 3)), RU)

    assert ru.plot.x_labels[:3] == ("янв.", "февр.", "март")
    assert ru.plot.x_labels[10] == "нояб."
    assert en.plot.x_labels[:3] == ("Jan", "Feb", "Mar")
    assert month.plot.subtitle == "февраль 2026"
    assert ru.plot.unit == "кВт·ч"
    assert ru.plot.locale == "ru"
    assert RU.months[10] == "ноябрь"


# --- Access ------------------------------------------------------------------------------------------------------


async def test_someone_elses_meter_is_not_found(home: Home, service: ChartService, renderer: CountingRenderer) -> None:
    pending = await Meter.create(site=home.site, serial="1003", topic_id="1003")
    await Binding.create(person=home.person, meter=pending, status=BindingStatus.PENDING)

    for meter_id in (home.other.id, pending.id, 999_999):
        with pytest.raises(NotFound):
            await service.render(ChartRequest(home.person.id, meter_id), RU)

    assert renderer.drawn == []


# --- The cache -----------------------------------------------------------------------------------------------------


async def _reading(meter: Meter, ts: datetime, t1: str, t2: str) -> None:
    await Reading.create(meter=meter, ts=ts, t1=D(t1), t2=D(t2), total=D(t1) + D(t2))


async def test_a_repeated_request_comes_from_the_cache_until_new_data_for_that_meter(
    home: Home, service: ChartService, renderer: CountingRenderer
) -> None:
    consumption = ConsumptionService(FixedClock(NOW))
    start = datetime(2026, 11, 22, 6, tzinfo=UTC)
    for meter in (home.meter, home.other):
        await _reading(meter, start, "100", "50")
        await _reading(meter, start + timedelta(hours=1), "101", "50")
        await consumption.recompute(meter.id, start, None)
    chart = request(home, ChartKind.CONSUMPTION_DAILY)

    first = await service.render(chart, RU)
    again = await service.render(chart, RU)

    assert not first.from_cache
    assert again.from_cache
    assert again.png is first.png
    assert len(renderer.drawn) == 1
    assert service.cache_info().hits == 1

    await _reading(home.other, start + timedelta(hours=2), "103", "50")  # another meter's data: still cached
    await consumption.recompute(home.other.id, start, None)
    assert (await service.render(chart, RU)).from_cache

    await _reading(home.meter, start + timedelta(hours=2), "104", "50")  # this meter's: drawn anew
    await consumption.recompute(home.meter.id, start, None)
    fresh = await service.render(chart, RU)

    assert not fresh.from_cache
    assert len(renderer.drawn) == 2
    assert fresh.summary.total == D(4)
    assert first.summary.total == D(1)


async def test_new_telemetry_makes_network_charts_stale(home: Home, service: ChartService) -> None:
    from services.data_versions import TELEMETRY

    await seed_network(home.meter)
    chart = request(home, ChartKind.NETWORK_CURRENT, date(2026, 11, 22))
    await service.render(chart, RU)
    assert (await service.render(chart, RU)).from_cache

    TELEMETRY.bump([home.meter.id])  # what a flush with this meter's telemetry does

    assert not (await service.render(chart, RU)).from_cache


async def test_the_cache_key_has_the_language_and_the_period(home: Home, service: ChartService) -> None:
    await service.render(request(home, ChartKind.CONSUMPTION_DAILY), RU)

    assert not (await service.render(request(home, ChartKind.CONSUMPTION_DAILY), EN)).from_cache
    assert not (
        await service.render(request(home, ChartKind.CONSUMPTION_DAILY, mode=PeriodMode.ROLLING), RU)
    ).from_cache
    assert (await service.render(request(home, ChartKind.CONSUMPTION_DAILY, date(2026, 11, 2)), RU)).from_cache


async def test_the_person_sees_their_own_label_even_from_the_cache(home: Home, service: ChartService) -> None:
    await Binding.create(person=home.neighbour, meter=home.meter, status=BindingStatus.ACTIVE, label="Баня")
    mine = await service.render(request(home, ChartKind.CONSUMPTION_DAILY), RU)

    theirs = await service.render(
        ChartRequest(home.neighbour.id, home.meter.id, ChartKind.CONSUMPTION_DAILY, None, PeriodMode.CALENDAR), RU
    )

    assert theirs.from_cache
    assert theirs.meter.label == "Баня"
    assert mine.meter.label != "Баня"


async def test_identical_requests_at_once_are_drawn_once(
    home: Home, service: ChartService, renderer: CountingRenderer
) -> None:
    misses: list[int] = []

    async def on_miss() -> None:
        misses.append(1)

    chart = request(home, ChartKind.CONSUMPTION_MONTHLY)
    results = await asyncio.gather(*(service.render(chart, RU, on_miss=on_miss) for _ in range(5)))

    assert len(renderer.drawn) == 1
    assert {r.png for r in results} == {results[0].png}
    assert len(misses) == 5  # every waiting chat is told a photo is coming


def test_the_cache_is_bounded_by_bytes_least_recently_used_first() -> None:
    cache = ChartCache(max_bytes=250)

    def item(size: int) -> ChartResult:
        return ChartResult(png=b"x" * size, summary=None, view=None, plot=None, meter=None)  # type: ignore[arg-type]

    keys = [object() for _ in range(4)]
    cache.put(keys[0], 1, item(100))  # type: ignore[arg-type]
    cache.put(keys[1], 1, item(100))  # type: ignore[arg-type]
    assert cache.get(keys[0], 1) is not None  # keys[0] used: keys[1] is now the oldest
    cache.put(keys[2], 1, item(100))  # type: ignore[arg-type]

    assert cache.get(keys[1], 1) is None
    assert cache.get(keys[0], 1) is not None
    assert cache.get(keys[2], 1) is not None
    assert cache.get(keys[0], 2) is None  # another version: a miss that drops the entry
    assert cache.info().bytes == 100
    assert cache.info().entries == 1
    cache.put(keys[3], 1, item(300))  # type: ignore[arg-type]
    assert cache.get(keys[3], 1) is None  # larger than the whole cache: not kept


async def test_the_process_renderer_draws_in_worker_processes(home: Home) -> None:
    await seed_days(home.meter)
    renderer = ProcessRenderer(workers=1)
    clock = FixedClock(NOW)
    service = ChartService(clock, ConsumptionService(clock), renderer=renderer)
    try:
        result = await service.render(request(home, ChartKind.CONSUMPTION_DAILY), RU)
    finally:
        await service.aclose()

    assert png_size(result.png) == (1000, 560)


async def test_a_cached_picture_answers_with_the_requests_anchor_and_today(
    home: Home, renderer: CountingRenderer
) -> None:
    clock = FixedClock(NOW)
    service = ChartService(clock, ConsumptionService(clock), renderer=renderer)
    await service.render(request(home, ChartKind.CONSUMPTION_DAILY, date(2026, 11, 2)), RU)

    same_month = await service.render(request(home, ChartKind.CONSUMPTION_DAILY, date(2026, 11, 9)), RU)
    rolling = request(home, ChartKind.CONSUMPTION_DAILY, date(2026, 11, 20), PeriodMode.ROLLING)
    before = await service.render(rolling, RU)
    clock.set(NOW + timedelta(days=1))
    after = await service.render(rolling, RU)

    assert same_month.from_cache
    assert same_month.view.anchor == date(2026, 11, 9)
    assert before.view.next == date(2026, 11, 23)
    assert after.from_cache
    assert after.view.next == date(2026, 11, 24)  # the window ending today, as of today
    assert len(renderer.drawn) == 2
