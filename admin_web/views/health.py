"""``GET /healthz``: the state of every component, without authentication, for monitoring."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from admin_web.keys import CONFIG_KEY, DB_PING_KEY, HEALTH_KEY
from services.health import ComponentState

log = logging.getLogger(__name__)

routes = web.RouteTableDef()

COMPONENTS = ("database", "mqtt", "bot", "scheduler", "outbox")
PING_TIMEOUT = 3.0


async def _database_up(request: web.Request) -> bool:
    try:
        return await asyncio.wait_for(request.app[DB_PING_KEY](), PING_TIMEOUT)
    except Exception:  # a ping that hangs or fails means "down", whatever the driver raised
        log.warning("database ping failed", exc_info=True)
        return False


@routes.get("/healthz", name="healthz")
async def healthz(request: web.Request) -> web.StreamResponse:
    """Each component's state ("up", "down", "starting", "disabled") and since when; details stay in
    the log, since this page is public. 200 while the database answers, 503 when it does not."""
    snapshot = request.app[HEALTH_KEY].snapshot()
    names = list(COMPONENTS) + sorted(set(snapshot) - set(COMPONENTS))
    components: dict[str, dict[str, str]] = {}
    for name in names:
        status = snapshot.get(name)
        if status is None:  # never reported: not enabled in this process
            components[name] = {"state": ComponentState.DISABLED.value}
        else:
            components[name] = {"state": status.state.value, "since": status.since.isoformat()}
    database_up = await _database_up(request)
    components["database"] = {"state": (ComponentState.UP if database_up else ComponentState.DOWN).value}
    degraded = any(item["state"] == ComponentState.DOWN for item in components.values())
    body = {
        "status": "degraded" if degraded else "ok",
        "components": components,
        "version": request.app[CONFIG_KEY].version,
    }
    return web.json_response(body, status=200 if database_up else 503)
