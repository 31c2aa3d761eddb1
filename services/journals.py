"""Journals for staff: meter events of a site (the seeds' filters: meter kind, event class, severity,
period, plot), the audit log, the quarantine of rejected input and the devices nobody registered.

Every journal is newest first and paged: a count and one page query. A period is a pair of local dates
(both inclusive) in the time zone the caller names, turned into UTC bounds here.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.expressions import Q

from services.db.models import AuditEntry, MeterEvent, QuarantineEntry, UnknownDevice
from services.enums import EventClass, MeterKind, Protocol, QuarantineSource, Severity
from services.pagination import Page, clamp_page

PAGE_SIZE = 50
TEXT_MAX = 64
PAYLOAD_PREVIEW = 2000


@dataclass(frozen=True, slots=True)
class Period:
    """Local dates, both inclusive; either end may be open."""

    start: date | None = None
    end: date | None = None
    timezone: str = "UTC"

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        zone = ZoneInfo(self.timezone)
        since = datetime.combine(self.start, time(), zone).astimezone(UTC) if self.start else None
        until = datetime.combine(self.end + timedelta(days=1), time(), zone).astimezone(UTC) if self.end else None
        return since, until  # in UTC: SQLite compares stored times as text, which are UTC


@dataclass(frozen=True, slots=True)
class EventFilter:
    site_id: int
    kind: MeterKind | None = None
    event_class: EventClass | None = None
    severity: Severity | None = None
    period: Period = field(default_factory=Period)
    plot: str = ""
    meter_id: int | None = None


@dataclass(frozen=True, slots=True)
class JournalEvent:
    id: int
    ts: datetime
    meter_id: int
    serial: str
    plot_number: str | None
    kind: MeterKind
    code: str
    event_class: EventClass
    severity: Severity
    text: str
    from_monitoring: bool


@dataclass(frozen=True, slots=True)
class AuditFilter:
    site_ids: Collection[int] | None
    """The sites whose entries may be shown; None: every entry, also those of no site (logins)."""
    action: str = ""
    """A prefix: ``staff`` matches ``staff.create`` and ``staff.block``."""
    actor: str = ""
    """Part of the actor's name or label."""
    period: Period = field(default_factory=Period)
    denied_only: bool = False


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: datetime
    action: str
    actor_id: int | None
    actor_name: str
    site_id: int | None
    site_name: str | None
    object_type: str
    object_id: str
    origin: str
    allowed: bool
    details: dict[str, Any]


@dataclass(frozen=True, slots=True)
class QuarantineRow:
    id: int
    received_at: datetime
    source: QuarantineSource
    topic: str
    payload: str
    payload_cut: bool
    reason: str


@dataclass(frozen=True, slots=True)
class UnknownDeviceRow:
    id: int
    protocol: Protocol
    topic_id: str
    first_seen_at: datetime
    last_seen_at: datetime
    messages: int
    last_payload: str


async def _paged(
    query: Any, order: tuple[str, ...], page: int, page_size: int, fields: tuple[str, ...]
) -> tuple[list[dict[str, Any]], int, int]:
    total = await query.count()
    page = clamp_page(page, total, page_size)
    rows = await query.order_by(*order).offset(page * page_size).limit(page_size).values(*fields)
    return rows, total, page


def _in_period(query: Any, column: str, period: Period) -> Any:
    since, until = period.bounds()
    if since is not None:
        query = query.filter(**{f"{column}__gte": since})
    if until is not None:
        query = query.filter(**{f"{column}__lt": until})
    return query


