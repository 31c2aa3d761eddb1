"""The JSON API for integrations: tokens scoped to sites, every endpoint with a good token, another site's,
a revoked one and none; bad parameters; posting readings with the chat's rules; the token pages by role;
and docs/openapi.yaml against the routes and the real answers."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from aiohttp import web

from services import audit
from services.api_tokens import ApiTokenService, hash_token
from services.consumption import ConsumptionService
from services.db.models import ApiToken, Meter, Reading
from services.enums import ReadingSource
from tests.admin_harness import T0, Browser, World, _fast_hashing, build_app, make_world, serve

__all__ = ["_fast_hashing"]

OPENAPI = Path(__file__).resolve().parents[1] / "docs" / "openapi.yaml"


@dataclass
class Tokens:
    read: str
    """Ромашка, read only."""
    write: str
    """Ромашка, may post readings."""
    other: str
    """Лесное only."""
    every: str
    """Every site (a superuser's)."""
    revoked: str


@pytest.fixture
async def world(db: str) -> World:
    world = await make_world()
    await _history(world)
    return world


@pytest.fixture
async def tokens(world: World) -> Tokens:
    service = ApiTokenService(world.clock)
    root = await world.staff.get(world.people["root"])
    admin = await world.staff.get(world.people["admin"])
    other = await world.staff.get(world.people["other"])
    assert root
    assert admin
    assert other
    read = await service.issue(admin, "1С Бухгалтерия", [world.site], False)
    write = await service.issue(admin, "Биллинг", [world.site], True)
    far = await service.issue(other, "Лесное", [world.other_site], True)
    every = await service.issue(root, "Всё", [], False)
    revoked = await service.issue(root, "Старый", [], True)
    await service.revoke(root, revoked.info.id)
    return Tokens(read.token, write.token, far.token, every.token, revoked.token)


async def _history(world: World) -> None:
    """A100: daily readings through October and November 2026, aggregates computed. A101 without
    telemetry takes manual readings."""
    meter_id = world.meters["A100"]
    start = datetime(2026, 9, 30, 21, 0, tzinfo=UTC)  # local midnight of 1 October
    rows = []
    for day in range(0, 54):
        t1, t2 = Decimal(1000 + 10 * day), Decimal(500 + 5 * day)
        rows.append(Reading(meter_id=meter_id, ts=start + timedelta(days=day), t1=t1, t2=t2, total=t1 + t2))
    await Reading.bulk_create(rows)
    await ConsumptionService(world.clock).recompute(meter_id, start, None)
    await Meter.filter(id=world.meters["A101"]).update(has_telemetry=False)
    await Reading.create(
        meter_id=world.meters["A101"],
        ts=T0 - timedelta(days=30),
        t1=Decimal(100),
        t2=Decimal(50),
        total=Decimal(150),
        source=ReadingSource.MANUAL,
    )


@asynccontextmanager
async def api_client(world: World) -> AsyncIterator[Browser]:
    async with serve(world) as browser:
        yield browser


async def call(
    browser: Browser, method: str, path: str, token: str | None, body: Any = None, raw: str | None = None
) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    if raw is not None:
        headers["Content-Type"] = "application/json"
        response = await browser.client.request(method, path, headers=headers, data=raw)
    else:
        response = await browser.client.request(method, path, headers=headers, json=body)
    assert response.content_type == "application/json", (path, response.status, await response.text())
    return response.status, await response.json()


# --- tokens -----------------------------------------------------------------------------------------


async def test_only_the_hash_is_stored_and_revoked_tokens_open_nothing(world: World, tokens: Tokens) -> None:
    row = await ApiToken.get(token_hash=hash_token(tokens.read))
    assert tokens.read.startswith("mb_")
    assert len(tokens.read) > 40
    assert row.prefix == tokens.read[:11]
    assert not await ApiToken.filter(token_hash=tokens.read).exists()
    async with api_client(world) as browser:
        assert (await call(browser, "GET", "/api/v1/sites", tokens.read))[0] == 200
        for token in (tokens.revoked, "mb_nonsense", "", tokens.read[:-1]):
            status, body = await call(browser, "GET", "/api/v1/sites", token)
            assert status == 401, token
            assert body["error"]["code"] in {"invalid_token", "unauthorized"}
        status, body = await call(browser, "GET", "/api/v1/sites", None)
    assert (status, body["error"]["code"]) == (401, "unauthorized")
    assert (await ApiToken.get(id=row.id)).last_used_at == T0


async def test_every_endpoint_answers_401_without_a_token(world: World, tokens: Tokens) -> None:
    paths = [
        ("GET", "/api/v1/sites"),
        ("GET", f"/api/v1/sites/{world.site}"),
        ("GET", f"/api/v1/sites/{world.site}/meters"),
        ("GET", f"/api/v1/sites/{world.site}/consumption?month=2026-10"),
        ("GET", "/api/v1/meters/A100"),
        ("GET", "/api/v1/meters/A100/readings"),
        ("GET", "/api/v1/meters/A100/consumption"),
        ("POST", "/api/v1/meters/A101/readings"),
    ]
    async with api_client(world) as browser:
        for method, path in paths:
            for token in (None, tokens.revoked):
                status, body = await call(browser, method, path, token, {"t1": "1", "t2": "1"})
                assert status == 401, (method, path, token)
                assert set(body["error"]) >= {"code", "message"}


async def test_sites_are_those_of_the_token(world: World, tokens: Tokens) -> None:
    async with api_client(world) as browser:
        _, mine = await call(browser, "GET", "/api/v1/sites", tokens.read)
        _, every = await call(browser, "GET", "/api/v1/sites", tokens.every)
        _, by_slug = await call(browser, "GET", "/api/v1/sites/romashka", tokens.read)
        hidden = await call(browser, "GET", "/api/v1/sites/lesnoe", tokens.read)
        missing = await call(browser, "GET", "/api/v1/sites/999", tokens.read)
    assert [site["slug"] for site in mine["items"]] == ["romashka"]
    assert {site["slug"] for site in every["items"]} == {"romashka", "lesnoe"}
    assert by_slug["id"] == world.site
    assert by_slug["day_zone_start"] == "07:00"
    assert by_slug["timezone"] == "Europe/Moscow"
    assert hidden[0] == missing[0] == 404
    assert hidden[1] == missing[1]  # the same answer: nothing told


async def test_meters_are_paged_by_cursor_and_filtered(world: World, tokens: Tokens) -> None:
    base = f"/api/v1/sites/{world.site}/meters"
    async with api_client(world) as browser:
        _, first = await call(browser, "GET", base + "?limit=2", tokens.read)
        _, second = await call(browser, "GET", f"{base}?limit=2&cursor={first['next_cursor']}", tokens.read)
        _, plot = await call(browser, "GET", base + "?plot=1", tokens.read)
        _, serial = await call(browser, "GET", base + "?serial=MA", tokens.read)
        other = await call(browser, "GET", base, tokens.other)
        far = await call(browser, "GET", f"/api/v1/sites/{world.other_site}/meters", tokens.other)
        bad_cursor = await call(browser, "GET", base + "?cursor=zzz", tokens.read)
        bad_limit = await call(browser, "GET", base + "?limit=0", tokens.read)
        huge_limit = await call(browser, "GET", base + "?limit=5000", tokens.read)
    assert [m["serial"] for m in first["items"]] == ["A100", "A101"]
    assert [m["serial"] for m in second["items"]] == ["MAIN1"]
    assert second["next_cursor"] is None
    assert first["items"][0]["plot"] == "1"
    assert first["items"][0]["account"] == "0101"
    assert first["items"][0]["relay_state"] == "on"
    assert first["items"][0]["online"] is True
    assert {m["serial"] for m in plot["items"]} == {"A100", "A101"}
    assert [m["serial"] for m in serial["items"]] == ["MAIN1"]
    assert other[0] == 404
    assert [m["serial"] for m in far[1]["items"]] == ["L900"]
    assert (bad_cursor[0], bad_cursor[1]["error"]["field"]) == (400, "cursor")
    assert bad_limit[0] == huge_limit[0] == 400


async def test_meter_card(world: World, tokens: Tokens) -> None:
    async with api_client(world) as browser:
        status, card = await call(browser, "GET", "/api/v1/meters/A100", tokens.read)
        hidden = await call(browser, "GET", "/api/v1/meters/L900", tokens.read)
        unknown = await call(browser, "GET", "/api/v1/meters/NOPE", tokens.read)
        everywhere = await call(browser, "GET", "/api/v1/meters/L900", tokens.every)
    assert status == 200
    assert card["model"] == "Меркурий 201"
    assert card["plot"] == "1"
    assert card["account"] == "0101"
    assert card["gateway"] == "GW-1"
    assert card["relay_state"] == "on"
    assert card["verification"] == {"verified_on": None, "next_on": "2027-01-01", "status": "due_soon"}
    assert card["latest_reading"]["t1"] == "1530.000"
    assert card["latest_reading"]["total"] == "2295.000"
    assert card["latest_reading"]["taken_at"] == "2026-11-23T00:00:00+03:00"
    assert hidden == unknown
    assert hidden[0] == 404
    assert everywhere[0] == 200


async def test_readings_by_day_and_month(world: World, tokens: Tokens) -> None:
    base = "/api/v1/meters/A100/readings"
    async with api_client(world) as browser:
        _, days = await call(browser, "GET", base + "?from=2026-10-01&to=2026-10-03&step=day", tokens.read)
        _, months = await call(browser, "GET", base + "?from=2026-09&to=2026-11&step=month", tokens.read)
        _, default = await call(browser, "GET", base, tokens.read)
    assert [p["period"] for p in days["points"]] == ["2026-10-01", "2026-10-02", "2026-10-03"]
    assert days["points"][0] == {"period": "2026-10-01", "t1": "1010.000", "t2": "505.000", "total": "1515.000",
                                 "quality": "estimated"}  # fmt: skip
    assert [p["period"] for p in months["points"]] == ["2026-09", "2026-10", "2026-11"]
    assert months["points"][0]["quality"] == "missing"
    assert months["points"][0]["total"] is None
    assert months["points"][1]["t1"] == "1310.000"
    assert (default["from"], default["to"], len(default["points"])) == ("2026-10-25", "2026-11-23", 30)


async def test_consumption_by_hour_day_and_month(world: World, tokens: Tokens) -> None:
    base = "/api/v1/meters/A100/consumption"
    async with api_client(world) as browser:
        _, hours = await call(browser, "GET", base + "?from=2026-10-05&step=hour", tokens.read)
        _, days = await call(browser, "GET", base + "?from=2026-10-01&to=2026-10-31", tokens.read)
        _, months = await call(browser, "GET", base + "?from=2026-10&to=2026-10&step=month", tokens.read)
    assert len(hours["points"]) == 24
    assert hours["points"][0]["period"] == "2026-10-05T00:00:00+03:00"
    assert sum(Decimal(p["total"]) for p in hours["points"]) == Decimal(15)
    assert len(days["points"]) == 31
    assert days["points"][0]["total"] == "15.000"
    assert days["points"][0]["quality"] == "estimated"
    [october] = months["points"]
    assert (october["period"], october["total"], october["quality"]) == ("2026-10", "465.000", "estimated")


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        ("from=2026-13-01", "from", "invalid_date"),
        ("from=yesterday", "from", "invalid_date"),
        ("from=2026-10-05&to=2026-10-01", "to", "before_from"),
        ("from=2025-01-01&to=2026-10-01&step=day", "to", "period_too_long"),
        ("from=2026-01-01&to=2026-10-01&step=hour", "to", "period_too_long"),
        ("step=week", "step", "unknown_step"),
    ],
)
async def test_bad_period_parameters(world: World, tokens: Tokens, query: str, field: str, code: str) -> None:
    async with api_client(world) as browser:
        for kind in ("consumption", "readings"):
            if kind == "readings" and "hour" in query:
                continue
            status, body = await call(browser, "GET", f"/api/v1/meters/A100/{kind}?{query}", tokens.read)
            assert status == 400, (kind, body)
            assert (body["error"]["field"], body["error"]["code"]) == (field, code)


