"""Writing a batch of ingested messages: a few bulk statements per flush, never one per message.

Readings and telemetry samples are keyed by (meter, ts) and events by (meter, ts, code); inserts
ignore conflicts, so a repeated message changes nothing and a retried batch is harmless. Readings and
samples travel as plain rows (:mod:`services.ingest_rows`: binary COPY on PostgreSQL). A meter heard
from is written only when that changes something: it comes online, or its "last seen" is older than
:data:`LAST_SEEN_STEP` (the directory remembers which were written lately, so most flushes send no
update at all); otherwise every flush would rewrite the row of every meter in it.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from services.db.models import Meter, MeterEvent, QuarantineEntry, UnknownDevice
from services.enums import Protocol, ReadingSource, RelayState
from services.errors import InvalidInput
from services.ingest_model import (
    DeviceMessage,
    EventIn,
    Inbound,
    QuarantineIn,
    ReadingFlag,
    RejectReason,
    RelayStateIn,
    StatusIn,
    TelemetryIn,
    localize,
    printable_payload,
    reason_text,
)
from services.ingest_rows import ReadingRow, SampleRow, forget_staging, store_rows

log = logging.getLogger(__name__)

DeviceKey = tuple[Protocol, str]
LAST_SEEN_STEP = timedelta(seconds=15)
"""How stale a meter's stored "last seen" may get while it keeps reporting (silence is minutes)."""


@dataclass(frozen=True, slots=True)
class FlushReport:
    """What one flush wrote; handed to ``on_flush`` (aggregates, alerts, relay confirmations)."""

    readings_from: dict[int, datetime] = field(default_factory=dict)
    """Per meter, the earliest reading time in the batch: what aggregates must recompute from."""
    events: tuple[tuple[int, EventIn], ...] = ()
    relay_states: tuple[tuple[int, RelayStateIn], ...] = ()
    """Every relay state report in the order received (a reply with a command id and the device's
    own notification may come in one batch: both count)."""
    online: dict[int, bool] = field(default_factory=dict)
    ingested: int = 0
    unknown: int = 0
    quarantined: int = 0


class MeterDirectory:
    """Device id -> meter id (and its site's time zone), cached; unknown ids are remembered for a
    shorter time."""

    def __init__(self, ttl: float = 300.0, unknown_ttl: float = 30.0) -> None:
        self._ttl = ttl
        self._unknown_ttl = unknown_ttl
        self._cache: dict[DeviceKey, tuple[int | None, float]] = {}
        self._zones: dict[DeviceKey, str] = {}
        self.fresh_until: dict[int, float] = {}
        """meter -> until when (monotonic) its stored online state and "last seen" need no write"""

    def forget(self) -> None:
        self._cache.clear()
        self._zones.clear()
        self.fresh_until.clear()

    async def resolve(self, keys: Iterable[DeviceKey]) -> dict[DeviceKey, int | None]:
        now = time.monotonic()
        found: dict[DeviceKey, int | None] = {}
        missing: set[DeviceKey] = set()
        for key in set(keys):
            cached = self._cache.get(key)
            if cached is not None and cached[1] > now:
                found[key] = cached[0]
            else:
                missing.add(key)
        if missing:
            looked_up = await self._look_up(missing)
            for key in missing:
                meter_id, zone = looked_up.get(key, (None, ""))
                found[key] = meter_id
                self._cache[key] = (meter_id, now + (self._ttl if meter_id else self._unknown_ttl))
                self._zones[key] = zone
        return found

    def zone(self, key: DeviceKey) -> tzinfo:
        """The time zone of the site of a device :meth:`resolve` found; UTC for an unknown one."""
        return _zone(self._zones.get(key, ""))

    @staticmethod
    async def _look_up(keys: set[DeviceKey]) -> dict[DeviceKey, tuple[int, str]]:
        """By (protocol, topic id); a native id may also be a meter's serial, whatever its protocol."""
        devices = {device for _, device in keys}
        native = {device for protocol, device in keys if protocol is Protocol.NATIVE}
        query = Q(topic_id__in=devices)
        if native:
            query |= Q(serial__in=native)
        rows = await Meter.filter(query).values_list("id", "protocol", "topic_id", "serial", "site__timezone")
        by_topic = {(Protocol(protocol), topic_id): (meter_id, zone) for meter_id, protocol, topic_id, _, zone in rows}
        by_serial = {serial: (meter_id, zone) for meter_id, _, _, serial, zone in rows}
        result: dict[DeviceKey, tuple[int, str]] = {}
        for key in keys:
            meter = by_topic.get(key)
            if meter is None and key[0] is Protocol.NATIVE:
                meter = by_serial.get(key[1])
            if meter is not None:
                result[key] = meter
        return result


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo:
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        log.error("ingest: unknown time zone %r; reading local device times as UTC", name)
        return UTC


