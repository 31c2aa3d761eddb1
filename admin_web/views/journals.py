"""Journals: meter events of a site (filters: meter kind, class, severity, period, plot, meter), the audit
log (action, actor, period, site), the quarantine of rejected input and the unregistered devices."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from aiohttp import web

from admin_web import access, params
from admin_web.keys import ADMIN_KEY, CONFIG_KEY
from admin_web.nav import user_sites
from admin_web.pages import render
from admin_web.views.registry import site_of
from services.enums import EventClass, MeterKind, Protocol, QuarantineSource, Severity
from services.journals import AuditFilter, EventFilter, Period

routes = web.RouteTableDef()

DEFAULT_DAYS = 30


def _period(request: web.Request, timezone: str, default_days: int | None) -> Period:
    """The period of the query; without one, the last ``default_days`` days (None: everything)."""
    start, end = params.day(request.query, "from"), params.day(request.query, "to")
    if start is None and end is None and default_days is not None and "from" not in request.query:
        today = request.app[ADMIN_KEY].clock.now().astimezone(ZoneInfo(timezone)).date()
        start = today - timedelta(days=default_days - 1)
    return Period(start=start, end=end, timezone=timezone)


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


@routes.get("/sites/{site_id}/events", name="events")
async def events(request: web.Request) -> web.StreamResponse:
    _, site_id = await access.require_site(request, access.ALL)
    site = await site_of(request, site_id)
    query = request.query
    period = _period(request, site.timezone, DEFAULT_DAYS)
    meter = params.number(query, "meter")
    f = EventFilter(
        site_id=site_id,
        kind=params.choice(query, "kind", MeterKind),
        event_class=params.choice(query, "class", EventClass),
        severity=params.choice(query, "severity", Severity),
        period=period,
        plot=params.text(query, "plot", 32),
        meter_id=meter if meter is not None and meter > 0 else None,
    )
    found = await params.services(request).journals.events(f, params.page(query))
    context = {"site": site, "page": found, "f": f, "start": _iso(period.start), "end": _iso(period.end)}
    return await render(request, "events.html", context)


@routes.get("/audit", name="audit")
async def audit_log(request: web.Request) -> web.StreamResponse:
    staff, sites = await access.require_anywhere(request, access.AUDIT)
    query = request.query
    chosen = params.number(query, "site")
    visible = sites
    if chosen is not None:
        if sites is not None and chosen not in sites:
            raise await access.deny(request, staff, chosen, access.AUDIT)
        visible = [chosen]
    timezone = request.app[CONFIG_KEY].timezone
    period = _period(request, timezone, None)
    f = AuditFilter(
        site_ids=visible,
        action=params.text(query, "action"),
        actor=params.text(query, "actor"),
        period=period,
        denied_only=params.flag(query, "denied"),
    )
    found = await params.services(request).journals.audit(f, params.page(query))
    site_choices = [(site_id, name) for site_id, name in user_sites(staff) if sites is None or site_id in sites]
    context = {
        "page": found,
        "f": f,
        "timezone": timezone,
        "start": _iso(period.start),
        "end": _iso(period.end),
        "site_choices": site_choices,
        "chosen_site": chosen,
    }
    return await render(request, "audit.html", context)


@routes.get("/quarantine", name="quarantine")
async def quarantine(request: web.Request) -> web.StreamResponse:
    await access.require_anywhere(request, access.DEVICES)
    query = request.query
    timezone = request.app[CONFIG_KEY].timezone
    period = _period(request, timezone, None)
    source = params.choice(query, "source", QuarantineSource)
    search = params.text(query, "search")
    found = await params.services(request).journals.quarantine(source, period, search, params.page(query))
    context = {
        "page": found,
        "source": source.value if source else "",
        "search": search,
        "timezone": timezone,
        "start": _iso(period.start),
        "end": _iso(period.end),
    }
    return await render(request, "quarantine.html", context)


@routes.get("/quarantine/devices", name="unknown_devices")
async def unknown_devices(request: web.Request) -> web.StreamResponse:
    await access.require_anywhere(request, access.DEVICES)
    protocol = params.choice(request.query, "protocol", Protocol)
    found = await params.services(request).journals.unknown_devices(protocol, params.page(request.query))
    context = {
        "page": found,
        "protocol": protocol.value if protocol else "",
        "timezone": request.app[CONFIG_KEY].timezone,
    }
    return await render(request, "unknown_devices.html", context)
