"""CSRF protection, security headers and safe redirects.

CSRF uses the synchronizer-token pattern: one random token per session (kept in the encrypted
session cookie), sent back by every unsafe request as the form field ``csrf_token`` or the header
``X-CSRF-Token`` and compared in constant time. The CSRF libraries for aiohttp on PyPI are
unmaintained forks, so this is the twenty lines it takes.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp_session import get_session

from admin_web.keys import CONFIG_KEY, CSRF_EXEMPT_KEY

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SESSION_CSRF = "csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


class CsrfFailed(web.HTTPForbidden):
    """A state-changing request without the session's CSRF token."""


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


async def csrf_token(request: web.Request) -> str:
    """The session's CSRF token, created on first use."""
    session = await get_session(request)
    token = session.get(SESSION_CSRF)
    if not isinstance(token, str) or not token:
        token = new_csrf_token()
        session[SESSION_CSRF] = token
    return token


BEARER_ONLY_PREFIX = "/api/"
"""The JSON API authenticates every request with a bearer token and never reads the session cookie, so a
forged cross-site request carries nothing it accepts: no CSRF token there."""


def exempt_from_csrf(app: web.Application, path: str) -> None:
    """Let POSTs to ``path`` through without a token: for endpoints that authenticate otherwise, such as
    the Telegram webhook with its secret token. Call before the application starts."""
    app[CSRF_EXEMPT_KEY].add(path)


async def _sent_token(request: web.Request) -> str | None:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.content_type in FORM_TYPES:
        value = (await request.post()).get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


@web.middleware
async def csrf_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.method in SAFE_METHODS or request.path in request.app[CSRF_EXEMPT_KEY]:
        return await handler(request)
    if request.path.startswith(BEARER_ONLY_PREFIX):
        return await handler(request)
    if request.match_info.http_exception is not None:  # no such route or method: let it answer 404/405
        return await handler(request)
    expected = (await get_session(request)).get(SESSION_CSRF)
    sent = await _sent_token(request)
    if not isinstance(expected, str) or not sent or not secrets.compare_digest(expected.encode(), sent.encode()):
        log.warning("CSRF check failed: %s %s from %s", request.method, request.path, request.remote)
        raise CsrfFailed()
    return await handler(request)


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """``on_response_prepare``: every response, error pages and static files included."""
    headers = response.headers
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if not request.path.startswith("/static/"):
        headers.setdefault("Cache-Control", "no-store")
    if request.app[CONFIG_KEY].secure_cookies:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go to after login or a language switch; anything pointing elsewhere becomes
    ``default`` (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(char) < 32 for char in target):
        return default
    return target
