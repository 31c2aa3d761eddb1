"""Throttling of failed binding attempts, so that nobody can guess serials, MACs or activation codes.

The state is the audit log itself: each failure is a ``binding.failed`` entry of the person. Every
``FAILURES_PER_LOCK``-th failure since the last success (within ``WINDOW``) locks the person out, first
for ``FIRST_LOCK``, then twice as long each time, up to ``MAX_LOCK``. Attempts made while locked are
refused before they reach the registry and do not count.

Binding entries are stamped with the service clock's time (:func:`record`), which the throttle counts by.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError

from services.db.models import AuditEntry
from services.errors import Throttled

FAILED = "binding.failed"
SUCCEEDED = ("binding.requested", "binding.code_redeemed")
FAILURES_PER_LOCK = 5
FIRST_LOCK = timedelta(minutes=15)
MAX_LOCK = timedelta(hours=24)
WINDOW = timedelta(hours=24)


def lock_for(level: int) -> timedelta:
    """How long the ``level``-th lock (1, 2, …) lasts."""
    lock: timedelta = FIRST_LOCK * 2 ** min(level - 1, 16)
    return min(lock, MAX_LOCK)


async def locked_until(person_id: int, now: datetime) -> datetime | None:
    """The end of the person's current lock, or None when they may try."""
    since = now - WINDOW
    successes = (
        await AuditEntry.filter(actor_id=person_id, action__in=SUCCEEDED, at__gte=since)
        .order_by("-at")
        .limit(1)
        .values_list("at", flat=True)
    )
    if successes:
        since = max(since, _aware(successes[0]))
    failures = [
        _aware(at)
        for at in await AuditEntry.filter(actor_id=person_id, action=FAILED, at__gt=since)
        .order_by("at")
        .values_list("at", flat=True)
    ]
    level = len(failures) // FAILURES_PER_LOCK
    if level == 0:
        return None
    until = failures[level * FAILURES_PER_LOCK - 1] + lock_for(level)
    return until if until > now else None


async def check(person_id: int, now: datetime) -> None:
    """Raise :class:`Throttled` while the person is locked out."""
    until = await locked_until(person_id, now)
    if until is not None:
        raise Throttled(max(1, math.ceil((until - now).total_seconds())))


async def record(
    action: str,
    now: datetime,
    *,
    actor_id: int | None,
    site_id: int | None = None,
    object_type: str = "",
    object_id: str = "",
    origin: str = "telegram",
    allowed: bool = True,
    details: Mapping[str, Any] | None = None,
) -> None:
    """An audit entry at ``now`` (like :func:`services.audit.record`, which stamps the wall clock)."""
    values: dict[str, Any] = {
        "action": action,
        "at": now,
        "object_type": object_type,
        "object_id": object_id[:64],
        "origin": origin[:200],
        "allowed": allowed,
        "details": dict(details or {}),
    }
    try:
        await AuditEntry.create(actor_id=actor_id, site_id=site_id, **values)
    except IntegrityError:
        values["details"] |= {"actor_id": actor_id, "site_id": site_id}
        await AuditEntry.create(**values)


def _aware(value: Any) -> datetime:
    assert isinstance(value, datetime)
    return value
