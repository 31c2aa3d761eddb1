"""Activation codes (one plot or all at once, one week, single use) and the printable sheet of QR
stickers with the bot's deep link per meter."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from services import audit
from services.db.models import ActivationCode, Meter
from tests.admin_harness import BOT, T0, World, _fast_hashing, make_world, resident, serve

__all__ = ["_fast_hashing"]


@pytest.fixture
async def world(db: str) -> World:
    return await make_world()


async def test_a_code_for_one_plot(world: World) -> None:
    async with serve(world, "disp") as browser:
        status, location, _ = await browser.post(f"/sites/{world.site}/codes", {"plot": "2", "scope": "plot"})
        assert status == 303
        page = await browser.follow(location)
    [code] = await ActivationCode.all()
    assert code.plot_id == world.plots["2"]  # type: ignore[attr-defined]
    assert code.expires_at == T0 + timedelta(days=7)
    assert "Выдан 1 код, он действует неделю." in page
    assert code.code in page
    assert "30.11.2026 12:00" in page  # valid until, in Moscow time
    assert "действует" in page


async def test_codes_for_all_plots_skip_a_plot_whose_code_was_used(world: World) -> None:
    ivan = await resident("Иван", 5001)
    await ActivationCode.create(
        code="USED0001", site_id=world.site, plot_id=world.plots["1"], expires_at=T0, used_at=T0, used_by_id=ivan
    )
    async with serve(world, "chair") as browser:
        _, location, _ = await browser.post(f"/sites/{world.site}/codes", {"scope": "all"})
        page = await browser.follow(location)
        _, printable = await browser.get(f"/sites/{world.site}/codes/print")
        _, used = await browser.get(f"/sites/{world.site}/codes?state=used")
    fresh = await ActivationCode.filter(used_at__isnull=True).values_list("plot_id", flat=True)
    assert sorted(fresh) == sorted([world.plots["2"], world.plots["10"]])
    assert "Выдано 2 кода, они действуют неделю." in page
    assert "USED0001" not in page  # the list shows the valid ones after issuing
    for code in await ActivationCode.filter(used_at__isnull=True).values_list("code", flat=True):
        assert code in printable
    assert "Участок 2" in printable
    assert "Участок 10" in printable
    assert "@" + BOT in printable
    assert "USED0001" in used
    assert "Иван" in used
    [entry] = await audit.latest(action_prefix="binding.codes")
    assert entry.actor_id == world.people["chair"]


async def test_an_unknown_plot_is_explained(world: World) -> None:
    async with serve(world, "admin") as browser:
        _, location, _ = await browser.post(f"/sites/{world.site}/codes", {"plot": "999", "scope": "plot"})
        page = await browser.follow(location)
    assert "Участка с таким номером нет." in page
    assert not await ActivationCode.exists()


async def test_codes_are_for_chairmen_dispatchers_and_administrators(world: World) -> None:
    for login in ("eng", "reader", "other"):
        async with serve(world, login) as browser:
            page, _ = await browser.get(f"/sites/{world.site}/codes")
            printable, _ = await browser.get(f"/sites/{world.site}/codes/print")
            issued, _, _ = await browser.post(f"/sites/{world.site}/codes", {"scope": "all"})
        assert (page, printable, issued) == (403, 403, 403), login
    assert not await ActivationCode.exists()
    assert len(await audit.latest(action_prefix="access.denied")) == 9


async def test_a_forged_token_issues_nothing(world: World) -> None:
    async with serve(world, "admin") as browser:
        status, _, _ = await browser.post(f"/sites/{world.site}/codes", {"scope": "all"}, token="forged")
    assert status == 403
    assert not await ActivationCode.exists()


async def test_without_the_binding_service_codes_are_unavailable(world: World) -> None:
    async with serve(world, "admin", with_bindings=False) as browser:
        _, page = await browser.get(f"/sites/{world.site}/codes")
        status, _, _ = await browser.post(f"/sites/{world.site}/codes", {"scope": "all"})
    assert 'id="codes-unavailable"' in page
    assert 'id="code-all-form"' not in page
    assert status == 503


async def test_the_qr_sheet_holds_a_deep_link_per_meter(world: World) -> None:
    async with serve(world, "eng") as browser:
        status, page = await browser.get(f"/sites/{world.site}/stickers")
        _, again = await browser.get(f"/sites/{world.site}/stickers?plot=1")
        _, one = await browser.get(f"/sites/{world.site}/stickers?search=a101")
    assert status == 200
    tokens = dict(await Meter.filter(qr_token__isnull=False).values_list("serial", "qr_token"))
    assert set(tokens) == {"A100", "A101"}  # individual meters; the main meter gets no sticker
    for serial, token in tokens.items():
        assert f'data-link="https://t.me/{BOT}?start={token}"' in page
        assert f"Счётчик № {serial}" in page
        assert len(token) == 22
        assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
    assert page.count("<svg") == 2
    assert 'class="segno"' in page
    assert "Участок 1" in page
    assert "@media print" not in page
    assert all(token in again for token in tokens.values())  # the same tokens the second time
    assert tokens["A101"] in one
    assert tokens["A100"] not in one


async def test_stickers_need_the_bot_username(world: World) -> None:
    async with serve(world, "admin", bot_username=None) as browser:
        _, page = await browser.get(f"/sites/{world.site}/stickers")
    assert 'id="stickers-unavailable"' in page
    assert "неизвестно имя бота" in page
    assert "<svg" not in page
    assert not await Meter.filter(qr_token__isnull=False).exists()


async def test_stickers_are_not_for_readers(world: World) -> None:
    async with serve(world, "reader") as browser:
        status, _ = await browser.get(f"/sites/{world.site}/stickers")
    assert status == 403
    assert not await Meter.filter(qr_token__isnull=False).exists()


async def test_print_styles_make_an_a4_sheet(world: World) -> None:
    async with serve(world) as browser:
        status, css = await browser.get("/static/style.css")
    assert status == 200
    assert "@page { size: A4;" in css
    assert ".sheet" in css
    assert "break-after: page" in css
