"""Typed keys for what the admin web keeps in the application and in each request."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

from services.health import HealthRegistry
from services.staff import StaffDTO, StaffService


@dataclass(frozen=True, slots=True)
class WebConfig:
    session_seconds: int
    default_locale: str
    secure_cookies: bool
    version: str


STAFF_KEY = web.AppKey("staff", StaffService)
HEALTH_KEY = web.AppKey("health", HealthRegistry)
DB_PING_KEY = web.AppKey[Callable[[], Awaitable[bool]]]("db_ping")
CONFIG_KEY = web.AppKey("web_config", WebConfig)
CSRF_EXEMPT_KEY = web.AppKey[set[str]]("csrf_exempt_paths")

USER_KEY = web.RequestKey[StaffDTO | None]("mb_staff")
LANG_KEY = web.RequestKey[str]("mb_lang")
