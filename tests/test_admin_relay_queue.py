"""Relay restrictions in the admin web: the journal with filters and its CSV, a restriction's page with
plan, steps and commands, and execute / postpone / cancel behind a confirmation, through the same
RestrictionService (checks, audit, notices) as the operators' chat; readers and strangers change nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from handlers.operator.restriction_texts import RestrictionNoticeRenderer
from services import audit
from services.db.models import Restriction
from services.enums import RelayAction, RestrictionReason, RestrictionState
from services.relay import CommandDTO, RelayService
from services.restriction_form import RestrictionForm
from services.restrictions import RestrictionService
from tests.admin_harness import World, _fast_hashing, make_world, serve

__all__ = ["_fast_hashing"]

TODAY = date(2026, 11, 23)


class Publisher:
    def __init__(self) -> None:
        self.published: list[CommandDTO] = []

    async def publish(self, command: CommandDTO) -> None:
        self.published.append(command)


@pytest.fixture
async def world(db: str) -> World:
    return await make_world()


def make_service(world: World, *, with_relay: bool = True) -> RestrictionService:
    relay = RelayService(world.clock, Publisher()) if with_relay else None
    return RestrictionService(world.clock, world.outbox, RestrictionNoticeRenderer("ru"), relay)


async def awaiting(service: RestrictionService, world: World, serial: str = "A100", actor: str = "chair") -> int:
    """A debt restriction whose notice went out and whose control date (today) has come."""
    form = RestrictionForm(
        world.meters[serial],
        RelayAction.OFF,
        RestrictionReason.DEBT,
        debt_amount=Decimal("1500.50"),
        notify_resident=True,
        notice_on=TODAY,
        control_on=TODAY,
    )
    planned = await service.plan(form, world.people[actor], "test")
    assert planned.state is RestrictionState.AWAITING_EXECUTION
    return planned.id


async def state_of(restriction_id: int) -> RestrictionState:
    return RestrictionState((await Restriction.get(id=restriction_id)).state)


async def test_the_journal_lists_the_sites_restrictions_with_filters_and_csv(world: World) -> None:
    service = make_service(world)
    mine = await awaiting(service, world)
    far = await awaiting(service, world, "L900", "other")
    async with serve(world, "reader", restrictions=service) as browser:
        status, page = await browser.get(f"/sites/{world.site}/restrictions")
        _, done = await browser.get(f"/sites/{world.site}/restrictions?state=done")
        _, plot2 = await browser.get(f"/sites/{world.site}/restrictions?plot=2")
        _, plot1 = await browser.get(f"/sites/{world.site}/restrictions?plot=1")
        response = await browser.client.get(f"/sites/{world.site}/restrictions.csv")
        csv = (await response.read()).decode("utf-8-sig")
    assert status == 200
    assert f'id="restriction-{mine}"' in page
    assert f'id="restriction-{far}"' not in page
    assert "1\xa0500,5" in page
    assert "ожидает исполнения" in page
    assert "23.11.2026" in page
    assert f'id="restriction-{mine}"' not in done
    assert f'id="restriction-{mine}"' not in plot2
    assert f'id="restriction-{mine}"' in plot1
    assert response.status == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert "Участок" in csv
    assert "A100" in csv
    assert "L900" not in csv


async def test_execute_after_a_confirmation(world: World) -> None:
    service = make_service(world)
    restriction_id = await awaiting(service, world)
    base = f"/sites/{world.site}/restrictions/{restriction_id}"
    async with serve(world, "disp", restrictions=service) as browser:
        _, page = await browser.get(base)
        _, confirm = await browser.get(f"{base}?confirm=execute")
        assert await state_of(restriction_id) is RestrictionState.AWAITING_EXECUTION
        status, location, _ = await browser.post(f"{base}/execute")
        after = await browser.follow(location)
        _, location, _ = await browser.post(f"{base}/execute")
        again = await browser.follow(location)
    assert 'id="ask-execute"' in page
    assert 'id="ask-postpone"' in page
    assert 'id="ask-cancel"' in page
    assert 'class="actions confirm-form"' not in page
    assert 'id="confirm-execute"' in confirm
    assert (status, location) == (303, base)
    assert await state_of(restriction_id) is RestrictionState.EXECUTING
    assert "Команда отдана: прибор A100." in after
    assert 'class="command"' in after
    assert "в очереди, ждёт связи со счётчиком" in after
    assert "Ничего не изменилось: ограничение сейчас в состоянии «выполняется»." in again
    [entry] = await audit.latest(action_prefix="restriction.execute")
    assert (entry.actor_id, entry.allowed) == (world.people["disp"], True)


async def test_postpone_and_cancel(world: World) -> None:
    service = make_service(world)
    first = await awaiting(service, world)
    async with serve(world, "admin", restrictions=service) as browser:
        _, confirm = await browser.get(f"/sites/{world.site}/restrictions/{first}?confirm=postpone")
        _, location, _ = await browser.post(f"/sites/{world.site}/restrictions/{first}/postpone", {"days": "5"})
        wrong = await browser.follow(location)
        _, location, _ = await browser.post(f"/sites/{world.site}/restrictions/{first}/postpone", {"days": "3"})
        postponed = await browser.follow(location)
        _, location, _ = await browser.post(f"/sites/{world.site}/restrictions/{first}/cancel")
        cancelled = await browser.follow(location)
    assert 'name="days"' in confirm
    assert "Выберите, на сколько дней отложить." in wrong
    assert "Отложено до 26.11.2026" in postponed
    assert "Ограничение отменено: прибор A100." in cancelled
    row = await Restriction.get(id=first)
    assert (row.state, row.control_on) == (RestrictionState.CANCELLED, date(2026, 11, 26))
    assert "ask-cancel" not in cancelled
    assert "отложено" in cancelled  # the step in the history


async def test_without_mqtt_execute_says_so(world: World) -> None:
    service = make_service(world, with_relay=False)
    restriction_id = await awaiting(service, world)
    async with serve(world, "chair", restrictions=service) as browser:
        _, location, _ = await browser.post(f"/sites/{world.site}/restrictions/{restriction_id}/execute")
        page = await browser.follow(location)
    assert "нет связи с MQTT" in page
    assert await state_of(restriction_id) is RestrictionState.AWAITING_EXECUTION


async def test_readers_engineers_and_other_sites_change_nothing(world: World) -> None:
    service = make_service(world)
    restriction_id = await awaiting(service, world)
    far = await awaiting(service, world, "L900", "other")
    base = f"/sites/{world.site}/restrictions/{restriction_id}"
    async with serve(world, "reader", restrictions=service) as browser:
        _, page = await browser.get(f"{base}?confirm=execute")
        reader = [
            (await browser.post(f"{base}/{action}", {"days": "3"}))[0] for action in ("execute", "postpone", "cancel")
        ]
    async with serve(world, "eng", restrictions=service) as browser:
        engineer_page, _ = await browser.get(base)
        engineer, _, _ = await browser.post(f"{base}/execute")
    async with serve(world, "other", restrictions=service) as browser:
        other_page, _ = await browser.get(f"/sites/{world.site}/restrictions")
        other, _, _ = await browser.post(f"{base}/cancel")
        crossed, _, _ = await browser.post(f"/sites/{world.other_site}/restrictions/{restriction_id}/cancel")
        own, _, _ = await browser.post(f"/sites/{world.other_site}/restrictions/{far}/cancel")
    async with serve(world, "chair", restrictions=service) as browser:
        forged, _, body = await browser.post(f"{base}/cancel", token="forged")
        missing, _ = await browser.get(f"/sites/{world.site}/restrictions/999999")
        wrong, _, _ = await browser.post(f"{base}/explode")
    assert "ask-execute" not in page
    assert "confirm-form" not in page
    assert reader == [403, 403, 403]
    assert (engineer_page, engineer, other_page, other, crossed, own) == (403, 403, 403, 403, 404, 303)
    assert (forged, missing, wrong) == (403, 404, 404)
    assert "Форма устарела" in body
    assert await state_of(restriction_id) is RestrictionState.AWAITING_EXECUTION
    assert await state_of(far) is RestrictionState.CANCELLED
    assert len(await audit.latest(action_prefix="access.denied")) == 7


async def test_without_the_service_the_page_says_so(world: World) -> None:
    async with serve(world, "chair") as browser:
        _, page = await browser.get(f"/sites/{world.site}/restrictions")
        status, _, _ = await browser.post(f"/sites/{world.site}/restrictions/1/cancel")
    assert 'id="relay-unavailable"' in page
    assert status == 503
