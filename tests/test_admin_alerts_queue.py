"""The alerts queue in the admin web: the site's live alerts with filters, newest first; acknowledge, take
and clear through the same AlertService (checks, audit) as the operators' chat; only deciders act."""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers.operator.alert_texts import AlertNoticeRenderer
from services import audit
from services.alert_model import OFFLINE, Signal
from services.alerts import AlertService
from services.db.models import Alert
from services.enums import AlertState, EventClass, Severity
from tests.admin_harness import T0, World, _fast_hashing, make_world, serve

__all__ = ["_fast_hashing"]


@pytest.fixture
async def world(db: str) -> World:
    return await make_world()


def make_alerts(world: World) -> AlertService:
    return AlertService(world.clock, world.outbox, AlertNoticeRenderer("ru"))


async def raised(alerts: AlertService, world: World, serial: str, kind: str, severity: Severity, minutes: int) -> int:
    signal = Signal(
        world.meters[serial],
        kind,
        EventClass.TAMPER if kind == "cover_open" else EventClass.OTHER,
        severity,
        T0 - timedelta(minutes=minutes),
        {"code": kind, "text": "Вскрыта крышка" if kind == "cover_open" else ""},
    )
    await alerts.raise_signals([signal])
    row = await Alert.filter(meter_id=world.meters[serial], kind=kind).order_by("-id").first()
    assert row is not None
    return row.id


async def test_the_queue_lists_live_alerts_of_the_site_newest_first(world: World) -> None:
    alerts = make_alerts(world)
    old = await raised(alerts, world, "A100", OFFLINE, Severity.WARNING, 60)
    new = await raised(alerts, world, "A101", "cover_open", Severity.ALARM, 5)
    far = await raised(alerts, world, "L900", "cover_open", Severity.ALARM, 1)
    gone = await raised(alerts, world, "MAIN1", OFFLINE, Severity.WARNING, 30)
    await alerts.clear(gone, world.people["admin"], "test")
    async with serve(world, "reader", alerts=alerts) as browser:
        status, page = await browser.get(f"/sites/{world.site}/alerts")
        _, alarms = await browser.get(f"/sites/{world.site}/alerts?severity=alarm")
        _, tamper = await browser.get(f"/sites/{world.site}/alerts?class=tamper")
        _, cleared = await browser.get(f"/sites/{world.site}/alerts?state=cleared")
    assert status == 200
    assert page.index(f'id="alert-{new}"') < page.index(f'id="alert-{old}"')
    assert f'id="alert-{far}"' not in page
    assert f'id="alert-{gone}"' not in page
    assert "Вскрыта крышка" in page
    assert "Счётчик молчит" in page
    assert "23.11.2026" in page
    assert "ack-form" not in page  # a reader sees no buttons
    assert f'id="alert-{new}"' in alarms
    assert f'id="alert-{old}"' not in alarms
    assert f'id="alert-{new}"' in tamper
    assert f'id="alert-{old}"' not in tamper
    assert f'id="alert-{gone}"' in cleared
    assert f'id="alert-{new}"' not in cleared


async def test_acknowledge_take_and_clear(world: World) -> None:
    alerts = make_alerts(world)
    alert_id = await raised(alerts, world, "A100", "cover_open", Severity.ALARM, 5)
    base = f"/sites/{world.site}/alerts/{alert_id}"
    async with serve(world, "disp", alerts=alerts) as browser:
        _, page = await browser.get(f"/sites/{world.site}/alerts")
        status, location, _ = await browser.post(f"{base}/acknowledge", {"back": f"/sites/{world.site}/alerts?page=1"})
        acked = await browser.follow(location)
        assert (await Alert.get(id=alert_id)).state == AlertState.ACKNOWLEDGED
        _, location, _ = await browser.post(f"{base}/acknowledge")
        again = await browser.follow(location)
        _, location, _ = await browser.post(f"{base}/assign")
        taken = await browser.follow(location)
        assert (await Alert.get(id=alert_id)).assignee_id == world.people["disp"]  # type: ignore[attr-defined]
        _, location, _ = await browser.post(f"{base}/clear", {"back": "https://evil.example/"})
        cleared = await browser.follow(location)
    assert "ack-form" in page
    assert (status, location) == (303, f"/sites/{world.site}/alerts")
    assert "Тревога по прибору A100 принята." in acked
    assert "ничего не изменилось" in again
    assert "Вы взяли тревогу по прибору A100." in taken
    assert "Тревога по прибору A100 снята." in cleared
    assert (await Alert.get(id=alert_id)).state == AlertState.CLEARED
    actions = [e.action for e in await audit.latest(action_prefix="alert.")]
    assert actions == ["alert.clear", "alert.assign", "alert.acknowledge.noop", "alert.acknowledge"]


async def test_readers_engineers_and_other_sites_change_nothing(world: World) -> None:
    alerts = make_alerts(world)
    alert_id = await raised(alerts, world, "A100", "cover_open", Severity.ALARM, 5)
    far = await raised(alerts, world, "L900", "cover_open", Severity.ALARM, 5)
    statuses = []
    for login in ("reader", "eng", "other"):
        async with serve(world, login, alerts=alerts) as browser:
            for action in ("acknowledge", "assign", "clear"):
                status, _, _ = await browser.post(f"/sites/{world.site}/alerts/{alert_id}/{action}")
                statuses.append(status)
    async with serve(world, "other", alerts=alerts) as browser:
        page, _ = await browser.get(f"/sites/{world.site}/alerts")
        crossed, _, _ = await browser.post(f"/sites/{world.other_site}/alerts/{alert_id}/clear")
        own, _, _ = await browser.post(f"/sites/{world.other_site}/alerts/{far}/acknowledge")
    async with serve(world, "chair", alerts=alerts) as browser:
        forged, _, body = await browser.post(f"/sites/{world.site}/alerts/{alert_id}/clear", token="forged")
        missing, _, _ = await browser.post(f"/sites/{world.site}/alerts/999999/clear")
        wrong, _, _ = await browser.post(f"/sites/{world.site}/alerts/{alert_id}/explode")
    assert statuses == [403] * 9
    assert (page, crossed, own) == (403, 404, 303)
    assert (forged, missing, wrong) == (403, 404, 404)
    assert "Форма устарела" in body
    row = await Alert.get(id=alert_id)
    assert (row.state, row.assignee_id) == (AlertState.ACTIVE, None)  # type: ignore[attr-defined]
    assert len(await audit.latest(action_prefix="access.denied")) == 10


async def test_without_the_alert_service_the_page_says_so(world: World) -> None:
    async with serve(world, "chair") as browser:
        _, page = await browser.get(f"/sites/{world.site}/alerts")
        status, _, _ = await browser.post(f"/sites/{world.site}/alerts/1/clear")
    assert 'id="alerts-unavailable"' in page
    assert status == 503
