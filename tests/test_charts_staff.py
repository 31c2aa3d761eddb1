"""ChartService's staff entry points: the same charts for a meter nobody is bound to, the same cache; and
the last 24 hours across midnight. SQLite, or PostgreSQL with MB_TEST_DATABASE_URL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from handlers.resident.chart_texts import chart_labels
from services.charts import ChartKind, ChartRequest, ChartService, PeriodMode, StaffChartRequest
from services.clock import FixedClock
from services.consumption import ConsumptionService
from services.db.models import Binding, HourlyAggregate, Meter, Person, Plot, Site
from services.enums import BindingStatus, Quality
from services.errors import NotFound
from tests.charts_harness import CountingRenderer, png_size, seed_days

D = Decimal
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)  # 12:30 in Moscow
RU = chart_labels("ru")


@pytest.fixture
def renderer() -> CountingRenderer:
    return CountingRenderer()


@pytest.fixture
def service(renderer: CountingRenderer) -> ChartService:
    clock = FixedClock(NOW)
    return ChartService(clock, ConsumptionService(clock), renderer=renderer)


@pytest.fixture
async def meters(db: str) -> tuple[Site, Meter, Meter]:
    """An unbound two-rate meter of «Ромашка», and a meter of another site."""
    site = await Site.create(slug="romashka", name="СНТ «Ромашка»")
    other = await Site.create(slug="lesnoe", name="СНТ «Лесное»")
    plot = await Plot.create(site=site, number="12")
    meter = await Meter.create(site=site, plot=plot, serial="1001", topic_id="1001", tariff_count=2, model="CE208")
    far = await Meter.create(site=other, serial="2002", topic_id="2002")
    return site, meter, far


async def test_staff_get_a_chart_of_a_meter_nobody_is_bound_to_and_the_cache_the_second_time(
    meters: tuple[Site, Meter, Meter], service: ChartService, renderer: CountingRenderer
) -> None:
    site, meter, _ = meters
    await seed_days(meter)
    wanted = StaffChartRequest(meter.id, ChartKind.CONSUMPTION_DAILY, date(2026, 11, 1), site_id=site.id)

    first = await service.render_for_staff(wanted, RU)
    again = await service.render_for_staff(wanted, RU)

    assert png_size(first.png) == (1000, 560)
    assert first.summary.total == D(94)  # the same numbers a resident would see
    assert first.meter.label == "CE208"
    assert first.meter.binding_id == 0
    assert (first.from_cache, again.from_cache) == (False, True)
    assert again.png == first.png
    assert len(renderer.drawn) == 1
    with pytest.raises(NotFound):  # the resident's path still wants a binding
        await service.render(ChartRequest(1, meter.id, ChartKind.CONSUMPTION_DAILY), RU)


async def test_a_resident_and_staff_share_the_picture(
    meters: tuple[Site, Meter, Meter], service: ChartService, renderer: CountingRenderer
) -> None:
    _, meter, _ = meters
    person = await Person.create(telegram_id=1001, name="Иван Петров")
    await Binding.create(person=person, meter=meter, status=BindingStatus.ACTIVE, label="Дом")
    await seed_days(meter)

    theirs = await service.render(ChartRequest(person.id, meter.id, ChartKind.CONSUMPTION_MONTHLY), RU)
    staff = await service.render_for_staff(StaffChartRequest(meter.id, ChartKind.CONSUMPTION_MONTHLY), RU)

    assert staff.from_cache
    assert (theirs.meter.label, staff.meter.label) == ("Дом", "CE208")
    assert len(renderer.drawn) == 1


async def test_a_meter_of_another_site_or_none_at_all_is_not_found(
    meters: tuple[Site, Meter, Meter], service: ChartService
) -> None:
    site, _, far = meters
    for meter_id in (far.id, 999_999):
        with pytest.raises(NotFound):
            await service.render_for_staff(StaffChartRequest(meter_id, site_id=site.id), RU)
        with pytest.raises(NotFound):
            await service.last_24_hours(meter_id, RU, site_id=site.id)
    assert (await service.render_for_staff(StaffChartRequest(far.id), RU)).meter.serial == "2002"


async def test_the_last_24_hours_run_across_midnight_up_to_the_current_hour(
    meters: tuple[Site, Meter, Meter], service: ChartService, renderer: CountingRenderer
) -> None:
    _, meter, _ = meters
    start = datetime(2026, 11, 21, 21, tzinfo=UTC)  # 22.11 00:00 in Moscow
    rows = [
        HourlyAggregate(
            meter=meter,
            hour=start + timedelta(hours=h),
            t1=D(1) if h != 30 else D(5),
            t2=D(0),
            total=D(1) if h != 30 else D(5),
            quality=Quality.ESTIMATED if h == 20 else Quality.MEASURED,
        )
        for h in range(24 + 12)  # until 23.11 11:00; 12:00 has nothing yet
        if h != 14
    ]
    await HourlyAggregate.bulk_create(rows)

    result = await service.last_24_hours(meter.id, RU)

    plot, summary, view = result.plot, result.summary, result.view
    assert (plot.x_labels[0], plot.x_labels[-1]) == ("13", "12")
    assert plot.x_labels[11] == "00"
    assert plot.subtitle == "22.11.2026 13:00 – 23.11.2026 13:00"
    assert plot.title == "Потребление по часам"
    assert plot.slots == 24
    assert plot.missing == (1, 23)  # 22.11 14:00 and the current hour
    assert plot.estimated == (7,)  # 22.11 20:00
    assert summary.total == D(26)  # 21 hours of 1 kWh and 5 at 06:00
    assert summary.peak == D(5)
    assert summary.last_year_total is None
    assert (view.mode, view.start, view.end, view.previous, view.next) == (
        PeriodMode.ROLLING,
        date(2026, 11, 22),
        date(2026, 11, 23),
        None,
        None,
    )
    assert (await service.last_24_hours(meter.id, RU)).from_cache
    today = await service.render_for_staff(StaffChartRequest(meter.id, ChartKind.CONSUMPTION_HOURLY), RU)
    assert not today.from_cache  # not the same picture as today's hours
    assert today.plot.x_labels[0] == "00"
    assert len(renderer.drawn) == 2
