"""The alerts of a site: active and acknowledged ones by default, newest first, with filters (severity,
class, state), and the operators' actions — acknowledge, take ("assign to me"), clear — through the same
:class:`services.alerts.AlertService` as the operators' chat (its checks, audit and message edits)."""

from __future__ import annotations

from aiohttp import web

from admin_web import access, params
from admin_web.auth import origin_of
from admin_web.flash import flash
from admin_web.i18n import N_, request_translations
from admin_web.pages import render
from admin_web.views.queue_labels import QL
from admin_web.views.registry import site_of
from services.alert_listing import AlertFilter
from services.alert_model import DEVIATION, IMBALANCE, LIVE_STATES, OFFLINE
from services.alerts import AlertOutcome, AlertService
from services.enums import AlertState, EventClass, Severity
from services.errors import NotFound, PermissionDenied

routes = web.RouteTableDef()

ACTIONS = ("acknowledge", "assign", "clear")
LIVE = ""
ALL_STATES = "all"
MONITORING: dict[str, str] = {
    OFFLINE: N_("The meter is silent"),
    DEVIATION: N_("Unusual consumption"),
    IMBALANCE: N_("Imbalance against the main meter"),
}


def alerts_of(request: web.Request) -> AlertService:
    alerts = params.services(request).alerts
    if alerts is None:
        raise web.HTTPServiceUnavailable()
    return alerts


def _states(raw: str) -> tuple[AlertState, ...]:
    if raw == ALL_STATES:
        return tuple(AlertState)
    for state in AlertState:
        if state.value == raw:
            return (state,)
    return LIVE_STATES


@routes.get("/sites/{site_id}/alerts", name="alerts")
async def listing(request: web.Request) -> web.StreamResponse:
    staff, site_id = await access.require_site(request, access.ALL)
    site = await site_of(request, site_id)
    alerts = params.services(request).alerts
    query = request.query
    state = params.text(query, "state", 16)
    wanted = AlertFilter(
        severity=params.choice(query, "severity", Severity),
        event_class=params.choice(query, "class", EventClass),
        states=_states(state),
    )
    found = await alerts.site_page(site_id, wanted, params.page(query)) if alerts is not None else None
    context = {
        "site": site,
        "found": found,
        "available": alerts is not None,
        "f": {"severity": wanted.severity or "", "event_class": wanted.event_class or "", "state": state},
        "can_act": access.allowed(staff, site_id, access.DECIDE),
        "monitoring": MONITORING,
        "QL": QL,
    }
    return await render(request, "alerts.html", context)


@routes.post("/sites/{site_id}/alerts/{alert_id}/{action}")
async def act(request: web.Request) -> web.StreamResponse:
    action = request.match_info["action"]
    if action not in ACTIONS:
        raise web.HTTPNotFound()
    staff, site_id = await access.require_site(request, access.DECIDE)
    alerts = alerts_of(request)
    alert_id = access.int_param(request, "alert_id")
    back = params.text(await params.form(request), "back", 500)
    back = back if back.startswith(f"/sites/{site_id}/alerts") else f"/sites/{site_id}/alerts"
    try:
        view = await alerts.get(alert_id)
        if view.meter.site_id != site_id:
            raise NotFound(f"alert {alert_id} at site {site_id}")
        origin = origin_of(request)
        outcome: AlertOutcome
        if action == "acknowledge":
            outcome = await alerts.acknowledge(alert_id, staff.person_id, origin)
        elif action == "assign":
            outcome = await alerts.assign_to_me(alert_id, staff.person_id, origin)
        else:
            outcome = await alerts.clear(alert_id, staff.person_id, origin)
    except NotFound:
        raise web.HTTPNotFound() from None
    except PermissionDenied:
        raise web.HTTPForbidden() from None
    t = await request_translations(request)
    serial = outcome.view.meter.serial
    if not outcome.changed:
        await flash(request, t.gettext("Nothing changed: the alert is so already."), "error")
    elif action == "acknowledge":
        await flash(request, t.gettext("Alert on meter %(serial)s acknowledged.") % {"serial": serial})
    elif action == "assign":
        await flash(request, t.gettext("You have taken the alert on meter %(serial)s.") % {"serial": serial})
    else:
        await flash(request, t.gettext("Alert on meter %(serial)s cleared.") % {"serial": serial})
    raise web.HTTPSeeOther(back)
