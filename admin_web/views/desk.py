"""The desk of residents' requests and complaints: the site's tickets by stage (filters: stage, number, plot,
author, period), a ticket's card with its history and files, and the dispatcher's actions (take, assign,
start, reply, close, cancel) through the same :class:`services.ticket_desk.TicketDesk` as the operators'
chat: its permission checks, audit and notices to the resident. Engineers see and work on the tickets
assigned to them; readers see everything and change nothing."""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import quote

from aiohttp import web

from admin_web import access, params
from admin_web.auth import origin_of
from admin_web.flash import flash
from admin_web.i18n import request_translations
from admin_web.pages import render
from admin_web.views.queue_labels import QL
from admin_web.views.registry import site_of
from services.enums import Role, TicketStage
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.staff import StaffDTO
from services.ticket_desk import FROM_STAGES, LIST_LIMIT, TicketDesk, permits
from services.ticket_model import DeskAction, Outcome, StageConflict, TicketCard, TicketQuery

routes = web.RouteTableDef()

DESK_ROLES = access.ALL
"""Everyone at the site opens the desk; the service narrows an engineer's list to their own tickets."""
ACTORS = access.DECIDE | {Role.ENGINEER}
"""Who may press anything at all (the service then checks the ticket: an engineer only their own)."""
ALL_STAGES = "all"
ACTIONS = ("take", "start", "close", "cancel", "assign", "reply")
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 1, 1)
"""A period is cut to these days: the search adds a day to its end (9999-12-31 would leave the calendar)."""


def desk_of(request: web.Request) -> TicketDesk:
    desk = params.services(request).desk
    if desk is None:
        raise web.HTTPServiceUnavailable()
    return desk


def _stages(raw: str) -> tuple[TicketStage, ...] | None:
    if raw == ALL_STAGES:
        return tuple(TicketStage)
    for stage in TicketStage:
        if stage.value == raw:
            return (stage,)
    return None


def _period(start: date | None, end: date | None) -> tuple[date, date] | None:
    if start is None and end is None:
        return None
    first = min(max(start or FIRST_DAY, FIRST_DAY), LAST_DAY)
    last = min(max(end or LAST_DAY, FIRST_DAY), LAST_DAY)
    return (first, last) if first <= last else (last, first)


def _query(source: Mapping[str, str], site_id: int) -> tuple[TicketQuery, dict[str, Any]]:
    number = params.text(source, "number", 12).lstrip("№ ")
    stage, plot, name = (
        params.text(source, "stage", 16),
        params.text(source, "plot", 32),
        params.text(source, "name", 100),
    )
    start, end = params.day(source, "from"), params.day(source, "to")
    query = TicketQuery(
        number=int(number) if number.isascii() and number.isdigit() and len(number) < 10 else None,
        plot=plot or None,
        name=name or None,
        period=_period(start, end),
        stages=_stages(stage),
        site_id=site_id,
    )
    filters = {"stage": stage, "number": number, "plot": plot, "name": name, "start": start, "end": end}
    return query, filters


@routes.get("/sites/{site_id}/desk", name="desk")
async def tickets(request: web.Request) -> web.StreamResponse:
    staff, site_id = await access.require_site(request, DESK_ROLES)
    site = await site_of(request, site_id)
    desk = params.services(request).desk
    query, filters = _query(request.query, site_id)
    page = params.page(request.query)
    found = None
    if desk is not None:
        try:
            found = await desk.search(staff.person_id, query, offset=page * LIST_LIMIT)
        except PermissionDenied:
            raise web.HTTPForbidden() from None
    context = {
        "site": site,
        "found": found,
        "f": filters,
        "available": desk is not None,
        "page_number": page,
        "page_size": LIST_LIMIT,
        "stages": [(stage.value, QL.ticket_stage[stage]) for stage in TicketStage],
        "QL": QL,
    }
    return await render(request, "desk.html", context)


async def _card(request: web.Request, desk: TicketDesk, staff: StaffDTO, site_id: int) -> TicketCard:
    ticket_id = access.int_param(request, "ticket_id")
    try:
        card = await desk.card(ticket_id, staff.person_id, origin_of(request))
    except (NotFound, PermissionDenied):  # one answer for both, so that ticket ids cannot be probed
        raise web.HTTPNotFound() from None
    if card.ticket.site_id != site_id:
        raise web.HTTPNotFound()
    return card


def allowed_actions(staff: StaffDTO, site_id: int, card: TicketCard) -> frozenset[str]:
    """The actions whose forms the card shows: the service's own rule, for the roles and the stage."""
    roles = access.effective_roles(staff, site_id)
    ticket = card.ticket
    assignee = ticket.assignee.id if ticket.assignee else None
    return frozenset(
        action.value
        for action in DeskAction
        if action is not DeskAction.VIEW
        and ticket.stage in FROM_STAGES[action]
        and permits(action, roles, staff.person_id, assignee)
    )


