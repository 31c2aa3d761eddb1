"""What the admin web tests share: a seeded site with staff of every role (and another site's
administrator), the app behind a real test server, and a client that signs in and sends forms with the
session's CSRF token."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest
from aiohttp import FormData, web
from aiohttp.test_utils import TestClient, TestServer
from argon2 import PasswordHasher

from admin_web import create_app
from handlers.operator.notices import BindingNoticeRenderer
from services import passwords
from services.bindings import BindingService
from services.clock import FixedClock
from services.db.models import Account, Gateway, Meter, Person, Plot, Site
from services.enums import MeterKind, Protocol, RelayState, Role
from services.health import HealthRegistry
from services.ingest import IngestStats
from services.outbox import OutboxService
from services.staff import StaffService

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
SECRET = b"test secret key, long enough"
BOT = "meterbot_test_bot"
TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
ROLE_LOGINS: dict[str, Role | None] = {
    "admin": Role.ADMIN,
    "chair": Role.CHAIRMAN,
    "disp": Role.DISPATCHER,
    "eng": Role.ENGINEER,
    "reader": Role.READER,
    "other": None,  # an administrator of the other site only
}


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))


@dataclass
class World:
    clock: FixedClock
    staff: StaffService
    outbox: OutboxService
    bindings: BindingService
    site: int
    other_site: int
    people: dict[str, int] = field(default_factory=dict)
    """login -> person id"""
    plots: dict[str, int] = field(default_factory=dict)
    meters: dict[str, int] = field(default_factory=dict)
    """serial -> meter id"""
    ingest: IngestStats | None = None


async def make_world() -> World:
    """СНТ «Ромашка» (slug romashka): plots 1, 2 and 10, three meters (two on plot 1, a main meter without a
    plot), a gateway, an account; СНТ «Лесное» (slug lesnoe) with one meter. Staff: admin, chair, disp, eng,
    reader at Ромашка, other (admin at Лесное), root (superuser)."""
    clock = FixedClock(T0)
    staff = StaffService(clock)
    outbox = OutboxService(clock)
    bindings = BindingService(clock, outbox, BindingNoticeRenderer("ru"))
    site = await Site.create(slug="romashka", name="СНТ «Ромашка»", timezone="Europe/Moscow", operators_chat_id=-100)
    other = await Site.create(slug="lesnoe", name="СНТ «Лесное»", timezone="Asia/Yekaterinburg")
    world = World(clock, staff, outbox, bindings, site.id, other.id)
    for login, role in ROLE_LOGINS.items():
        roles = [(site.id, role)] if role is not None else [(other.id, Role.ADMIN)]
        created = await staff.create_staff(login, PASSWORD, f"{login.title()} Staff", roles)
        world.people[login] = created.person_id
    root = await staff.create_admin("root", PASSWORD, "Root")
    world.people["root"] = root.person_id
    for number in ("1", "2", "10"):
        world.plots[number] = (await Plot.create(site=site, number=number, address=f"ул. Садовая, {number}")).id
    gateway = await Gateway.create(site=site, serial="GW-1", model="УСПД-1", place="Правление")
    account = await Account.create(site=site, plot_id=world.plots["1"], number="0101", holder_name="Иванов И. И.")
    specs: list[dict[str, Any]] = [
        {"serial": "A100", "plot_id": world.plots["1"], "model": "Меркурий 201", "protocol": Protocol.NATIVE},
        {"serial": "A101", "plot_id": world.plots["1"], "model": "Нева МТ", "protocol": Protocol.TASMOTA},
        {"serial": "MAIN1", "plot_id": None, "model": "Меркурий 230", "protocol": Protocol.NATIVE},
    ]
    for number, spec in enumerate(specs):
        meter = await Meter.create(
            site=site,
            topic_id=spec["serial"].lower(),
            kind=MeterKind.MAIN if spec["serial"] == "MAIN1" else MeterKind.INDIVIDUAL,
            online=[True, False, None][number],
            relay_state=[RelayState.ON, RelayState.OFF, RelayState.UNKNOWN][number],
            gateway=gateway if number == 0 else None,
            account=account if number == 0 else None,
            mac="00:12:4B:00:01:02:03:04" if number == 0 else "",
            next_verification_on=date(2027, 1, 1),
            **spec,
        )
        world.meters[meter.serial] = meter.id
    far = await Meter.create(site=other, serial="L900", topic_id="l900", model="Нева")
    world.meters[far.serial] = far.id
    return world


async def resident(name: str, telegram_id: int, **kwargs: Any) -> int:
    return (await Person.create(name=name, telegram_id=telegram_id, locale="ru", **kwargs)).id


class Browser:
    """A signed-in (or not) HTTP client of the app."""

    def __init__(self, client: TestClient[web.Request, web.Application]) -> None:
        self.client = client

    async def token(self, path: str = "/login") -> str:
        response = await self.client.get(path)
        match = TOKEN_RE.search(await response.text())
        assert match, f"{path} has no CSRF token"
        return match.group(1)

    async def sign_in(self, login: str, password: str = PASSWORD) -> None:
        token = await self.token()
        form = {"csrf_token": token, "login": login, "password": password, "next": "/"}
        response = await self.client.post("/login", data=form, allow_redirects=False)
        assert response.status == 303, await response.text()

    async def get(self, path: str) -> tuple[int, str]:
        response = await self.client.get(path, allow_redirects=False)
        return response.status, await response.text()

    async def post(
        self, path: str, data: Mapping[str, str] | FormData | None = None, *, token: str | None = None
    ) -> tuple[int, str, str]:
        """POST with the session's token (or the one given); returns (status, Location, body)."""
        if isinstance(data, FormData):
            form = data
            form.add_field("csrf_token", token if token is not None else await self.token("/"))
        else:
            form = FormData({**(data or {}), "csrf_token": token if token is not None else await self.token("/")})
        response = await self.client.post(path, data=form, allow_redirects=False)
        return response.status, response.headers.get("Location", ""), await response.text()

    async def follow(self, location: str) -> str:
        status, body = await self.get(location)
        assert status == 200, (location, status)
        return body


def build_app(
    world: World, *, with_bindings: bool = True, bot_username: str | None = BOT, **extra: Any
) -> web.Application:
    async def ping() -> bool:
        return True

    return create_app(
        staff=world.staff,
        health=HealthRegistry(),
        db_ping=ping,
        secret_key=SECRET,
        clock=world.clock,
        bindings=world.bindings if with_bindings else None,
        outbox=world.outbox,
        bot_username=bot_username,
        **extra,
    )


@asynccontextmanager
async def serve(world: World, login: str | None = None, **options: Any) -> AsyncIterator[Browser]:
    async with TestClient(TestServer(build_app(world, **options))) as client:
        browser = Browser(client)
        if login is not None:
            await browser.sign_in(login)
        yield browser
