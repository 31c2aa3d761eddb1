"""Typed keys for what the admin web keeps in the application and in each request."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

from services.admin_codes import CodesQueryService
from services.admin_meters import StaffMeterService
from services.admin_registry import RegistryQueryService
from services.admin_sites import SiteAdminService
from services.alerts import AlertService
from services.bindings import BindingService
from services.charts import ChartService
from services.clock import Clock
from services.health import HealthRegistry
from services.integration_api import IntegrationApiService
from services.journals import JournalService
from services.outbox import OutboxService
from services.reports import ReportService
from services.restrictions import RestrictionService
from services.staff import StaffDTO, StaffService
from services.staff_admin import StaffAdminService
from services.ticket_desk import TicketDesk


@dataclass(frozen=True, slots=True)
class WebConfig:
    session_seconds: int
    default_locale: str
    secure_cookies: bool
    version: str
    timezone: str = "Europe/Moscow"
    """For pages of no one site (the quarantine, the whole audit log)."""
    bot_username: str | None = None
    """The bot's @username without the @, for QR deep links; None when the bot is not configured."""


@dataclass(frozen=True, slots=True)
class AdminServices:
    """The services behind the registry, staff, codes, queue and journal pages."""

    clock: Clock
    sites: SiteAdminService
    registry: RegistryQueryService
    meters: StaffMeterService
    staff_admin: StaffAdminService
    codes: CodesQueryService
    journals: JournalService
    bindings: BindingService | None
    """None when the application runs without the binding service: codes and the queue say so."""
    reports: ReportService
    api: IntegrationApiService
    outbox: OutboxService
    desk: TicketDesk | None = None
    """The requests and complaints desk; None: its queue page says it is not available."""
    restrictions: RestrictionService | None = None
    alerts: AlertService | None = None
    charts: ChartService | None = None
    """Draws the meter page's charts; None: the meter page shows tables only."""


STAFF_KEY = web.AppKey("staff", StaffService)
HEALTH_KEY = web.AppKey("health", HealthRegistry)
DB_PING_KEY = web.AppKey[Callable[[], Awaitable[bool]]]("db_ping")
CONFIG_KEY = web.AppKey("web_config", WebConfig)
CSRF_EXEMPT_KEY = web.AppKey[set[str]]("csrf_exempt_paths")
ADMIN_KEY = web.AppKey("admin_services", AdminServices)

USER_KEY = web.RequestKey[StaffDTO | None]("mb_staff")
LANG_KEY = web.RequestKey[str]("mb_lang")