class JournalService:
    async def events(self, f: EventFilter, page: int = 0, page_size: int = PAGE_SIZE) -> Page[JournalEvent]:
        query = MeterEvent.filter(meter__site_id=f.site_id)
        if f.meter_id is not None:
            query = query.filter(meter_id=f.meter_id)
        if f.kind is not None:
            query = query.filter(meter__kind=f.kind)
        if f.event_class is not None:
            query = query.filter(event_class=f.event_class)
        if f.severity is not None:
            query = query.filter(severity=f.severity)
        if f.plot.strip():
            query = query.filter(meter__plot__number=f.plot.strip()[:TEXT_MAX])
        query = _in_period(query, "ts", f.period)
        fields = (
            "id",
            "ts",
            "meter_id",
            "meter__serial",
            "meter__plot__number",
            "meter__kind",
            "code",
            "event_class",
            "severity",
            "text",
            "from_monitoring",
        )
        rows, total, page = await _paged(query, ("-ts", "-id"), page, page_size, fields)
        items = tuple(
            JournalEvent(
                id=int(row["id"]),
                ts=row["ts"],
                meter_id=row["meter_id"],
                serial=row["meter__serial"],
                plot_number=row["meter__plot__number"],
                kind=MeterKind(row["meter__kind"]),
                code=row["code"],
                event_class=EventClass(row["event_class"]),
                severity=Severity(row["severity"]),
                text=row["text"],
                from_monitoring=bool(row["from_monitoring"]),
            )
            for row in rows
        )
        return Page(items=items, total=total, page=page, page_size=page_size)

    async def audit(self, f: AuditFilter, page: int = 0, page_size: int = PAGE_SIZE) -> Page[AuditRow]:
        query = AuditEntry.all() if f.site_ids is None else AuditEntry.filter(site_id__in=list(f.site_ids))
        action = f.action.strip()[:TEXT_MAX]
        if action:
            query = query.filter(action__startswith=action)
        actor = f.actor.strip()[:TEXT_MAX]
        if actor:
            query = query.filter(Q(actor_label__icontains=actor) | Q(actor__name__icontains=actor))
        if f.denied_only:
            query = query.filter(allowed=False)
        query = _in_period(query, "at", f.period)
        fields = (
            "id",
            "at",
            "action",
            "actor_id",
            "actor__name",
            "actor_label",
            "site_id",
            "site__name",
            "object_type",
            "object_id",
            "origin",
            "allowed",
            "details",
        )
        rows, total, page = await _paged(query, ("-at", "-id"), page, page_size, fields)
        items = tuple(
            AuditRow(
                id=int(row["id"]),
                at=row["at"],
                action=row["action"],
                actor_id=row["actor_id"],
                actor_name=row["actor__name"] or row["actor_label"] or "",
                site_id=row["site_id"],
                site_name=row["site__name"],
                object_type=row["object_type"],
                object_id=row["object_id"],
                origin=row["origin"],
                allowed=bool(row["allowed"]),
                details=dict(row["details"] or {}),
            )
            for row in rows
        )
        return Page(items=items, total=total, page=page, page_size=page_size)

    async def quarantine(
        self,
        source: QuarantineSource | None = None,
        period: Period | None = None,
        search: str = "",
        page: int = 0,
        page_size: int = PAGE_SIZE,
    ) -> Page[QuarantineRow]:
        query = QuarantineEntry.all() if source is None else QuarantineEntry.filter(source=source)
        text = search.strip()[:TEXT_MAX]
        if text:
            query = query.filter(Q(topic__icontains=text) | Q(reason__icontains=text))
        query = _in_period(query, "received_at", period or Period())
        fields = ("id", "received_at", "source", "topic", "payload", "reason")
        rows, total, page = await _paged(query, ("-received_at", "-id"), page, page_size, fields)
        items = tuple(
            QuarantineRow(
                id=int(row["id"]),
                received_at=row["received_at"],
                source=QuarantineSource(row["source"]),
                topic=row["topic"],
                payload=row["payload"][:PAYLOAD_PREVIEW],
                payload_cut=len(row["payload"]) > PAYLOAD_PREVIEW,
                reason=row["reason"],
            )
            for row in rows
        )
        return Page(items=items, total=total, page=page, page_size=page_size)

    async def unknown_devices(
        self, protocol: Protocol | None = None, page: int = 0, page_size: int = PAGE_SIZE
    ) -> Page[UnknownDeviceRow]:
        query = UnknownDevice.all() if protocol is None else UnknownDevice.filter(protocol=protocol)
        fields = ("id", "protocol", "topic_id", "first_seen_at", "last_seen_at", "messages", "last_payload")
        rows, total, page = await _paged(query, ("-last_seen_at", "-id"), page, page_size, fields)
        items = tuple(
            UnknownDeviceRow(
                id=int(row["id"]),
                protocol=Protocol(row["protocol"]),
                topic_id=row["topic_id"],
                first_seen_at=row["first_seen_at"],
                last_seen_at=row["last_seen_at"],
                messages=int(row["messages"]),
                last_payload=row["last_payload"][:PAYLOAD_PREVIEW],
            )
            for row in rows
        )
        return Page(items=items, total=total, page=page, page_size=page_size)
