"""The admin web through a real HTTP server: sign-in, throttling, CSRF, cookies, roles, health, i18n."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, time, timedelta

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from argon2 import PasswordHasher
from yarl import URL

from admin_web import create_app, exempt_from_csrf
from admin_web.auth import require_role
from services import audit, passwords
from services.clock import FixedClock
from services.db.models import Site, StaffRole
from services.enums import Role
from services.health import ComponentState, HealthRegistry
from services.staff import StaffService

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
SECRET = b"test secret key, long enough"
TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))


@pytest.fixture(autouse=True)
def _sqlite_time_adapter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Work-around until services/db binds TimeField on SQLite (Tortoise registers no adapter for it)."""
    monkeypatch.setitem(sqlite3.adapters, (time, sqlite3.PrepareProtocol), time.isoformat)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def staff(clock: FixedClock) -> StaffService:
    return StaffService(clock)


async def _site(slug: str, name: str) -> int:
    day, night = time(7, tzinfo=UTC), time(23, tzinfo=UTC)
    return (await Site.create(slug=slug, name=name, day_zone_start=day, night_zone_start=night)).id


@asynccontextmanager
async def serve(
    staff: StaffService,
    *,
    health: HealthRegistry | None = None,
    db_up: bool = True,
    extra: Callable[[web.Application], None] | None = None,
) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    async def ping() -> bool:
        return db_up

    app = create_app(staff=staff, health=health or HealthRegistry(), db_ping=ping, secret_key=SECRET)
    if extra is not None:
        extra(app)
    async with TestClient(TestServer(app)) as client:
        yield client


async def token_of(client: TestClient[web.Request, web.Application], path: str = "/login") -> str:
    response = await client.get(path)
    match = TOKEN_RE.search(await response.text())
    assert match, "the page has no CSRF token"
    return match.group(1)


async def sign_in(
    client: TestClient[web.Request, web.Application], login: str, password: str, next_path: str = "/"
) -> tuple[int, str, str]:
    """POST the login form; returns (status, Location, body)."""
    token = await token_of(client)
    form = {"csrf_token": token, "login": login, "password": password, "next": next_path}
    response = await client.post("/login", data=form, allow_redirects=False)
    return response.status, response.headers.get("Location", ""), await response.text()


async def test_sign_in_shows_the_dashboard_with_sites_and_roles(db: str, staff: StaffService) -> None:
    romashka, lesnoe = await _site("romashka", "СНТ Ромашка"), await _site("lesnoe", "СНТ Лесное")
    await staff.create_staff("ivan", PASSWORD, "Иван Петрович", [(romashka, Role.CHAIRMAN), (lesnoe, Role.READER)])
    async with serve(staff) as client:
        status, location, _ = await sign_in(client, "ivan", PASSWORD)
        assert (status, location) == (303, "/")
        page = await client.get("/")
        body = await page.text()
    assert page.status == 200
    assert "Здравствуйте, Иван Петрович" in body
    assert "СНТ Ромашка" in body
    assert "Председатель" in body
    assert "СНТ Лесное" in body
    assert "Наблюдатель" in body
    assert 'id="logout-form"' in body


async def test_names_are_escaped(db: str, staff: StaffService) -> None:
    await staff.create_admin("admin", PASSWORD, "<script>alert(1)</script>")
    async with serve(staff) as client:
        await sign_in(client, "admin", PASSWORD)
        body = await (await client.get("/")).text()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