async def test_site_consumption_for_billing(world: World, tokens: Tokens) -> None:
    base = f"/api/v1/sites/{world.site}/consumption"
    async with api_client(world) as browser:
        _, october = await call(browser, "GET", base + "?month=2026-10", tokens.read)
        _, page = await call(browser, "GET", base + "?month=2026-10&limit=1", tokens.read)
        _, custom = await call(browser, "GET", base + "?from=2026-10-20&to=2026-11-19", tokens.read)
        both = await call(browser, "GET", base + "?month=2026-10&from=2026-10-01", tokens.read)
        neither = await call(browser, "GET", base, tokens.read)
        bad = await call(browser, "GET", base + "?month=2026-1", tokens.read)
        long = await call(browser, "GET", base + "?from=2026-01-01&to=2026-10-01", tokens.read)
        hidden = await call(browser, "GET", base + "?month=2026-10", tokens.other)
    rows = {row["meter"]["serial"]: row for row in october["items"]}
    assert set(rows) == {"A100", "A101", "MAIN1"}
    a100 = rows["A100"]
    assert a100["consumption"]["t1"] == "310.000"
    assert a100["consumption"]["total"] == "465.000"
    assert a100["quality"] == "estimated"
    assert a100["start_readings"] is None  # nothing before 1 October
    assert a100["end_readings"] == {"t1": "1310.000", "t2": "655.000", "total": "1965.000", "date": "2026-10-31"}
    assert rows["MAIN1"]["quality"] == "missing"
    assert rows["MAIN1"]["end_readings"] is None
    assert len(page["items"]) == 1
    assert page["next_cursor"]
    assert custom["items"][0]["start_readings"]["total"] == "1785.000"
    assert (custom["from"], custom["to"]) == ("2026-10-20", "2026-11-19")
    assert both[0] == neither[0] == bad[0] == long[0] == 400
    assert hidden[0] == 404


