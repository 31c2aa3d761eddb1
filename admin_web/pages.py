"""Rendering pages: every template gets the request's language, translations, CSRF token and user, the
header menu for the user's roles, one-time messages, and ``q()`` to link to the same page with other
query parameters (filters, sorting, the page number)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from yarl import URL

import locales
from admin_web import nav
from admin_web.flash import pop_flashes
from admin_web.i18n import CONTEXT_TRANSLATIONS, language_name, request_language, translations_for
from admin_web.keys import USER_KEY
from admin_web.security import csrf_token


def query_link(url: URL) -> Callable[..., str]:
    """``q(page=2, sort=None)``: the path with those parameters set (None or "" removes one); changing
    anything but the page starts again from the first page."""

    def link(**changes: object) -> str:
        query = dict(url.query)
        if "page" not in changes:
            query.pop("page", None)
        for key, value in changes.items():
            if value is None or value == "":
                query.pop(key, None)
            else:
                query[key] = str(value)
        return str(url.with_query(query))

    return link


def _path_site(request: web.Request) -> int | None:
    raw = request.match_info.get("site_id", "")
    return int(raw) if raw.isdigit() and len(raw) <= 9 else None


async def render(
    request: web.Request, template: str, context: Mapping[str, Any] | None = None, *, status: int = 200
) -> web.Response:
    """Render ``template``. The user shown is the one already loaded for this request (if any), so an
    error page never needs the database."""
    language = await request_language(request)
    user = request.get(USER_KEY)
    nav_site, nav_items = nav.build(user, _path_site(request))
    base: dict[str, Any] = {
        CONTEXT_TRANSLATIONS: translations_for(language),
        "lang": language,
        "languages": [(code, language_name(code)) for code in locales.LANGUAGES],
        "csrf_token": await csrf_token(request),
        "user": user,
        "here": request.path_qs if request.method == "GET" else "/",
        "nav_site": nav_site,
        "nav_site_name": user.site_name(nav_site) if user is not None and nav_site is not None else "",
        "nav_items": nav_items,
        "nav_sites": nav.user_sites(user) if user is not None else [],
        "flashes": await pop_flashes(request),
        "q": query_link(request.rel_url),
        "path": request.path,
    }
    return aiohttp_jinja2.render_template(template, request, base | dict(context or {}), status=status)
