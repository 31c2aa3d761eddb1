"""Events reach the alerts before their flush, and on an MQTT connection of their own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from meters.topics import MessageKind, default_router, split_router
from services.clock import FixedClock
from services.enums import EventClass, Severity
from services.errors import InvalidInput
from services.ingest import EventIn, IngestService, TelemetryIn

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_a_checked_event_is_handed_over_at_once_and_still_buffered_for_its_flush() -> None:
    seen: list[EventIn] = []
    ingest = IngestService(FixedClock(NOW), on_event=seen.append)
    event = EventIn("A", NOW, "magnet", EventClass.TAMPER, Severity.ALARM, "x" * 5000)

    assert ingest.accept(event)

    assert len(seen) == 1
    assert seen[0].code == "magnet"
    assert len(seen[0].text) < 5000  # what the lane gets has passed the checks (text cut)
    assert ingest.stats().pending == 1


def test_a_rejected_event_and_telemetry_are_not_handed_over() -> None:
    seen: list[EventIn] = []
    ingest = IngestService(FixedClock(NOW), on_event=seen.append)
    far_future = NOW + timedelta(days=30)

    with pytest.raises(InvalidInput):
        ingest.accept(EventIn("A", far_future, "magnet", EventClass.TAMPER, Severity.ALARM))
    ingest.accept(TelemetryIn("A", NOW, {"t1": Decimal(1)}))

    assert seen == []


def test_events_get_their_own_subscriptions_and_nothing_is_lost_or_doubled() -> None:
    everything = default_router()
    rest, events = split_router(everything, {MessageKind.EVENT})

    assert {rule.kind for rule in events.rules} == {MessageKind.EVENT}
    assert MessageKind.EVENT not in {rule.kind for rule in rest.rules}
    assert set(rest.subscriptions).isdisjoint(events.subscriptions)
    assert sorted(rest.rules + events.rules, key=everything.rules.index) == list(everything.rules)
    assert events.route("meterbot/0123456789/event") is not None
    assert rest.route("meterbot/0123456789/event") is None