async def test_wrong_password_then_throttled_with_a_clear_message(
    db: str, staff: StaffService, clock: FixedClock
) -> None:
    await staff.create_admin("admin", PASSWORD, "Админ")
    async with serve(staff) as client:
        status, _, body = await sign_in(client, "admin", "wrong password")
        assert status == 200
        assert "Неверный логин или пароль." in body
        assert 'value="admin"' in body  # the login is kept in the form
        for _ in range(3):
            await sign_in(client, "admin", "wrong password")
        status, _, body = await sign_in(client, "admin", "wrong password")
        assert status == 429
        assert "Слишком много попыток входа. Попробуйте через 1 минуту." in body
        # the right password does not help while locked
        status, _, body = await sign_in(client, "admin", PASSWORD)
        assert status == 429
        clock.set(T0 + timedelta(seconds=61))
        status, location, _ = await sign_in(client, "admin", PASSWORD)
        assert (status, location) == (303, "/")


async def test_a_blocked_account_gets_the_same_answer_as_a_wrong_password(db: str, staff: StaffService) -> None:
    await staff.create_admin("admin", PASSWORD, "Админ")
    await staff.block("admin")
    async with serve(staff) as client:
        status, _, body = await sign_in(client, "admin", PASSWORD)
    assert status == 200
    assert "Неверный логин или пароль." in body
    [entry] = await audit.latest(action_prefix="login.")
    assert entry.details["reason"] == "blocked"


async def test_blocking_a_signed_in_account_ends_its_session(db: str, staff: StaffService) -> None:
    await staff.create_admin("admin", PASSWORD, "Админ")
    async with serve(staff) as client:
        await sign_in(client, "admin", PASSWORD)
        assert (await client.get("/", allow_redirects=False)).status == 200
        await staff.block("admin")
        response = await client.get("/", allow_redirects=False)
    assert (response.status, response.headers["Location"]) == (303, "/login")


@pytest.mark.parametrize("token", [None, "", "forged-token-value"])
async def test_post_without_the_session_token_is_refused(db: str, staff: StaffService, token: str | None) -> None:
    await staff.create_admin("admin", PASSWORD, "Админ")
    async with serve(staff) as client:
        await client.get("/login")  # a session exists, with its own token
        form = {"login": "admin", "password": PASSWORD}
        if token is not None:
            form["csrf_token"] = token
        response = await client.post("/login", data=form, allow_redirects=False)
        body = await response.text()
    assert response.status == 403
    assert "Форма устарела" in body
    assert not await audit.latest(action_prefix="login.")  # never reached the service


async def test_a_token_from_another_session_is_refused(db: str, staff: StaffService) -> None:
    await staff.create_admin("admin", PASSWORD, "Админ")
    async with serve(staff) as first, serve(staff) as second:
        stolen = await token_of(first)
        await second.get("/login")
        form = {"csrf_token": stolen, "login": "admin", "password": PASSWORD}
        response = await second.post("/login", data=form, allow_redirects=False)
    assert response.status == 403


async def test_session_cookie_flags(db: str, staff: StaffService) -> None:
    await staff.create_admin("admin", PASSWORD, "Админ")
    async with serve(staff) as client:
        token = await token_of(client)
        form = {"csrf_token": token, "login": "admin", "password": PASSWORD}
        response = await client.post("/login", data=form, allow_redirects=False)
        [cookie] = [c for c in response.headers.getall("Set-Cookie") if c.startswith("meterbot_session=")]
    flags = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")[1:]}
    assert "httponly" in flags
    assert flags["samesite"].lower() == "samesite=lax"
    assert flags["max-age"] == "Max-Age=28800"
    assert "secure" not in flags  # plain HTTP in tests; create_app(secure_cookies=True) adds it
    assert flags["path"] == "Path=/"


async def test_secure_cookies_when_asked(db: str, staff: StaffService) -> None:
    async def ping() -> bool:
        return True

    app = create_app(staff=staff, health=HealthRegistry(), db_ping=ping, secret_key=SECRET, secure_cookies=True)
    async with TestClient(TestServer(app)) as client:
        response = await client.get("/login")
        [cookie] = response.headers.getall("Set-Cookie")
        assert "Secure" in cookie
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")