async def test_unknown_paths_and_methods_answer_json(world: World, tokens: Tokens) -> None:
    async with api_client(world) as browser:
        missing = await call(browser, "GET", "/api/v1/nothing", tokens.read)
        method = await call(browser, "DELETE", "/api/v1/sites", tokens.read)
        response = await browser.client.delete("/api/v1/sites", headers={"Authorization": f"Bearer {tokens.read}"})
    assert (missing[0], missing[1]["error"]["code"]) == (404, "not_found")
    assert (method[0], method[1]["error"]["code"]) == (405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


# --- posting readings -------------------------------------------------------------------------------


async def test_post_a_reading_is_stored_audited_and_retry_safe(world: World, tokens: Tokens) -> None:
    body = {"t1": "110.5", "t2": 55, "taken_at": "2026-11-22T10:00:00+03:00"}
    async with api_client(world) as browser:
        status, receipt = await call(browser, "POST", "/api/v1/meters/A101/readings", tokens.write, body)
        again = await call(browser, "POST", "/api/v1/meters/A101/readings", tokens.write, body)
        changed = await call(browser, "POST", "/api/v1/meters/A101/readings", tokens.write, {**body, "t1": "111"})
    assert status == 201, receipt
    assert receipt["created"] is True
    assert receipt["reading"]["t1"] == "110.500"
    assert receipt["reading"]["total"] == "165.500"
    assert receipt["reading"]["taken_at"] == "2026-11-22T10:00:00+03:00"
    assert receipt["previous"]["total"] == "150.000"
    assert receipt["consumption"] == "15.500"
    assert again[0] == 200
    assert again[1]["created"] is False
    assert again[1]["reading"]["id"] == receipt["reading"]["id"]
    assert (changed[0], changed[1]["error"]["code"]) == (409, "reading_exists")
    stored = await Reading.get(id=receipt["reading"]["id"])
    assert (stored.source, stored.t1, stored.ts) == (
        ReadingSource.API,
        Decimal("110.5"),
        datetime(2026, 11, 22, 7, tzinfo=UTC),
    )
    [entry] = await audit.latest(action_prefix="reading.submitted")
    assert entry.details["via"] == "api"
    assert entry.actor_label.startswith("api:mb_")
    assert entry.site_id == world.site


@pytest.mark.parametrize(
    ("body", "status", "field", "code"),
    [
        ({"t1": "-1", "t2": "60"}, 422, "t1", "negative"),
        ({"t1": "abc", "t2": "60"}, 422, "t1", "not_a_number"),
        ({"t1": True, "t2": "60"}, 422, "t1", "not_a_number"),
        ({"t1": "120.1234", "t2": "60"}, 422, "t1", "too_many_decimals"),
        ({"t1": "120"}, 422, "t2", "missing"),
        ({"t1": "120", "t2": "60", "t3": "1"}, 422, "t3", "unexpected"),
        ({"t1": "120", "t2": "60", "note": "x"}, 422, "note", "unexpected"),
        ({"t1": "120", "t2": "60", "taken_at": "2026-11-22T10:00:00"}, 422, "taken_at", "no_offset"),
        ({"t1": "120", "t2": "60", "taken_at": "tomorrow"}, 422, "taken_at", "invalid_time"),
        ({"t1": "120", "t2": "60", "taken_at": "2026-12-22T10:00:00+03:00"}, 422, "taken_at", "in_future"),
        ({"t1": "120", "t2": "60", "confirm": "yes"}, 422, "confirm", "not_a_boolean"),
        ({"t1": "99", "t2": "60"}, 409, "t1", "below_previous"),
        ({"t1": "120", "t2": "60", "taken_at": "2026-10-01T10:00:00+03:00"}, 409, "t1", "above_next"),
    ],
)
async def test_post_validation(
    world: World, tokens: Tokens, body: dict[str, Any], status: int, field: str, code: str
) -> None:
    async with api_client(world) as browser:
        got, answer = await call(browser, "POST", "/api/v1/meters/A101/readings", tokens.write, body)
    assert (got, answer["error"].get("field"), answer["error"]["code"]) == (status, field, code), answer
    assert await Reading.filter(meter_id=world.meters["A101"]).count() == 1


async def test_post_bad_json_and_a_jump_that_needs_confirming(world: World, tokens: Tokens) -> None:
    path = "/api/v1/meters/A101/readings"
    async with api_client(world) as browser:
        broken = await call(browser, "POST", path, tokens.write, raw="{not json")
        array = await call(browser, "POST", path, tokens.write, raw="[1, 2]")
        jump = await call(browser, "POST", path, tokens.write, {"t1": "9000", "t2": "60"})
        confirmed = await call(browser, "POST", path, tokens.write, {"t1": "9000", "t2": "60", "confirm": True})
    assert (broken[0], broken[1]["error"]["code"]) == (400, "invalid_json")
    assert (array[0], array[1]["error"]["code"]) == (400, "invalid_json")
    assert (jump[0], jump[1]["error"]["code"]) == (409, "jump_needs_confirmation")
    assert jump[1]["error"]["details"]["consumption"] == "8910.000"
    assert confirmed[0] == 201


async def test_post_refusals(world: World, tokens: Tokens) -> None:
    path = "/api/v1/meters/A101/readings"
    body = {"t1": "120", "t2": "60"}
    async with api_client(world) as browser:
        read_only = await call(browser, "POST", path, tokens.read, body)
        other_site = await call(browser, "POST", path, tokens.other, body)
        telemetry = await call(browser, "POST", "/api/v1/meters/A100/readings", tokens.write, body)
    assert (read_only[0], read_only[1]["error"]["code"]) == (403, "read_only_token")
    assert other_site[0] == 404
    assert (telemetry[0], telemetry[1]["error"]["code"]) == (409, "manual_not_allowed")
    [denied] = await audit.latest(action_prefix="access.denied")
    assert denied.allowed is False
    assert denied.object_type == "api"
    assert await Reading.filter(meter_id=world.meters["A101"]).count() == 1


# --- the token pages --------------------------------------------------------------------------------


async def test_admin_issues_a_token_shown_once_and_revokes_it(world: World) -> None:
    async with serve(world, "admin") as browser:
        status, page = await browser.get("/api-tokens")
        assert status == 200
        assert 'id="no-tokens"' in page
        assert 'href="/api-tokens"' in page
        assert "СНТ «Лесное»" not in page  # not a site of theirs
        status, _, issued = await browser.post(
            "/api-tokens", {"name": "1С", f"site-{world.site}": "1", "can_write": "1"}
        )
        match = re.search(r'id="token-value" type="text" readonly value="(mb_[^"]+)"', issued)
        assert status == 201
        assert match
        token = match.group(1)
        row = await ApiToken.get(token_hash=hash_token(token))
        assert (row.site_ids, row.can_write, row.name) == ([world.site], True, "1С")
        _, listed = await browser.get("/api-tokens")
        assert token not in listed
        assert row.prefix in listed
        status, location, _ = await browser.post(f"/api-tokens/{row.id}/revoke", {})
        after = await browser.follow(location)
    assert status == 303
    assert "отозван" in after
    assert (await ApiToken.get(id=row.id)).revoked_at == T0
    actions = [entry.action for entry in await audit.latest(action_prefix="api_token.")]
    assert actions == ["api_token.revoked", "api_token.issued"]


async def test_token_form_errors(world: World) -> None:
    async with serve(world, "admin") as browser:
        status, _, no_site = await browser.post("/api-tokens", {"name": "1С"})
        status_name, _, no_name = await browser.post("/api-tokens", {"name": " ", f"site-{world.site}": "1"})
    assert status == status_name == 400
    assert "Выберите хотя бы один объект" in no_site
    assert 'id="form-error"' in no_name
    assert not await ApiToken.exists()


@pytest.mark.parametrize("login", ["chair", "disp", "eng", "reader"])
async def test_other_roles_cannot_manage_tokens(world: World, tokens: Tokens, login: str) -> None:
    token_id = (await ApiToken.get(token_hash=hash_token(tokens.read))).id
    async with serve(world, login) as browser:
        status, _page = await browser.get("/api-tokens")
        assert 'href="/api-tokens"' not in (await browser.get("/"))[1]
        posted, _, _ = await browser.post("/api-tokens", {"name": "x", f"site-{world.site}": "1"})
        revoked, _, _ = await browser.post(f"/api-tokens/{token_id}/revoke", {})
    assert status == posted == revoked == 403
    assert (await ApiToken.get(id=token_id)).revoked_at is None
    assert len(await audit.latest(action_prefix="access.denied")) == 3


async def test_another_sites_admin_neither_sees_nor_revokes(world: World, tokens: Tokens) -> None:
    token_id = (await ApiToken.get(token_hash=hash_token(tokens.read))).id
    async with serve(world, "other") as browser:
        _, page = await browser.get("/api-tokens")
        status, _, _ = await browser.post(f"/api-tokens/{token_id}/revoke", {})
        forged, _, _ = await browser.post("/api-tokens", {"name": "x", f"site-{world.site}": "1"})
    assert "1С Бухгалтерия" not in page
    assert "Лесное" in page
    assert status == 404
    assert forged == 400
    assert (await ApiToken.get(id=token_id)).revoked_at is None


async def test_forged_csrf_is_refused(world: World, tokens: Tokens) -> None:
    token_id = (await ApiToken.get(token_hash=hash_token(tokens.read))).id
    async with serve(world, "admin") as browser:
        issued, _, _ = await browser.post("/api-tokens", {"name": "x", f"site-{world.site}": "1"}, token="forged")
        revoked, _, _ = await browser.post(f"/api-tokens/{token_id}/revoke", {}, token="forged")
    assert issued == revoked == 403
    assert await ApiToken.filter(name="x").count() == 0
    assert (await ApiToken.get(id=token_id)).revoked_at is None


async def test_superuser_issues_a_token_for_every_site(world: World) -> None:
    async with serve(world, "root") as browser:
        status, _, page = await browser.post("/api-tokens", {"name": "Все объекты"})
    assert status == 201
    assert "mb_" in page
    assert (await ApiToken.get(name="Все объекты")).site_ids == []


# --- the OpenAPI description ------------------------------------------------------------------------


def _spec() -> dict[str, Any]:
    return yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))


