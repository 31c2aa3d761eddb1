"""What every JSON API handler shares: the bearer token, JSON errors, parameters, numbers and times.

Every answer under ``/api/`` is JSON, errors too: ``{"error": {"code", "message", "field"?, "details"?}}``
with a stable ``code`` and an English ``message`` for the developer (the API has no end users to
localize for). No HTML page, no traceback. The session cookie is never read here, so the CSRF check does
not apply (admin_web/security.py leaves ``/api/`` to the bearer token).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import functools
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from admin_web import params
from services.api_tokens import ApiPrincipal
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.integration_api import month_end

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
KWH = Decimal("0.001")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"\d{4}-\d{2}")
_BEARER = re.compile(r"Bearer +(\S+)", re.IGNORECASE)
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
"""The dates a query may name: the services add and subtract days and months, which near 0001-01-01 or
9999-12-31 leave the calendar (OverflowError, a 500) — and meterbot has no data outside these anyway."""
MAX_CURSOR = 2**31 - 1
"""A meter id (PostgreSQL's ``integer``): a larger one fails the query."""

ApiHandler = Callable[[web.Request, ApiPrincipal], Awaitable[web.StreamResponse]]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class ApiError(Exception):
    """An answer other than success; raised anywhere in a handler, turned into JSON by :func:`api`."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        field: str | None = None,
        details: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {code}")
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.details = dict(details or {})
        self.headers = dict(headers or {})

    def response(self) -> web.Response:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field is not None:
            body["field"] = self.field
        if self.details:
            body["details"] = self.details
        return web.json_response({"error": body}, status=self.status, headers=self.headers)


def bad_parameter(field: str, code: str, message: str, **details: Any) -> ApiError:
    return ApiError(400, code, message, field=field, details=details)


def not_found() -> ApiError:
    return ApiError(404, "not_found", "No such resource, or the token does not reach it.")


async def _principal(request: web.Request) -> ApiPrincipal:
    header = request.headers.get("Authorization", "")
    match = _BEARER.fullmatch(header.strip())
    if match is None:
        raise ApiError(
            401,
            "unauthorized",
            "Send the token in the header: Authorization: Bearer <token>.",
            headers={"WWW-Authenticate": 'Bearer realm="meterbot"'},
        )
    caller = await params.services(request).api.tokens.authenticate(match.group(1))
    if caller is None:
        raise ApiError(
            401,
            "invalid_token",
            "The token is unknown or revoked.",
            headers={"WWW-Authenticate": 'Bearer realm="meterbot", error="invalid_token"'},
        )
    return caller


def api(handler: ApiHandler) -> Handler:
    """Authenticate the bearer token, call ``handler``, and answer every failure as JSON."""

    @functools.wraps(handler)
    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request, await _principal(request))
        except ApiError as exc:
            return exc.response()
        except NotFound:
            return not_found().response()
        except PermissionDenied:
            return ApiError(403, "forbidden", "The token may not do this.").response()
        except InvalidInput as exc:
            return bad_parameter(exc.field, exc.reason, f"{exc.field}: {exc.reason}.").response()
        except web.HTTPException as exc:  # e.g. a body over the size limit
            return ApiError(exc.status, "http_error", exc.reason).response()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("API error on %s %s", request.method, request.path)
            return ApiError(500, "internal_error", "The error has been logged. Try again later.").response()

    return wrapped


# --- parameters -------------------------------------------------------------------------------------


def query_day(request: web.Request, name: str, *, end: bool = False) -> date | None:
    """``YYYY-MM-DD``, or ``YYYY-MM`` (its first day; its last day when ``end``); None when absent."""
    raw = request.query.get(name, "").strip()
    if not raw:
        return None
    try:
        if _DAY.fullmatch(raw):
            found = date.fromisoformat(raw)
        elif _MONTH.fullmatch(raw):
            first = date.fromisoformat(raw + "-01")
            found = month_end(first) if end else first
        else:
            found = None
    except ValueError:
        found = None
    if found is not None and FIRST_DAY <= found <= LAST_DAY:
        return found
    raise bad_parameter(
        name, "invalid_date", f"{name}: a date as YYYY-MM-DD or a month as YYYY-MM, from {FIRST_DAY} to {LAST_DAY}."
    )


def query_month(request: web.Request, name: str = "month") -> date | None:
    raw = request.query.get(name, "").strip()
    if not raw:
        return None
    try:
        found = date.fromisoformat(raw + "-01") if _MONTH.fullmatch(raw) else None
    except ValueError:
        found = None
    if found is not None and FIRST_DAY <= found <= LAST_DAY:
        return found
    raise bad_parameter(
        name, "invalid_month", f"{name}: a month as YYYY-MM, from {FIRST_DAY:%Y-%m} to {LAST_DAY:%Y-%m}."
    )


def query_limit(request: web.Request, default: int, maximum: int) -> int:
    raw = request.query.get("limit", "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6 or not 1 <= int(raw) <= maximum:
        raise bad_parameter("limit", "invalid_limit", f"limit: a whole number from 1 to {maximum}.", maximum=maximum)
    return int(raw)


def encode_cursor(after: int | None) -> str | None:
    return None if after is None else base64.urlsafe_b64encode(f"m{after}".encode()).decode().rstrip("=")


def query_cursor(request: web.Request) -> int | None:
    raw = request.query.get("cursor", "").strip()
    if not raw:
        return None
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    digits = text[1:]
    if not text.startswith("m") or not digits.isascii() or not digits.isdigit():
        raise bad_parameter("cursor", "invalid_cursor", "cursor: pass next_cursor of the previous page as it is.")
    if len(digits) > 10 or int(digits) > MAX_CURSOR:
        raise bad_parameter("cursor", "invalid_cursor", "cursor: pass next_cursor of the previous page as it is.")
    return int(digits)


def query_text(request: web.Request, name: str, limit: int = 64) -> str:
    return request.query.get(name, "").strip()[:limit]


# --- values -----------------------------------------------------------------------------------------


def kwh(value: Decimal | None) -> str | None:
    """A decimal string with three places ("1234.500"): exact, as billing wants it."""
    return None if value is None else format(Decimal(value).quantize(KWH), "f")


def instant(value: datetime | None, timezone: str) -> str | None:
    """ISO 8601 with the site's offset, to the second."""
    return None if value is None else value.astimezone(ZoneInfo(timezone)).isoformat(timespec="seconds")


def day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