async def test_logout_needs_the_token_and_ends_the_session(db: str, staff: StaffService) -> None:
    await staff.create_admin("admin", PASSWORD, "Админ")
    async with serve(staff) as client:
        await sign_in(client, "admin", PASSWORD)
        refused = await client.post("/logout", data={}, allow_redirects=False)
        assert refused.status == 403
        assert (await client.get("/", allow_redirects=False)).status == 200
        token = await token_of(client, "/")
        response = await client.post("/logout", data={"csrf_token": token}, allow_redirects=False)
        assert (response.status, response.headers["Location"]) == (303, "/login")
        after = await client.get("/", allow_redirects=False)
    assert after.status == 303
    assert "logout" in [e.action for e in await audit.latest()]


async def test_pages_require_sign_in_and_return_to_where_they_were(db: str, staff: StaffService) -> None:
    await staff.create_admin("admin", PASSWORD, "Админ")
    async with serve(staff) as client:
        response = await client.get("/?tab=2", allow_redirects=False)
        location = URL(response.headers["Location"])
        assert (response.status, location.path, location.query["next"]) == (303, "/login", "/?tab=2")
        page = await client.get(location)
        assert 'name="next" value="/?tab=2"' in await page.text()
        status, after, _ = await sign_in(client, "admin", PASSWORD, next_path="/?tab=2")
        assert (status, after) == (303, "/?tab=2")


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x"])
async def test_no_open_redirect_after_sign_in(db: str, staff: StaffService, target: str) -> None:
    await staff.create_admin("admin", PASSWORD, "Админ")
    async with serve(staff) as client:
        status, location, _ = await sign_in(client, "admin", PASSWORD, next_path=target)
    assert (status, location) == (303, "/")


async def test_role_check_reads_the_database_on_every_request(db: str, staff: StaffService) -> None:
    site = await _site("romashka", "СНТ Ромашка")
    other = await _site("lesnoe", "СНТ Лесное")
    dto = await staff.create_staff("disp", PASSWORD, "Диспетчер", [(site, Role.DISPATCHER)])

    async def probe(request: web.Request) -> web.StreamResponse:
        user = await require_role(request, int(request.match_info["site"]), [Role.DISPATCHER, Role.CHAIRMAN])
        return web.Response(text=f"ok {user.login}")

    def add_probe(app: web.Application) -> None:
        app.router.add_get("/sites/{site}/probe", probe)

    async with serve(staff, extra=add_probe) as client:
        await sign_in(client, "disp", PASSWORD)
        allowed = await client.get(f"/sites/{site}/probe")
        assert (allowed.status, await allowed.text()) == (200, "ok disp")
        denied = await client.get(f"/sites/{other}/probe")
        assert denied.status == 403
        assert "Доступ запрещён" in await denied.text()
        await StaffRole.filter(person_id=dto.person_id).delete()
        revoked = await client.get(f"/sites/{site}/probe")
        assert revoked.status == 403
    entries = await audit.latest(action_prefix="access.denied")
    assert [(e.site_id, e.allowed, e.object_id) for e in entries] == [
        (site, False, f"/sites/{site}/probe"),
        (other, False, f"/sites/{other}/probe"),
    ]


async def test_healthz_reports_components_and_the_live_database(db: str, staff: StaffService) -> None:
    health = HealthRegistry()
    health.set("mqtt", ComponentState.UP)
    health.set("bot", ComponentState.DISABLED, "MB_BOT_TOKEN is not set")
    async with serve(staff, health=health) as client:
        response = await client.get("/healthz")
        body = await response.json()
        assert response.status == 200
        assert body["status"] == "ok"
        assert set(body["components"]) >= {"database", "mqtt", "bot", "scheduler", "outbox"}
        assert body["components"]["database"]["state"] == "up"
        assert body["components"]["mqtt"]["state"] == "up"
        assert body["components"]["bot"] == {
            "state": "disabled",
            "since": health.get("bot").since.isoformat(),
        }
        assert body["version"]
        health.set("mqtt", ComponentState.DOWN, "connection refused")
        degraded = await (await client.get("/healthz")).json()
        assert (degraded["status"], degraded["components"]["mqtt"]["state"]) == ("degraded", "down")


