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
from admin_web import i18n
from admin_web.errors import error_middleware
from admin_web.keys import CONFIG_KEY, CSRF_EXEMPT_KEY, DB_PING_KEY, HEALTH_KEY, STAFF_KEY, WebConfig
from admin_web.security import add_security_headers, csrf_middleware
from admin_web.views import auth as auth_views
from admin_web.views import dashboard as dashboard_views
from admin_web.views import health as health_views
from services.health import HealthRegistry
from services.staff import StaffService

PACKAGE_DIR = Path(__file__).resolve().parent
SESSION_COOKIE = "meterbot_session"
MIN_SECRET_BYTES = 16
MAX_FORM_BYTES = 1024**2


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
) -> web.Application:
    """The admin web. ``secure_cookies`` must be on when it is served over HTTPS (behind a proxy)."""
    config = WebConfig(
        session_seconds=session_minutes * 60,
        default_locale=default_locale if default_locale in locales.LANGUAGES else locales.DEFAULT_LANGUAGE,
        secure_cookies=secure_cookies,
        version=_version(),
    )
    app = web.Application(client_max_size=MAX_FORM_BYTES)
    app[STAFF_KEY] = staff
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
    app.middlewares.extend([error_middleware, csrf_middleware])
    app.on_response_prepare.append(add_security_headers)

    env = aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(PACKAGE_DIR / "templates"),
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
    )
    i18n.install(env)

    for module in (health_views, auth_views, dashboard_views):
        app.add_routes(module.routes)
    app.router.add_static("/static/", PACKAGE_DIR / "static", name="static")
    return app