def _app_paths(app: web.Application) -> set[tuple[str, str]]:
    found = set()
    for route in app.router.routes():
        canonical = route.resource.canonical if route.resource is not None else ""
        if canonical.startswith("/api/v1/") and route.method not in {"HEAD", "*"}:
            found.add((canonical, route.method.lower()))
    return found


async def test_openapi_documents_every_route_and_nothing_else(world: World) -> None:
    spec = _spec()
    assert spec["openapi"].startswith("3.1")
    servers = {server["url"] for server in spec["servers"]}
    assert any(url.endswith("/api/v1") for url in servers)
    documented = {
        ("/api/v1" + path, method) for path, item in spec["paths"].items() for method in item if method != "parameters"
    }
    assert documented == _app_paths(build_app(world))
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert "401" in operation["responses"], (path, method)
            assert operation.get("operationId"), (path, method)


def _validator(spec: dict[str, Any], path: str, method: str, status: int) -> jsonschema.Draft202012Validator:
    schema = spec["paths"][path][method]["responses"][str(status)]
    if "$ref" in schema:
        schema = spec["components"]["responses"][schema["$ref"].rsplit("/", 1)[1]]
    body_schema = schema["content"]["application/json"]["schema"]
    root = {**body_schema, "components": spec["components"]}
    return jsonschema.Draft202012Validator(root, format_checker=jsonschema.FormatChecker())


