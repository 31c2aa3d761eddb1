"""A second reader's findings on the admin web's integration API, queues and staff charts, one test each:
bad input is a clean 4xx (never a 500, on SQLite and PostgreSQL), the failed deliveries of /outbox are
those of the staff's own sites, and nothing under /api/ answers to the session cookie."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp import FormData

from handlers.operator.alert_texts import AlertNoticeRenderer
from handlers.operator.restriction_texts import RestrictionNoticeRenderer
from handlers.operator.ticket_notices import TicketNoticeRenderer
from services import audit
from services.alerts import AlertService
from services.api_tokens import ApiTokenService
from services.charts import ChartService, ThreadRenderer
from services.consumption import ConsumptionService
from services.db.models import Binding, OutboxMessage, StaffRole
from services.enums import BindingStatus, Channel, OutboxStatus, Role, TicketType
from services.ports import OutgoingMessage
from services.restrictions import RestrictionService
from services.ticket_desk import TicketDesk
from services.ticket_files import LocalFileStore
from services.tickets import TicketService
from tests.admin_harness import World, _fast_hashing, build_app, make_world, resident, serve

__all__ = ["_fast_hashing"]

LONG = "x" * 5000
TOO_BIG = "2147483648"  # one above PostgreSQL's integer: a query with it is an error there
QUESTION = "Когда придёт проверка счётчика?"
SUPERSCRIPT_TWO = "%C2%B2"  # "²": str.isdigit() says yes, int() says no


@pytest.fixture
async def world(db: str) -> World:
    return await make_world()


def every_service(world: World, tmp_path: Path) -> dict[str, Any]:
    return {
        "desk": TicketDesk(world.clock, world.outbox, TicketNoticeRenderer("ru"), LocalFileStore(tmp_path)),
        "alerts": AlertService(world.clock, world.outbox, AlertNoticeRenderer("ru")),
        "restrictions": RestrictionService(world.clock, world.outbox, RestrictionNoticeRenderer("ru"), None),
        "charts": ChartService(world.clock, ConsumptionService(world.clock), renderer=ThreadRenderer()),
    }


def web_pages(world: World) -> list[str]:
    s, m = world.site, world.meters["A100"]
    return [
        f"/sites/{s}/desk?from=0001-01-01&to=9999-12-31",
        f"/sites/{s}/desk?from=9999-12-31",
        f"/sites/{s}/desk?to=0001-01-01",
        f"/sites/{s}/desk?page=99999999&name={LONG}",
        f"/sites/{s}/desk?page={SUPERSCRIPT_TWO}",
        f"/sites/{s}/desk?number={SUPERSCRIPT_TWO}",
        f"/sites/{s}/desk/{TOO_BIG}",
        f"/sites/{s}/desk/{SUPERSCRIPT_TWO}",
        f"/sites/{s}/desk/-1",
        f"/sites/{SUPERSCRIPT_TWO}/desk",
        f"/sites/{s}/alerts?page={SUPERSCRIPT_TWO}&state=all",
        f"/sites/{s}/restrictions?from=0001-01-01&to=9999-12-31",
        f"/sites/{s}/restrictions.csv?from=0001-01-01&to=9999-12-31",
        f"/sites/{s}/restrictions/{TOO_BIG}",
        f"/sites/{s}/meters/{TOO_BIG}/chart.png",
        f"/sites/{s}/meters/{TOO_BIG}/charts",
        f"/sites/{TOO_BIG}/meters/{m}/charts",
        f"/sites/{s}/meters/{m}/charts?kind=consumption_hourly&period=9999-12-31",
        f"/sites/{s}/meters/{m}/chart.png?kind=readings_monthly&period=0001",
        f"/sites/{s}/meters/{m}/charts?period={LONG}",
    ]


def web_posts(world: World) -> list[tuple[str, dict[str, str]]]:
    s = world.site
    return [
        (f"/sites/{s}/desk/{TOO_BIG}/take", {}),
        (f"/sites/{s}/alerts/{TOO_BIG}/clear", {}),
        (f"/sites/{s}/restrictions/{TOO_BIG}/cancel", {}),
        (f"/api-tokens/{TOO_BIG}/revoke", {}),
        ("/outbox/99999999999999999999/retry", {}),
        ("/outbox/retry", {"id": "99999999999999999999999"}),
        ("/outbox/retry", {"id": "\u00b2"}),
        ("/outbox/retry", {"id": "1" * 5000}),
    ]


async def test_bad_input_on_pages_and_forms_is_a_4xx(world: World, tmp_path: Path) -> None:
    answers: dict[str, int] = {}
    async with serve(world, "root", **every_service(world, tmp_path)) as browser:
        for path in web_pages(world):
            answers[path] = (await browser.client.get(path, allow_redirects=False)).status
        for path, form in web_posts(world):
            status, _, _ = await browser.post(path, form)
            answers[f"POST {path} {str(form)[:40]}"] = status
    failed = {path[:100]: status for path, status in answers.items() if status >= 500}
    assert failed == {}
    assert answers[f"/sites/{world.site}/desk/{TOO_BIG}"] == 404
    assert answers[f"/sites/{world.site}/meters/{TOO_BIG}/chart.png"] == 404


async def test_a_desk_assignment_to_an_absurd_engineer_id_is_refused(world: World, tmp_path: Path) -> None:
    services = every_service(world, tmp_path)
    person = await resident("Пётр Жилец", 7001)
    await Binding.create(person_id=person, meter_id=world.meters["A100"], status=BindingStatus.ACTIVE)
    tickets = TicketService(world.clock, world.outbox, TicketNoticeRenderer("ru"), LocalFileStore(tmp_path))
    card = await tickets.create(
        person, TicketType.QUESTION, world.plots["1"], world.meters["A100"], "Когда придёт проверка счётчика?", ()
    )
    async with serve(world, "disp", **services) as browser:
        status, location, _ = await browser.post(
            f"/sites/{world.site}/desk/{card.ticket.id}/assign", {"engineer": "99999999999999999999"}
        )
    assert (status, location) == (303, f"/sites/{world.site}/desk/{card.ticket.id}")


API_PATHS = [
    "/api/v1/sites/{site}/consumption?from=0001-01-01&to=0001-01-31",
    "/api/v1/sites/{site}/consumption?month=0001-01",
    "/api/v1/sites/{site}/consumption?month=9999-12",
    "/api/v1/sites/{site}/meters?cursor=bTk5OTk5OTk5OTk5OTk5OTk5OQ",  # "m999…": beyond any meter id
    "/api/v1/sites/{site}/meters?limit=%C2%B2",
    "/api/v1/sites/%C2%B2",
    "/api/v1/meters/A100/readings?from=9999-12-31",
    "/api/v1/meters/A100/readings?to=0001-01-01",
    "/api/v1/meters/A100/readings?step=month&to=0001-01",
    "/api/v1/meters/A100/consumption?step=hour&from=9999-12-31",
    "/api/v1/meters/A100/consumption?step=hour&from=0001-01-01",
    "/api/v1/meters/A100/consumption?step=day&to=0001-01-01",
    "/api/v1/meters/A100/consumption?step=month&to=0001-01",
    "/api/v1/meters/A100/consumption?step=month&from=1926-01&to=2026-01",
]


async def test_bad_api_input_is_a_json_4xx(world: World) -> None:
    root = await world.staff.get(world.people["root"])
    assert root
    token = (await ApiTokenService(world.clock).issue(root, "Проверка", [], True)).token
    answers: dict[str, tuple[int, Any]] = {}
    async with serve(world) as browser:
        for template in API_PATHS:
            path = template.format(site=world.site)
            response = await browser.client.get(path, headers={"Authorization": f"Bearer {token}"})
            answers[path] = (response.status, (await response.json()).get("error", {}).get("code"))
    failed = {path: answer for path, answer in answers.items() if not 400 <= answer[0] < 500}
    assert failed == {}
    assert answers["/api/v1/meters/A100/readings?to=0001-01-01"] == (400, "invalid_date")
    assert answers[f"/api/v1/sites/{world.site}/consumption?month=9999-12"] == (400, "invalid_month")


async def failed_delivery(world: World, text: str, *, person: int | None = None, chat_id: int | None = None) -> int:
    item_id = await world.outbox.enqueue(OutgoingMessage(text, chat_id=chat_id), person_id=person)
    assert item_id is not None
    await world.outbox.mark_failed(item_id, 8, "Forbidden: bot was blocked by the user")
    return item_id


async def test_outbox_shows_and_retries_only_deliveries_of_the_staffs_sites(world: World) -> None:
    """Outbox rows have no site; a delivery belongs to the sites of its recipient (a binding, a role) or,
    without one, to the site whose operators' chat it went to. Others are for superusers."""
    ours = await resident("Анна Ромашкина", 9001)
    theirs = await resident("Борис Леснов", 9002)
    await Binding.create(person_id=ours, meter_id=world.meters["A100"], status=BindingStatus.ACTIVE)
    await Binding.create(person_id=theirs, meter_id=world.meters["L900"], status=BindingStatus.ACTIVE)
    mine = await failed_delivery(world, "Показания приняты", person=ours, chat_id=9001)
    far = await failed_delivery(world, "Счёт Лесного", person=theirs, chat_id=9002)
    chat = await failed_delivery(world, "Операторам Ромашки", chat_id=-100)
    orphan = await failed_delivery(world, "Без адресата", chat_id=5555)
    async with serve(world, "disp") as browser:
        status, page = await browser.get("/outbox")
        refused, _, _ = await browser.post(f"/outbox/{far}/retry")
        await browser.post("/outbox/retry", FormData([("id", str(far)), ("id", str(orphan)), ("id", str(mine))]))
    async with serve(world, "root") as browser:
        _, everything = await browser.get("/outbox")
    assert status == 200
    assert f'id="delivery-{mine}"' in page
    assert f'id="delivery-{chat}"' in page
    assert "Анна Ромашкина" in page
    assert f'id="delivery-{far}"' not in page
    assert "Борис Леснов" not in page
    assert f'id="delivery-{orphan}"' not in page
    assert refused == 303
    statuses = {item: OutboxStatus((await OutboxMessage.get(id=item)).status) for item in (mine, far, orphan)}
    assert statuses == {mine: OutboxStatus.PENDING, far: OutboxStatus.FAILED, orphan: OutboxStatus.FAILED}
    retried = await audit.latest(action_prefix="outbox.retry")
    assert [entry.object_id for entry in retried] == [str(mine)]
    assert all(f'id="delivery-{item}"' in everything for item in (far, orphan, chat))


