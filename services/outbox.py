"""The outbox: every notification is stored first, then delivered by :class:`DeliveryWorker`.

A restart loses nothing: rows stay ``pending`` until a channel accepts them, and a row left in
``sending`` by a crash is taken again after its lease runs out.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from services.clock import Clock
from services.db.models import Binding, OutboxMessage, Person, Site, StaffRole, Subscription
from services.db.models import Ticket as TicketRow
from services.enums import Channel, OutboxStatus
from services.pacing import SendQueue, TelegramPacer, Ticket
from services.ports import (
    DeliveryError,
    Mailer,
    Notifier,
    OutgoingMessage,
    RecipientUnreachable,
    RetryLater,
)

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=2)
PREVIEW = 200
STOP_GRACE = 5.0
"""Seconds the worker waits for requests in flight when it stops."""


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    channel: Channel
    attempts: int
    message: OutgoingMessage


@dataclass(frozen=True, slots=True)
class FailedDelivery:
    """A notification the outbox gave up on, for staff to see and retry."""

    id: int
    person_id: int | None
    channel: Channel
    chat_id: int | None
    email: str
    text: str
    """The beginning of the text (:data:`PREVIEW` characters)."""
    topic: str
    attempts: int
    last_error: str
    created_at: datetime


def _backoff(attempts: int) -> timedelta:
    base = min(2**attempts, 600)
    return timedelta(seconds=base * (0.8 + 0.4 * random.random()))


class OutboxService:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def now(self) -> datetime:
        return self._clock.now()

    async def enqueue(
        self,
        message: OutgoingMessage,
        *,
        channel: Channel = Channel.TELEGRAM,
        person_id: int | None = None,
        topic: str = "",
        dedup_key: str | None = None,
    ) -> int | None:
        """Store a notification; returns its id, or None when ``dedup_key`` was already queued."""
        if dedup_key is not None and await OutboxMessage.exists(dedup_key=dedup_key):
            return None
        row = await OutboxMessage.create(
            person_id=person_id,
            chat_id=message.chat_id,
            email=message.email,
            channel=channel,
            payload={
                "text": message.text,
                "subject": message.subject,
                "html": message.html,
                "buttons": [list(b) for b in message.buttons],
                "attachment_name": message.attachment_name,
                "extra": dict(message.extra),
            },
            attachment=message.attachment,
            next_try_at=self._clock.now(),
            dedup_key=dedup_key,
            topic=topic,
        )
        return int(row.id)

    async def claim_due(
        self, limit: int = 50, *, exclude_chats: Collection[int] = (), per_chat: int | None = None
    ) -> list[OutboxItem]:
        """Take due rows and lease them (``sending``) so that no other worker sends them too.

        ``exclude_chats``: Telegram chats to leave alone (the sender has messages for them already);
        ``per_chat``: at most this many rows per Telegram chat, so that one busy chat cannot fill the claim.
        """
        now = self._clock.now()
        query = OutboxMessage.filter(
            Q(status=OutboxStatus.PENDING, next_try_at__lte=now)
            | Q(status=OutboxStatus.SENDING, next_try_at__lte=now - LEASE)
        )
        if exclude_chats:
            query = query.filter(
                Q(channel=Channel.EMAIL) | Q(chat_id__isnull=True) | ~Q(chat_id__in=list(exclude_chats))
            )
        scan = limit if per_chat is None else limit * 4
        rows = (
            await query.order_by("next_try_at", "id")
            .limit(scan)
            .values("id", "status", "next_try_at", "chat_id", "channel")
        )
        picked = _per_chat(rows, limit, per_chat)
        taken: list[int] = []
        async with in_transaction() as conn:
            for row in picked:
                claimed = (
                    await OutboxMessage.filter(id=row["id"], status=row["status"], next_try_at=row["next_try_at"])
                    .using_db(conn)
                    .update(status=OutboxStatus.SENDING, next_try_at=now)
                )
                if claimed:
                    taken.append(row["id"])
        if not taken:
            return []
        by_id = {row.id: row for row in await OutboxMessage.filter(id__in=taken)}
        return [_to_item(by_id[item_id]) for item_id in taken if item_id in by_id]

    async def release(self, item_id: int, at: datetime | None = None) -> None:
        """Give a leased row back untried (the sender is stopping, or its chat must wait until ``at``)."""
        await OutboxMessage.filter(id=item_id, status=OutboxStatus.SENDING).update(
            status=OutboxStatus.PENDING, next_try_at=at or self._clock.now()
        )

    async def next_due_at(self) -> datetime | None:
        """When the earliest pending row falls due (None: nothing pending)."""
        row = (
            await OutboxMessage.filter(status=OutboxStatus.PENDING)
            .order_by("next_try_at")
            .first()
            .values_list("next_try_at", flat=True)
        )
        return row if isinstance(row, datetime) else None

    async def mark_sent(self, item_id: int, via: Channel, message_id: int | None = None) -> None:
        await OutboxMessage.filter(id=item_id).update(
            status=OutboxStatus.SENT, sent_at=self._clock.now(), sent_via=via, sent_message_id=message_id, last_error=""
        )

    async def sent_message(self, topic: str) -> tuple[int, int] | None:
        """(chat id, message id) of the last delivered Telegram message of ``topic``."""
        row = (
            await OutboxMessage.filter(topic=topic, status=OutboxStatus.SENT, sent_message_id__isnull=False)
            .order_by("-id")
            .first()
        )
        if row is None or row.chat_id is None or row.sent_message_id is None:
            return None
        return int(row.chat_id), int(row.sent_message_id)

    async def reschedule(self, item_id: int, attempts: int, error: str, delay: timedelta | None = None) -> None:
        if attempts >= MAX_ATTEMPTS:
            await self.mark_failed(item_id, attempts, error)
            return
        await OutboxMessage.filter(id=item_id).update(
            status=OutboxStatus.PENDING,
            attempts=attempts,
            last_error=error[:1000],
            next_try_at=self._clock.now() + (delay if delay is not None else _backoff(attempts)),
        )

    async def fall_back_to_email(self, item_id: int, attempts: int, error: str) -> bool:
        """Switch a Telegram message to e-mail when the person has an address; False otherwise."""
        row = await OutboxMessage.get_or_none(id=item_id).prefetch_related("person")
        email = row.email if row else ""
        if row is not None and not email and row.person is not None:
            email = row.person.email
        if row is None or not email:
            return False
        await OutboxMessage.filter(id=item_id).update(
            channel=Channel.EMAIL,
            email=email,
            status=OutboxStatus.PENDING,
            attempts=attempts,
            last_error=error[:1000],
            next_try_at=self._clock.now(),
        )
        return True

    async def mark_failed(self, item_id: int, attempts: int, error: str) -> None:
        await OutboxMessage.filter(id=item_id).update(
            status=OutboxStatus.FAILED, attempts=attempts, last_error=error[:1000]
        )

    async def pending_count(self) -> int:
        return await OutboxMessage.filter(status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING]).count()

    async def failed_count(self, sites: Collection[int] | None = None) -> int:
        return await _failed_rows(sites).count()

    async def failed(self, limit: int = 50, sites: Collection[int] | None = None) -> list[FailedDelivery]:
        """Deliveries that gave up, newest first (for staff: the admin web, the bot); with ``sites``, only
        those for people of these sites or for their operators' chats (:func:`_failed_rows`)."""
        rows = await _failed_rows(sites).order_by("-id").limit(limit)
        return [_failed(row) for row in rows]

    async def recipient_names(self, person_ids: Iterable[int | None]) -> dict[int, str]:
        """The names of the people some deliveries were for (the failed deliveries' page)."""
        wanted = {person_id for person_id in person_ids if person_id is not None}
        rows = await Person.filter(id__in=list(wanted)).values_list("id", "name") if wanted else []
        return {int(person_id): str(name) for person_id, name in rows}

    async def retry(self, item_id: int, sites: Collection[int] | None = None) -> bool:
        """Try a failed delivery again from scratch; False when it is not (or no longer) failed, or is not
        of ``sites``."""
        return bool(
            await _failed_rows(sites)
            .filter(id=item_id)
            .update(status=OutboxStatus.PENDING, attempts=0, next_try_at=self._clock.now())
        )


