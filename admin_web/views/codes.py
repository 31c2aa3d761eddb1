"""Activation codes (per plot or all plots at once, one week, single use) with a printable sheet of slips,
and the printable A4 sheet of QR stickers (a deep link to the bot per meter, its serial and plot)."""

from __future__ import annotations

import functools

import segno
from aiohttp import web
from markupsafe import Markup

from admin_web import access, params
from admin_web.flash import flash
from admin_web.i18n import request_translations
from admin_web.keys import CONFIG_KEY
from admin_web.pages import render
from admin_web.views.registry import site_of
from services.admin_codes import STICKERS_PER_SHEET, CodeState
from services.errors import NotFound, PermissionDenied

routes = web.RouteTableDef()

STICKER_PAGE_SIZES = (24, 48, 96, 240)


def deep_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"


@functools.lru_cache(maxsize=2048)
def qr_svg(data: str) -> Markup:
    """The QR code as inline SVG that scales to its box (no width/height, a viewBox). The link is only
    encoded as modules, never written into the markup. Kept for reprints: a sheet draws once (~5 ms a code)."""
    code = segno.make(data, error="m", micro=False)
    return Markup(code.svg_inline(omitsize=True, border=2, dark="#000", light="#fff"))  # noqa: S704


@routes.get("/sites/{site_id}/codes", name="codes")
async def codes(request: web.Request) -> web.StreamResponse:
    _, site_id = await access.require_site(request, access.DECIDE)
    site = await site_of(request, site_id)
    services = params.services(request)
    state = params.choice(request.query, "state", CodeState)
    plot = params.text(request.query, "plot", 32)
    found = await services.codes.codes(site_id, state=state, plot=plot, page=params.page(request.query))
    context = {
        "site": site,
        "page": found,
        "state": state.value if state else "",
        "plot": plot,
        "available": services.bindings is not None,
    }
    return await render(request, "codes.html", context)


@routes.post("/sites/{site_id}/codes")
async def generate(request: web.Request) -> web.StreamResponse:
    staff, site_id = await access.require_site(request, access.DECIDE)
    services = params.services(request)
    t = await request_translations(request)
    if services.bindings is None:
        raise web.HTTPServiceUnavailable()
    form = await params.form(request)
    plot_ids: list[int] | None = None
    if params.text(form, "scope") != "all":
        number = params.text(form, "plot", 32)
        plot_id = await services.codes.plot_id(site_id, number) if number else None
        if plot_id is None:
            await flash(request, t.gettext("There is no plot with this number."), "error")
            raise web.HTTPSeeOther(f"/sites/{site_id}/codes")
        plot_ids = [plot_id]
    try:
        issued = await services.bindings.generate_codes(site_id, plot_ids, staff.person_id)
    except PermissionDenied:
        raise web.HTTPForbidden() from None
    except NotFound:
        raise web.HTTPNotFound() from None
    count = len(issued)
    await flash(
        request,
        t.ngettext("%(num)d code issued, valid for a week.", "%(num)d codes issued, valid for a week.", count)
        % {"num": count},
    )
    raise web.HTTPSeeOther(f"/sites/{site_id}/codes?state=active")


@routes.get("/sites/{site_id}/codes/print", name="codes_print")
async def codes_print(request: web.Request) -> web.StreamResponse:
    _, site_id = await access.require_site(request, access.DECIDE)
    site = await site_of(request, site_id)
    services = params.services(request)
    plot = params.text(request.query, "plot", 32)
    plot_ids = None
    if plot:
        plot_id = await services.codes.plot_id(site_id, plot)
        plot_ids = [plot_id] if plot_id is not None else []
    slips = await services.codes.valid_codes(site_id, plot_ids)
    bot = request.app[CONFIG_KEY].bot_username
    return await render(request, "codes_print.html", {"site": site, "slips": slips, "bot_username": bot})


@routes.get("/sites/{site_id}/stickers", name="stickers")
async def stickers(request: web.Request) -> web.StreamResponse:
    _, site_id = await access.require_site(request, access.STICKERS)
    site = await site_of(request, site_id)
    services = params.services(request)
    bot = request.app[CONFIG_KEY].bot_username
    plot = params.text(request.query, "plot", 32)
    search = params.text(request.query, "search")
    size = params.number(request.query, "size")
    page_size = size if size in STICKER_PAGE_SIZES else STICKERS_PER_SHEET
    found = await services.codes.sticker_meters(
        site_id, plot=plot, search=search, page=params.page(request.query), page_size=page_size
    )
    items: list[tuple[object, str, Markup]] = []
    if bot is not None and services.bindings is not None:
        for meter in found.items:
            token = meter.qr_token or await services.bindings.ensure_qr_token(meter.id)
            link = deep_link(bot, token)
            items.append((meter, link, qr_svg(link)))
    sheets = [items[i : i + STICKERS_PER_SHEET] for i in range(0, len(items), STICKERS_PER_SHEET)]
    context = {
        "site": site,
        "page": found,
        "sheets": sheets,
        "plot": plot,
        "search": search,
        "page_size": page_size,
        "page_sizes": STICKER_PAGE_SIZES,
        "bot_username": bot,
        "available": bot is not None and services.bindings is not None,
    }
    return await render(request, "stickers.html", context)
