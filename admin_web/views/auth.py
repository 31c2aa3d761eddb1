"""Sign in, sign out and the language switch."""

from __future__ import annotations

import math
from collections.abc import Mapping

from aiohttp import web

from admin_web.auth import current_staff, origin_of, sign_in, sign_out
from admin_web.i18n import request_translations, set_language
from admin_web.keys import STAFF_KEY
from admin_web.pages import render
from admin_web.security import safe_next
from services.errors import Throttled
from services.staff import InvalidCredentials

routes = web.RouteTableDef()


def _field(form: Mapping[str, object], name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


async def _login_form(
    request: web.Request, *, next_path: str, login: str = "", error: str = "", status: int = 200
) -> web.Response:
    context = {"next": next_path, "login": login, "error": error}
    return await render(request, "login.html", context, status=status)


@routes.get("/login", name="login")
async def login_page(request: web.Request) -> web.StreamResponse:
    next_path = safe_next(request.query.get("next"))
    if await current_staff(request) is not None:
        raise web.HTTPSeeOther(next_path)
    return await _login_form(request, next_path=next_path)


@routes.post("/login")
async def login_submit(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    login, password = _field(form, "login").strip(), _field(form, "password")
    next_path = safe_next(_field(form, "next"))
    t = await request_translations(request)
    if not login or not password:
        error = t.gettext("Enter your login and password.")
        return await _login_form(request, next_path=next_path, login=login, error=error)
    try:
        staff = await request.app[STAFF_KEY].authenticate(login, password, origin_of(request))
    except InvalidCredentials:
        error = t.gettext("Wrong login or password.")
        return await _login_form(request, next_path=next_path, login=login, error=error)
    except Throttled as exc:
        minutes = max(1, math.ceil(exc.retry_after_seconds / 60))
        error = t.ngettext(
            "Too many attempts to sign in. Try again in %(num)d minute.",
            "Too many attempts to sign in. Try again in %(num)d minutes.",
            minutes,
        ) % {"num": minutes}
        response = await _login_form(request, next_path=next_path, login=login, error=error, status=429)
        response.headers["Retry-After"] = str(exc.retry_after_seconds)
        return response
    await sign_in(request, staff)
    raise web.HTTPSeeOther(next_path)


@routes.post("/logout", name="logout")
async def logout(request: web.Request) -> web.StreamResponse:
    staff = await current_staff(request)
    if staff is not None:
        await request.app[STAFF_KEY].record_logout(staff.person_id, origin_of(request))
    await sign_out(request)
    raise web.HTTPSeeOther("/login")


@routes.post("/lang", name="language")
async def switch_language(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    if not await set_language(request, _field(form, "lang")):
        raise web.HTTPBadRequest()
    raise web.HTTPSeeOther(safe_next(_field(form, "next")))
