"""The meter's charts in the admin web: the PNG of every report, the page with its period picker, the
role checks of every site page, 400 for a bad kind or period, and a page without the chart service."""

from __future__ import annotations

import pytest

from services import audit
from services.charts import ChartKind, ChartService, ThreadRenderer
from services.consumption import ConsumptionService
from services.db.models import Meter
from tests.admin_harness import Browser, World, _fast_hashing, make_world, serve
from tests.charts_harness import png_size, seed_days

__all__ = ["_fast_hashing"]

STAFF_AT_SITE = ("admin", "chair", "disp", "eng", "reader", "root")
PERIODS = {
    ChartKind.CONSUMPTION_HOURLY: "2026-11-12",
    ChartKind.CONSUMPTION_DAILY: "2026-11",
    ChartKind.CONSUMPTION_MONTHLY: "2026",
    ChartKind.READINGS_DAILY: "2026-11",
    ChartKind.READINGS_MONTHLY: "2025",
    ChartKind.NETWORK_VOLTAGE: "2026-11-22",
    ChartKind.NETWORK_CURRENT: "2026-11-22",
    ChartKind.NETWORK_FREQUENCY: "2026-11-22",
}


@pytest.fixture
async def world(db: str) -> World:
    world = await make_world()
    meter = await Meter.get(id=world.meters["A100"])
    meter.tariff_count = 2
    meter.has_telemetry = True
    await meter.save()
    await seed_days(meter)
    await Meter.filter(id=world.meters["A101"]).update(has_telemetry=False)
    return world


def charts(world: World) -> ChartService:
    return ChartService(world.clock, ConsumptionService(world.clock), renderer=ThreadRenderer())


async def status_of(browser: Browser, path: str) -> int:
    response = await browser.client.get(path, allow_redirects=False)
    return response.status


def base(world: World, serial: str = "A100") -> str:
    return f"/sites/{world.site}/meters/{world.meters[serial]}"


async def test_every_report_is_a_private_png(world: World) -> None:
    async with serve(world, "reader", charts=charts(world)) as browser:
        for kind, period in PERIODS.items():
            for query in (f"kind={kind.value}&period={period}", f"kind={kind.value}"):
                response = await browser.client.get(f"{base(world)}/chart.png?{query}")
                assert response.status == 200, query
                assert response.content_type == "image/png"
                assert response.headers["Cache-Control"] == "private, max-age=60"
                assert png_size(await response.read()) == (1000, 560)


async def test_the_same_picture_again_is_not_modified(world: World) -> None:
    async with serve(world, "disp", charts=charts(world)) as browser:
        url = f"{base(world)}/chart.png?kind=consumption_daily&period=2026-11"
        first = await browser.client.get(url)
        etag = first.headers["ETag"]
        again = await browser.client.get(url, headers={"If-None-Match": etag})
        other = await browser.client.get(url.replace("2026-11", "2026-10"), headers={"If-None-Match": etag})
    assert again.status == 304
    assert await again.read() == b""
    assert other.status == 200


@pytest.mark.parametrize(
    "query",
    [
        "kind=consumption_weekly",
        "kind=",
        "kind=consumption_daily&period=2026-13",
        "kind=consumption_daily&period=2026-11-23",  # a day for a month's report
        "kind=consumption_hourly&period=2026-11",
        "kind=consumption_hourly&period=2026-02-30",
        "kind=consumption_monthly&period=26",
        "kind=consumption_monthly&period=1999",
        "kind=network_voltage&period=yesterday",
    ],
)
async def test_a_bad_kind_or_period_is_400(world: World, query: str) -> None:
    async with serve(world, "admin", charts=charts(world)) as browser:
        png = await browser.client.get(f"{base(world)}/chart.png?{query}")
        page = await browser.client.get(f"{base(world)}/charts?{query}")
    assert (png.status, page.status) == (400, 400)


