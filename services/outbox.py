"""The outbox: every notification is stored first, then delivered by :class:`DeliveryWorker`.

A restart loses nothing: rows stay ``pending`` until a channel accepts them, and a row left in
``sending`` by a crash is taken again after its lease runs out.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass
from datetime import timedelta

from tortoise.expressions import Q

from services.clock import Clock
from services.db.models import OutboxMessage
from services.enums import Channel, OutboxStatus
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


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    channel: Channel
    attempts: int
    message: OutgoingMessage


def _backoff(attempts: int) -> timedelta:
    base = min(2**attempts, 600)
    return timedelta(seconds=base * (0.8 + 0.4 * random.random()))


class OutboxService:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

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
            },
            attachment=message.attachment,
            next_try_at=self._clock.now(),
            dedup_key=dedup_key,
            topic=topic,
        )
        return int(row.id)

    async def claim_due(self, limit: int = 50) -> list[OutboxItem]:
        """Take due rows and lease them (``sending``) so that no other worker sends them too."""
        now = self._clock.now()
        rows = (
            await OutboxMessage.filter(
                Q(status=OutboxStatus.PENDING, next_try_at__lte=now)
                | Q(status=OutboxStatus.SENDING, next_try_at__lte=now - LEASE)
            )
            .order_by("next_try_at", "id")
            .limit(limit)
        )
        items: list[OutboxItem] = []
        for row in rows:
            taken = await OutboxMessage.filter(id=row.id, status=row.status, next_try_at=row.next_try_at).update(
                status=OutboxStatus.SENDING, next_try_at=now
            )
            if taken:
                items.append(_to_item(row))
        return items

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

    async def failed_count(self) -> int:
        return await OutboxMessage.filter(status=OutboxStatus.FAILED).count()


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
    )
    return OutboxItem(id=int(row.id), channel=row.channel, attempts=int(row.attempts), message=message)


class DeliveryWorker:
    """Delivers due outbox rows through the Telegram notifier or the mailer."""

    def __init__(
        self,
        outbox: OutboxService,
        notifier: Notifier | None,
        mailer: Mailer | None,
        *,
        poll_interval: float = 1.0,
    ) -> None:
        self._outbox = outbox
        self._notifier = notifier
        self._mailer = mailer
        self._poll_interval = poll_interval
        self.wakeup = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            items = await self._outbox.claim_due()
            for item in items:
                await self.deliver(item)
            if not items:
                self.wakeup.clear()
                waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self.wakeup.wait())]
                await asyncio.wait(waiters, timeout=self._poll_interval, return_when=asyncio.FIRST_COMPLETED)
                for waiter in waiters:
                    waiter.cancel()

    async def deliver(self, item: OutboxItem) -> None:
        attempts = item.attempts + 1
        try:
            via, message_id = await self._send(item)
        except RetryLater as exc:
            await self._outbox.reschedule(item.id, item.attempts, str(exc), timedelta(seconds=exc.seconds))
        except RecipientUnreachable as exc:
            if item.channel is Channel.TELEGRAM and await self._outbox.fall_back_to_email(item.id, attempts, str(exc)):
                return
            await self._outbox.mark_failed(item.id, attempts, str(exc))
        except DeliveryError as exc:
            await self._outbox.reschedule(item.id, attempts, str(exc))
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
