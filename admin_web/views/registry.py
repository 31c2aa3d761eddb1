"""The registry of a site: plots, accounts, residents (with their bindings and channels) and gateways."""

from __future__ import annotations

from aiohttp import web

from admin_web import access, params
from admin_web.pages import render
from services.admin_sites import SiteSettings
from services.errors import NotFound

routes = web.RouteTableDef()


async def site_of(request: web.Request, site_id: int) -> SiteSettings:
    try:
        return await params.services(request).sites.get(site_id)
    except NotFound:
        raise web.HTTPNotFound() from None


@routes.get("/sites/{site_id}/plots", name="plots")
async def plots(request: web.Request) -> web.StreamResponse:
    _, site_id = await access.require_site(request, access.ALL)
    site = await site_of(request, site_id)
    search = params.text(request.query, "search")
    found = await params.services(request).registry.plots(site_id, search, params.page(request.query))
    return await render(request, "plots.html", {"site": site, "page": found, "search": search})


@routes.get("/sites/{site_id}/accounts", name="accounts")
async def accounts(request: web.Request) -> web.StreamResponse:
    _, site_id = await access.require_site(request, access.ALL)
    site = await site_of(request, site_id)
    search = params.text(request.query, "search")
    found = await params.services(request).registry.accounts(site_id, search, params.page(request.query))
    return await render(request, "accounts.html", {"site": site, "page": found, "search": search})


@routes.get("/sites/{site_id}/residents", name="residents")
async def residents(request: web.Request) -> web.StreamResponse:
    _, site_id = await access.require_site(request, access.ALL)
    site = await site_of(request, site_id)
    search = params.text(request.query, "search")
    found = await params.services(request).registry.residents(site_id, search, params.page(request.query))
    return await render(request, "residents.html", {"site": site, "page": found, "search": search})


@routes.get("/sites/{site_id}/gateways", name="gateways")
async def gateways(request: web.Request) -> web.StreamResponse:
    _, site_id = await access.require_site(request, access.ALL)
    site = await site_of(request, site_id)
    found = await params.services(request).registry.gateways(site_id, params.page(request.query))
    return await render(request, "gateways.html", {"site": site, "page": found})
