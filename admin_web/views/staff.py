"""Staff accounts (administrators): the list, a new account, roles per site, block/unblock, a new password.

The service re-checks every rule from the database (services/staff_admin.py); the pages only hide what the
user may not do. Every change and every refusal is audited.
"""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web

from admin_web import access, params
from admin_web.auth import origin_of
from admin_web.flash import flash
from admin_web.i18n import N_, request_translations
from admin_web.pages import render
from services.enums import Role
from services.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from services.staff_admin import ROLE_ORDER

routes = web.RouteTableDef()

ERRORS: dict[tuple[str, str], str] = {
    ("login", "format"): N_("The login: 3 to 64 latin letters, digits, dots, - or _."),
    ("password", "too_short"): N_("The password must be at least 10 characters long."),
    ("password", "too_long"): N_("The password is too long."),
    ("name", "too_long"): N_("The name is too long."),
    ("roles", "unknown_site"): N_("Unknown site."),
    ("roles", "superuser"): N_("A superuser has every role everywhere already."),
    ("person", "self"): N_("You cannot do this to your own account."),
}
CONFLICT = N_("This login is taken.")
GENERIC = N_("Check the form: a value is not valid.")


def _roles_from(form: Mapping[str, object], sites: list[tuple[int, str]]) -> list[tuple[int, Role]]:
    """Checkboxes named ``role-<site>-<role>``."""
    chosen: list[tuple[int, Role]] = []
    for site_id, _ in sites:
        for role in ROLE_ORDER:
            if params.flag(form, f"role-{site_id}-{role.value}"):
                chosen.append((site_id, role))
    return chosen


async def _list(request: web.Request, *, error: str = "", values: Mapping[str, object] | None = None) -> web.Response:
    staff, _ = await access.require_anywhere(request, access.SITE_ADMIN)
    service = params.services(request).staff_admin
    context = {
        "people": await service.list_staff(staff.person_id),
        "sites": await service.managed_sites(staff.person_id),
        "roles": ROLE_ORDER,
        "error": error,
        "values": dict(values or {}),
    }
    return await render(request, "staff.html", context, status=400 if error else 200)


@routes.get("/staff", name="staff")
async def staff_list(request: web.Request) -> web.StreamResponse:
    return await _list(request)


@routes.post("/staff")
async def staff_create(request: web.Request) -> web.StreamResponse:
    staff, _ = await access.require_anywhere(request, access.SITE_ADMIN)
    service = params.services(request).staff_admin
    form = await params.form(request)
    t = await request_translations(request)
    roles = _roles_from(form, await service.managed_sites(staff.person_id))
    if not roles and not staff.is_superuser:
        return await _list(request, error=t.gettext(N_("Give the new account at least one role.")), values=form)
    try:
        created = await service.create(
            staff.person_id,
            params.text(form, "login"),
            params.text(form, "password", 2048),
            params.text(form, "name", 400),
            roles,
            origin=origin_of(request),
        )
    except InvalidInput as exc:
        return await _list(request, error=t.gettext(ERRORS.get((exc.field, exc.reason), GENERIC)), values=form)
    except Conflict:
        return await _list(request, error=t.gettext(CONFLICT), values=form)
    except PermissionDenied:
        raise web.HTTPForbidden() from None
    await flash(request, t.gettext("The account %(login)s is created.") % {"login": created.login})
    raise web.HTTPSeeOther(f"/staff/{created.person_id}")


@routes.get("/staff/{person_id}", name="staff_member")
async def staff_member(request: web.Request) -> web.StreamResponse:
    staff, _ = await access.require_anywhere(request, access.SITE_ADMIN)
    service = params.services(request).staff_admin
    try:
        person = await service.get(staff.person_id, access.int_param(request, "person_id"))
    except NotFound:
        raise web.HTTPNotFound() from None
    context = {
        "person": person,
        "sites": await service.managed_sites(staff.person_id),
        "roles": ROLE_ORDER,
        "is_self": person.person_id == staff.person_id,
    }
    return await render(request, "staff_member.html", context)


async def _change(request: web.Request, action: str) -> web.StreamResponse:
    staff, _ = await access.require_anywhere(request, access.SITE_ADMIN)
    service = params.services(request).staff_admin
    person_id = access.int_param(request, "person_id")
    form = await params.form(request)
    t = await request_translations(request)
    origin = origin_of(request)
    try:
        if action == "block":
            await service.block(staff.person_id, person_id, origin=origin)
            message = t.gettext("The account is blocked: it cannot sign in any more.")
        elif action == "unblock":
            await service.unblock(staff.person_id, person_id, origin=origin)
            message = t.gettext("The account is unblocked.")
        elif action == "password":
            await service.set_password(staff.person_id, person_id, params.text(form, "password", 2048), origin=origin)
            message = t.gettext("The new password is set. Tell it to the person by a safe way.")
        else:
            site_id = params.number(form, "site") or 0
            chosen = [role for site, role in _roles_from(form, [(site_id, "")]) if site == site_id]
            await service.set_site_roles(staff.person_id, person_id, site_id, chosen, origin=origin)
            message = t.gettext("The roles are saved.")
    except PermissionDenied:
        raise web.HTTPForbidden() from None
    except NotFound:
        if action == "roles":
            await flash(request, t.gettext("The roles are saved."))
            raise web.HTTPSeeOther("/staff") from None
        raise web.HTTPNotFound() from None
    except InvalidInput as exc:
        await flash(request, t.gettext(ERRORS.get((exc.field, exc.reason), GENERIC)), "error")
        raise web.HTTPSeeOther(f"/staff/{person_id}") from None
    await flash(request, message)
    raise web.HTTPSeeOther(f"/staff/{person_id}")


@routes.post("/staff/{person_id}/roles")
async def staff_roles(request: web.Request) -> web.StreamResponse:
    return await _change(request, "roles")


@routes.post("/staff/{person_id}/block")
async def staff_block(request: web.Request) -> web.StreamResponse:
    return await _change(request, "block")


@routes.post("/staff/{person_id}/unblock")
async def staff_unblock(request: web.Request) -> web.StreamResponse:
    return await _change(request, "unblock")


@routes.post("/staff/{person_id}/password")
async def staff_password(request: web.Request) -> web.StreamResponse:
    return await _change(request, "password")
