"""Staff members' subscriptions to alerts (the seeds' «Подписка на события»).

A subscription names a site, the meter kinds (individual / main), event classes and severities it wants
(at least one of each, as the seeds require), a channel (private Telegram, the operators' chat, e-mail)
and optional quiet hours. Anyone with a role at the site may subscribe themselves; only a chairman,
dispatcher or admin may decide what the operators' chat gets. Every change is audited.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from services import audit
from services.alert_model import is_staff, may_handle
from services.alert_routing import SubscriptionChannel
from services.clock import Clock
from services.db.models import Person, Site, StaffRole, Subscription, WebLogin
from services.enums import EventClass, MeterKind, Severity
from services.errors import InvalidInput, NotFound, PermissionDenied

MAX_PER_PERSON = 20
QUIET_RE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})\s*$")


@dataclass(frozen=True, slots=True)
class SubscriptionInput:
    site_id: int
    meter_kinds: frozenset[MeterKind]
    event_classes: frozenset[EventClass]
    severities: frozenset[Severity]
    channel: SubscriptionChannel
    quiet_from_min: int | None = None
    quiet_to_min: int | None = None


@dataclass(frozen=True, slots=True)
class SubscriptionDTO:
    id: int
    site_id: int
    site_name: str
    meter_kinds: tuple[MeterKind, ...]
    event_classes: tuple[EventClass, ...]
    severities: tuple[Severity, ...]
    channel: SubscriptionChannel
    quiet_from_min: int | None
    quiet_to_min: int | None


def parse_quiet_hours(text: str) -> tuple[int, int]:
    """ "22:00-07:00" -> (1320, 420); InvalidInput("quiet_hours", "format" | "range" | "empty")."""
    match = QUIET_RE.match(text)
    if match is None:
        raise InvalidInput("quiet_hours", "format")
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        raise InvalidInput("quiet_hours", "range")
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if start == end:
        raise InvalidInput("quiet_hours", "empty")
    return start, end


def _ordered(values: Collection[str], order: Collection[str]) -> list[str]:
    return [value for value in order if value in values]


def _dto(row: Subscription) -> SubscriptionDTO:
    return SubscriptionDTO(
        id=row.id,
        site_id=row.site.id,
        site_name=row.site.name,
        meter_kinds=tuple(MeterKind(v) for v in _ordered(row.meter_kinds or [], [k.value for k in MeterKind])),
        event_classes=tuple(EventClass(v) for v in _ordered(row.event_classes or [], [c.value for c in EventClass])),
        severities=tuple(Severity(v) for v in _ordered(row.severities or [], [s.value for s in Severity])),
        channel=SubscriptionChannel(row.channel),
        quiet_from_min=row.quiet_from_min,
        quiet_to_min=row.quiet_to_min,
    )


def _check(data: SubscriptionInput) -> None:
    if not data.meter_kinds:
        raise InvalidInput("meter_kinds", "empty")
    if not data.event_classes:
        raise InvalidInput("event_classes", "empty")
    if not data.severities:
        raise InvalidInput("severities", "empty")
    quiet = (data.quiet_from_min, data.quiet_to_min)
    if (quiet[0] is None) != (quiet[1] is None):
        raise InvalidInput("quiet_hours", "incomplete")
    if quiet[0] is not None and quiet[1] is not None:
        if not (0 <= quiet[0] < 1440 and 0 <= quiet[1] < 1440):
            raise InvalidInput("quiet_hours", "range")
        if quiet[0] == quiet[1]:
            raise InvalidInput("quiet_hours", "empty")


class SubscriptionService:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def sites(self, person_id: int) -> list[tuple[int, str]]:
        """The sites a person may subscribe to (any role there; a superuser: every site), by name."""
        if await WebLogin.exists(person_id=person_id, is_superuser=True, blocked=False):
            rows = await Site.all().order_by("name", "id").values_list("id", "name")
        else:
            site_ids = await StaffRole.filter(person_id=person_id).values_list("site_id", flat=True)
            rows = await Site.filter(id__in=list(set(site_ids))).order_by("name", "id").values_list("id", "name")
        return [(int(site_id), str(name)) for site_id, name in rows]

    async def list_for(self, person_id: int) -> list[SubscriptionDTO]:
        rows = await Subscription.filter(person_id=person_id).select_related("site").order_by("id")
        return [_dto(row) for row in rows]

    async def add(self, person_id: int, data: SubscriptionInput, origin: str) -> SubscriptionDTO:
        _check(data)
        site = await Site.get_or_none(id=data.site_id)
        if site is None:
            raise NotFound(f"site {data.site_id}")
        allowed = await is_staff(person_id, site.id)
        if allowed and data.channel is SubscriptionChannel.GROUP:
            allowed = await may_handle(person_id, site.id)
        if not allowed:
            await self._audit("subscription.add", person_id, site.id, "", origin, allowed=False)
            raise PermissionDenied(f"person {person_id} may not subscribe at site {site.id}")
        person = await Person.get(id=person_id)
        if data.channel is SubscriptionChannel.EMAIL and not person.email:
            raise InvalidInput("email", "missing")
        if data.channel is SubscriptionChannel.TELEGRAM and person.telegram_id is None:
            raise InvalidInput("telegram", "missing")
        if await Subscription.filter(person_id=person_id).count() >= MAX_PER_PERSON:
            raise InvalidInput("subscriptions", "too_many")
        row = await Subscription.create(
            person_id=person_id,
            site_id=site.id,
            meter_kinds=_ordered({k.value for k in data.meter_kinds}, [k.value for k in MeterKind]),
            event_classes=_ordered({c.value for c in data.event_classes}, [c.value for c in EventClass]),
            severities=_ordered({s.value for s in data.severities}, [s.value for s in Severity]),
            channel=data.channel.value,
            quiet_from_min=data.quiet_from_min,
            quiet_to_min=data.quiet_to_min,
            created_at=self._clock.now(),
        )
        await row.fetch_related("site")
        dto = _dto(row)
        await self._audit("subscription.add", person_id, site.id, str(row.id), origin, details=_details(dto))
        return dto

    async def delete(self, person_id: int, subscription_id: int, origin: str) -> SubscriptionDTO:
        """Delete one of the person's own subscriptions (NotFound for anyone else's)."""
        row = await Subscription.get_or_none(id=subscription_id, person_id=person_id).select_related("site")
        if row is None:
            raise NotFound(f"subscription {subscription_id}")
        dto = _dto(row)
        await Subscription.filter(id=subscription_id).delete()
        await self._audit("subscription.delete", person_id, dto.site_id, str(dto.id), origin, details=_details(dto))
        return dto

    @staticmethod
    async def _audit(
        action: str,
        person_id: int,
        site_id: int,
        object_id: str,
        origin: str,
        *,
        allowed: bool = True,
        details: dict[str, object] | None = None,
    ) -> None:
        await audit.record(
            action,
            actor_id=person_id,
            site_id=site_id,
            object_type="subscription",
            object_id=object_id,
            origin=origin,
            allowed=allowed,
            details=details or ({} if allowed else {"reason": "no_role"}),
        )


def _details(dto: SubscriptionDTO) -> dict[str, object]:
    return {
        "meter_kinds": [k.value for k in dto.meter_kinds],
        "event_classes": [c.value for c in dto.event_classes],
        "severities": [s.value for s in dto.severities],
        "channel": dto.channel.value,
        "quiet": [dto.quiet_from_min, dto.quiet_to_min],
    }
