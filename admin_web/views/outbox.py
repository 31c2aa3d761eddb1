"""Failed deliveries of the outbox: notifications the delivery worker gave up on (recipient, channel,
error, attempts, time), newest first, with Retry for one and for all shown. For administrators and
dispatchers of any site, and superusers; every retry is in the audit log (``outbox.retry``). Staff of some
sites see and retry only deliveries to people of those sites or to their operators' chats
(:meth:`services.outbox.OutboxService.failed`); the rest are for superusers."""

from __future__ import annotations

from typing import TypeGuard

from aiohttp import web

from admin_web import access, params
from admin_web.auth import origin_of
from admin_web.flash import flash
from admin_web.i18n import request_translations
from admin_web.keys import CONFIG_KEY
from admin_web.pages import render
from admin_web.views.queue_labels import QL
from services import audit
from services.enums import Role
from services.staff import StaffDTO

routes = web.RouteTableDef()

OUTBOX_ROLES = frozenset({Role.ADMIN, Role.DISPATCHER})
SHOWN = 100
MAX_IDS = 1000
BACK = "/outbox"


@routes.get("/outbox", name="outbox")
async def failed(request: web.Request) -> web.StreamResponse:
    _, sites = await access.require_anywhere(request, OUTBOX_ROLES)
    outbox = params.services(request).outbox
    items = await outbox.failed(SHOWN, sites)
    context = {
        "items": items,
        "total": await outbox.failed_count(sites),
        "names": await outbox.recipient_names(item.person_id for item in items),
        "timezone": request.app[CONFIG_KEY].timezone,
        "QL": QL,
    }
    return await render(request, "outbox.html", context)


async def _retry(request: web.Request, staff: StaffDTO, sites: list[int] | None, ids: list[int]) -> int:
    outbox = params.services(request).outbox
    retried = [item_id for item_id in ids if await outbox.retry(item_id, sites)]
    if retried:
        await audit.record(
            "outbox.retry",
            actor_id=staff.person_id,
            actor_label=staff.login,
            object_type="outbox",
            object_id=",".join(map(str, retried)),
            origin=origin_of(request),
            details={"count": len(retried)},
        )
    return len(retried)


def _an_id(raw: object) -> TypeGuard[str]:
    return isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 19 and int(raw) <= access.MAX_BIG_ID


@routes.post("/outbox/{item_id}/retry")
async def retry_one(request: web.Request) -> web.StreamResponse:
    staff, sites = await access.require_anywhere(request, OUTBOX_ROLES)
    item_id = access.int_param(request, "item_id", access.MAX_BIG_ID)
    t = await request_translations(request)
    if await _retry(request, staff, sites, [item_id]):
        await flash(request, t.gettext("The notification is queued again."))
    else:
        await flash(request, t.gettext("This notification is no longer failed; nothing changed."), "error")
    raise web.HTTPSeeOther(BACK)


@routes.post("/outbox/retry")
async def retry_shown(request: web.Request) -> web.StreamResponse:
    staff, sites = await access.require_anywhere(request, OUTBOX_ROLES)
    form = await request.post()
    ids = sorted({int(raw) for raw in form.getall("id", []) if _an_id(raw)})[:MAX_IDS]
    count = await _retry(request, staff, sites, ids)
    t = await request_translations(request)
    text = t.ngettext("%(n)s notification is queued again.", "%(n)s notifications are queued again.", count)
    await flash(request, text % {"n": count}, "ok" if count else "error")
    raise web.HTTPSeeOther(BACK)
