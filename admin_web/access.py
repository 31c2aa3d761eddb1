"""Who may open and change what in the admin web, per site.

Roles come fresh from the database on every request (``current_staff``). As in the seeds, "reader" at a
site overrides every other role there: such a user sees the pages and changes nothing. A refusal is
audited (``access.denied``) and answered 403, like :func:`admin_web.auth.require_role`.
"""

from __future__ import annotations

from collections.abc import Iterable

from aiohttp import web

from admin_web.auth import origin_of, require_login
from services import audit
from services.enums import Role
from services.staff import StaffDTO

ALL = frozenset(Role)
"""Every role may look (readers included)."""
SITE_ADMIN = frozenset({Role.ADMIN})
IMPORT = frozenset({Role.ENGINEER, Role.ADMIN})
DECIDE = frozenset({Role.CHAIRMAN, Role.DISPATCHER, Role.ADMIN})
"""Bindings and activation codes: the roles :mod:`services.binding_model` lets decide."""
STICKERS = DECIDE | {Role.ENGINEER}
QUEUE = DECIDE | {Role.READER}
AUDIT = frozenset({Role.ADMIN, Role.CHAIRMAN})
DEVICES = frozenset({Role.ADMIN, Role.ENGINEER, Role.DISPATCHER, Role.CHAIRMAN, Role.READER})
"""The quarantine and unknown devices belong to no site: any staff role at any site."""


def effective_roles(staff: StaffDTO, site_id: int) -> frozenset[Role]:
    if staff.is_superuser:
        return ALL - {Role.READER}
    roles = frozenset(role for site, role in staff.roles if site == site_id)
    return frozenset({Role.READER}) if Role.READER in roles else roles


def allowed(staff: StaffDTO | None, site_id: int, roles: Iterable[Role]) -> bool:
    return staff is not None and bool(effective_roles(staff, site_id) & frozenset(roles))


def sites_with(staff: StaffDTO, roles: Iterable[Role]) -> list[int] | None:
    """Sites where the user holds one of ``roles``; None for a superuser (every site)."""
    if staff.is_superuser:
        return None
    wanted = frozenset(roles)
    return sorted({site for site, _ in staff.roles if effective_roles(staff, site) & wanted})


MAX_ID = 2**31 - 1
"""The largest id of an integer primary key (PostgreSQL's ``integer``): a larger one is an error there."""
MAX_BIG_ID = 2**63 - 1


def site_id_of(request: web.Request) -> int:
    """The ``{site_id}`` of the path; 404 when it is not a number."""
    return int_param(request, "site_id")


def int_param(request: web.Request, name: str, maximum: int = MAX_ID) -> int:
    """A numeric path parameter (ASCII digits: ``str.isdigit`` passes "²", which ``int`` refuses), at most
    ``maximum`` (:data:`MAX_BIG_ID` for a big-integer key); 404 otherwise, as for an id that does not exist."""
    raw = request.match_info.get(name, "")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 19 or int(raw) > maximum:
        raise web.HTTPNotFound()
    return int(raw)


async def deny(request: web.Request, staff: StaffDTO, site_id: int | None, needed: Iterable[Role]) -> web.HTTPForbidden:
    """Audit the refusal; the caller raises what this returns."""
    await audit.record(
        "access.denied",
        actor_id=staff.person_id,
        actor_label=staff.login,
        site_id=site_id,
        object_type="page",
        object_id=request.path,
        origin=origin_of(request),
        allowed=False,
        details={"method": request.method, "needed": sorted(role.value for role in needed)},
    )
    return web.HTTPForbidden()


async def require_site(request: web.Request, roles: Iterable[Role]) -> tuple[StaffDTO, int]:
    """The signed-in user and the path's site, when the user holds one of ``roles`` there."""
    site_id = site_id_of(request)
    staff = await require_login(request)
    wanted = frozenset(roles)
    if not allowed(staff, site_id, wanted):
        raise await deny(request, staff, site_id, wanted)
    return staff, site_id


async def require_anywhere(request: web.Request, roles: Iterable[Role]) -> tuple[StaffDTO, list[int] | None]:
    """The user and the sites where they hold one of ``roles`` (None: a superuser, every site); 403
    when there is none."""
    staff = await require_login(request)
    wanted = frozenset(roles)
    sites = sites_with(staff, wanted)
    if sites is not None and not sites:
        raise await deny(request, staff, None, wanted)
    return staff, sites
