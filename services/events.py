"""A resident's view of a meter's event journal: newest first, paged, optionally one severity only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.db.models import MeterEvent
from services.enums import EventClass, Severity
from services.meters import MeterPage, meter_access
from services.pagination import clamp_page


@dataclass(frozen=True, slots=True)
class EventRow:
    id: int
    ts: datetime
    code: str
    event_class: EventClass
    severity: Severity
    text: str
    from_monitoring: bool


class EventQueryService:
    async def for_person(
        self,
        person_id: int,
        meter_id: int,
        severity: Severity | None,
        page: int,
        page_size: int = 10,
    ) -> MeterPage[EventRow]:
        """The meter's events (NotFound unless the person has an active binding to it); three queries."""
        ref = await meter_access(person_id, meter_id)
        query = MeterEvent.filter(meter_id=ref.meter_id)
        if severity is not None:
            query = query.filter(severity=severity)
        total = await query.count()
        page = clamp_page(page, total, page_size)
        rows = (
            await query.order_by("-ts", "-id")
            .offset(page * page_size)
            .limit(page_size)
            .values("id", "ts", "code", "event_class", "severity", "text", "from_monitoring")
        )
        items = tuple(
            EventRow(
                id=int(row["id"]),
                ts=row["ts"],
                code=row["code"],
                event_class=EventClass(row["event_class"]),
                severity=Severity(row["severity"]),
                text=row["text"],
                from_monitoring=bool(row["from_monitoring"]),
            )
            for row in rows
        )
        return MeterPage(items=items, total=total, page=page, page_size=page_size, meter=ref)
