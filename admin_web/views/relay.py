"""Relay restrictions of a site: the journal of restriction operations (filters: plot, state, period; CSV
for a spreadsheet), a restriction's page with its plan, steps and relay commands, and the operators'
decisions the chat has — execute (at the control date, or again after a failure), postpone, cancel — each
behind a confirmation, through :class:`services.restrictions.RestrictionService` (its checks and audit)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from admin_web import access, params
from admin_web.auth import origin_of
from admin_web.flash import flash
from admin_web.i18n import N_, request_translations
from admin_web.pages import render
from admin_web.views.queue_labels import QL
from admin_web.views.registry import site_of
from services.enums import CommandState, RestrictionState
from services.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from services.pagination import Page
from services.restriction_model import JournalRow, RestrictionDTO
from services.restrictions import CANCELLABLE, EXECUTABLE, POSTPONE_DAYS, RestrictionService

routes = web.RouteTableDef()

PAGE_SIZE = 25
ACTIONS = ("execute", "postpone", "cancel")
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 1, 1)
"""A period is cut to these days: the journal adds days to its end (9999-12-31 would leave the calendar)."""
STEP_NAMES: dict[str, str] = {
    "restriction.plan": N_("planned"),
    "restriction.notice": N_("the residents were notified"),
    "restriction.control": N_("control date: the operators were asked"),
    "restriction.execute": N_("the command was ordered"),
    "restriction.postpone": N_("postponed"),
    "restriction.cancel": N_("called off"),
    "restriction.done": N_("done"),
    "restriction.failed": N_("not done"),
    "restriction.cancelled": N_("called off"),
    "restriction.resident_paid": N_("the resident says it is paid"),
    "restriction.resident_question": N_("the resident asked a question"),
}


def restrictions_of(request: web.Request) -> RestrictionService:
    service = params.services(request).restrictions
    if service is None:
        raise web.HTTPServiceUnavailable()
    return service


async def _filters(
    service: RestrictionService, site_id: int, source: Mapping[str, str]
) -> tuple[dict[str, Any], int | None, tuple[date, date], bool]:
    """The filters as shown, the plot's id, the period, and whether a plot was asked for but not found."""
    default = await service.journal_period(site_id)
    start = min(max(params.day(source, "from") or default[0], FIRST_DAY), LAST_DAY)
    end = min(max(params.day(source, "to") or default[1], FIRST_DAY), LAST_DAY)
    period = (start, end) if start <= end else (end, start)
    plot = params.text(source, "plot", 32)
    plot_id = await service.plot_id(site_id, plot) if plot else None
    state = params.choice(source, "state", RestrictionState)
    shown = {"plot": plot, "state": state.value if state else "", "start": period[0], "end": period[1]}
    return shown, plot_id, period, bool(plot) and plot_id is None


@routes.get("/sites/{site_id}/restrictions", name="restrictions")
async def journal(request: web.Request) -> web.StreamResponse:
    _, site_id = await access.require_site(request, access.QUEUE)
    site = await site_of(request, site_id)
    service = params.services(request).restrictions
    context: dict[str, Any] = {"site": site, "available": service is not None, "QL": QL, "found": None}
    if service is not None:
        shown, plot_id, period, unknown_plot = await _filters(service, site_id, request.query)
        state = RestrictionState(shown["state"]) if shown["state"] else None
        found: Page[JournalRow] = (
            Page((), 0, 0, PAGE_SIZE)
            if unknown_plot
            else await service.journal_page(site_id, plot_id, period, params.page(request.query), PAGE_SIZE, state)
        )
        csv_query = {"plot": shown["plot"], "from": period[0].isoformat(), "to": period[1].isoformat()}
        context |= {
            "found": found,
            "f": shown,
            "csv_link": f"/sites/{site_id}/restrictions.csv?" + urlencode({k: v for k, v in csv_query.items() if v}),
        }
    return await render(request, "relay.html", context)