def _localized(batch: Sequence[Inbound], directory: MeterDirectory, now: datetime) -> Sequence[Inbound]:
    """Naive telemetry times (a device's local time without an offset) read in the meter's site zone."""
    if not any(isinstance(item, TelemetryIn) and item.ts.tzinfo is None for item in batch):
        return batch
    result: list[Inbound] = []
    for item in batch:
        if isinstance(item, TelemetryIn) and item.ts.tzinfo is None:
            try:
                item = localize(item, directory.zone((item.protocol, item.serial)), now)
            except InvalidInput as exc:
                item = QuarantineIn(f"{item.protocol.value}:{item.serial} (telemetry)", item.raw, reason_text(exc))
        result.append(item)
    return result


@dataclass
class _Rows:
    readings: dict[tuple[int, datetime], ReadingRow] = field(default_factory=dict)
    samples: dict[tuple[int, datetime], SampleRow] = field(default_factory=dict)
    events: dict[tuple[int, datetime, str], MeterEvent] = field(default_factory=dict)
    event_items: list[tuple[int, EventIn]] = field(default_factory=list)
    presence: dict[int, tuple[bool, bool]] = field(default_factory=dict)
    """meter -> (online, heard from it directly)"""
    relay: dict[int, RelayStateIn] = field(default_factory=dict)
    """meter -> its last relay state report: the state it is in"""
    relay_reports: list[tuple[int, RelayStateIn]] = field(default_factory=list)
    unknown: dict[DeviceKey, tuple[int, bytes]] = field(default_factory=dict)
    quarantine: list[QuarantineEntry] = field(default_factory=list)
    readings_from: dict[int, datetime] = field(default_factory=dict)
    ingested: int = 0

    def seen(self, meter_id: int, online: bool = True, direct: bool = True) -> None:
        _, was_direct = self.presence.get(meter_id, (online, False))
        self.presence[meter_id] = (online, was_direct or direct)


_TELEMETRY = ReadingSource.TELEMETRY.value
_NO_FLAGS: tuple[str, ...] = ()


def _reading(meter_id: int, item: TelemetryIn) -> ReadingRow:
    regs = item.registers
    flags = 0 if item.flags == _NO_FLAGS else int(ReadingFlag.from_names(item.flags))
    total = sum(regs.values(), Decimal(0))
    return (meter_id, item.ts, regs.get("t1"), regs.get("t2"), regs.get("t3"), regs.get("t4"), total, _TELEMETRY, flags)


def _sample(meter_id: int, item: TelemetryIn) -> SampleRow:
    v, c = item.voltage, item.current
    nv, nc = len(v), len(c)
    return (
        meter_id,
        item.ts,
        item.power_w,
        v[0] if nv > 0 else None,
        v[1] if nv > 1 else None,
        v[2] if nv > 2 else None,
        c[0] if nc > 0 else None,
        c[1] if nc > 1 else None,
        c[2] if nc > 2 else None,
        item.frequency_hz,
    )


def _quarantine_row(item: QuarantineIn) -> QuarantineEntry:
    return QuarantineEntry(
        source=item.source,
        topic=item.topic[:300],
        payload=printable_payload(item.payload),
        reason=item.reason[:300],
    )