def _failed_rows(sites: Collection[int] | None) -> QuerySet[OutboxMessage]:
    """Failed deliveries; with ``sites`` (staff of some sites, not a superuser) only those whose recipient
    belongs to one of them — a resident with a binding to one of their meters or a ticket there, staff
    with a role or an alert subscription there — or, without a person, that site's operators' chat. An
    outbox row has no site of its own, so a delivery to no one of these sites is for superusers only."""
    rows = OutboxMessage.filter(status=OutboxStatus.FAILED)
    if sites is None:
        return rows
    wanted = sorted(set(sites))
    people = (
        Subquery(Binding.filter(meter__site_id__in=wanted).values("person_id")),
        Subquery(TicketRow.filter(site_id__in=wanted).values("author_id")),
        Subquery(StaffRole.filter(site_id__in=wanted).values("person_id")),
        Subquery(Subscription.filter(site_id__in=wanted).values("person_id")),
    )
    chats = Subquery(Site.filter(id__in=wanted, operators_chat_id__isnull=False).values("operators_chat_id"))
    return rows.filter(
        Q(*(Q(person_id__in=query) for query in people), Q(person_id__isnull=True, chat_id__in=chats), join_type=Q.OR)
    )


def _per_chat(rows: list[dict[str, Any]], limit: int, per_chat: int | None) -> list[dict[str, Any]]:
    """At most ``per_chat`` Telegram rows per chat, ``limit`` in all, in the order given."""
    picked: list[dict[str, Any]] = []
    counts: dict[int, int] = {}
    for row in rows:
        chat_id = row["chat_id"]
        if per_chat is not None and chat_id is not None and Channel(row["channel"]) is Channel.TELEGRAM:
            if counts.get(chat_id, 0) >= per_chat:
                continue
            counts[chat_id] = counts.get(chat_id, 0) + 1
        picked.append(row)
        if len(picked) >= limit:
            break
    return picked


