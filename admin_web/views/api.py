"""The JSON API for integrations (billing, 1C) under ``/api/v1``, and (from :mod:`api_tokens`) the pages
where administrators issue and revoke its tokens. The contract is docs/openapi.yaml; docs/api.md explains it.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from aiohttp import web

from admin_web import params
from admin_web.api_support import (
    API_PREFIX,
    ApiError,
    api,
    bad_parameter,
    day,
    encode_cursor,
    instant,
    kwh,
    not_found,
    query_cursor,
    query_day,
    query_limit,
    query_month,
    query_text,
)
from admin_web.auth import origin_of
from admin_web.views import api_tokens
from services import audit
from services.api_tokens import ApiPrincipal
from services.consumption import Point, RegisterPoint
from services.errors import InvalidInput
from services.integration_api import (
    DEFAULT_LIMIT,
    MAX_DAYS,
    MAX_LIMIT,
    ApiMeter,
    ApiSite,
    BillingRow,
    ConsumptionStep,
    ReadingStep,
    Series,
    month_end,
)
from services.integration_readings import (
    AboveNext,
    ApiReading,
    ApiReceipt,
    BelowPrevious,
    ManualReadingsNotAllowed,
    ReadingExists,
)
from services.metering import Registers
from services.readings import JumpNeedsConfirmation, parse_register_value

api_routes = web.RouteTableDef()
TARIFF_KEYS = ("t1", "t2", "t3", "t4")
BODY_KEYS = frozenset({*TARIFF_KEYS, "taken_at", "confirm"})
MAX_BODY = 16 * 1024


# --- JSON shapes ------------------------------------------------------------------------------------


def _site(site: ApiSite) -> dict[str, Any]:
    return {
        "id": site.id,
        "slug": site.slug,
        "name": site.name,
        "kind": site.kind.value,
        "timezone": site.timezone,
        "day_zone_start": f"{site.day_zone_start_min // 60:02d}:{site.day_zone_start_min % 60:02d}",
        "night_zone_start": f"{site.night_zone_start_min // 60:02d}:{site.night_zone_start_min % 60:02d}",
        "reading_window": {"start_day": site.reading_window_start_day, "end_day": site.reading_window_end_day},
    }


def _meter(meter: ApiMeter, timezone: str) -> dict[str, Any]:
    return {
        "serial": meter.serial,
        "site_id": meter.site_id,
        "label": meter.label,
        "model": meter.model,
        "kind": meter.kind.value,
        "plot": meter.plot,
        "account": meter.account,
        "tariff_count": meter.tariff_count,
        "multiplier": format(meter.multiplier.normalize(), "f"),
        "has_telemetry": meter.has_telemetry,
        "online": meter.online,
        "last_seen_at": instant(meter.last_seen_at, timezone),
        "relay_state": meter.relay_state.value,
    }


def _registers(registers: Registers | None) -> dict[str, Any] | None:
    if registers is None:
        return None
    return {"t1": kwh(registers.t1), "t2": kwh(registers.t2), "total": kwh(registers.total)}


def _period(at: date | datetime, step: str, timezone: str) -> str:
    if isinstance(at, datetime):
        return instant(at, timezone) or ""
    return at.strftime("%Y-%m") if step == "month" else at.isoformat()


def _register_point(point: RegisterPoint, step: str, timezone: str) -> dict[str, Any]:
    return {
        "period": _period(point.at, step, timezone),
        "t1": kwh(point.t1),
        "t2": kwh(point.t2),
        "total": kwh(point.total),
        "quality": point.quality.value,
    }


def _energy_point(point: Point[date] | Point[datetime], step: str, timezone: str) -> dict[str, Any]:
    return {
        "period": _period(point.at, step, timezone),
        **{key: kwh(getattr(point, key)) for key in (*TARIFF_KEYS, "total")},
        "quality": point.quality.value,
    }


def _series(series: Series, kind: str) -> dict[str, Any]:
    tz = series.timezone
    points = (
        [_register_point(point, series.step, tz) for point in series.readings]
        if kind == "readings"
        else [_energy_point(point, series.step, tz) for point in series.consumption]
    )
    return {
        "serial": series.serial,
        "timezone": tz,
        "step": series.step,
        "from": day(series.start),
        "to": day(series.end),
        "points": points,
    }


def _billing_row(row: BillingRow, timezone: str) -> dict[str, Any]:
    energy = row.consumption
    return {
        "meter": _meter(row.meter, timezone),
        "consumption": {key: kwh(getattr(energy, key)) for key in (*TARIFF_KEYS, "total")},
        "quality": row.quality.value,
        "start_readings": _registers(row.start),
        "end_readings": None if row.end is None else {**(_registers(row.end) or {}), "date": day(row.end_day)},
    }


def _reading(reading: ApiReading | None, timezone: str) -> dict[str, Any] | None:
    if reading is None:
        return None
    return {
        "id": reading.id,
        "taken_at": instant(reading.ts, timezone),
        "source": reading.source.value,
        **{tariff: kwh(value) for tariff, value in reading.registers},
        "total": kwh(reading.total),
    }


def _receipt(receipt: ApiReceipt) -> dict[str, Any]:
    return {
        "serial": receipt.serial,
        "created": receipt.created,
        "reading": _reading(receipt.reading, receipt.timezone),
        "previous": _reading(receipt.previous, receipt.timezone),
        "consumption": kwh(receipt.consumption),
    }


def _steps(request: web.Request, kind: type[ReadingStep] | type[ConsumptionStep], default: str) -> str:
    raw = query_text(request, "step") or default
    allowed = [step.value for step in kind]
    if raw not in allowed:
        raise bad_parameter("step", "unknown_step", f"step: one of {', '.join(allowed)}.", allowed=allowed)
    return raw


def _period_error(exc: InvalidInput, step: str) -> ApiError:
    if exc.reason == "period_too_long":
        return bad_parameter("to", exc.reason, "The period is too long for this step.", max_days=MAX_DAYS[step])
    if exc.reason == "before_from":
        return bad_parameter("to", exc.reason, "to is before from.")
    return bad_parameter(exc.field, exc.reason, f"{exc.field}: {exc.reason}.")


# --- reading ----------------------------------------------------------------------------------------


@api_routes.get(API_PREFIX + "/sites")
@api
async def sites(request: web.Request, caller: ApiPrincipal) -> web.StreamResponse:
    found = await params.services(request).api.sites(caller)
    return web.json_response({"items": [_site(site) for site in found]})


@api_routes.get(API_PREFIX + "/sites/{site}")
@api
async def site(request: web.Request, caller: ApiPrincipal) -> web.StreamResponse:
    found = await params.services(request).api.site(caller, request.match_info["site"])
    return web.json_response(_site(found))


@api_routes.get(API_PREFIX + "/sites/{site}/meters")
@api
async def site_meters(request: web.Request, caller: ApiPrincipal) -> web.StreamResponse:
    service = params.services(request).api
    found = await service.site(caller, request.match_info["site"])
    page = await service.meters(
        caller,
        str(found.id),
        plot=query_text(request, "plot", 32),
        serial=query_text(request, "serial"),
        limit=query_limit(request, DEFAULT_LIMIT, MAX_LIMIT),
        after=query_cursor(request),
    )
    items = [_meter(meter, found.timezone) for meter in page.items]
    return web.json_response({"items": items, "next_cursor": encode_cursor(page.next_after)})


@api_routes.get(API_PREFIX + "/sites/{site}/consumption")
@api
async def site_consumption(request: web.Request, caller: ApiPrincipal) -> web.StreamResponse:
    month = query_month(request)
    start, end = query_day(request, "from"), query_day(request, "to", end=True)
    if month is not None and (start is not None or end is not None):
        raise bad_parameter("month", "conflicting_parameters", "Give either month or from and to, not both.")
    if month is not None:
        start, end = month, month_end(month)
    if start is None or end is None:
        raise bad_parameter("month", "missing_period", "Give month=YYYY-MM, or both from and to.")
    limit, after = query_limit(request, DEFAULT_LIMIT, MAX_LIMIT), query_cursor(request)
    try:
        page = await params.services(request).api.billing(
            caller, request.match_info["site"], start, end, limit=limit, after=after
        )
    except InvalidInput as exc:
        if exc.field == "to":
            raise _period_error(exc, "billing") from None
        raise
    return web.json_response(
        {
            "site_id": page.site_id,
            "timezone": page.timezone,
            "from": day(page.start),
            "to": day(page.end),
            "items": [_billing_row(row, page.timezone) for row in page.items],
            "next_cursor": encode_cursor(page.next_after),
        }
    )


@api_routes.get(API_PREFIX + "/meters/{serial}")
@api
async def meter(request: web.Request, caller: ApiPrincipal) -> web.StreamResponse:
    card = await params.services(request).api.meter(caller, request.match_info["serial"])
    tz = card.timezone
    latest = card.latest
    body = _meter(card.meter, tz) | {
        "timezone": tz,
        "phases": card.phases,
        "protocol": card.protocol.value,
        "installed_on": day(card.installed_on),
        "place": card.place,
        "verification": {
            "verified_on": day(card.verified_on),
            "next_on": day(card.next_verification_on),
            "status": card.verification.value,
        },
        "seal_number": card.seal_number,
        "gateway": card.gateway,
        "latest_reading": None
        if latest is None
        else {
            "taken_at": instant(latest.ts, tz),
            "source": latest.source.value,
            **{tariff: kwh(value) for tariff, value in latest.registers},
            "total": kwh(latest.total),
        },
    }
    return web.json_response(body)


@api_routes.get(API_PREFIX + "/meters/{serial}/readings")
@api
async def meter_readings(request: web.Request, caller: ApiPrincipal) -> web.StreamResponse:
    step = ReadingStep(_steps(request, ReadingStep, "day"))
    start, end = query_day(request, "from"), query_day(request, "to", end=True)
    try:
        series = await params.services(request).api.readings(caller, request.match_info["serial"], start, end, step)
    except InvalidInput as exc:
        raise _period_error(exc, step.value) from None
    return web.json_response(_series(series, "readings"))


@api_routes.get(API_PREFIX + "/meters/{serial}/consumption")
@api
async def meter_consumption(request: web.Request, caller: ApiPrincipal) -> web.StreamResponse:
    step = ConsumptionStep(_steps(request, ConsumptionStep, "day"))
    start, end = query_day(request, "from"), query_day(request, "to", end=True)
    try:
        series = await params.services(request).api.consumption(caller, request.match_info["serial"], start, end, step)
    except InvalidInput as exc:
        raise _period_error(exc, step.value) from None
    return web.json_response(_series(series, "consumption"))


# --- writing ----------------------------------------------------------------------------------------


def _invalid(field: str, code: str, message: str, **details: Any) -> ApiError:
    return ApiError(422, code, message, field=field, details=details)


async def _body(request: web.Request) -> dict[str, Any]:
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise ApiError(413, "too_large", f"The body may be {MAX_BODY} bytes at most.")
    raw = bytearray()
    while len(raw) <= MAX_BODY:  # read() returns what has arrived: a body in several packets needs more calls
        chunk = await request.content.read(MAX_BODY + 1 - len(raw))
        if not chunk:
            break
        raw += chunk
    if len(raw) > MAX_BODY:
        raise ApiError(413, "too_large", f"The body may be {MAX_BODY} bytes at most.")
    try:
        body = json.loads(raw, parse_float=Decimal, parse_int=Decimal)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "invalid_json", "The body is not JSON.") from None
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json", "The body must be a JSON object.")
    return body


def _value(field: str, raw: object) -> Decimal:
    """A register value: a JSON number or a decimal string ("1234.5"; "1234,5" and "1 234.5" too)."""
    try:
        if isinstance(raw, str):
            return parse_register_value(raw)
        if isinstance(raw, Decimal):
            return raw
    except InvalidInput as exc:
        raise _invalid(field, exc.reason, f"{field}: {exc.reason}.") from None
    raise _invalid(field, "not_a_number", f"{field}: a number or a decimal string.")


def _submission(body: dict[str, Any]) -> tuple[dict[str, Decimal], datetime | None, bool]:
    for key in body:
        if key not in BODY_KEYS:
            raise _invalid(str(key), "unexpected", f"{key}: not a field of a reading.")
    values = {key: _value(key, body[key]) for key in TARIFF_KEYS if key in body}
    taken_at: datetime | None = None
    if body.get("taken_at") is not None:
        raw = body["taken_at"]
        try:
            taken_at = datetime.fromisoformat(raw) if isinstance(raw, str) and "T" in raw else None
        except ValueError:
            taken_at = None
        if taken_at is None:
            raise _invalid("taken_at", "invalid_time", "taken_at: ISO 8601 with an offset, 2026-11-23T10:00:00+03:00.")
    confirm = body.get("confirm", False)
    if not isinstance(confirm, bool):
        raise _invalid("confirm", "not_a_boolean", "confirm: true or false.")
    return values, taken_at, confirm


async def _refuse_write(request: web.Request, caller: ApiPrincipal) -> ApiError:
    await audit.record(
        "access.denied",
        actor_label=caller.label,
        object_type="api",
        object_id=request.path,
        origin=origin_of(request),
        allowed=False,
        details={"method": request.method, "token_id": caller.token_id, "needed": "can_write"},
    )
    return ApiError(403, "read_only_token", "This token may read only; ask for a token that may post readings.")


def _conflict(exc: Exception, timezone: str) -> ApiError:
    if isinstance(exc, BelowPrevious):
        message = f"{exc.field} is below the previous reading ({kwh(exc.previous)})."
        return ApiError(409, "below_previous", message, field=exc.field, details={"previous": kwh(exc.previous)})
    if isinstance(exc, AboveNext):
        details = {"next": kwh(exc.following), "next_at": instant(exc.following_at, timezone)}
        message = f"{exc.field} is above the reading that follows ({kwh(exc.following)})."
        return ApiError(409, "above_next", message, field=exc.field, details=details)
    if isinstance(exc, JumpNeedsConfirmation):
        details = {
            "consumption": kwh(exc.consumption),
            "threshold": kwh(exc.threshold),
            "average_monthly": kwh(exc.average_monthly),
            "previous_at": instant(exc.previous_at, timezone),
        }
        message = "The consumption since the previous reading is implausibly high; send again with confirm: true."
        return ApiError(409, "jump_needs_confirmation", message, details=details)
    if isinstance(exc, ReadingExists):
        message = "Another reading with other values is stored at this time."
        return ApiError(409, "reading_exists", message, field="taken_at", details={"reading_id": exc.reading_id})
    message = "The meter sends its readings itself; the site takes no manual readings for it."
    return ApiError(409, "manual_not_allowed", message)


@api_routes.post(API_PREFIX + "/meters/{serial}/readings")
@api
async def post_reading(request: web.Request, caller: ApiPrincipal) -> web.StreamResponse:
    if not caller.can_write:
        raise await _refuse_write(request, caller)
    values, taken_at, confirm = _submission(await _body(request))
    service = params.services(request).api
    serial = request.match_info["serial"]
    try:
        receipt = await service.submit(
            caller, serial, values, taken_at=taken_at, confirm=confirm, origin=origin_of(request)
        )
    except (BelowPrevious, AboveNext, JumpNeedsConfirmation, ReadingExists, ManualReadingsNotAllowed) as exc:
        raise _conflict(exc, (await service.meter(caller, serial)).timezone) from None
    except InvalidInput as exc:
        raise _invalid(exc.field, exc.reason, f"{exc.field}: {exc.reason}.") from None
    return web.json_response(_receipt(receipt), status=201 if receipt.created else 200)


# --- anything else under /api/ ------------------------------------------------------------------------


@api_routes.route("*", "/api/{tail:.*}")
async def unknown(request: web.Request) -> web.StreamResponse:
    """JSON, not the HTML error page: 405 where the path exists for other methods, else 404."""
    allowed: set[str] = set()
    for resource in request.app.router.resources():
        if resource.canonical.startswith(API_PREFIX + "/"):
            match, methods = await resource.resolve(request)
            if match is None:
                allowed |= methods
    if allowed:
        error = ApiError(
            405, "method_not_allowed", "Not with this method.", headers={"Allow": ", ".join(sorted(allowed))}
        )
        return error.response()
    return not_found().response()


routes = [*api_routes, *api_tokens.routes]
