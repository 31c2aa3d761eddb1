"""Journals in the admin web: meter events with the seeds' filters and pages, the audit log with its
filters and scope, the quarantine and the unregistered devices."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services import audit
from services.db.models import AuditEntry, MeterEvent, QuarantineEntry, UnknownDevice
from services.enums import EventClass, Protocol, QuarantineSource, Severity
from tests.admin_harness import T0, World, _fast_hashing, make_world, serve

__all__ = ["_fast_hashing"]


@pytest.fixture
async def world(db: str) -> World:
    return await make_world()


async def events(world: World) -> None:
    rows = [
        ("A100", T0 - timedelta(hours=1), "cover_open", EventClass.TAMPER, Severity.ALARM),
        ("A101", T0 - timedelta(days=2), "voltage_high", EventClass.THRESHOLD, Severity.WARNING),
        ("MAIN1", T0 - timedelta(days=3), "clock_set", EventClass.OTHER, Severity.INFO),
        ("A100", T0 - timedelta(days=60), "reset", EventClass.INTEGRITY, Severity.ALARM),
        ("L900", T0, "far_event", EventClass.TAMPER, Severity.ALARM),
    ]
    for serial, ts, code, event_class, severity in rows:
        await MeterEvent.create(
            meter_id=world.meters[serial], ts=ts, code=code, event_class=event_class, severity=severity
        )


async def test_event_journal_filters(world: World) -> None:
    await events(world)
    base = f"/sites/{world.site}/events"
    cases = {
        "": {"cover_open", "voltage_high", "clock_set"},  # the last 30 days by default
        "?from=&to=": {"cover_open", "voltage_high", "clock_set", "reset"},
        "?from=2026-09-01&to=2026-09-30": {"reset"},
        "?from=2026-11-20&to=20.11.2026": {"clock_set"},  # one local day, typed either way
        "?kind=main": {"clock_set"},
        "?kind=individual&from=": {"cover_open", "voltage_high", "reset"},
        "?class=tamper": {"cover_open"},
        "?severity=alarm&from=": {"cover_open", "reset"},
        "?plot=1": {"cover_open", "voltage_high"},
        f"?meter={world.meters['A101']}": {"voltage_high"},
        f"?meter={world.meters['L900']}&from=": set(),  # another site's meter is not here
    }
    async with serve(world, "reader") as browser:
        for query, expected in cases.items():
            status, page = await browser.get(base + query)
            assert status == 200, query
            shown = {code for code in ("cover_open", "voltage_high", "clock_set", "reset", "far_event") if code in page}
            assert shown == expected, query
        _, page = await browser.get(base)
    assert "23.11.2026 11:00" in page  # Moscow time
    assert "Вмешательство" in page
    assert "Аварийное" in page
    assert "Нарушение границы параметра" in page
    assert 'value="2026-10-25"' in page  # the default period's start in the form


async def test_event_journal_pages_and_access(world: World) -> None:
    await MeterEvent.bulk_create(
        [MeterEvent(meter_id=world.meters["A100"], ts=T0 - timedelta(minutes=n), code=f"e{n:03d}") for n in range(55)]
    )
    async with serve(world, "eng") as browser:
        _, first = await browser.get(f"/sites/{world.site}/events")
        _, second = await browser.get(f"/sites/{world.site}/events?page=2")
    async with serve(world, "other") as browser:
        refused, _ = await browser.get(f"/sites/{world.site}/events")
    assert "Найдено: 55" in first
    assert "e000" in first
    assert "e049" in first
    assert "e050" not in first
    assert "e050" in second
    assert "e054" in second
    assert "e000" not in second
    assert refused == 403


async def test_the_audit_log_filters_and_scope(world: World) -> None:
    await audit.record("staff.block", actor_id=world.people["admin"], site_id=world.site, object_id="7")
    await audit.record("site.update", actor_id=world.people["admin"], site_id=world.site)
    await audit.record("site.update", actor_id=world.people["other"], site_id=world.other_site)
    await audit.record(
        "access.denied", actor_id=world.people["reader"], site_id=world.site, allowed=False, origin="10.0.0.5"
    )
    await AuditEntry.filter(action="site.update", site_id=world.site).update(at=T0 - timedelta(days=40))
    async with serve(world, "admin") as browser:
        _, page = await browser.get("/audit")
        _, staff_only = await browser.get("/audit?action=staff")
        _, by_actor = await browser.get("/audit?actor=reader")
        _, denied = await browser.get("/audit?denied=1")
        _, recent = await browser.get("/audit?from=2026-11-01")
        forbidden, _ = await browser.get(f"/audit?site={world.other_site}")
    assert "staff.block" in page
    assert "site.update" in page
    assert "access.denied" in page
    assert "Other Staff" not in page  # another site's entries are not shown
    assert "staff.block" in staff_only
    assert "site.update" not in staff_only
    assert "access.denied" in by_actor
    assert "staff.block" not in by_actor
    assert "10.0.0.5" in denied
    assert "staff.block" not in denied
    assert "отказано" in denied
    assert "staff.block" in recent
    assert "site.update" not in recent
    assert forbidden == 403
    async with serve(world, "root") as browser:
        _, everything = await browser.get("/audit?actor=other")
    assert "site.update" in everything
    assert "СНТ «Лесное»" in everything


async def test_the_audit_log_is_for_administrators_and_chairmen(world: World) -> None:
    for login, expected in (("chair", 200), ("admin", 200), ("disp", 403), ("eng", 403), ("reader", 403)):
        async with serve(world, login) as browser:
            status, _ = await browser.get("/audit")
        assert status == expected, login


async def test_the_quarantine_and_unknown_devices(world: World) -> None:
    await QuarantineEntry.create(
        source=QuarantineSource.MQTT, topic="meterbot/X1/telemetry", payload='{"t1": "abc"}', reason="bad_number: t1"
    )
    await QuarantineEntry.create(source=QuarantineSource.CSV, topic="meters.csv:4", payload="X;;", reason="bad_imei")
    await UnknownDevice.create(
        protocol=Protocol.TASMOTA,
        topic_id="tasmota_ABC123",
        first_seen_at=T0 - timedelta(days=1),
        last_seen_at=T0,
        messages=42,
        last_payload='{"ENERGY": {}}',
    )
    async with serve(world, "eng") as browser:
        status, page = await browser.get("/quarantine")
        _, mqtt = await browser.get("/quarantine?source=mqtt")
        _, searched = await browser.get("/quarantine?search=imei")
        _, devices = await browser.get("/quarantine/devices")
        _, shelly = await browser.get("/quarantine/devices?protocol=shelly")
    assert status == 200
    assert "meterbot/X1/telemetry" in page
    assert "bad_number: t1" in page
    assert "{&#34;t1&#34;: &#34;abc&#34;}" in page
    assert "meters.csv:4" in page
    assert "meters.csv:4" not in mqtt
    assert "meters.csv:4" in searched
    assert "meterbot/X1" not in searched
    assert "tasmota_ABC123" in devices
    assert "42" in devices
    assert "23.11.2026 12:00" in devices
    assert "tasmota_ABC123" not in shelly
    async with serve(world) as browser:
        signed_out, _ = await browser.get("/quarantine")
    assert signed_out == 303
