"""A restriction's steps and relay commands, for its page in the admin web: the audit entries about it
(planned, residents told, operators asked, executed, postponed, cancelled, finished — refusals included),
and every relay command it ordered, oldest first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from services.db.models import AuditEntry, Person, Restriction
from services.errors import NotFound
from services.relay import CommandDTO
from services.relay import _load as load_commands


@dataclass(frozen=True, slots=True)
class RestrictionStep:
    at: datetime
    action: str
    """The audit action: ``restriction.plan``, ``restriction.execute``, ``restriction.done``…"""
    actor_name: str
    origin: str
    allowed: bool
    details: dict[str, Any] = field(default_factory=dict)


async def restriction_steps(restriction_id: int) -> list[RestrictionStep]:
    rows = await AuditEntry.filter(object_type="restriction", object_id=str(restriction_id)).order_by("at", "id")
    actor_ids = {row.actor_id for row in rows if row.actor_id is not None}  # type: ignore[attr-defined]
    names = dict(await Person.filter(id__in=list(actor_ids)).values_list("id", "name")) if actor_ids else {}
    return [
        RestrictionStep(
            at=row.at,
            action=row.action,
            actor_name=str(names.get(row.actor_id, row.actor_label)),  # type: ignore[attr-defined]
            origin=row.origin,
            allowed=row.allowed,
            details=dict(row.details or {}),
        )
        for row in rows
    ]


async def restriction_commands(restriction_id: int) -> list[CommandDTO]:
    """The commands the restriction ordered (each Execute makes one), oldest first."""
    row = await Restriction.get_or_none(id=restriction_id)
    if row is None:
        raise NotFound(f"restriction {restriction_id}")
    ids: list[UUID] = []
    for step in await restriction_steps(restriction_id):
        raw = step.details.get("command")
        if isinstance(raw, str):
            try:
                ids.append(UUID(raw))
            except ValueError:
                continue
    current = row.command_id  # type: ignore[attr-defined]
    if current is not None:
        ids.append(current if isinstance(current, UUID) else UUID(str(current)))
    return sorted(await load_commands(ids), key=lambda command: command.created_at)
