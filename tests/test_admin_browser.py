"""The admin web in headless Chromium (Debian's, driven by Playwright): sign in, import a CSV with a bad
line and read the error, approve a binding request, open the QR sheet (and its print layout), and use
the meter list on a phone-sized screen. The app is served on a real port of 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from services.db.models import Binding, Meter
from services.enums import BindingMethod, BindingStatus
from tests.admin_harness import BOT, PASSWORD, World, _fast_hashing, build_app, make_world, resident

playwright_api = pytest.importorskip("playwright.async_api")

__all__ = ["_fast_hashing"]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
async def chromium() -> AsyncIterator[object]:
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        await browser.close()


@pytest.fixture
async def world(db: str) -> World:
    return await make_world()


@pytest.fixture
async def site_url(world: World) -> AsyncIterator[str]:
    runner = web.AppRunner(build_app(world), access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def signed_in(chromium: object, base: str, login: str, **context: object) -> object:
    page = await chromium.new_page(**context)  # type: ignore[attr-defined]
    await page.goto(f"{base}/login")
    await page.fill("#login", login)
    await page.fill("#password", PASSWORD)
    await page.click("#login-submit")
    await page.wait_for_selector("#greeting")
    return page


async def test_sign_in_and_import_a_csv_with_a_bad_line(
    chromium: object, site_url: str, world: World, tmp_path: Path
) -> None:
    csv_file = tmp_path / "реестр.csv"
    csv_file.write_text("serial;plot;phases\nW001;7;1\nW002;7;2\nW003;8;3\n", encoding="utf-8")
    page = await signed_in(chromium, site_url, "eng")
    await page.click(f'#sites a[href="/sites/{world.site}/import"]')
    await page.set_input_files("#file", str(csv_file))
    await page.click("#import-submit")
    await page.wait_for_selector("#import-report")
    assert await page.inner_text("#count-imported") == "2"
    assert await page.inner_text("#count-rejected") == "1"
    row = await page.inner_text("#import-errors tbody tr")
    assert row.startswith("3")
    assert "Число фаз не 1 и не 3." in row
    assert await Meter.filter(serial__in=["W001", "W003"]).count() == 2
    await page.close()


async def test_approve_a_binding_request(chromium: object, site_url: str, world: World) -> None:
    person = await resident("Иван Жилец", 5001)
    binding = await Binding.create(person_id=person, meter_id=world.meters["A100"], method=BindingMethod.SERIAL)
    page = await signed_in(chromium, site_url, "chair")
    await page.click('#menu a[data-section="bindings"]')
    await page.wait_for_selector(f"#binding-{binding.id}")
    assert "Иван Жилец" in await page.inner_text(f"#binding-{binding.id}")
    await page.click(f"#binding-{binding.id} .approve-form button")
    await page.wait_for_selector("#queue-empty")
    assert "Подтверждено: прибор A100" in await page.inner_text(".flash")
    assert (await Binding.get(id=binding.id)).status == BindingStatus.ACTIVE
    await page.close()


async def test_open_the_qr_sheet_and_its_print_layout(chromium: object, site_url: str, world: World) -> None:
    page = await signed_in(chromium, site_url, "admin")
    await page.goto(f"{site_url}/sites/{world.site}/stickers")
    stickers = page.locator(".sticker")
    assert await stickers.count() == 2
    links = sorted([await stickers.nth(i).get_attribute("data-link") for i in range(2)])
    tokens = dict(await Meter.filter(qr_token__isnull=False).values_list("serial", "qr_token"))
    assert links == sorted(f"https://t.me/{BOT}?start={token}" for token in tokens.values())
    box = await page.locator(".sticker .qr svg").first.bounding_box()
    assert box is not None
    assert box["width"] > 40
    assert box["height"] > 40
    await page.emulate_media(media="print")
    assert not await page.locator(".topbar").is_visible()
    assert not await page.locator("#menu").is_visible()
    assert await stickers.first.is_visible()
    pdf = await page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    await page.close()


async def test_the_meter_list_fits_a_phone(chromium: object, site_url: str, world: World) -> None:
    page = await signed_in(chromium, site_url, "disp", viewport={"width": 375, "height": 740})
    await page.goto(f"{site_url}/sites/{world.site}/meters")
    await page.select_option("#online", "offline")
    await page.click("#meter-filters button[type=submit]")
    await page.wait_for_url("**online=offline**")
    assert await page.locator("#meters tbody tr").count() == 1
    assert "A101" in await page.inner_text("#meters")
    overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    await page.close()
