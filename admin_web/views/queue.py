"""The queue of binding requests: approve or reject (with a reason) through the same service and audit as
the operators' chat; the resident is notified the same way. A decision on a request that is no longer
pending changes nothing and says so."""

from __future__ import annotations

from aiohttp import web

from admin_web import access, params
from admin_web.auth import origin_of
from admin_web.flash import flash
from admin_web.i18n import request_translations
from admin_web.pages import render
from admin_web.views.registry import site_of
from services.bindings import BindingService, Decision
from services.errors import InvalidInput, NotFound, PermissionDenied

routes = web.RouteTableDef()


@routes.get("/sites/{site_id}/bindings", name="bindings")
async def queue(request: web.Request) -> web.StreamResponse:
    staff, site_id = await access.require_site(request, access.QUEUE)
    site = await site_of(request, site_id)
    bindings = params.services(request).bindings
    requests = await bindings.pending([site_id]) if bindings is not None else []
    context = {
        "site": site,
        "requests": requests,
        "available": bindings is not None,
        "can_decide": access.allowed(staff, site_id, access.DECIDE),
    }
    return await render(request, "bindings.html", context)


async def _decide(request: web.Request, approve: bool) -> web.StreamResponse:
    staff, site_id = await access.require_site(request, access.DECIDE)
    bindings: BindingService | None = params.services(request).bindings
    if bindings is None:
        raise web.HTTPServiceUnavailable()
    binding_id = access.int_param(request, "binding_id")
    t = await request_translations(request)
    back = f"/sites/{site_id}/bindings"
    try:
        found = await bindings.get_request(binding_id)
        if found.binding.meter.site_id != site_id:
            raise NotFound(f"binding {binding_id} at site {site_id}")
        decision: Decision
        if approve:
            decision = await bindings.approve(binding_id, staff.person_id, origin_of(request))
        else:
            reason = params.text(await params.form(request), "reason", 2000)
            decision = await bindings.reject(binding_id, staff.person_id, reason, origin_of(request))
    except NotFound:
        raise web.HTTPNotFound() from None
    except PermissionDenied:
        raise web.HTTPForbidden() from None
    except InvalidInput as exc:
        text = (
            t.gettext("The reason is too long (500 characters at most).")
            if exc.reason == "too_long"
            else t.gettext("Write the reason for the rejection: the resident will read it.")
        )
        await flash(request, text, "error")
        raise web.HTTPSeeOther(back) from None
    serial = decision.request.binding.meter.serial
    if not decision.changed:
        await flash(request, t.gettext("This request was decided already; nothing changed."), "error")
    elif approve:
        await flash(
            request, t.gettext("Approved: meter %(serial)s. The resident will be notified.") % {"serial": serial}
        )
    else:
        await flash(
            request, t.gettext("Rejected: meter %(serial)s. The resident will be notified.") % {"serial": serial}
        )
    raise web.HTTPSeeOther(back)


@routes.post("/sites/{site_id}/bindings/{binding_id}/approve")
async def approve(request: web.Request) -> web.StreamResponse:
    return await _decide(request, approve=True)


@routes.post("/sites/{site_id}/bindings/{binding_id}/reject")
async def reject(request: web.Request) -> web.StreamResponse:
    return await _decide(request, approve=False)