def _collect(batch: Sequence[Inbound], meters: dict[DeviceKey, int | None]) -> _Rows:
    rows = _Rows()
    for item in batch:
        if isinstance(item, QuarantineIn):
            rows.quarantine.append(_quarantine_row(item))
            continue
        key = (item.protocol, item.serial)
        meter_id = meters.get(key)
        if meter_id is None:
            count, _ = rows.unknown.get(key, (0, b""))
            rows.unknown[key] = (count + 1, item.raw)
            continue
        rows.ingested += 1
        _add(rows, meter_id, item)
    return rows


def _add(rows: _Rows, meter_id: int, item: DeviceMessage) -> None:
    match item:
        case TelemetryIn():
            at = (meter_id, item.ts)
            if item.registers:
                if at not in rows.readings:
                    rows.readings[at] = _reading(meter_id, item)
                first = rows.readings_from.get(meter_id)
                if first is None or item.ts < first:
                    rows.readings_from[meter_id] = item.ts
            if item.has_sample and at not in rows.samples:
                rows.samples[at] = _sample(meter_id, item)
            rows.seen(meter_id)
        case EventIn():
            key = (meter_id, item.ts, item.code)
            if key not in rows.events:
                rows.events[key] = MeterEvent(
                    meter_id=meter_id,
                    ts=item.ts,
                    code=item.code,
                    event_class=item.event_class,
                    severity=item.severity,
                    text=item.text,
                )
                rows.event_items.append((meter_id, item))
            rows.seen(meter_id)
        case StatusIn():
            rows.seen(meter_id, online=item.online, direct=item.online)
        case RelayStateIn():
            rows.relay[meter_id] = item
            rows.relay_reports.append((meter_id, item))
            rows.seen(meter_id)


async def _update_meters(rows: _Rows, now: datetime, conn: BaseDBAsyncClient, directory: MeterDirectory) -> None:
    groups: dict[tuple[bool, bool], list[int]] = {}
    for meter_id, presence in rows.presence.items():
        groups.setdefault(presence, []).append(meter_id)
    fresh, clock = directory.fresh_until, time.monotonic()
    for (online, direct), ids in groups.items():
        if online and direct:  # the usual case: write only what may be out of date
            due = [meter_id for meter_id in ids if fresh.get(meter_id, 0.0) <= clock]
            if due:
                stale = Q(online__isnull=True) | Q(online=False) | Q(last_seen_at__isnull=True)
                stale |= Q(last_seen_at__lt=now - LAST_SEEN_STEP)
                await Meter.filter(Q(id__in=due) & stale).using_db(conn).update(online=True, last_seen_at=now)
                fresh.update(dict.fromkeys(due, clock + LAST_SEEN_STEP.total_seconds()))
            continue
        for meter_id in ids:
            fresh.pop(meter_id, None)
        if direct:
            await Meter.filter(id__in=ids).using_db(conn).update(online=online, last_seen_at=now)
        else:
            await Meter.filter(id__in=ids).using_db(conn).update(online=online)
    by_state: dict[RelayState, list[int]] = {}
    for meter_id, item in rows.relay.items():
        by_state.setdefault(item.state, []).append(meter_id)
    for relay_state, ids in by_state.items():
        await Meter.filter(id__in=ids).using_db(conn).update(relay_state=relay_state)


async def _record_unknown(rows: _Rows, now: datetime, conn: BaseDBAsyncClient) -> None:
    if not rows.unknown:
        return
    topic_ids = {device for _, device in rows.unknown}
    existing = {
        (Protocol(protocol), topic_id): (row_id, messages, first)
        for row_id, protocol, topic_id, messages, first in await UnknownDevice.filter(topic_id__in=topic_ids)
        .using_db(conn)
        .values_list("id", "protocol", "topic_id", "messages", "first_seen_at")
    }
    upserts = []
    for (protocol, device), (count, raw) in rows.unknown.items():
        _, messages, first = existing.get((protocol, device), (None, 0, now))
        upserts.append(
            UnknownDevice(
                protocol=protocol,
                topic_id=device,
                first_seen_at=first,
                last_seen_at=now,
                messages=messages + count,
                last_payload=printable_payload(raw),
            )
        )
    await UnknownDevice.bulk_create(
        upserts,
        on_conflict=["protocol", "topic_id"],
        update_fields=["last_seen_at", "messages", "last_payload"],
        using_db=conn,
    )


