"""Error pages: localized, with the status code, never a traceback."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from admin_web.i18n import N_
from admin_web.pages import render
from admin_web.security import CsrfFailed, Handler

log = logging.getLogger(__name__)

# status -> (title, explanation); translated when the page is rendered
MESSAGES: dict[int, tuple[str, str]] = {
    400: (N_("Bad request"), N_("The request could not be understood. Check the form and try again.")),
    403: (N_("Access denied"), N_("You do not have permission to open this page.")),
    404: (N_("Page not found"), N_("There is no such page. Check the address or go to the start page.")),
    405: (N_("Method not allowed"), N_("This page cannot be used this way.")),
    413: (N_("Request too large"), N_("What you sent is too large.")),
    500: (N_("Something went wrong"), N_("The error has been logged. Please try again later.")),
}
CSRF_MESSAGE = (
    N_("The form has expired"),
    N_("The form was open too long or was sent from another site. Go back, reload the page and try again."),
)
GENERIC_MESSAGE = (N_("Error"), N_("The request could not be completed."))


async def error_page(request: web.Request, status: int, *, csrf: bool = False) -> web.Response:
    title, text = CSRF_MESSAGE if csrf else MESSAGES.get(status, GENERIC_MESSAGE)
    try:
        return await render(request, "error.html", {"status": status, "title": title, "text": text}, status=status)
    except Exception:  # the error page itself failed: answer plainly rather than not at all
        log.exception("rendering the %d page failed", status)
        return web.Response(status=status, text=str(status))


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400 or exc.empty_body:
            raise
        response = await error_page(request, exc.status, csrf=isinstance(exc, CsrfFailed))
        for header in ("Allow", "Retry-After"):
            if header in exc.headers:
                response.headers[header] = exc.headers[header]
        return response
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return await error_page(request, 500)
