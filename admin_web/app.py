"""The admin web application: sessions, CSRF, security headers, localized pages and error pages."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web
from aiohttp_session import setup as setup_session
from aiohttp_session.cookie_storage import EncryptedCookieStorage
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

import locales
from admin_web import formatting, i18n, metrics
from admin_web.errors import error_middleware
from admin_web.keys import (
    ADMIN_KEY,
    CONFIG_KEY,
    CSRF_EXEMPT_KEY,
    DB_PING_KEY,
    HEALTH_KEY,
    STAFF_KEY,
    AdminServices,
    WebConfig,
)
from admin_web.labels import L
from admin_web.security import add_security_headers, csrf_middleware
from admin_web.views import alerts as alert_views
from admin_web.views import api as api_views
from admin_web.views import auth as auth_views
from admin_web.views import codes as codes_views
from admin_web.views import dashboard as dashboard_views
from admin_web.views import desk as desk_views
from admin_web.views import health as health_views
from admin_web.views import journals as journal_views
from admin_web.views import meter_charts as meter_chart_views
from admin_web.views import meters as meter_views
from admin_web.views import outbox as outbox_views
from admin_web.views import queue as queue_views
from admin_web.views import registry as registry_views
from admin_web.views import relay as relay_views
from admin_web.views import reports as report_views
from admin_web.views import sites as site_views
from admin_web.views import staff as staff_views
from services.admin_codes import CodesQueryService
from services.admin_meters import StaffMeterService
from services.admin_registry import RegistryQueryService
from services.admin_sites import SiteAdminService
from services.alerts import AlertService
from services.bindings import BindingService
from services.charts import ChartService
from services.clock import Clock, SystemClock
from services.consumption import ConsumptionService
from services.health import HealthRegistry
from services.ingest import IngestStats
from services.integration_api import IntegrationApiService
from services.journals import JournalService
from services.ops_metrics import OpsMetricsService
from services.outbox import OutboxService
from services.reports import ReportService
from services.restrictions import RestrictionService
from services.staff import StaffService
from services.staff_admin import StaffAdminService
from services.ticket_desk import TicketDesk

PACKAGE_DIR = Path(__file__).resolve().parent
SESSION_COOKIE = "meterbot_session"
MIN_SECRET_BYTES = 16
MAX_FORM_BYTES = 8 * 1024**2
"""Forms and uploads (a CSV of 10,000 meters is about 1 MB)."""


def session_fernet(secret_key: bytes) -> Fernet:
    """The session cookie's key, derived from the application secret with HKDF-SHA256."""
    if len(secret_key) < MIN_SECRET_BYTES:
        raise ValueError(f"the web secret must be at least {MIN_SECRET_BYTES} bytes")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"meterbot admin web session v1")
    return Fernet(base64.urlsafe_b64encode(hkdf.derive(secret_key)))


def _version() -> str:
    try:
        return version("meterbot")
    except PackageNotFoundError:
        return "unknown"


def create_app(
    *,
    staff: StaffService,
    health: HealthRegistry,
    db_ping: Callable[[], Awaitable[bool]],
    secret_key: bytes,
    session_minutes: int = 480,
    default_locale: str = "ru",
    secure_cookies: bool = False,
    clock: Clock | None = None,
    timezone: str = "Europe/Moscow",
    bindings: BindingService | None = None,
    consumption: ConsumptionService | None = None,
    outbox: OutboxService | None = None,
    bot_username: str | None = None,
    ingest_stats: Callable[[], IngestStats] | None = None,
    metrics_token: str | None = None,
    desk: TicketDesk | None = None,
    restrictions: RestrictionService | None = None,
    alerts: AlertService | None = None,
    charts: ChartService | None = None,
) -> web.Application:
    """The admin web. ``secure_cookies`` must be on when it is served over HTTPS (behind a proxy).

    ``bindings`` runs the binding queue and activation codes (without it those pages say they are not
    available); ``bot_username`` (without the @) makes the QR stickers' deep links; ``consumption`` and
    ``outbox`` are the process's shared services (fresh ones otherwise); ``ingest_stats`` feeds the
    ingestion counters of ``/metrics``, which answers a scraper with ``Authorization: Bearer
    <metrics_token>``, or, without a token, only clients on the loopback interface. ``timezone`` shows
    times on pages of no one site (the quarantine, the whole audit log). ``desk``, ``restrictions``,
    ``alerts`` and ``charts`` run the queues of requests, relay restrictions and alerts and the meter
    page's charts; without one, its page says it is not available.
    """
    clock = clock or SystemClock()
    consumption = consumption or ConsumptionService(clock)
    outbox = outbox or OutboxService(clock)
    config = WebConfig(
        session_seconds=session_minutes * 60,
        default_locale=default_locale if default_locale in locales.LANGUAGES else locales.DEFAULT_LANGUAGE,
        secure_cookies=secure_cookies,
        version=_version(),
        timezone=timezone,
        bot_username=(bot_username or "").lstrip("@") or None,
    )
    app = web.Application(client_max_size=MAX_FORM_BYTES)
    app[STAFF_KEY] = staff
    app[ADMIN_KEY] = AdminServices(
        clock=clock,
        sites=SiteAdminService(),
        registry=RegistryQueryService(),
        meters=StaffMeterService(clock, consumption),
        staff_admin=StaffAdminService(staff),
        codes=CodesQueryService(clock),
        journals=JournalService(),
        bindings=bindings,
        reports=ReportService(clock, consumption),
        api=IntegrationApiService(clock, consumption),
        outbox=outbox,
        desk=desk,
        restrictions=restrictions,
        alerts=alerts,
        charts=charts,
    )
    prometheus = metrics.setup(app, OpsMetricsService(clock, outbox), ingest_stats, metrics_token)
    app[HEALTH_KEY] = health
    app[DB_PING_KEY] = db_ping
    app[CONFIG_KEY] = config
    app[CSRF_EXEMPT_KEY] = set()

    storage = EncryptedCookieStorage(
        session_fernet(secret_key),
        cookie_name=SESSION_COOKIE,
        max_age=config.session_seconds,
        httponly=True,
        samesite="Lax",
        secure=secure_cookies,
    )
    setup_session(app, storage)  # outermost: the error pages below may read the session
    app.middlewares.extend([prometheus, error_middleware, csrf_middleware])
    app.on_response_prepare.append(add_security_headers)

    env = aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(PACKAGE_DIR / "templates"),
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
    )
    i18n.install(env)
    formatting.install(env)
    env.globals["L"] = L

    for module in (
        health_views,
        metrics,
        auth_views,
        dashboard_views,
        site_views,
        registry_views,
        meter_views,
        staff_views,
        codes_views,
        queue_views,
        journal_views,
        desk_views,
        relay_views,
        alert_views,
        outbox_views,
        report_views,
        api_views,
        meter_chart_views,
    ):
        app.add_routes(module.routes)
    app.router.add_static("/static/", PACKAGE_DIR / "static", name="static")
    app.on_cleanup.append(_stop_report_jobs)
    return app


async def _stop_report_jobs(app: web.Application) -> None:
    """Reports still being made are cancelled when the web stops."""
    await app[ADMIN_KEY].reports.jobs.close()
