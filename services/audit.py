"""The audit log: who did what, when and from where. Every privileged action and login attempt."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError

from services.db.models import AuditEntry


@dataclass(frozen=True, slots=True)
class AuditRecord:
    id: int
    at: datetime
    action: str
    actor_id: int | None
    actor_label: str
    site_id: int | None
    object_type: str
    object_id: str
    origin: str
    allowed: bool
    details: Mapping[str, Any] = field(default_factory=dict)


def _cut(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


async def record(
    action: str,
    *,
    actor_id: int | None = None,
    actor_label: str = "",
    site_id: int | None = None,
    object_type: str = "",
    object_id: str = "",
    origin: str = "",
    allowed: bool = True,
    details: Mapping[str, Any] | None = None,
) -> None:
    """Write one audit entry. Over-long labels are cut rather than refused, and an actor or site id that
    does not exist is kept in ``details`` instead: auditing never fails the action it records."""
    values: dict[str, Any] = {
        "action": _cut(action, 64),
        "actor_label": _cut(actor_label, 200),
        "object_type": _cut(object_type, 64),
        "object_id": _cut(str(object_id), 64),
        "origin": _cut(origin, 200),
        "allowed": allowed,
        "details": dict(details or {}),
    }
    try:
        await AuditEntry.create(actor_id=actor_id, site_id=site_id, **values)
    except IntegrityError:
        values["details"] |= {"actor_id": actor_id, "site_id": site_id}
        await AuditEntry.create(**values)


async def latest(*, action_prefix: str = "", limit: int = 100) -> list[AuditRecord]:
    """The newest entries first, optionally only actions starting with ``action_prefix``."""
    query = AuditEntry.all()
    if action_prefix:
        query = query.filter(action__startswith=action_prefix)
    rows = await query.order_by("-at", "-id").limit(limit)
    return [
        AuditRecord(
            id=row.id,
            at=row.at,
            action=row.action,
            actor_id=row.actor_id,  # type: ignore[attr-defined]
            actor_label=row.actor_label,
            site_id=row.site_id,  # type: ignore[attr-defined]
            object_type=row.object_type,
            object_id=row.object_id,
            origin=row.origin,
            allowed=row.allowed,
            details=dict(row.details or {}),
        )
        for row in rows
    ]
