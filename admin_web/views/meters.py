"""Meters of a site: the filtered list, the meter page, and the CSV import of the registry."""

from __future__ import annotations

import asyncio

from aiohttp import web

from admin_web import access, params
from admin_web.auth import origin_of
from admin_web.flash import flash
from admin_web.i18n import request_translations
from admin_web.pages import render
from admin_web.views.registry import site_of
from services.admin_import import import_for_site
from services.admin_meters import PAGE_SIZE, MeterFilter, MeterSort, OnlineFilter
from services.enums import MeterKind, Protocol, RelayState
from services.errors import NotFound

routes = web.RouteTableDef()

PAGE_SIZES = (25, 50, 100, 200)


def _filter(request: web.Request, site_id: int) -> MeterFilter:
    query = request.query
    return MeterFilter(
        site_id=site_id,
        plot=params.text(query, "plot", 32),
        model=params.text(query, "model", 100),
        protocol=params.choice(query, "protocol", Protocol),
        kind=params.choice(query, "kind", MeterKind),
        online=params.choice(query, "online", OnlineFilter),
        relay=params.choice(query, "relay", RelayState),
        search=params.text(query, "search"),
        sort=params.choice(query, "sort", MeterSort) or MeterSort.SERIAL,
        descending=params.flag(query, "desc"),
    )


@routes.get("/sites/{site_id}/meters", name="meters")
async def meters(request: web.Request) -> web.StreamResponse:
    staff, site_id = await access.require_site(request, access.ALL)
    site = await site_of(request, site_id)
    services = params.services(request)
    meter_filter = _filter(request, site_id)
    size = params.number(request.query, "size")
    page_size = size if size in PAGE_SIZES else PAGE_SIZE
    found = await services.meters.find(meter_filter, params.page(request.query), page_size)
    context = {
        "site": site,
        "page": found,
        "f": meter_filter,
        "models": await services.meters.models(site_id),
        "page_sizes": PAGE_SIZES,
        "page_size": page_size,
        "can_import": access.allowed(staff, site_id, access.IMPORT),
        "can_stickers": access.allowed(staff, site_id, access.STICKERS),
    }
    return await render(request, "meters.html", context)


@routes.get("/sites/{site_id}/meters/{meter_id}", name="meter")
async def meter(request: web.Request) -> web.StreamResponse:
    staff, site_id = await access.require_site(request, access.ALL)
    site = await site_of(request, site_id)
    services = params.services(request)
    try:
        data = await services.meters.page(site_id, access.int_param(request, "meter_id"))
    except NotFound:
        raise web.HTTPNotFound() from None
    context = {
        "site": site,
        "m": data.card,
        "latest": data.latest,
        "bindings": data.bindings,
        "events": data.events,
        "charts": None,
        "can_stickers": access.allowed(staff, site_id, access.STICKERS),
    }
    return await render(request, "meter.html", context)


@routes.get("/sites/{site_id}/import", name="meter_import")
async def import_page(request: web.Request) -> web.StreamResponse:
    _, site_id = await access.require_site(request, access.IMPORT)
    site = await site_of(request, site_id)
    return await render(request, "import.html", {"site": site, "report": None, "file_name": ""})


@routes.post("/sites/{site_id}/import")
async def import_submit(request: web.Request) -> web.StreamResponse:
    staff, site_id = await access.require_site(request, access.IMPORT)
    site = await site_of(request, site_id)
    form = await request.post()
    upload = form.get("file")
    t = await request_translations(request)
    if not isinstance(upload, web.FileField) or not upload.filename:
        await flash(request, t.gettext("Choose a CSV file to import."), "error")
        raise web.HTTPSeeOther(f"/sites/{site_id}/import")
    data = await asyncio.to_thread(upload.file.read)
    file_name = upload.filename[:100]
    report = await import_for_site(
        data, site_id, actor_id=staff.person_id, source_name=file_name, origin=origin_of(request)
    )
    return await render(request, "import.html", {"site": site, "report": report, "file_name": file_name})
