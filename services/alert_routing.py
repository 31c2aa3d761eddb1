"""Who gets an alert, and when: subscriptions' filters, channels and quiet hours, as pure functions.

Rules (docs/alerts.md):

* The site's operators' chat gets every alert of the site while nobody has subscribed the chat to
  anything; once there are subscriptions with the channel *group*, it gets what they match.
* A staff member's subscription matches by meter kind, event class and severity (an empty list matches
  anything) and delivers to their private chat or by e-mail; one person gets one message per alert and
  channel, however many of their subscriptions match.
* Quiet hours (minutes after midnight in the site's time zone; they may cross midnight) hold the
  severities in ``holds`` (info by default) for the digest sent when they end; alarms always go out.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from enum import StrEnum
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.alert_model import AlertView, DigestPeriod
from services.db.models import Subscription
from services.enums import Channel, EventClass, MeterKind, Severity

MINUTES_A_DAY = 24 * 60
DEFAULT_HOLDS: frozenset[Severity] = frozenset({Severity.INFO})


class SubscriptionChannel(StrEnum):
    TELEGRAM = "telegram"
    GROUP = "group"
    EMAIL = "email"


@dataclass(frozen=True, slots=True)
class Rule:
    """A subscription with what delivery needs of its person."""

    id: int
    person_id: int
    site_id: int
    meter_kinds: frozenset[MeterKind]
    event_classes: frozenset[EventClass]
    severities: frozenset[Severity]
    channel: SubscriptionChannel
    quiet_from_min: int | None
    quiet_to_min: int | None
    telegram_id: int | None = None
    email: str = ""
    locale: str | None = None

    def matches(self, kind: MeterKind, event_class: EventClass, severity: Severity) -> bool:
        return (
            (not self.meter_kinds or kind in self.meter_kinds)
            and (not self.event_classes or event_class in self.event_classes)
            and (not self.severities or severity in self.severities)
        )

    @property
    def has_quiet_hours(self) -> bool:
        return self.quiet_from_min is not None and self.quiet_to_min is not None

    def quiet_at(self, minute: int) -> bool:
        """Whether ``minute`` (after local midnight) falls in the quiet hours, [from, to)."""
        if self.quiet_from_min is None or self.quiet_to_min is None:
            return False
        start, end = self.quiet_from_min, self.quiet_to_min
        if start <= end:
            return start <= minute < end
        return minute >= start or minute < end


@dataclass(frozen=True, slots=True)
class Delivery:
    """One message of an alert: ``target`` names the copy (``g``, ``t<person>``, ``e<person>``)."""

    target: str
    channel: Channel
    chat_id: int | None = None
    email: str = ""
    person_id: int | None = None
    language: str | None = None


def _parse(values: Collection[str], kind: type[StrEnum]) -> frozenset[StrEnum]:
    known = {member.value for member in kind}
    return frozenset(kind(value) for value in values if value in known)


def rule_of(row: Subscription) -> Rule:
    person = row.person
    return Rule(
        id=row.id,
        person_id=person.id,
        site_id=row.site_id,  # type: ignore[attr-defined]
        meter_kinds=_parse(row.meter_kinds or [], MeterKind),  # type: ignore[arg-type]
        event_classes=_parse(row.event_classes or [], EventClass),  # type: ignore[arg-type]
        severities=_parse(row.severities or [], Severity),  # type: ignore[arg-type]
        channel=SubscriptionChannel(row.channel)
        if row.channel in set(SubscriptionChannel)
        else SubscriptionChannel.TELEGRAM,
        quiet_from_min=row.quiet_from_min,
        quiet_to_min=row.quiet_to_min,
        telegram_id=person.telegram_id,
        email=person.email,
        locale=person.locale,
    )


async def rules_for(site_id: int) -> list[Rule]:
    rows = await Subscription.filter(site_id=site_id).select_related("person").order_by("id")
    return [rule_of(row) for row in rows]


@cache
def zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def local_minute(moment: datetime, timezone: str) -> int:
    local = moment.astimezone(zone(timezone))
    return local.hour * 60 + local.minute


def held(rule: Rule, severity: Severity, minute: int, holds: Collection[Severity]) -> bool:
    """Whether this subscription keeps an alert for its digest instead of sending it now."""
    return severity in holds and severity is not Severity.ALARM and rule.quiet_at(minute)


def plan(
    view: AlertView,
    rules: Sequence[Rule],
    group_chat: int | None,
    now: datetime,
    holds: Collection[Severity] = DEFAULT_HOLDS,
) -> list[Delivery]:
    """The messages a new alert goes out as, now (what quiet hours hold waits for the digest)."""
    minute = local_minute(now, view.meter.timezone)
    matching = [r for r in rules if r.matches(view.meter.kind, view.event_class, view.severity)]
    deliveries: dict[str, Delivery] = {}
    group_rules = [r for r in rules if r.channel is SubscriptionChannel.GROUP]
    if group_chat is not None:
        to_group = [r for r in matching if r.channel is SubscriptionChannel.GROUP]
        if not group_rules or any(not held(r, view.severity, minute, holds) for r in to_group):
            deliveries["g"] = Delivery("g", Channel.TELEGRAM, chat_id=group_chat)
    for rule in matching:
        if held(rule, view.severity, minute, holds):
            continue
        if rule.channel is SubscriptionChannel.TELEGRAM and rule.telegram_id is not None:
            target = f"t{rule.person_id}"
            deliveries.setdefault(
                target,
                Delivery(
                    target, Channel.TELEGRAM, chat_id=rule.telegram_id, person_id=rule.person_id, language=rule.locale
                ),
            )
        elif rule.channel is SubscriptionChannel.EMAIL and rule.email:
            target = f"e{rule.person_id}"
            deliveries.setdefault(
                target,
                Delivery(target, Channel.EMAIL, email=rule.email, person_id=rule.person_id, language=rule.locale),
            )
    return list(deliveries.values())


def digest_delivery(rule: Rule, group_chat: int | None) -> Delivery | None:
    """Where a subscription's digest goes."""
    if rule.channel is SubscriptionChannel.GROUP:
        return None if group_chat is None else Delivery("g", Channel.TELEGRAM, chat_id=group_chat)
    if rule.channel is SubscriptionChannel.EMAIL:
        if not rule.email:
            return None
        return Delivery(
            f"e{rule.person_id}", Channel.EMAIL, email=rule.email, person_id=rule.person_id, language=rule.locale
        )
    if rule.telegram_id is None:
        return None
    return Delivery(
        f"t{rule.person_id}", Channel.TELEGRAM, chat_id=rule.telegram_id, person_id=rule.person_id, language=rule.locale
    )


def _at(day: datetime, minute: int, where: tzinfo) -> datetime:
    return datetime.combine(day.date(), time(minute // 60, minute % 60), tzinfo=where)


def last_quiet_period(rule: Rule, now: datetime, timezone: str) -> DigestPeriod | None:
    """The quiet hours that ended most recently (at or before ``now``), in UTC."""
    if rule.quiet_from_min is None or rule.quiet_to_min is None or rule.quiet_from_min == rule.quiet_to_min:
        return None
    where = zone(timezone)
    local = now.astimezone(where)
    end = _at(local, rule.quiet_to_min, where)
    if end > local:
        end = _at(local - timedelta(days=1), rule.quiet_to_min, where)
    start_day = end if rule.quiet_from_min < rule.quiet_to_min else end - timedelta(days=1)
    start = _at(start_day, rule.quiet_from_min, where)
    return DigestPeriod(start=start.astimezone(UTC), end=end.astimezone(UTC), timezone=timezone)