async def test_healthz_is_503_when_the_database_is_down(db: str, staff: StaffService) -> None:
    async with serve(staff, db_up=False) as client:
        response = await client.get("/healthz")
        body = await response.json()
    assert response.status == 503
    assert body["status"] == "degraded"
    assert body["components"]["database"]["state"] == "down"


async def test_language_switch_to_english(db: str, staff: StaffService) -> None:
    await staff.create_admin("admin", PASSWORD, "Admin")
    async with serve(staff) as client:
        ru = await (await client.get("/login")).text()
        assert '<html lang="ru">' in ru
        assert "Вход" in ru
        token = await token_of(client)
        switched = await client.post(
            "/lang", data={"csrf_token": token, "lang": "en", "next": "/login"}, allow_redirects=False
        )
        assert (switched.status, switched.headers["Location"]) == (303, "/login")
        en = await (await client.get("/login")).text()
        assert '<html lang="en">' in en
        assert "Sign in" in en
        assert "Вход" not in en
        _status, _, body = await sign_in(client, "admin", "wrong password")
        assert "Wrong login or password." in body
        await sign_in(client, "admin", PASSWORD)  # the language survives the new session
        assert "Hello, Admin" in await (await client.get("/")).text()
        bad = await client.post("/lang", data={"csrf_token": await token_of(client, "/"), "lang": "xx"})
        assert bad.status == 400


async def test_not_found_page_is_localized_without_details(db: str, staff: StaffService) -> None:
    async with serve(staff) as client:
        response = await client.get("/no/such/page")
        body = await response.text()
        assert response.status == 404
        assert "Страница не найдена" in body
        missing_static = await client.get("/static/nothing.css")
        assert missing_static.status == 404
        wrong_method = await client.put("/login")
        assert wrong_method.status == 405
        assert "GET" in wrong_method.headers["Allow"]
        assert "Действие не поддерживается" in await wrong_method.text()


async def test_an_unexpected_error_is_a_plain_500_page(db: str, staff: StaffService) -> None:
    async def boom(request: web.Request) -> web.StreamResponse:
        raise RuntimeError("secret internal detail")

    def add_boom(app: web.Application) -> None:
        app.router.add_get("/boom", boom)

    async with serve(staff, extra=add_boom) as client:
        response = await client.get("/boom")
        body = await response.text()
    assert response.status == 500
    assert "Что-то пошло не так" in body
    assert "secret internal detail" not in body
    assert "Traceback" not in body


async def test_security_headers_on_pages_errors_and_static(db: str, staff: StaffService) -> None:
    async with serve(staff) as client:
        responses = [await client.get(path) for path in ("/login", "/missing", "/static/style.css", "/healthz")]
    for response in responses:
        headers = response.headers
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
    assert responses[0].headers["Cache-Control"] == "no-store"
    assert responses[2].content_type == "text/css"


async def test_exempted_path_takes_posts_without_a_token(db: str, staff: StaffService) -> None:
    async def hook(request: web.Request) -> web.StreamResponse:
        return web.json_response({"ok": True})

    def add_hook(app: web.Application) -> None:
        app.router.add_post("/telegram/webhook", hook)
        exempt_from_csrf(app, "/telegram/webhook")

    async with serve(staff, extra=add_hook) as client:
        response = await client.post("/telegram/webhook", json={"update_id": 1})
    assert response.status == 200


def test_a_short_secret_is_refused(staff: StaffService) -> None:
    async def ping() -> bool:
        return True

    with pytest.raises(ValueError, match="at least 16 bytes"):
        create_app(staff=staff, health=HealthRegistry(), db_ping=ping, secret_key=b"short")
