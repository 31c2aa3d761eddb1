"""``/metrics``: the Prometheus text format with ingestion counters, the outbox, open alerts, relay commands
by state and request latencies; a bearer token when configured, else loopback clients only."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from prometheus_client.parser import text_string_to_metric_families

from admin_web.metrics import scrape_allowed
from services.db.models import Alert, OutboxMessage, RelayCommand
from services.enums import AlertState, CommandState, EventClass, OutboxStatus, RelayAction, Severity
from services.ingest import IngestStats
from tests.admin_harness import T0, World, _fast_hashing, make_world, serve

__all__ = ["_fast_hashing"]

STATS = IngestStats(
    received=120, ingested=100, quarantined=7, unknown=13, dropped=0, pending=2, flushes=9, failed_flushes=1
)


@pytest.fixture
async def world(db: str) -> World:
    return await make_world()


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found: dict[tuple[str, tuple[tuple[str, str], ...]], float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


async def seed_operations(world: World) -> None:
    meter = world.meters["A100"]
    for n, state in enumerate((AlertState.ACTIVE, AlertState.ACKNOWLEDGED, AlertState.CLEARED)):
        await Alert.create(
            meter_id=meter,
            kind=f"k{n}",
            event_class=EventClass.TAMPER,
            severity=Severity.ALARM,
            state=state,
            first_at=T0,
            last_at=T0,
        )
    for state in (CommandState.QUEUED, CommandState.CONFIRMED, CommandState.CONFIRMED, CommandState.TIMEOUT):
        await RelayCommand.create(id=uuid.uuid4(), meter_id=meter, action=RelayAction.OFF, state=state)
    for status in (OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.SENT, OutboxStatus.FAILED):
        await OutboxMessage.create(chat_id=1, status=status, payload={"text": "x"})


async def test_metrics_in_the_prometheus_format(world: World) -> None:
    await seed_operations(world)
    current = {"stats": STATS}
    async with serve(world, ingest_stats=lambda: current["stats"]) as browser:
        await browser.get("/login")
        await browser.get(f"/sites/{world.site}/meters/1")
        response = await browser.client.get("/metrics")
        text = await response.text()
        current["stats"] = replace(STATS, ingested=101)
        again = samples(await (await browser.client.get("/metrics")).text())
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    found = samples(text)
    assert found[("meterbot_mqtt_messages_ingested_total", ())] == 100
    assert found[("meterbot_mqtt_messages_quarantined_total", ())] == 7
    assert found[("meterbot_mqtt_messages_unknown_total", ())] == 13
    assert found[("meterbot_ingest_pending", ())] == 2
    assert found[("meterbot_outbox_pending", ())] == 2
    assert found[("meterbot_outbox_failed", ())] == 1
    assert found[("meterbot_alerts_open", ())] == 2
    assert found[("meterbot_relay_commands", (("state", "confirmed"),))] == 2
    assert found[("meterbot_relay_commands", (("state", "queued"),))] == 1
    assert found[("meterbot_relay_commands", (("state", "cancelled"),))] == 0
    assert found[("meterbot_metrics_database_ok", ())] == 1
    login_count = ("meterbot_http_request_duration_seconds_count", (("method", "GET"), ("route", "/login")))
    assert found[login_count] == 1
    # ids never make new series: the route's pattern is the label
    meter_route = (("method", "GET"), ("route", "/sites/{site_id}/meters/{meter_id}"))
    assert found[("meterbot_http_request_duration_seconds_count", meter_route)] == 1
    assert ("meterbot_http_requests_total", (("method", "GET"), ("route", "/login"), ("status", "200"))) in found
    assert again[("meterbot_mqtt_messages_ingested_total", ())] == 101


async def test_without_an_ingest_provider_the_rest_is_still_exported(world: World) -> None:
    async with serve(world) as browser:
        text = await (await browser.client.get("/metrics")).text()
    assert "meterbot_outbox_pending 0.0" in text
    assert "meterbot_mqtt_messages_ingested" not in text


async def test_a_token_is_required_when_configured(world: World) -> None:
    async with serve(world, metrics_token="s3cret-token") as browser:
        anonymous = await browser.client.get("/metrics")
        wrong = await browser.client.get("/metrics", headers={"Authorization": "Bearer nope"})
        right = await browser.client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"})
        body = await right.text()
    assert (anonymous.status, wrong.status, right.status) == (401, 401, 200)
    assert anonymous.headers["WWW-Authenticate"] == "Bearer"
    assert "meterbot_outbox_pending" in body


def test_who_may_scrape() -> None:
    assert scrape_allowed("127.0.0.1", None, None)
    assert scrape_allowed("::1", None, None)
    assert not scrape_allowed("192.0.2.10", None, None)
    assert not scrape_allowed(None, None, None)
    assert not scrape_allowed("garbage", None, None)
    assert scrape_allowed("192.0.2.10", "Bearer t0ken", "t0ken")
    assert scrape_allowed("192.0.2.10", "bearer t0ken", "t0ken")
    assert not scrape_allowed("127.0.0.1", None, "t0ken")  # with a token, loopback needs it too
    assert not scrape_allowed("127.0.0.1", "Basic t0ken", "t0ken")


async def test_a_database_failure_still_answers(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from services.ops_metrics import OpsMetricsService

    async def broken(self: OpsMetricsService) -> None:
        raise ConnectionError("database is away")

    monkeypatch.setattr(OpsMetricsService, "snapshot", broken)
    async with serve(world, ingest_stats=lambda: STATS) as browser:
        response = await browser.client.get("/metrics")
        text = await response.text()
    assert response.status == 200
    assert "meterbot_metrics_database_ok 0.0" in text
    assert "meterbot_mqtt_messages_ingested_total 100.0" in text