async def test_every_role_at_the_site_sees_the_charts_and_nobody_else(world: World) -> None:
    service = charts(world)
    for login in STAFF_AT_SITE:
        async with serve(world, login, charts=service) as browser:
            png = await status_of(browser, f"{base(world)}/chart.png")
            page, _ = await browser.get(f"{base(world)}/charts")
        assert (png, page) == (200, 200), login
    async with serve(world, "other", charts=service) as browser:
        png = await status_of(browser, f"{base(world)}/chart.png")
        page, body = await browser.get(f"{base(world)}/charts")
        far = f"/sites/{world.other_site}/meters/{world.meters['L900']}"
        own = await status_of(browser, f"{far}/chart.png")
    assert (png, page, own) == (403, 403, 200)
    assert "A100" not in body
    denied = await audit.latest(action_prefix="access.denied")
    assert {entry.object_id for entry in denied} == {f"{base(world)}/chart.png", f"{base(world)}/charts"}
    async with serve(world, "admin", charts=service) as browser:
        elsewhere = await status_of(browser, f"/sites/{world.site}/meters/{world.meters['L900']}/chart.png")
        missing, _ = await browser.get(f"/sites/{world.site}/meters/999999/charts")
    assert (elsewhere, missing) == (404, 404)
    async with serve(world, charts=service) as browser:
        assert await status_of(browser, f"{base(world)}/chart.png") == 303


async def test_the_page_has_the_reports_the_period_picker_and_the_numbers(world: World) -> None:
    async with serve(world, "chair", charts=charts(world)) as browser:
        status, page = await browser.get(f"{base(world)}/charts?kind=consumption_daily&period=2026-11")
        _, october = await browser.get(f"{base(world)}/charts?kind=consumption_daily&period=2026-10")
        _, year = await browser.get(f"{base(world)}/charts?kind=consumption_monthly")
    assert status == 200
    assert (
        'id="chart-image" src="/sites/{}/meters/{}/chart.png?kind=consumption_daily&amp;period=2026-11"'.format(
            world.site, world.meters["A100"]
        )
        in page
    )
    assert 'href="?kind=consumption_daily&amp;period=2026-10" rel="prev"' in page
    assert 'id="chart-next"' not in page  # November is the current month
    assert 'href="?kind=consumption_daily&amp;period=2026-11" rel="next"' in october
    assert 'href="?kind=consumption_hourly&amp;period=2026-11-23"' in page  # Day
    assert 'href="?kind=consumption_monthly&amp;period=2026-11"' not in page
    assert 'href="?kind=consumption_monthly&amp;period=2026"' in page  # Year
    assert 'href="?kind=network_voltage&amp;period=2026-11-23"' in page  # the meter sends telemetry
    assert 'aria-current="page">Потребление по дням</a>' in page
    assert "ноябрь 2026" in page
    assert 'type="month" value="2026-11"' in page
    assert "<dt>Сумма</dt><dd>94\xa0кВт·ч</dd>" in page
    assert "<dt>Пик</dt><dd>10\xa0кВт·ч (12.11.2026)</dd>" in page
    assert "<dt>Без данных</dt><dd>1</dd>" in page  # the 15th
    assert 'type="number" value="2026" min="2000" max="2026"' in year
    assert "<dt>Пик</dt><dd>94\xa0кВт·ч (ноябрь 2026)</dd>" in year


async def test_the_page_in_english_and_a_meter_without_telemetry(world: World) -> None:
    async with serve(world, "admin", charts=charts(world)) as browser:
        await browser.post("/lang", {"lang": "en", "next": "/"})
        _, page = await browser.get(f"{base(world)}/charts?kind=readings_daily&period=2026-11")
        _, plain = await browser.get(f"{base(world, 'A101')}/charts")
    assert "Readings by day" in page
    assert "November 2026" in page
    assert "<dt>Latest readings</dt><dd>1,092\xa0kWh (23.11.2026)</dd>" in page
    assert "network_voltage" not in plain


async def test_the_meter_page_links_the_reports(world: World) -> None:
    async with serve(world, "reader") as browser:
        _, page = await browser.get(base(world))
        _, plain = await browser.get(base(world, "A101"))
    charts_url = f"{base(world)}/charts"
    for kind in ChartKind:
        assert f'href="{charts_url}?kind={kind.value}"' in page
    assert "network_voltage" not in plain


async def test_without_the_chart_service_the_page_says_so(world: World) -> None:
    async with serve(world, "admin") as browser:
        status, page = await browser.get(f"{base(world)}/charts")
        png = await status_of(browser, f"{base(world)}/chart.png")
    assert status == 200
    assert 'id="charts-unavailable"' in page
    assert "Графики недоступны" in page
    assert png == 404