def _failed(row: OutboxMessage) -> FailedDelivery:
    payload = row.payload if isinstance(row.payload, dict) else {}
    return FailedDelivery(
        id=int(row.id),
        person_id=row.person_id,  # type: ignore[attr-defined]
        channel=row.channel,
        chat_id=row.chat_id,
        email=row.email,
        text=str(payload.get("text", ""))[:PREVIEW],
        topic=row.topic,
        attempts=int(row.attempts),
        last_error=row.last_error,
        created_at=row.created_at,
    )


def _to_item(row: OutboxMessage) -> OutboxItem:
    payload = row.payload if isinstance(row.payload, dict) else {}
    message = OutgoingMessage(
        text=str(payload.get("text", "")),
        chat_id=row.chat_id,
        email=row.email,
        subject=str(payload.get("subject", "")),
        html=str(payload.get("html", "")),
        buttons=tuple((str(b[0]), str(b[1])) for b in payload.get("buttons", []) if len(b) == 2),
        attachment=row.attachment,
        attachment_name=str(payload.get("attachment_name", "")),
        extra={str(k): str(v) for k, v in dict(payload.get("extra") or {}).items()},
    )
    return OutboxItem(id=int(row.id), channel=row.channel, attempts=int(row.attempts), message=message)


class DeliveryWorker:
    """Delivers due outbox rows through the Telegram notifier or the mailer.

    :meth:`run` paces Telegram sends under Telegram's limits (:class:`services.pacing.TelegramPacer`):
    it claims more rows than it sends at once, at most ``per_chat`` per chat and none for chats it
    already holds messages for, and sends whichever message's chat may receive one now, so a chat that
    must wait (one message a second, 20 a minute in a group, a 429's ``retry_after``) never holds up the
    others. Up to ``max_in_flight`` requests run at once, so the overall rate is reachable with real round
    trips. A message held longer than ``max_hold`` seconds (well inside the lease) goes back to the table,
    and so does everything still held when the worker stops.
    """

    def __init__(
        self,
        outbox: OutboxService,
        notifier: Notifier | None,
        mailer: Mailer | None,
        *,
        poll_interval: float = 1.0,
        pacer: TelegramPacer | None = None,
        max_in_flight: int = 8,
        claim_size: int = 100,
        per_chat: int = 3,
        max_hold: float = 60.0,
    ) -> None:
        self._outbox = outbox
        self._notifier = notifier
        self._mailer = mailer
        self._poll_interval = poll_interval
        self.pacer = pacer or TelegramPacer()
        self._max_in_flight = max_in_flight
        self._claim_size = claim_size
        self._per_chat = per_chat
        self._max_hold = max_hold
        self.wakeup = asyncio.Event()
        self._answered = asyncio.Event()

    # --- the paced loop ----------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        queue: SendQueue[OutboxItem] = SendQueue(self.pacer)
        slots = asyncio.Semaphore(self._max_in_flight)
        tasks: set[asyncio.Task[None]] = set()
        claim_at = 0.0
        try:
            while not stop.is_set():
                if self.wakeup.is_set():
                    self.wakeup.clear()
                    claim_at = 0.0
                await self._release(queue.take_stale(self._max_hold))
                if len(queue) < max(1, self._claim_size // 2) and self.pacer.now() >= claim_at:
                    claim_at = await self._refill(queue)
                await slots.acquire()
                ready = queue.pop_ready()
                if isinstance(ready, float):
                    slots.release()
                    until_claim = claim_at - self.pacer.now() if len(queue) < self._claim_size // 2 else ready
                    await self._pause(stop, max(0.0, min(ready, until_claim, self._poll_interval)))
                    continue
                item, chat_id, ticket = ready
                task = asyncio.create_task(self._send_one(item, chat_id, ticket, queue, slots))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
        finally:
            await self._wind_down(queue, tasks)

    async def _refill(self, queue: SendQueue[OutboxItem]) -> float:
        """Claim due rows into ``queue``; returns when (monotonic) to claim again."""
        wanted = self._claim_size - len(queue)
        items = await self._outbox.claim_due(wanted, exclude_chats=queue.busy_chats(), per_chat=self._per_chat)
        for item in items:
            queue.add(_pace_key(item), item)
        now = self.pacer.now()
        if len(items) >= wanted:
            return now
        due = await self._outbox.next_due_at()
        delay = (due - self._outbox.now()).total_seconds() if due is not None else self._poll_interval
        return now + (delay if 0 < delay < self._poll_interval else self._poll_interval)

    async def _pause(self, stop: asyncio.Event, seconds: float) -> None:
        """Until ``seconds`` pass, a send is answered, new rows are announced, or stop."""
        self._answered.clear()
        waiters = [asyncio.ensure_future(e.wait()) for e in (stop, self.wakeup, self._answered)]
        try:
            await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()

    async def _send_one(
        self,
        item: OutboxItem,
        chat_id: int | None,
        ticket: Ticket | None,
        queue: SendQueue[OutboxItem],
        slots: asyncio.Semaphore,
    ) -> None:
        try:
            await self.deliver(item, ticket=ticket)
        except Exception:  # the database is away: the lease brings the row back
            log.exception("outbox: delivering %s failed", item.id)
        finally:
            if ticket is not None:
                ticket.done()
            queue.finished(chat_id)
            slots.release()
            self._answered.set()

    async def _release(self, items: list[OutboxItem]) -> None:
        for item in items:
            chat_id = _pace_key(item)
            wait = self.pacer.chat_wait(chat_id) if chat_id is not None else 0.0
            await self._outbox.release(item.id, self._outbox.now() + timedelta(seconds=wait))

    async def _wind_down(self, queue: SendQueue[OutboxItem], tasks: set[asyncio.Task[None]]) -> None:
        if tasks:
            _, late = await asyncio.wait(set(tasks), timeout=STOP_GRACE)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        try:
            await self._release(queue.take_all())
        except Exception:  # the lease brings them back
            log.exception("outbox: could not give back the queued rows")

    # --- one message -------------------------------------------------------------------------------

    async def deliver(self, item: OutboxItem, *, ticket: Ticket | None = None) -> None:
        attempts = item.attempts + 1
        try:
            try:
                via, message_id = await self._send(item)
            finally:
                if ticket is not None:
                    ticket.done()
        except RetryLater as exc:
            chat_id = _pace_key(item)
            if chat_id is not None:
                self.pacer.hold(chat_id, exc.seconds)
            await self._outbox.reschedule(item.id, item.attempts, str(exc), timedelta(seconds=exc.seconds))
        except RecipientUnreachable as exc:
            if item.channel is Channel.TELEGRAM and await self._outbox.fall_back_to_email(item.id, attempts, str(exc)):
                return
            await self._outbox.mark_failed(item.id, attempts, str(exc))
        except DeliveryError as exc:
            await self._outbox.reschedule(item.id, attempts, str(exc))
        except Exception as exc:  # an answer nobody expected (a 400): retried with backoff, then failed
            log.exception("outbox: sending %s failed unexpectedly", item.id)
            await self._outbox.reschedule(item.id, attempts, f"{type(exc).__name__}: {exc}")
        else:
            await self._outbox.mark_sent(item.id, via, message_id)

    async def _send(self, item: OutboxItem) -> tuple[Channel, int | None]:
        if item.channel is Channel.TELEGRAM and item.message.chat_id is not None:
            if self._notifier is None:
                raise RecipientUnreachable("the bot is not configured")
            return Channel.TELEGRAM, await self._notifier.send(item.message)
        if item.channel is Channel.TELEGRAM:
            raise RecipientUnreachable("no Telegram chat")
        if self._mailer is None or not item.message.email:
            raise RecipientUnreachable("no e-mail channel or address")
        await self._mailer.send(item.message)
        return Channel.EMAIL, None


def _pace_key(item: OutboxItem) -> int | None:
    """The Telegram chat whose limits the item counts against (None: e-mail, not paced)."""
    return item.message.chat_id if item.channel is Channel.TELEGRAM else None