@routes.get("/sites/{site_id}/desk/{ticket_id}", name="ticket")
async def ticket(request: web.Request) -> web.StreamResponse:
    staff, site_id = await access.require_site(request, DESK_ROLES)
    site = await site_of(request, site_id)
    desk = desk_of(request)
    card = await _card(request, desk, staff, site_id)
    can = allowed_actions(staff, site_id, card)
    engineers = await desk.engineers(card.ticket.id, staff.person_id, origin_of(request)) if "assign" in can else []
    context = {"site": site, "card": card, "t": card.ticket, "can": can, "engineers": engineers, "QL": QL}
    return await render(request, "desk_ticket.html", context)


@routes.get("/sites/{site_id}/desk/{ticket_id}/files/{attachment_id}")
async def attachment(request: web.Request) -> web.StreamResponse:
    staff, site_id = await access.require_site(request, DESK_ROLES)
    desk = desk_of(request)
    ticket_id = access.int_param(request, "ticket_id")
    try:
        dto, data = await desk.file(access.int_param(request, "attachment_id"), staff.person_id, origin_of(request))
        card = await desk.card(dto.ticket_id, staff.person_id, origin_of(request))
    except (NotFound, PermissionDenied):  # as in _card
        raise web.HTTPNotFound() from None
    if dto.ticket_id != ticket_id or card.ticket.site_id != site_id or data is None:
        raise web.HTTPNotFound()
    disposition = "inline" if dto.is_image else "attachment"
    response = web.Response(body=data, content_type=dto.mime_type)
    response.headers["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{_quoted(dto.file_name)}"
    return response


def _quoted(name: str) -> str:
    return quote(name or "file", safe="")


async def _perform(request: web.Request, desk: TicketDesk, action: str, ticket_id: int, actor: int) -> Outcome:
    origin = origin_of(request)
    form = await params.form(request)
    if action == "take":
        return await desk.take(ticket_id, actor, origin)
    if action == "start":
        return await desk.start(ticket_id, actor, origin)
    if action == "close":
        return await desk.close(ticket_id, actor, params.text(form, "comment", 5000), origin)
    if action == "cancel":
        return await desk.cancel(ticket_id, actor, params.text(form, "reason", 5000), origin)
    if action == "reply":
        return await desk.reply(ticket_id, actor, params.text(form, "text", 5000), origin)
    engineer = params.number(form, "engineer")
    if engineer is None or not 0 < engineer <= access.MAX_ID:
        raise InvalidInput("assignee", "empty")
    return await desk.assign(ticket_id, actor, engineer, origin)


@routes.post("/sites/{site_id}/desk/{ticket_id}/{action}")
async def act(request: web.Request) -> web.StreamResponse:
    action = request.match_info["action"]
    if action not in ACTIONS:
        raise web.HTTPNotFound()
    staff, site_id = await access.require_site(request, ACTORS)
    desk = desk_of(request)
    card = await _card(request, desk, staff, site_id)
    ticket_id = card.ticket.id
    back = f"/sites/{site_id}/desk/{ticket_id}"
    t = await request_translations(request)
    try:
        outcome = await _perform(request, desk, action, ticket_id, staff.person_id)
    except PermissionDenied:
        raise web.HTTPForbidden() from None
    except StageConflict as exc:
        stage = t.gettext(QL.ticket_stage[exc.card.ticket.stage])
        text = t.gettext("Request № %(number)s is %(stage)s now; nothing changed.")
        await flash(request, text % {"number": ticket_id, "stage": stage}, "error")
        raise web.HTTPSeeOther(back) from None
    except InvalidInput as exc:
        await flash(request, _invalid(t, exc), "error")
        raise web.HTTPSeeOther(back) from None
    if not outcome.changed:
        await flash(request, t.gettext("Nothing to change: it is so already."), "error")
    else:
        await flash(request, _done(t, action) % {"number": ticket_id})
    raise web.HTTPSeeOther(back)


def _invalid(t: gettext.NullTranslations, exc: InvalidInput) -> str:
    if exc.field == "assignee":
        return t.gettext("Choose an engineer of this site.")
    if exc.reason == "too_long":
        return t.gettext("The text is too long.")
    if exc.field == "comment":
        return t.gettext("Write what was done: the resident will read it.")
    if exc.field == "reason":
        return t.gettext("Write the reason for the cancellation: the resident will read it.")
    return t.gettext("Write the reply.")


def _done(t: gettext.NullTranslations, action: str) -> str:
    texts = {
        "take": t.gettext("Request № %(number)s is accepted for review."),
        "start": t.gettext("Work on request № %(number)s has started."),
        "close": t.gettext("Request № %(number)s is completed. The resident will be notified."),
        "cancel": t.gettext("Request № %(number)s is cancelled. The resident will be notified."),
        "assign": t.gettext("Request № %(number)s is assigned. The engineer will be notified."),
        "reply": t.gettext("The reply is sent to the resident of request № %(number)s."),
    }
    return texts[action]
