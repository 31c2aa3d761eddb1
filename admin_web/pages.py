"""Rendering pages: every template gets the request's language, translations, CSRF token and user."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import aiohttp_jinja2
from aiohttp import web

import locales
from admin_web.i18n import CONTEXT_TRANSLATIONS, language_name, request_language, translations_for
from admin_web.keys import USER_KEY
from admin_web.security import csrf_token


async def render(
    request: web.Request, template: str, context: Mapping[str, Any] | None = None, *, status: int = 200
) -> web.Response:
    """Render ``template``. The user shown is the one already loaded for this request (if any), so an
    error page never needs the database."""
    language = await request_language(request)
    base: dict[str, Any] = {
        CONTEXT_TRANSLATIONS: translations_for(language),
        "lang": language,
        "languages": [(code, language_name(code)) for code in locales.LANGUAGES],
        "csrf_token": await csrf_token(request),
        "user": request.get(USER_KEY),
        "here": request.path_qs if request.method == "GET" else "/",
    }
    return aiohttp_jinja2.render_template(template, request, base | dict(context or {}), status=status)