@routes.get("/sites/{site_id}/restrictions.csv")
async def journal_csv(request: web.Request) -> web.StreamResponse:
    _, site_id = await access.require_site(request, access.QUEUE)
    await site_of(request, site_id)
    service = restrictions_of(request)
    _, plot_id, period, unknown_plot = await _filters(service, site_id, request.query)
    if unknown_plot:
        raise web.HTTPNotFound()
    body = await service.journal_csv(site_id, plot_id, period)
    name = f"restrictions-{site_id}-{period[0].isoformat()}-{period[1].isoformat()}.csv"
    response = web.Response(body=body, content_type="text/csv", charset="utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def available_actions(restriction: RestrictionDTO) -> tuple[str, ...]:
    """The decisions the restriction's state allows (the service checks again when one is pressed)."""
    found: list[str] = []
    if restriction.state in EXECUTABLE:
        found.append("execute")
    if restriction.state is RestrictionState.AWAITING_EXECUTION:
        found.append("postpone")
    waiting = restriction.state is RestrictionState.EXECUTING and restriction.command_state is CommandState.QUEUED
    if restriction.state in CANCELLABLE or waiting:
        found.append("cancel")
    return tuple(found)


async def _restriction(request: web.Request, service: RestrictionService, site_id: int) -> RestrictionDTO:
    try:
        restriction = await service.get(access.int_param(request, "restriction_id"))
    except NotFound:
        raise web.HTTPNotFound() from None
    if restriction.site_id != site_id:
        raise web.HTTPNotFound()
    return restriction


@routes.get("/sites/{site_id}/restrictions/{restriction_id}", name="restriction")
async def restriction_page(request: web.Request) -> web.StreamResponse:
    staff, site_id = await access.require_site(request, access.QUEUE)
    site = await site_of(request, site_id)
    service = restrictions_of(request)
    restriction = await _restriction(request, service, site_id)
    can_decide = access.allowed(staff, site_id, access.DECIDE)
    actions = available_actions(restriction) if can_decide else ()
    confirm = params.text(request.query, "confirm", 16)
    context = {
        "site": site,
        "r": restriction,
        "steps": await service.steps(restriction.id),
        "commands": await service.commands(restriction.id),
        "actions": actions,
        "confirm": confirm if confirm in actions else "",
        "postpone_days": POSTPONE_DAYS,
        "step_names": STEP_NAMES,
        "QL": QL,
    }
    return await render(request, "relay_restriction.html", context)


@routes.post("/sites/{site_id}/restrictions/{restriction_id}/{action}")
async def decide(request: web.Request) -> web.StreamResponse:
    action = request.match_info["action"]
    if action not in ACTIONS:
        raise web.HTTPNotFound()
    staff, site_id = await access.require_site(request, access.DECIDE)
    service = restrictions_of(request)
    restriction = await _restriction(request, service, site_id)
    back = f"/sites/{site_id}/restrictions/{restriction.id}"
    t = await request_translations(request)
    form = await params.form(request)
    origin = origin_of(request)
    try:
        if action == "execute":
            outcome = await service.execute(restriction.id, staff.person_id, origin)
        elif action == "postpone":
            outcome = await service.postpone(restriction.id, staff.person_id, params.number(form, "days") or 0, origin)
        else:
            outcome = await service.cancel(restriction.id, staff.person_id, origin)
    except PermissionDenied:
        raise web.HTTPForbidden() from None
    except InvalidInput:
        await flash(request, t.gettext("Choose for how many days to postpone."), "error")
        raise web.HTTPSeeOther(back) from None
    except Conflict:
        text = (
            t.gettext("The command has been sent to the meter already; it cannot be called off.")
            if action == "cancel"
            else t.gettext("Relay commands cannot be sent now: this process has no connection to MQTT.")
        )
        await flash(request, text, "error")
        raise web.HTTPSeeOther(back) from None
    state = t.gettext(QL.restriction_state[outcome.restriction.state])
    if not outcome.changed:
        text = t.gettext("Nothing changed: the restriction is %(state)s now.")
        await flash(request, text % {"state": state}, "error")
    elif action == "execute":
        await flash(request, t.gettext("The command is ordered: meter %(serial)s.") % {"serial": restriction.serial})
    elif action == "postpone":
        day = outcome.restriction.control_on.strftime("%d.%m.%Y") if outcome.restriction.control_on else ""
        text = t.gettext("Postponed to %(day)s; the residents will be told the new date.")
        await flash(request, text % {"day": day})
    else:
        await flash(
            request, t.gettext("The restriction is called off: meter %(serial)s.") % {"serial": restriction.serial}
        )
    raise web.HTTPSeeOther(back)
