"""API tokens (administrators): the list, a new token (shown once, on the page that answers the form, never
kept), revoking one. The service re-checks who may manage which token (services/api_tokens.py)."""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web

from admin_web import access, params
from admin_web.auth import origin_of
from admin_web.flash import flash
from admin_web.i18n import N_, request_translations
from admin_web.keys import CONFIG_KEY
from admin_web.pages import render
from services.api_tokens import IssuedToken
from services.errors import InvalidInput, NotFound, PermissionDenied

routes = web.RouteTableDef()

PATH = "/api-tokens"
ERRORS: dict[tuple[str, str], str] = {
    ("name", "empty"): N_("Name the integration the token is for."),
    ("name", "too_long"): N_("The name is too long (100 characters at most)."),
    ("sites", "empty"): N_("Choose at least one site."),
    ("sites", "unknown_site"): N_("Unknown site."),
}
GENERIC = N_("Check the form: a value is not valid.")


async def _page(
    request: web.Request,
    *,
    issued: IssuedToken | None = None,
    error: str = "",
    values: Mapping[str, object] | None = None,
) -> web.Response:
    staff, _ = await access.require_anywhere(request, access.SITE_ADMIN)
    tokens = params.services(request).api.tokens
    context = {
        "tokens": await tokens.visible(staff),
        "sites": await tokens.sites_for(staff),
        "all_sites_allowed": staff.is_superuser,
        "issued": issued,
        "error": error,
        "values": dict(values or {}),
        "config_timezone": request.app[CONFIG_KEY].timezone,
    }
    status = 400 if error else 201 if issued is not None else 200
    return await render(request, "api_tokens.html", context, status=status)


@routes.get(PATH, name="api_tokens")
async def token_list(request: web.Request) -> web.StreamResponse:
    return await _page(request)


@routes.post(PATH)
async def token_issue(request: web.Request) -> web.StreamResponse:
    staff, _ = await access.require_anywhere(request, access.SITE_ADMIN)
    tokens = params.services(request).api.tokens
    form = await params.form(request)
    t = await request_translations(request)
    offered = {site_id for site_id, _ in await tokens.sites_for(staff)}
    chosen = [site_id for site_id in offered if params.flag(form, f"site-{site_id}")]
    try:
        issued = await tokens.issue(
            staff,
            params.text(form, "name", 400),
            chosen,
            params.flag(form, "can_write"),
            origin=origin_of(request),
        )
    except InvalidInput as exc:
        return await _page(request, error=t.gettext(ERRORS.get((exc.field, exc.reason), GENERIC)), values=form)
    except PermissionDenied:
        raise web.HTTPForbidden() from None
    return await _page(request, issued=issued)


@routes.post(PATH + "/{token_id}/revoke")
async def token_revoke(request: web.Request) -> web.StreamResponse:
    staff, _ = await access.require_anywhere(request, access.SITE_ADMIN)
    tokens = params.services(request).api.tokens
    t = await request_translations(request)
    try:
        revoked = await tokens.revoke(staff, access.int_param(request, "token_id"), origin=origin_of(request))
    except NotFound:
        raise web.HTTPNotFound() from None
    text = t.gettext("The token %(prefix)s… is revoked: it opens nothing any more.")
    await flash(request, text % {"prefix": revoked.prefix})
    raise web.HTTPSeeOther(PATH)
