"""From a meter event published on MQTT to the alert's sendMessage: the real broker (embedded or Mosquitto),
listener, ingestion with its after-flush hook, alert service, outbox and delivery worker, against a Bot
API-compatible HTTP server. Then the meter's telemetry clears its offline alert through the same hook."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import pytest

from bot.notifier import TelegramNotifier
from bot.telegram import create_bot
from handlers.operator.alert_texts import AlertNoticeRenderer
from handlers.operator.alerts import TelegramAlertEditor
from meters.connection import Backoff, Endpoint
from meters.listener import MqttListener
from meters.topics import default_router
from services.alert_model import OFFLINE, Signal
from services.alerts import AlertService
from services.clock import SystemClock
from services.consumption import ConsumptionService
from services.db.models import Alert, Meter, Site
from services.enums import AlertState, EventClass, Severity
from services.health import HealthRegistry
from services.ingest import DeviceMessage, EventIn, IngestService
from services.ingest_hooks import AfterFlush
from services.outbox import DeliveryWorker, OutboxService
from tests.fakes.botapi_server import FakeBotAPI
from tests.fakes.telegram import TEST_TOKEN

GROUP = -100777
TIMEOUT = 10.0


def fast_lane(ingest: IngestService, alerts: AlertService) -> None:
    """Every event ingestion accepts goes to the alerts at once, from the listener's socket callback (what
    an ``on_event`` hook of IngestService is to do)."""
    accept = ingest.accept

    def accept_and_alert(item: DeviceMessage) -> bool:
        kept = accept(item)
        if isinstance(item, EventIn):
            alerts.take_event(item)
        return kept

    ingest.accept = accept_and_alert  # type: ignore[method-assign]


@asynccontextmanager
async def running(mqtt_url: str, prefix: str, api: FakeBotAPI, *, fast: bool = False) -> AsyncIterator[AlertService]:
    """meterbot's alert path, as bot/app.py wires it."""
    clock = SystemClock()
    bot = create_bot(TEST_TOKEN, api.url)
    outbox = OutboxService(clock)
    alerts = AlertService(clock, outbox, AlertNoticeRenderer("ru"), editor=TelegramAlertEditor(bot))
    ingest = IngestService(
        clock, batch_size=100, flush_interval=0.02, on_flush=AfterFlush(ConsumptionService(clock), alerts=alerts)
    )
    if fast:
        fast_lane(ingest, alerts)
    worker = DeliveryWorker(outbox, TelegramNotifier(bot), None, poll_interval=0.5)
    alerts.wake_delivery_with(worker.wakeup.set)
    listener = MqttListener(
        mqtt_url,
        f"{prefix}-listener",
        ingest,
        HealthRegistry(),
        router=default_router(prefix),
        backoff=Backoff(initial=0.05, cap=0.2),
    )
    stop = asyncio.Event()
    tasks = [
        asyncio.create_task(c)
        for c in (listener.run(stop), ingest.run_flusher(stop), worker.run(stop), alerts.run(stop))
    ]
    try:
        await asyncio.wait_for(listener.connected.wait(), TIMEOUT)
        yield alerts
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), TIMEOUT)
        await bot.session.close()


async def publish(mqtt_url: str, topic: str, payload: dict[str, object]) -> None:
    async with Endpoint.from_url(mqtt_url).client(f"pub-{uuid.uuid4().hex[:10]}") as client:
        await client.publish(topic, json.dumps(payload), qos=1)


def stamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


@pytest.mark.parametrize("fast", [False, True], ids=["through-the-flush", "fast-lane"])
async def test_an_event_on_mqtt_reaches_the_operators_chat_and_data_clears_offline(
    db: str, mqtt_url: str, fast: bool, caplog: pytest.LogCaptureFixture
) -> None:
    prefix = f"mba{uuid.uuid4().hex[:10]}"
    site = await Site.create(slug="s-mqtt", name="СНТ «Луч»", operators_chat_id=GROUP)
    meter = await Meter.create(site=site, serial="MQ-1", topic_id="MQ-1", model="Нева")
    now = datetime.now(UTC).replace(microsecond=0)

    async with FakeBotAPI() as api, running(mqtt_url, prefix, api, fast=fast) as alerts:
        offline = await alerts.raise_signals(
            [Signal(meter.id, OFFLINE, EventClass.OTHER, Severity.WARNING, now, {"silence_minutes": 30})]
        )
        await api.wait_for("sendMessage", lambda r: "Счётчик не на связи" in r.text, timeout=TIMEOUT)

        await publish(
            mqtt_url,
            f"{prefix}/MQ-1/event",
            {"ts": stamp(now), "code": "magnet", "class": "tamper", "severity": "alarm", "text": "Magnetic field"},
        )
        post = await api.wait_for("sendMessage", lambda r: "Magnetic field (magnet)" in r.text, timeout=TIMEOUT)
        assert post.chat_id == GROUP
        assert post.text.startswith("<b>🔴 Тревога · Вмешательство</b>")
        alert = await Alert.get(kind="magnet")
        assert (alert.state, alert.count) == (AlertState.ACTIVE, 1)  # the flush did not count it again

        await publish(
            mqtt_url,
            f"{prefix}/MQ-1/telemetry",
            {"ts": stamp(now + timedelta(seconds=1)), "registers": {"t1": 10.5, "t2": 2.5}},
        )
        edit = await api.wait_for("editMessageText", lambda r: "снова на связи" in r.text, timeout=TIMEOUT)
        assert edit.chat_id == GROUP
        assert (await Alert.get(id=offline.created[0])).state == AlertState.CLEARED
        assert (await Alert.get(kind="magnet")).count == 1
        assert len(api.of("sendMessage")) == 2
    assert not [r for r in caplog.records if r.name.startswith("services.alert")]  # no lane failed
