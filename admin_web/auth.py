"""Who is signed in, and what they may do.

The session (an encrypted cookie) holds only the person id and when they signed in. On every request
the staff record, its roles and its blocked flag are read again from the database through
``StaffService``, so a role taken away or an account blocked takes effect at the next click.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterable
from urllib.parse import urlencode

from aiohttp import web
from aiohttp_session import get_session, new_session

from admin_web.i18n import SESSION_LANG
from admin_web.keys import CONFIG_KEY, STAFF_KEY, USER_KEY
from admin_web.security import SESSION_CSRF, Handler, new_csrf_token
from services import audit
from services.enums import Role
from services.staff import StaffDTO

SESSION_USER = "uid"
SESSION_AUTH_AT = "auth_at"


def origin_of(request: web.Request) -> str:
    return request.remote or ""


def login_url(next_path: str) -> str:
    return "/login?" + urlencode({"next": next_path}) if next_path not in ("", "/") else "/login"


async def current_staff(request: web.Request) -> StaffDTO | None:
    """The signed-in staff member, fresh from the database; None when signed out, expired or blocked."""
    if USER_KEY in request:
        return request[USER_KEY]
    session = await get_session(request)
    person_id = session.get(SESSION_USER)
    auth_at = session.get(SESSION_AUTH_AT)
    staff: StaffDTO | None = None
    fresh = isinstance(auth_at, int) and time.time() - auth_at < request.app[CONFIG_KEY].session_seconds
    if isinstance(person_id, int) and fresh:
        found = await request.app[STAFF_KEY].get(person_id)
        if found is not None and found.login and not found.blocked:
            staff = found
    if staff is None and SESSION_USER in session:
        session.pop(SESSION_USER, None)
        session.pop(SESSION_AUTH_AT, None)
    request[USER_KEY] = staff
    return staff


async def sign_in(request: web.Request, staff: StaffDTO) -> None:
    """A fresh session (new CSRF token, no fixation), keeping the chosen language."""
    language = (await get_session(request)).get(SESSION_LANG)
    session = await new_session(request)
    session[SESSION_USER] = staff.person_id
    session[SESSION_AUTH_AT] = int(time.time())
    session[SESSION_CSRF] = new_csrf_token()
    if isinstance(language, str):
        session[SESSION_LANG] = language
    request[USER_KEY] = staff


async def sign_out(request: web.Request) -> None:
    session = await get_session(request)
    language = session.get(SESSION_LANG)
    session.invalidate()
    if isinstance(language, str):
        session[SESSION_LANG] = language
    request[USER_KEY] = None


async def require_login(request: web.Request) -> StaffDTO:
    """The signed-in staff member; redirects to the login page otherwise."""
    staff = await current_staff(request)
    if staff is None:
        raise web.HTTPSeeOther(login_url(request.path_qs))
    return staff


def login_required(handler: Handler) -> Handler:
    """A view for signed-in staff only."""

    @functools.wraps(handler)
    async def wrapper(request: web.Request) -> web.StreamResponse:
        await require_login(request)
        return await handler(request)

    return wrapper


async def require_role(request: web.Request, site_id: int, roles: Iterable[Role]) -> StaffDTO:
    """The signed-in staff member if they hold one of ``roles`` at ``site_id`` (superusers hold all);
    otherwise the refusal is audited and the page answers 403."""
    staff = await require_login(request)
    wanted = tuple(roles)
    if not staff.has_role(site_id, wanted):
        await audit.record(
            "access.denied",
            actor_id=staff.person_id,
            actor_label=staff.login,
            site_id=site_id,
            object_type="page",
            object_id=request.path,
            origin=origin_of(request),
            allowed=False,
            details={"method": request.method, "needed": [role.value for role in wanted]},
        )
        raise web.HTTPForbidden()
    return staff