async def write_batch(batch: Sequence[Inbound], directory: MeterDirectory, now: datetime) -> FlushReport:
    """Everything in ``batch`` in one transaction: a retry after a failure starts clean."""
    keys = [(item.protocol, item.serial) for item in batch if not isinstance(item, QuarantineIn)]
    meters = await directory.resolve(keys)
    rows = _collect(_localized(batch, directory, now), meters)
    try:
        async with in_transaction() as conn:
            await store_rows(conn, rows.readings.values(), rows.samples.values(), now)
            if rows.events:
                await MeterEvent.bulk_create(rows.events.values(), ignore_conflicts=True, using_db=conn)
            await _update_meters(rows, now, conn, directory)
            await _record_unknown(rows, now, conn)
            if rows.quarantine:
                await QuarantineEntry.bulk_create(rows.quarantine, using_db=conn)
    except BaseException:
        forget_staging()
        raise
    return FlushReport(
        readings_from=rows.readings_from,
        events=tuple(rows.event_items),
        relay_states=tuple(rows.relay_reports),
        online={meter_id: online for meter_id, (online, _) in rows.presence.items()},
        ingested=rows.ingested,
        unknown=sum(count for count, _ in rows.unknown.values()),
        quarantined=len(rows.quarantine),
    )


def _rejected(item: Inbound, exc: Exception) -> QuarantineIn:
    if isinstance(item, QuarantineIn):
        return item
    kind = type(item).__name__.removesuffix("In").lower()
    return QuarantineIn(
        topic=f"{item.protocol.value}:{item.serial} ({kind})",
        payload=item.raw,
        reason=f"{RejectReason.DB_REJECTED.value}: {type(exc).__name__}: {exc}",
    )


async def write_each(
    batch: Sequence[Inbound],
    directory: MeterDirectory,
    now: datetime,
    writer: Callable[[Sequence[Inbound], MeterDirectory, datetime], Awaitable[FlushReport]] | None = None,
) -> FlushReport:
    """The slow path after a batch failed while the database answers: one item at a time (through
    ``writer``, :func:`write_batch` by default). An item the database refuses goes to quarantine with
    the database's error instead of blocking the rest; a quarantine row the database refuses too is
    logged and dropped."""
    write = writer or write_batch
    reports: list[FlushReport] = []
    for item in batch:
        try:
            reports.append(await write([item], directory, now))
            continue
        except Exception as exc:  # the database refused this one item: keep it, with the reason
            log.warning("ingest: the database refused an item: %s", exc)
            rejected = _rejected(item, exc)
        if rejected is item:
            log.error("ingest: dropped a quarantine row the database refused: %r", item)
            continue
        try:
            reports.append(await write([rejected], directory, now))
        except Exception:  # nothing more we can do with it than to say so
            log.exception("ingest: dropped an item the database refused twice: %r", rejected)
    return merge_reports(reports)


def merge_reports(reports: Sequence[FlushReport]) -> FlushReport:
    readings_from: dict[int, datetime] = {}
    online: dict[int, bool] = {}
    for report in reports:
        for meter_id, ts in report.readings_from.items():
            readings_from[meter_id] = min(ts, readings_from.get(meter_id, ts))
        online.update(report.online)
    return FlushReport(
        readings_from=readings_from,
        events=tuple(e for r in reports for e in r.events),
        relay_states=tuple(s for r in reports for s in r.relay_states),
        online=online,
        ingested=sum(r.ingested for r in reports),
        unknown=sum(r.unknown for r in reports),
        quarantined=sum(r.quarantined for r in reports),
    )