async def test_real_answers_match_the_schemas(world: World, tokens: Tokens) -> None:
    spec = _spec()
    site = world.site
    cases = [
        ("GET", "/sites", "/api/v1/sites", tokens.read, None, 200),
        ("GET", "/sites/{site}", f"/api/v1/sites/{site}", tokens.read, None, 200),
        ("GET", "/sites/{site}/meters", f"/api/v1/sites/{site}/meters", tokens.read, None, 200),
        ("GET", "/sites/{site}/consumption", f"/api/v1/sites/{site}/consumption?month=2026-10", tokens.read, None, 200),
        ("GET", "/meters/{serial}", "/api/v1/meters/A100", tokens.read, None, 200),
        ("GET", "/meters/{serial}", "/api/v1/meters/MAIN1", tokens.read, None, 200),
        ("GET", "/meters/{serial}/readings", "/api/v1/meters/A100/readings?step=month", tokens.read, None, 200),
        ("GET", "/meters/{serial}/consumption", "/api/v1/meters/A100/consumption?step=hour", tokens.read, None, 200),
        ("POST", "/meters/{serial}/readings", "/api/v1/meters/A101/readings", tokens.write, {"t1": 120, "t2": 60}, 201),
        ("POST", "/meters/{serial}/readings", "/api/v1/meters/A101/readings", tokens.write, {"t1": 1, "t2": 1}, 409),
        ("POST", "/meters/{serial}/readings", "/api/v1/meters/A101/readings", tokens.write, {"t1": -1}, 422),
        ("POST", "/meters/{serial}/readings", "/api/v1/meters/A101/readings", tokens.read, {"t1": 1}, 403),
        ("GET", "/meters/{serial}", "/api/v1/meters/L900", tokens.read, None, 404),
        ("GET", "/sites", "/api/v1/sites", None, None, 401),
        ("GET", "/meters/{serial}/readings", "/api/v1/meters/A100/readings?step=year", tokens.read, None, 400),
    ]
    async with api_client(world) as browser:
        for method, template, path, token, body, expected in cases:
            status, answer = await call(browser, method, path, token, body)
            assert status == expected, (path, answer)
            _validator(spec, template, method.lower(), status).validate(answer)
