"""The start page after sign-in: greeting, the user's sites with their roles and sections, and the
sections that span sites."""

from __future__ import annotations

from aiohttp import web

from admin_web import nav
from admin_web.auth import require_login
from admin_web.labels import ROLE as ROLE_LABELS
from admin_web.pages import render

routes = web.RouteTableDef()

__all__ = ["ROLE_LABELS", "routes"]


@routes.get("/", name="dashboard")
async def dashboard(request: web.Request) -> web.StreamResponse:
    staff = await require_login(request)
    sites = [
        (site_id, name, [ROLE_LABELS[role] for role in roles], nav.site_sections(staff, site_id))
        for site_id, name, roles in staff.roles_by_site()
    ]
    if staff.is_superuser:
        site_ids = {site_id for site_id, _, _, _ in sites}
        sites += [
            (site_id, name, [], nav.site_sections(staff, site_id))
            for site_id, name in staff.site_names
            if site_id not in site_ids
        ]
    return await render(request, "dashboard.html", {"sites": sites, "sections": nav.global_sections(staff)})
