"""The start page after sign-in: greeting, the user's sites and roles, the sections to come."""

from __future__ import annotations

from aiohttp import web

from admin_web.auth import require_login
from admin_web.i18n import N_
from admin_web.pages import render
from services.enums import Role

routes = web.RouteTableDef()

ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: N_("Administrator"),
    Role.CHAIRMAN: N_("Chairman"),
    Role.DISPATCHER: N_("Dispatcher"),
    Role.ENGINEER: N_("Service engineer"),
    Role.READER: N_("Reader"),
}

# Sections that later pages fill in: (title, what it will hold)
SECTIONS: tuple[tuple[str, str], ...] = (
    (N_("Meters"), N_("The meter registry, cards and current readings")),
    (N_("Readings"), N_("Readings per meter and tariff, exports")),
    (N_("Alerts"), N_("Events and alerts from the meters")),
    (N_("Relay"), N_("Switching meters off and on, restrictions")),
    (N_("Tickets"), N_("Residents' requests and complaints")),
    (N_("Announcements"), N_("News for the residents")),
    (N_("Staff"), N_("Accounts and roles")),
    (N_("Audit log"), N_("Who did what, when and from where")),
)


@routes.get("/", name="dashboard")
async def dashboard(request: web.Request) -> web.StreamResponse:
    staff = await require_login(request)
    sites = [(site_id, name, [ROLE_LABELS[role] for role in roles]) for site_id, name, roles in staff.roles_by_site()]
    if staff.is_superuser:
        site_ids = {site_id for site_id, _, _ in sites}
        sites += [(site_id, name, []) for site_id, name in staff.site_names if site_id not in site_ids]
    return await render(request, "dashboard.html", {"sites": sites, "sections": SECTIONS})
