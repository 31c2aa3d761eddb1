"""Reports in headless Chromium (Debian's, driven by Playwright): a reader opens the reports page from the
menu, downloads the month's readings as XLSX and the file holds the numbers; a long report shows its
progress page, which reloads itself until the download link appears; the form fits a phone."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, cast

import openpyxl
import pytest
from aiohttp import web

from admin_web.keys import ADMIN_KEY
from tests.admin_harness import World, _fast_hashing, build_app, make_world
from tests.test_admin_browser import CHROMIUM, chromium, free_port, signed_in
from tests.test_admin_reports import seed

playwright_api = pytest.importorskip("playwright.async_api")

if TYPE_CHECKING:
    from playwright.async_api import Page

__all__ = ["_fast_hashing", "chromium"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]


@pytest.fixture
async def world(db: str) -> World:
    world = await make_world()
    await seed(world)
    return world


@pytest.fixture
async def served(world: World) -> AsyncIterator[tuple[str, web.Application]]:
    app = build_app(world)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        await runner.cleanup()


def sheet_rows(path: Path) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    return [tuple(row) for row in book.active.iter_rows(values_only=True)]


async def test_a_reader_downloads_the_monthly_readings(
    chromium: object, served: tuple[str, web.Application], world: World, tmp_path: Path
) -> None:
    base, _ = served
    page = cast("Page", await signed_in(chromium, base, "reader"))
    await page.click('#menu a[data-section="reports"]')
    await page.wait_for_selector("#report-form")
    await page.select_option("#kind", "readings")
    await page.fill("#month", "2026-10")
    await page.check("#format-xlsx")
    async with page.expect_download() as waiting:
        await page.click("#report-download")
    download = await waiting.value
    assert download.suggested_filename == "readings-2026-10-romashka.xlsx"
    target = tmp_path / download.suggested_filename
    await download.save_as(target)
    rows = sheet_rows(target)
    assert rows[0][2] == "Серийный номер ПУ"
    a100 = dict(zip(rows[0], rows[1], strict=True))
    assert a100["Серийный номер ПУ"] == "A100"
    assert a100["Т1 на конец месяца, кВт·ч"] == 162
    assert a100["Расход всего, кВт·ч"] == 93
    await page.close()


async def test_a_long_report_shows_progress_then_the_link(
    chromium: object, served: tuple[str, web.Application], world: World, tmp_path: Path
) -> None:
    base, app = served
    app[ADMIN_KEY].reports.background_rows = 0
    page = cast("Page", await signed_in(chromium, base, "admin"))
    await page.goto(f"{base}/sites/{world.site}/reports")
    await page.select_option("#kind", "plots")
    await page.fill("#from", "2026-10-01")
    await page.fill("#to", "2026-10-31")
    await page.check("#format-csv")
    await page.click("#report-download")
    await page.wait_for_url(f"**/sites/{world.site}/reports/jobs/**")
    await page.wait_for_selector("#report-job-download", timeout=15_000)
    async with page.expect_download() as waiting:
        await page.click("#report-job-download")
    download = await waiting.value
    assert download.suggested_filename == "plots-2026-10-01-2026-10-31-romashka.csv"
    target = tmp_path / download.suggested_filename
    await download.save_as(target)
    lines = target.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[1] == "1;ул. Садовая, 1;2;72,000;36,000;108,000;21"
    await page.close()


async def test_the_report_form_fits_a_phone(
    chromium: object, served: tuple[str, web.Application], world: World
) -> None:
    base, _ = served
    page = cast("Page", await signed_in(chromium, base, "disp", viewport={"width": 375, "height": 740}))
    await page.goto(f"{base}/sites/{world.site}/reports")
    await page.select_option("#kind", "imbalance")
    await page.fill("#from", "2026-10-31")
    await page.fill("#to", "2026-10-01")
    await page.click("#report-download")
    await page.wait_for_selector("#report-error")
    assert "Период заканчивается раньше, чем начинается." in await page.inner_text("#report-error")
    overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    await page.close()
