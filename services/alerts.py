"""Alerts: meter events and monitoring findings turned into work that operators can act on.

* **One active alert per meter and kind.** ``Alert.active_key`` ("<meter>:<kind>") is unique while the
  alert is active or acknowledged and NULL once cleared, so the database itself refuses a second one. A
  repeat adds to ``count``, moves ``last_at`` and keeps the worse severity; its messages are edited in
  place at most once per ``edit_interval`` (:meth:`AlertService.flush_edits`), never sent again.
* **Lifecycle** active -> acknowledged -> cleared, with an assignee. Acknowledge, "assign to me" (which
  acknowledges too) and clear re-check the presser's role from the database (chairman, dispatcher or
  admin of the site), are conditional updates (a double press changes nothing) and are audited.
* **Routing** (:mod:`services.alert_routing`): the operators' chat and the subscribers, by their filters,
  channels and quiet hours; held items go out in a digest (:meth:`AlertService.send_digests`).
* **Escalation**: an alarm nobody acknowledged within ``escalation_after`` goes to the site's chairmen
  privately (level 1), then by e-mail to chairmen and admins (level 2); acknowledging or clearing stops it.

New alerts are stored and queued in one transaction, and the delivery worker is woken at once. Ingestion
hands over events as they arrive (:meth:`AlertService.take_event`, the fast lane) and every flush
(:meth:`AlertService.take`); both return immediately, and the alerts are made by one worker task
(:meth:`AlertService.run`), in order (:mod:`services.alert_intake`), so ingestion never waits for them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from services import audit
from services.alert_card import StaffMeterCard, staff_card
from services.alert_delivery import AlertMessenger
from services.alert_intake import Intake
from services.alert_listing import AlertFilter, alert_page
from services.alert_model import (
    LIVE_STATES,
    OFFLINE,
    AlertNotices,
    AlertOutcome,
    AlertView,
    Audience,
    MessageEditor,
    Signal,
    active_key,
    is_staff,
    load_views,
    may_handle,
    worse,
)
from services.alert_routing import DEFAULT_HOLDS, Delivery, digest_delivery, last_quiet_period, plan, rule_of, rules_for
from services.clock import Clock
from services.consumption import ConsumptionService
from services.db.models import Alert, OutboxMessage, Person, StaffRole, Subscription
from services.enums import AlertState, Channel, EventClass, Role, Severity
from services.errors import NotFound, PermissionDenied
from services.ingest_model import EventIn
from services.ingest_store import FlushReport, MeterDirectory
from services.outbox import OutboxService
from services.pagination import Page

__all__ = ["AlertOutcome", "AlertService", "AlertView", "RaiseResult", "StaffMeterCard"]

log = logging.getLogger(__name__)

MAX_ESCALATION = 2
TEXT_LIMIT = 500
ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class RaiseResult:
    created: tuple[int, ...] = ()
    updated: tuple[int, ...] = ()


def _merge(signals: Iterable[Signal]) -> list[Signal]:
    """One signal per (meter, kind): counts added, the span widened, the worse severity, the latest details."""
    merged: dict[tuple[int, str], Signal] = {}
    for signal in signals:
        key = (signal.meter_id, signal.kind)
        seen = merged.get(key)
        if seen is None:
            merged[key] = signal
            continue
        latest = signal if signal.at >= seen.at else seen
        merged[key] = replace(
            latest,
            severity=worse(seen.severity, signal.severity),
            count=seen.count + signal.count,
            first_at=min(seen.since, signal.since),
            at=max(seen.at, signal.at),
        )
    return list(merged.values())


def event_signal(meter_id: int, event: EventIn) -> Signal:
    return Signal(
        meter_id=meter_id,
        kind=event.code,
        event_class=event.event_class,
        severity=event.severity,
        at=event.ts,
        details={"code": event.code, "text": event.text[:TEXT_LIMIT]},
    )


class AlertService:
    def __init__(
        self,
        clock: Clock,
        outbox: OutboxService,
        notices: AlertNotices,
        *,
        editor: MessageEditor | None = None,
        default_operators_chat_id: int | None = None,
        escalation_after: timedelta = timedelta(minutes=15),
        edit_interval: timedelta = timedelta(seconds=30),
        quiet_holds: frozenset[Severity] = DEFAULT_HOLDS,
        digest_window: timedelta = timedelta(hours=1),
        consumption: ConsumptionService | None = None,
        directory: MeterDirectory | None = None,
    ) -> None:
        self._clock = clock
        self._consumption = consumption
        self._outbox = outbox
        self._notices = notices
        self._messenger = AlertMessenger(outbox, notices, editor)
        self._default_chat = default_operators_chat_id
        self._escalation_after = escalation_after
        self._edit_interval = edit_interval
        self._holds = quiet_holds
        self._digest_window = digest_window
        self._wake: Callable[[], None] | None = None
        self._intake = Intake(self.on_events, self.clear_by_data, lambda: self._offline, directory)
        self._edited_at: dict[int, datetime] = {}
        self._dirty: set[int] = set()
        self._offline: set[int] | None = None
        """Meters with a live offline alert (loaded on first use), so that a flush is checked in memory."""

    # --- wiring ----------------------------------------------------------------------------------

    def set_editor(self, editor: MessageEditor | None) -> None:
        """The Telegram side's editor, once there is a bot."""
        self._messenger.editor = editor

    def wake_delivery_with(self, wake: Callable[[], None] | None) -> None:
        """Called after queueing messages, e.g. ``DeliveryWorker.wakeup.set``, so they leave at once."""
        self._wake = wake

    def _queued(self, count: int) -> None:
        if count and self._wake is not None:
            self._wake()

    # --- intake from ingestion -------------------------------------------------------------------

    def take(self, report: FlushReport) -> None:
        """The ingestion hook (:class:`services.ingest_hooks.AfterFlush`): returns at once."""
        self._intake.take(report)

    def take_event(self, item: EventIn) -> None:
        """The fast lane, for ingestion to call as soon as an event has passed its checks: returns at once."""
        self._intake.take_event(item)

    async def run(self, stop: asyncio.Event) -> None:
        """The worker that makes alerts of what :meth:`take` and :meth:`take_event` were given; the
        composition root runs it as a task of its own until ``stop``."""
        await self._intake.run(stop)

    async def drain(self) -> None:
        """Return once everything :meth:`take` and :meth:`take_event` were given has been handled (worked
        in the caller's task when no worker runs)."""
        await self._intake.drain()

    async def on_events(self, pairs: Sequence[tuple[int, EventIn]]) -> RaiseResult:
        """Meter events (meter id, event) to alerts, one per meter and code."""
        return await self.raise_signals([event_signal(meter_id, event) for meter_id, event in pairs])

    # --- raising ---------------------------------------------------------------------------------

    async def raise_signals(self, signals: Sequence[Signal]) -> RaiseResult:
        now = self._clock.now()
        created: list[int] = []
        updated: list[int] = []
        queued = 0
        for signal in _merge(signals):
            outcome = await self._upsert(signal, now)
            if outcome is None:
                continue
            alert_id, sent = outcome
            if sent is None:
                updated.append(alert_id)
            else:
                created.append(alert_id)
                queued += sent
        self._queued(queued)
        return RaiseResult(tuple(created), tuple(updated))

    async def _upsert(self, signal: Signal, now: datetime) -> tuple[int, int | None] | None:
        """(alert id, messages queued) for a new alert, (alert id, None) for a repeat."""
        key = active_key(signal.meter_id, signal.kind)
        for _ in range(ATTEMPTS):
            row = await Alert.get_or_none(active_key=key)
            if row is not None:
                await self._repeat(row, signal, now)
                return row.id, None
            try:
                async with in_transaction():
                    row = await Alert.create(
                        meter_id=signal.meter_id,
                        kind=signal.kind,
                        active_key=key,
                        event_class=signal.event_class,
                        severity=signal.severity,
                        first_at=signal.since,
                        last_at=signal.at,
                        count=signal.count,
                        details=dict(signal.details),
                        next_escalation_at=self._first_escalation(signal.severity, now),
                        created_at=now,
                    )
                    sent = await self._announce(row.id, now)
            except IntegrityError:  # another task raised it a moment ago: repeat that one
                continue
            self._edited_at[row.id] = now
            if signal.kind == OFFLINE and self._offline is not None:
                self._offline.add(signal.meter_id)
            return row.id, sent
        log.error("alerts: could not raise %s for meter %s", signal.kind, signal.meter_id)
        return None

    def _first_escalation(self, severity: Severity, now: datetime) -> datetime | None:
        return now + self._escalation_after if severity is Severity.ALARM else None

    async def _repeat(self, row: Alert, signal: Signal, now: datetime) -> None:
        details = dict(row.details or {})
        if (
            signal.count == 1
            and signal.at == row.last_at
            and all(details.get(k) == v for k, v in signal.details.items())
        ):
            return  # the same event delivered again (MQTT QoS 1 may): nothing new
        severity = worse(Severity(row.severity), signal.severity)
        values: dict[str, object] = {
            "count": F("count") + signal.count,
            "last_at": max(row.last_at, signal.at),
            "severity": severity,
            "details": details | dict(signal.details),
        }
        if severity is Severity.ALARM and row.severity != Severity.ALARM and row.state == AlertState.ACTIVE:
            values["next_escalation_at"] = now + self._escalation_after
        await Alert.filter(id=row.id, active_key=row.active_key).update(**values)
        self._dirty.add(row.id)

    async def _announce(self, alert_id: int, now: datetime) -> int:
        view = (await load_views([alert_id]))[alert_id]
        rules = await rules_for(view.meter.site_id)
        deliveries = plan(view, rules, self._group_chat(view), now, self._holds)
        return await self._messenger.send(view, deliveries)

    def _group_chat(self, view: AlertView) -> int | None:
        return view.meter.operators_chat_id or self._default_chat

    # --- operators' actions ----------------------------------------------------------------------

    async def get(self, alert_id: int) -> AlertView:
        views = await load_views([alert_id])
        if alert_id not in views:
            raise NotFound(f"alert {alert_id}")
        return views[alert_id]

    async def site_page(self, site_id: int, wanted: AlertFilter, page: int, page_size: int = 25) -> Page[AlertView]:
        """The site's alerts matching ``wanted``, newest first (for staff: the admin web's queue)."""
        return await alert_page(site_id, wanted, page, page_size)

    async def acknowledge(self, alert_id: int, actor_id: int, origin: str) -> AlertOutcome:
        return await self._act(alert_id, actor_id, origin, "alert.acknowledge", self._ack)

    async def assign_to_me(self, alert_id: int, actor_id: int, origin: str) -> AlertOutcome:
        """Take the alert; an active one is acknowledged by the same press."""
        return await self._act(alert_id, actor_id, origin, "alert.assign", self._assign)

    async def clear(self, alert_id: int, actor_id: int, origin: str) -> AlertOutcome:
        return await self._act(alert_id, actor_id, origin, "alert.clear", self._clear)

    async def meter_card(self, alert_id: int, actor_id: int, origin: str) -> StaffMeterCard:
        """The alert's meter card ("Show meter") for anyone with a role at its site; PermissionDenied
        (audited) for anyone else."""
        view = await self.get(alert_id)
        if not await is_staff(actor_id, view.meter.site_id):
            await self._audit("alert.show_meter", actor_id, view, origin, allowed=False)
            raise PermissionDenied(f"person {actor_id} has no role at site {view.meter.site_id}")
        return await staff_card(view.meter.id, self._consumption)

    async def _act(
        self,
        alert_id: int,
        actor_id: int,
        origin: str,
        action: str,
        change: Callable[[Alert, int, datetime], Awaitable[bool]],
    ) -> AlertOutcome:
        view = await self.get(alert_id)
        if not await may_handle(actor_id, view.meter.site_id):
            await self._audit(action, actor_id, view, origin, allowed=False)
            raise PermissionDenied(f"person {actor_id} may not handle alerts at site {view.meter.site_id}")
        row = await Alert.get(id=alert_id)
        now = self._clock.now()
        changed = await change(row, actor_id, now)
        await self._audit(action if changed else f"{action}.noop", actor_id, view, origin)
        view = await self.get(alert_id)
        if changed:
            await self._refresh(view, now)
        return AlertOutcome(view, changed)

    async def _ack(self, row: Alert, actor_id: int, now: datetime) -> bool:
        return bool(
            await Alert.filter(id=row.id, state=AlertState.ACTIVE).update(
                state=AlertState.ACKNOWLEDGED, acknowledged_by_id=actor_id, acknowledged_at=now, next_escalation_at=None
            )
        )

    async def _assign(self, row: Alert, actor_id: int, now: datetime) -> bool:
        not_mine = Q(assignee_id__isnull=True) | ~Q(assignee_id=actor_id)
        taken = await Alert.filter(Q(id=row.id), Q(state__in=LIVE_STATES), not_mine).update(assignee_id=actor_id)
        acknowledged = await self._ack(row, actor_id, now)
        return bool(taken) or acknowledged

    async def _clear(self, row: Alert, actor_id: int, now: datetime) -> bool:
        person = await Person.get_or_none(id=actor_id)
        name = person.name if person is not None else ""
        return await self._close(row, now, {"cleared_by": name, "cleared_reason": "operator"})

    async def _close(self, row: Alert, now: datetime, note: Mapping[str, str]) -> bool:
        changed = await Alert.filter(id=row.id, state__in=LIVE_STATES).update(
            state=AlertState.CLEARED,
            active_key=None,
            cleared_at=now,
            next_escalation_at=None,
            details=dict(row.details or {}) | dict(note),
        )
        if changed and row.kind == OFFLINE and self._offline is not None:
            self._offline.discard(row.meter_id)  # type: ignore[attr-defined]
        return bool(changed)

    async def _audit(
        self, action: str, actor_id: int | None, view: AlertView, origin: str, allowed: bool = True
    ) -> None:
        await audit.record(
            action,
            actor_id=actor_id,
            site_id=view.meter.site_id,
            object_type="alert",
            object_id=str(view.id),
            origin=origin,
            allowed=allowed,
            details={"kind": view.kind, "meter": view.meter.serial, "state": view.state.value}
            | ({} if allowed else {"reason": "no_role"}),
        )

    # --- clearing by the data --------------------------------------------------------------------

    async def clear_by_data(self, meter_ids: Iterable[int]) -> int:
        """Offline alerts of meters that reported again are cleared; returns how many."""
        if self._offline is None:
            live = await Alert.filter(kind=OFFLINE, active_key__isnull=False).values("meter_id")
            self._offline = {int(row["meter_id"]) for row in live}
        wanted = [m for m in set(meter_ids) if m in self._offline]
        return await self.resolve(wanted, OFFLINE, "data")

    async def resolve(self, meter_ids: Iterable[int], kind: str, reason: str) -> int:
        """Clear the live alerts of ``kind`` on these meters because the condition is gone."""
        keys = [active_key(meter_id, kind) for meter_id in meter_ids]
        if not keys:
            return 0
        now = self._clock.now()
        closed: list[int] = []
        for row in await Alert.filter(active_key__in=keys):
            if await self._close(row, now, {"cleared_reason": reason}):
                closed.append(row.id)
        for view in (await load_views(closed)).values():
            await self._audit("alert.clear.auto", None, view, f"meterbot:{reason}")
            await self._refresh(view, now)
        return len(closed)

    async def clear_returned(self) -> int:
        """The sweep behind :meth:`take`: offline alerts of meters heard from since they were raised."""
        rows = await Alert.filter(kind=OFFLINE, active_key__isnull=False).values_list(
            "meter_id", "last_at", "meter__last_seen_at"
        )
        back = [meter_id for meter_id, last_at, seen in rows if seen is not None and seen > last_at]
        return await self.resolve(back, OFFLINE, "data")

    async def raise_offline(self, last_seen: Mapping[int, datetime], silence: timedelta) -> RaiseResult:
        """Offline alerts for silent meters (meter id -> last seen), once per silence: a meter whose
        offline alert of this silence was cleared by hand is not raised again until it speaks."""
        if not last_seen:
            return RaiseResult()
        earliest = min(last_seen.values())
        raised = await Alert.filter(kind=OFFLINE, meter_id__in=list(last_seen), first_at__gte=earliest).values_list(
            "meter_id", "first_at"
        )
        latest: dict[int, datetime] = {}
        for meter_id, first_at in raised:
            latest[meter_id] = max(first_at, latest.get(meter_id, first_at))
        now = self._clock.now()
        signals = [
            Signal(
                meter_id=meter_id,
                kind=OFFLINE,
                event_class=EventClass.OTHER,
                severity=Severity.WARNING,
                at=now,
                details={"last_seen_at": seen.isoformat(), "silence_minutes": int(silence.total_seconds() // 60)},
            )
            for meter_id, seen in last_seen.items()
            if meter_id not in latest or latest[meter_id] < seen
        ]
        return await self.raise_signals(signals)

    # --- edits, escalation, digests (scheduled) --------------------------------------------------

    async def _refresh(self, view: AlertView, now: datetime) -> None:
        self._edited_at[view.id] = now
        if await self._messenger.refresh(view):
            self._dirty.discard(view.id)
        else:
            self._dirty.add(view.id)

    async def flush_edits(self) -> int:
        """Edit the messages of alerts that changed since their last edit, at most once per interval."""
        now = self._clock.now()
        due = [i for i in self._dirty if i not in self._edited_at or now - self._edited_at[i] >= self._edit_interval]
        views = await load_views(due)
        for alert_id in due:
            view = views.get(alert_id)
            if view is None:
                self._dirty.discard(alert_id)
            else:
                await self._refresh(view, now)
        return len(due)

    async def escalate_due(self) -> int:
        """Alarms nobody acknowledged in time go to the next level; returns how many were escalated."""
        now = self._clock.now()
        due = await Alert.filter(state=AlertState.ACTIVE, next_escalation_at__lte=now).values_list(
            "id", "escalation_level"
        )
        escalated = queued = 0
        for alert_id, level in due:
            new_level = level + 1
            following = now + self._escalation_after if new_level < MAX_ESCALATION else None
            async with in_transaction():
                changed = await Alert.filter(id=alert_id, state=AlertState.ACTIVE, escalation_level=level).update(
                    escalation_level=new_level, next_escalation_at=following
                )
                if not changed:
                    continue
                view = await self.get(alert_id)
                deliveries = await self._escalation_deliveries(view.meter.site_id, new_level)
                if not deliveries:
                    log.warning("alert %s: nobody to escalate to at level %d", alert_id, new_level)
                queued += await self._messenger.send(view, deliveries, escalation=new_level)
            escalated += 1
            self._dirty.add(alert_id)
        self._queued(queued)
        return escalated

    @staticmethod
    async def _escalation_deliveries(site_id: int, level: int) -> list[Delivery]:
        """Level 1: the chairmen privately (e-mail when they have no Telegram); level 2: e-mail to the
        chairmen and admins."""
        roles = [Role.CHAIRMAN] if level == 1 else [Role.CHAIRMAN, Role.ADMIN]
        people = await StaffRole.filter(site_id=site_id, role__in=roles).values_list(
            "person_id", "person__telegram_id", "person__email", "person__locale"
        )
        deliveries: dict[int, Delivery] = {}
        for person_id, telegram_id, email, locale in people:
            if level == 1 and telegram_id is not None:
                deliveries[person_id] = Delivery(
                    f"t{person_id}", Channel.TELEGRAM, chat_id=telegram_id, person_id=person_id, language=locale
                )
            elif email:
                deliveries[person_id] = Delivery(
                    f"e{person_id}", Channel.EMAIL, email=email, person_id=person_id, language=locale
                )
        return list(deliveries.values())

    async def send_digests(self) -> int:
        """When a subscription's quiet hours have ended (within the digest window), what they held goes
        out as one digest; returns how many digests were queued."""
        now = self._clock.now()
        rows = await Subscription.filter(quiet_from_min__isnull=False, quiet_to_min__isnull=False).select_related(
            "person", "site"
        )
        queued = 0
        for row in rows:
            rule = rule_of(row)
            period = last_quiet_period(rule, now, row.site.timezone)
            if period is None or not period.end <= now < period.end + self._digest_window:
                continue
            dedup_key = f"alert-digest:{rule.id}:{int(period.end.timestamp())}"
            if await OutboxMessage.exists(dedup_key=dedup_key):
                continue
            delivery = digest_delivery(rule, row.site.operators_chat_id or self._default_chat)
            if delivery is None:
                continue
            held = await Alert.filter(
                meter__site_id=rule.site_id,
                first_at__gte=period.start,
                first_at__lt=period.end,
                severity__in=[s for s in self._holds if s is not Severity.ALARM],
            ).values("id")
            views = sorted((await load_views(r["id"] for r in held)).values(), key=lambda v: (v.first_at, v.id))
            views = [v for v in views if rule.matches(v.meter.kind, v.event_class, v.severity)]
            if not views:
                continue
            message = self._notices.digest(views, period, Audience(delivery.channel, delivery.language))
            if delivery.channel is Channel.TELEGRAM:
                message = replace(message, chat_id=delivery.chat_id, email="")
            else:
                message = replace(message, chat_id=None, email=delivery.email, buttons=())
            row_id = await self._outbox.enqueue(
                message,
                channel=delivery.channel,
                person_id=delivery.person_id,
                topic=f"alert-digest:{rule.id}",
                dedup_key=dedup_key,
            )
            queued += row_id is not None
        self._queued(queued)
        return queued
