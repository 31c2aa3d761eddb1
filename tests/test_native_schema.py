"""The native MQTT schema, topic routing and the input checks, without a broker or a database."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from meters.connection import Backoff, Endpoint
from meters.native import (
    encode_event,
    encode_relay_set,
    encode_telemetry,
    parse_event,
    parse_relay_state,
    parse_status,
    parse_telemetry,
)
from meters.topics import MessageKind, Route, TopicRule, default_router, native_topic
from services.enums import EventClass, Protocol, RelayState, Severity
from services.errors import InvalidInput
from services.ingest import ReadingFlag, TelemetryIn
from services.ingest_model import check_telemetry, printable_payload

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_router_routes_native_topics() -> None:
    router = default_router("meterbot")
    assert router.subscriptions[:4] == (
        "meterbot/+/telemetry",
        "meterbot/+/event",
        "meterbot/+/status",
        "meterbot/+/relay/state",
    )
    assert router.route("meterbot/0123/telemetry") == Route(Protocol.NATIVE, "0123", MessageKind.TELEMETRY)
    assert router.route("meterbot/0123/relay/state") == Route(Protocol.NATIVE, "0123", MessageKind.RELAY_STATE)
    for topic in (
        "meterbot/0123/relay/set",
        "meterbot//telemetry",
        "other/0123/telemetry",
        "meterbot/telemetry",
    ):
        assert router.route(topic) is None
    assert native_topic("X1", MessageKind.RELAY_SET) == "meterbot/X1/relay/set"


def test_a_rule_needs_one_device_level() -> None:
    for bad in ("meterbot/telemetry", "meterbot/+/+/x", "meterbot/#"):
        with pytest.raises(ValueError, match="exactly one"):
            TopicRule(Protocol.NATIVE, bad, MessageKind.TELEMETRY)


def test_telemetry_round_trip_keeps_registers_exact() -> None:
    payload = encode_telemetry(
        NOW,
        {"t1": Decimal("1234.567"), "t2": Decimal("0.001")},
        power_w=1520.56,
        voltage=[229.81, 230.04, 231.2],
        current=[1.234, 2.0, 3.5],
        frequency_hz=50.0123,
        flags=["clock_unsynced"],
    )
    item = parse_telemetry("M1", payload)
    assert item.ts == NOW
    assert item.registers == {"t1": Decimal("1234.567"), "t2": Decimal("0.001")}
    assert (item.power_w, item.voltage, item.current) == (1520.6, (229.8, 230.0, 231.2), (1.23, 2.0, 3.5))
    assert item.frequency_hz == 50.012
    assert ReadingFlag.from_names(item.flags) is ReadingFlag.CLOCK_UNSYNCED
    assert item.raw == payload


def test_timestamps_iso_with_offset_or_unix_seconds() -> None:
    iso = parse_telemetry("M", b'{"ts": "2026-11-23T13:00:00+03:00", "registers": {"t1": 1}}')
    unix = parse_telemetry("M", json.dumps({"ts": NOW.timestamp(), "registers": {"t1": 1}}).encode())
    assert iso.ts == unix.ts == NOW
    assert parse_telemetry("M", b'{"ts": 1790000000.5, "voltage": 230}').voltage == (230.0,)


@pytest.mark.parametrize(
    ("payload", "field", "reason"),
    [
        (b"", "payload", "not_json"),
        (b'"text"', "payload", "bad_schema"),
        (b'{"ts": "yesterday", "registers": {}}', "ts", "bad_schema"),
        (b'{"ts": 1e400, "registers": {}}', "ts", "absurd_value"),
        (b'{"ts": 1, "registers": [1]}', "registers", "bad_schema"),
        (b'{"ts": 1, "voltage": []}', "voltage", "bad_schema"),
        (b'{"ts": 1, "current": ["1"]}', "current[0]", "bad_schema"),
        (b'{"ts": 1, "flags": "x"}', "flags", "bad_schema"),
        (b'{"ts": 1, "power": Infinity}', "payload", "not_json"),
    ],
)
def test_malformed_telemetry(payload: bytes, field: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_telemetry("M", payload)
    assert (caught.value.field, caught.value.reason) == (field, reason)


def test_checks_normalise_and_reject() -> None:
    item = TelemetryIn("M", NOW + timedelta(minutes=9), {"t1": Decimal("1.23456"), "t2": Decimal(7)})
    checked = check_telemetry(item, NOW)
    assert checked.registers == {"t1": Decimal("1.235"), "t2": Decimal("7.000")}
    with pytest.raises(InvalidInput, match="ts: future_timestamp"):
        check_telemetry(TelemetryIn("M", NOW + timedelta(minutes=11), {"t1": Decimal(1)}), NOW)
    with pytest.raises(InvalidInput, match="ts: absurd_value"):
        check_telemetry(TelemetryIn("M", datetime(1970, 1, 2, tzinfo=UTC), {"t1": Decimal(1)}), NOW)
    with pytest.raises(InvalidInput, match="serial: bad_schema"):
        check_telemetry(TelemetryIn("x" * 129, NOW, {"t1": Decimal(1)}), NOW)
    with pytest.raises(InvalidInput, match="frequency: absurd_value"):
        check_telemetry(TelemetryIn("M", NOW, frequency_hz=float("nan")), NOW)
    with pytest.raises(InvalidInput, match="voltage: bad_schema"):
        check_telemetry(TelemetryIn("M", NOW, voltage=(1.0, 2.0, 3.0, 4.0)), NOW)


def test_events() -> None:
    event = parse_event("M", encode_event(NOW, "magnet", EventClass.TAMPER, Severity.ALARM, "Магнит"))
    assert (event.ts, event.code, event.event_class, event.severity, event.text) == (
        NOW,
        "magnet",
        EventClass.TAMPER,
        Severity.ALARM,
        "Магнит",
    )
    minimal = parse_event("M", b'{"ts": 1790000000, "code": "x"}')
    assert (minimal.event_class, minimal.severity, minimal.text) == (EventClass.OTHER, Severity.INFO, "")
    with pytest.raises(InvalidInput, match="severity: bad_schema"):
        parse_event("M", b'{"ts": 1790000000, "code": "x", "severity": "panic"}')
    with pytest.raises(InvalidInput, match="code: bad_schema"):
        parse_event("M", b'{"ts": 1790000000, "code": ""}')


@pytest.mark.parametrize(
    ("payload", "online"),
    [(b"online", True), (b" OFFLINE\n", False), (b'"online"', True), (b'{"state": "offline"}', False)],
)
def test_status_forms(payload: bytes, online: bool) -> None:
    assert parse_status("M", payload).online is online


def test_bad_status() -> None:
    for payload in (b"maybe", b'{"state": 1}', b"{broken", b"\xff"):
        with pytest.raises(InvalidInput):
            parse_status("M", payload)


def test_relay_messages() -> None:
    command = uuid.uuid4()
    assert json.loads(encode_relay_set(command, RelayState.OFF)) == {"id": str(command), "state": "off"}
    answer = parse_relay_state("M", json.dumps({"id": str(command), "state": "off"}).encode())
    assert (answer.command_id, answer.state) == (command, RelayState.OFF)
    assert parse_relay_state("M", b'{"id": null, "state": "on"}').command_id is None
    with pytest.raises(InvalidInput, match="state: bad_schema"):
        parse_relay_state("M", b'{"state": "unknown"}')


def test_quarantine_payload_is_printable_and_short() -> None:
    text = printable_payload(b"a\x00b\xff" + b"x" * 5000)
    assert text.startswith("a\\x00b\\xff")
    assert len(text) == 2048 + 6


def test_endpoint_from_url() -> None:
    plain = Endpoint.from_url("mqtt://broker.local")
    assert (plain.host, plain.port, plain.tls, plain.username) == ("broker.local", 1883, False, None)
    secure = Endpoint.from_url("mqtts://meter%40bot:p%3Ass@10.0.0.5")
    assert (secure.port, secure.tls, secure.username, secure.password) == (8883, True, "meter@bot", "p:ss")
    assert secure.safe_url == "mqtts://meter@bot@10.0.0.5:8883"
    assert "p:ss" not in secure.safe_url
    with pytest.raises(ValueError, match="scheme"):
        Endpoint.from_url("http://x")


def test_backoff_grows_to_the_cap_with_jitter() -> None:
    backoff = Backoff(initial=1.0, cap=30.0, jitter=0.2)
    first = [backoff.delay(0) for _ in range(50)]
    assert all(0.8 <= d <= 1.2 for d in first)
    assert len(set(first)) > 1
    assert all(backoff.delay(3) >= 6.4 for _ in range(20))
    assert all(24.0 <= backoff.delay(n) <= 30.0 for n in (5, 10, 1000))