async def test_staff_of_a_site_see_deliveries_to_its_staff(world: World) -> None:
    engineer = world.people["eng"]
    await StaffRole.filter(person_id=engineer).update(role=Role.ENGINEER)
    item = await failed_delivery(world, "Заявка назначена", person=engineer, chat_id=9100)
    async with serve(world, "admin") as browser:
        _, page = await browser.get("/outbox")
    async with serve(world, "other") as browser:
        _, other = await browser.get("/outbox")
    assert f'id="delivery-{item}"' in page
    assert f'id="delivery-{item}"' not in other


async def test_nothing_under_api_answers_to_the_session_cookie(world: World) -> None:
    """/api/ skips the CSRF check, so no route there may accept the session: a signed-in browser without a
    bearer token gets 401 from every one of them, whatever the method."""
    app = build_app(world)
    api_routes = [
        (route.method, route.resource.canonical)
        for route in app.router.routes()
        if route.resource is not None and route.resource.canonical.startswith("/api/") and route.method != "*"
    ]
    assert api_routes
    async with serve(world, "root") as browser:
        for method, canonical in api_routes:
            path = canonical.replace("{site}", str(world.site)).replace("{serial}", "A101")
            response = await browser.client.request(method, path, json={"t1": "1"}, allow_redirects=False)
            assert response.status == 401, (method, path)
            assert response.content_type == "application/json"
    assert await OutboxMessage.filter(channel=Channel.TELEGRAM).count() == 0
