"""IngestService without MQTT: batching, the report to later stages, and what the database refuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from tortoise import connections

from services import db as database
from services.clock import FixedClock
from services.db.models import Meter, QuarantineEntry, Reading, Site, UnknownDevice
from services.enums import EventClass, Protocol, Severity
from services.errors import InvalidInput
from services.ingest import EventIn, FlushReport, IngestService, StatusIn, TelemetryIn

NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)


@pytest.fixture
async def site(db: str) -> Site:
    return await Site.create(slug="s", name="S")


def reading(serial: str, minutes_ago: int, t1: int = 1) -> TelemetryIn:
    return TelemetryIn(serial, NOW - timedelta(minutes=minutes_ago), {"t1": Decimal(t1)}, raw=b"{...}")


async def test_one_flush_writes_the_batch_and_reports_it(site: Site) -> None:
    one = await Meter.create(site=site, serial="A", topic_id="A")
    two = await Meter.create(site=site, serial="B-serial", topic_id="b-topic", protocol=Protocol.TASMOTA)
    reports: list[FlushReport] = []

    async def keep(report: FlushReport) -> None:
        reports.append(report)

    ingest = IngestService(FixedClock(NOW), on_flush=keep)
    for minutes in (5, 30, 10):
        await ingest.submit_telemetry(reading("A", minutes))
    await ingest.submit_telemetry(reading("B-serial", 1))  # a native message may name any meter's serial
    await ingest.submit_telemetry(TelemetryIn("b-topic", NOW, {"t1": Decimal(2)}, protocol=Protocol.TASMOTA))
    await ingest.submit_event(EventIn("A", NOW, "magnet", EventClass.TAMPER, Severity.ALARM))
    await ingest.submit_status(StatusIn("A", online=False))
    assert ingest.stats().pending == 7
    assert await ingest.flush()

    (report,) = reports
    assert report.readings_from == {one.id: NOW - timedelta(minutes=30), two.id: NOW - timedelta(minutes=1)}
    assert [(meter_id, e.code) for meter_id, e in report.events] == [(one.id, "magnet")]
    assert report.online == {one.id: False, two.id: True}
    assert await Reading.filter(meter_id=two.id).count() == 2
    stats = ingest.stats()
    assert (stats.ingested, stats.pending, stats.flushes, stats.failed_flushes) == (7, 0, 1, 0)
    a = await Meter.get(id=one.id)
    assert (a.online, a.last_seen_at) == (False, NOW)


async def test_rows_the_database_refuses_go_to_quarantine_and_the_rest_is_written(site: Site) -> None:
    doomed = await Meter.create(site=site, serial="GONE", topic_id="GONE")
    await Meter.create(site=site, serial="OK", topic_id="OK")
    ingest = IngestService(FixedClock(NOW))
    await ingest.submit_telemetry(reading("GONE", 10))
    assert await ingest.flush()  # the directory now remembers GONE's id
    await doomed.delete()
    await ingest.submit_telemetry(reading("GONE", 5))
    await ingest.submit_telemetry(reading("OK", 5))
    assert await ingest.flush()

    assert await Reading.filter(meter__serial="OK").count() == 1
    entry = await QuarantineEntry.get()
    assert entry.reason.startswith("db_rejected: ")
    assert (entry.topic, entry.payload) == ("native:GONE (telemetry)", "{...}")
    assert ingest.stats().failed_flushes == 1
    assert ingest.stats().quarantined == 1


async def test_a_refused_first_flush_of_a_connection_leaves_the_next_ones_working(db: str, site: Site) -> None:
    """PostgreSQL's staging tables are made by a connection's first flush; when that transaction is
    rolled back they go with it, and the next flush must make them again."""
    if database.is_sqlite(db):
        pytest.skip("staging tables are PostgreSQL's")
    doomed = await Meter.create(site=site, serial="GONE", topic_id="GONE")
    await Meter.create(site=site, serial="OK", topic_id="OK")
    ingest = IngestService(FixedClock(NOW))
    await ingest.submit_telemetry(reading("GONE", 10))
    assert await ingest.flush()
    await doomed.delete()
    await connections.get("default").close()  # new connections from here on: no staging tables yet
    await ingest.submit_telemetry(reading("GONE", 5))
    await ingest.submit_telemetry(reading("OK", 5))
    assert await ingest.flush()
    await ingest.submit_telemetry(reading("OK", 4))
    assert await ingest.flush()

    assert await Reading.filter(meter__serial="OK").count() == 2
    assert await QuarantineEntry.all().values_list("topic", flat=True) == ["native:GONE (telemetry)"]


async def test_invalid_input_is_refused_before_buffering(site: Site) -> None:
    ingest = IngestService(FixedClock(NOW))
    with pytest.raises(InvalidInput, match="negative_value"):
        await ingest.submit_telemetry(TelemetryIn("A", NOW, {"t1": Decimal(-1)}))
    assert ingest.stats().received == 0


async def test_a_full_buffer_drops_and_counts(site: Site) -> None:
    ingest = IngestService(FixedClock(NOW), max_pending=2)
    for minutes in (1, 2, 3):
        await ingest.submit_telemetry(reading("A", minutes))
    assert (ingest.stats().pending, ingest.stats().dropped) == (2, 1)


async def test_a_meter_registered_later_is_found_after_forget(site: Site) -> None:
    ingest = IngestService(FixedClock(NOW))
    await ingest.submit_telemetry(reading("LATE", 2))
    await ingest.flush()
    assert (await UnknownDevice.get(topic_id="LATE")).messages == 1
    meter = await Meter.create(site=site, serial="LATE", topic_id="LATE")
    ingest.forget_meters()
    await ingest.submit_telemetry(reading("LATE", 1))
    await ingest.flush()
    assert await Reading.filter(meter_id=meter.id).count() == 1
    assert ingest.stats().unknown == 1
