"""Sites: the list (with a form to create one, for superusers) and each site's settings (administrators
edit them: name, time zone, operators' chat, tariff zone starts, submission window, contact, consent)."""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web

from admin_web import access, params
from admin_web.auth import origin_of, require_login
from admin_web.flash import flash
from admin_web.i18n import N_, request_translations
from admin_web.nav import user_sites
from admin_web.pages import render
from services.admin_sites import SiteChanges
from services.enums import SiteKind
from services.errors import Conflict, InvalidInput, NotFound

routes = web.RouteTableDef()

TIMEZONES = (
    "Europe/Kaliningrad",
    "Europe/Moscow",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Omsk",
    "Asia/Novosibirsk",
    "Asia/Krasnoyarsk",
    "Asia/Irkutsk",
    "Asia/Yakutsk",
    "Asia/Vladivostok",
    "Asia/Magadan",
    "Asia/Kamchatka",
)

FIELD_ERRORS: dict[tuple[str, str], str] = {
    ("name", "empty"): N_("Enter the site's name."),
    ("name", "too_long"): N_("The name is too long (200 characters at most)."),
    ("timezone", "unknown"): N_("Unknown time zone: choose one from the list, such as Europe/Moscow."),
    ("operators_chat_id", "format"): N_("The operators' chat id is a number such as -1001234567890."),
    ("day_zone_start_min", "range"): N_("Enter the day zone's start as HH:MM."),
    ("night_zone_start_min", "range"): N_("Enter the night zone's start as HH:MM."),
    ("night_zone_start_min", "same_as_day"): N_("The night zone cannot start when the day zone starts."),
    ("reading_window_start_day", "range"): N_("The window's days are from 1 to 31."),
    ("reading_window_end_day", "range"): N_("The window's days are from 1 to 31."),
    ("support_contact", "too_long"): N_("The contact is too long (200 characters at most)."),
    ("consent_text", "too_long"): N_("The consent text is too long."),
    ("slug", "format"): N_("The short name: latin letters, digits, - and _, starting with a letter or digit."),
    ("kind", "unknown"): N_("Choose the kind of site."),
}
CONFLICT = N_("A site with this short name exists already.")
GENERIC_ERROR = N_("Check the form: a value is not valid.")


def _minutes(raw: str) -> int:
    """HH:MM as minutes after midnight; -1 when it is not a time."""
    hours, _, minutes = raw.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        return -1
    h, m = int(hours), int(minutes)
    return h * 60 + m if 0 <= h < 24 and 0 <= m < 60 else -1


def _day(raw: str) -> int:
    return int(raw) if raw.isdigit() and len(raw) <= 2 else 0


def _changes(form: Mapping[str, object]) -> SiteChanges | InvalidInput:
    chat = params.text(form, "operators_chat_id", 20)
    chat_id = params.number(form, "operators_chat_id")
    if chat and chat_id is None:
        return InvalidInput("operators_chat_id", "format")
    return SiteChanges(
        name=params.text(form, "name", 400),
        timezone=params.text(form, "timezone", 64),
        operators_chat_id=chat_id,
        day_zone_start_min=_minutes(params.text(form, "day_zone_start", 5)),
        night_zone_start_min=_minutes(params.text(form, "night_zone_start", 5)),
        reading_window_start_day=_day(params.text(form, "window_start", 2)),
        reading_window_end_day=_day(params.text(form, "window_end", 2)),
        support_contact=params.text(form, "support_contact", 400),
        consent_text=params.text(form, "consent_text", 40_000),
    )


def _error_text(exc: InvalidInput) -> str:
    return FIELD_ERRORS.get((exc.field, exc.reason), GENERIC_ERROR)


@routes.get("/sites", name="sites")
async def sites_page(request: web.Request) -> web.StreamResponse:
    staff = await require_login(request)
    ids = None if staff.is_superuser else [site_id for site_id, _ in user_sites(staff)]
    sites = await params.services(request).sites.list_sites(ids)
    return await render(request, "sites.html", {"sites": sites, "timezones": TIMEZONES, "error": "", "form": {}})


@routes.post("/sites")
async def create_site(request: web.Request) -> web.StreamResponse:
    staff = await require_login(request)
    if not staff.is_superuser:
        raise await access.deny(request, staff, None, [])
    form = await params.form(request)
    t = await request_translations(request)
    try:
        site = await params.services(request).sites.create(
            params.text(form, "slug"),
            params.text(form, "name", 400),
            params.text(form, "timezone") or "Europe/Moscow",
            params.text(form, "kind") or SiteKind.SNT.value,
            actor_id=staff.person_id,
            origin=origin_of(request),
        )
    except (InvalidInput, Conflict) as exc:
        error = t.gettext(CONFLICT if isinstance(exc, Conflict) else _error_text(exc))
        sites = await params.services(request).sites.list_sites(None)
        context = {"sites": sites, "timezones": TIMEZONES, "error": error, "form": dict(form)}
        return await render(request, "sites.html", context, status=400)
    await flash(request, t.gettext("The site is created. Now give people roles there."))
    raise web.HTTPSeeOther(f"/sites/{site.id}")


@routes.get("/sites/{site_id}", name="site")
async def site_page(request: web.Request) -> web.StreamResponse:
    staff, site_id = await access.require_site(request, access.ALL)
    try:
        site = await params.services(request).sites.get(site_id)
    except NotFound:
        raise web.HTTPNotFound() from None
    editable = access.allowed(staff, site_id, access.SITE_ADMIN)
    context = {"site": site, "editable": editable, "timezones": TIMEZONES, "error": "", "values": site.settings}
    return await render(request, "site.html", context)


@routes.post("/sites/{site_id}")
async def site_update(request: web.Request) -> web.StreamResponse:
    staff, site_id = await access.require_site(request, access.SITE_ADMIN)
    services = params.services(request)
    try:
        site = await services.sites.get(site_id)
    except NotFound:
        raise web.HTTPNotFound() from None
    form = await params.form(request)
    t = await request_translations(request)
    changes = _changes(form)
    try:
        if isinstance(changes, InvalidInput):
            raise changes
        await services.sites.update(site_id, changes, actor_id=staff.person_id, origin=origin_of(request))
    except InvalidInput as exc:
        context = {
            "site": site,
            "editable": True,
            "timezones": TIMEZONES,
            "error": t.gettext(_error_text(exc)),
            "values": changes if isinstance(changes, SiteChanges) else site.settings,
        }
        return await render(request, "site.html", context, status=400)
    await flash(request, t.gettext("Saved."))
    raise web.HTTPSeeOther(f"/sites/{site_id}")
