"""The header menu: the sections the user's roles allow, for the site in view and across sites."""

from __future__ import annotations

from dataclasses import dataclass

from admin_web import access
from admin_web.i18n import N_
from services.enums import Role
from services.staff import StaffDTO


@dataclass(frozen=True, slots=True)
class NavItem:
    key: str
    title: str
    """An untranslated message id; the template translates it."""
    url: str


# (key, title, path under /sites/{id}, roles)
SITE_SECTIONS: tuple[tuple[str, str, str, frozenset[Role]], ...] = (
    ("meters", N_("Meters"), "/meters", access.ALL),
    ("registry", N_("Registry"), "/plots", access.ALL),
    ("bindings", N_("Binding requests"), "/bindings", access.QUEUE),
    ("codes", N_("Activation codes"), "/codes", access.DECIDE),
    ("stickers", N_("QR stickers"), "/stickers", access.STICKERS),
    ("events", N_("Event journal"), "/events", access.ALL),
    ("desk", N_("Requests and complaints"), "/desk", access.ALL),
    ("alerts", N_("Alerts"), "/alerts", access.ALL),
    ("restrictions", N_("Restrictions"), "/restrictions", access.QUEUE),
    ("reports", N_("Reports"), "/reports", access.ALL),
    ("import", N_("Import"), "/import", access.IMPORT),
    ("site", N_("Site settings"), "", access.ALL),
)


def user_sites(user: StaffDTO) -> list[tuple[int, str]]:
    """(id, name) of the sites the user works at (every site for a superuser), by name."""
    if user.is_superuser:
        return list(user.site_names)
    ids = {site for site, _ in user.roles}
    return [(site_id, name) for site_id, name in user.site_names if site_id in ids]


def current_site(user: StaffDTO, site_id: int | None) -> int | None:
    """The site in view: the path's when the user works there, else their only site."""
    sites = [site for site, _ in user_sites(user)]
    if site_id is not None and site_id in sites:
        return site_id
    return sites[0] if len(sites) == 1 else None


def site_sections(user: StaffDTO, site_id: int) -> list[NavItem]:
    return [
        NavItem(key, title, f"/sites/{site_id}{path}")
        for key, title, path, roles in SITE_SECTIONS
        if access.allowed(user, site_id, roles)
    ]


def global_sections(user: StaffDTO) -> list[NavItem]:
    items: list[NavItem] = []
    if user.is_superuser or len(user_sites(user)) > 1:
        items.append(NavItem("sites", N_("Sites"), "/sites"))
    if access.sites_with(user, access.SITE_ADMIN) != []:
        items.append(NavItem("staff", N_("Staff"), "/staff"))
    if access.sites_with(user, access.SITE_ADMIN) != []:
        items.append(NavItem("api_tokens", N_("API tokens"), "/api-tokens"))
    if access.sites_with(user, access.AUDIT) != []:
        items.append(NavItem("audit", N_("Audit log"), "/audit"))
    if access.sites_with(user, access.DEVICES) != []:
        items.append(NavItem("quarantine", N_("Quarantine"), "/quarantine"))
    if access.sites_with(user, (Role.ADMIN, Role.DISPATCHER)) != []:  # admin_web.views.outbox.OUTBOX_ROLES
        items.append(NavItem("outbox", N_("Failed deliveries"), "/outbox"))
    return items


def build(user: StaffDTO | None, site_id: int | None) -> tuple[int | None, list[NavItem]]:
    """The site in view and the menu for it."""
    if user is None:
        return None, []
    site = current_site(user, site_id)
    items = site_sections(user, site) if site is not None else []
    return site, items + global_sections(user)
