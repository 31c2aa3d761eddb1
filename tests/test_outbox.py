"""The outbox: stored first, delivered by the worker through Telegram, e-mail as the fallback."""

from __future__ import annotations

import asyncio
import email
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from email.message import Message
from typing import Any

import pytest
from aiogram import Bot
from aiosmtpd.controller import Controller

from bot.mailer import SmtpMailer
from bot.notifier import TelegramNotifier
from bot.telegram import create_bot
from services.clock import FixedClock
from services.db.models import OutboxMessage, Person
from services.enums import Channel, OutboxStatus
from services.outbox import DeliveryWorker, OutboxService
from services.ports import OutgoingMessage
from tests.fakes.telegram import TEST_TOKEN, RecordingSession, ScriptedError

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Inbox:
    """aiosmtpd handler keeping what a real SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.refuse = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return "451 try again later"
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def smtp() -> AsyncIterator[tuple[Inbox, str]]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, f"smtp://127.0.0.1:{port}"
    finally:
        controller.stop()


@pytest.fixture
def session() -> RecordingSession:
    return RecordingSession()


@pytest.fixture
def bot(session: RecordingSession) -> Bot:
    return create_bot(TEST_TOKEN, None, session=session)


def worker_for(outbox: OutboxService, bot: Bot, smtp_url: str | None) -> DeliveryWorker:
    mailer = SmtpMailer(smtp_url, "meterbot@example.org", timeout=5) if smtp_url else None
    return DeliveryWorker(outbox, TelegramNotifier(bot), mailer)


async def deliver_all(outbox: OutboxService, worker: DeliveryWorker) -> int:
    delivered = 0
    for item in await outbox.claim_due():
        await worker.deliver(item)
        delivered += 1
    return delivered


async def test_stored_then_sent_with_buttons(db: str, bot: Bot, session: RecordingSession) -> None:
    clock = FixedClock(NOW)
    outbox = OutboxService(clock)
    item_id = await outbox.enqueue(
        OutgoingMessage(text="Заявка на привязку", chat_id=-100500, buttons=(("Одобрить", "b:1:ok"),)),
        topic="binding:1",
    )
    assert item_id is not None
    row = await OutboxMessage.get(id=item_id)
    assert row.status is OutboxStatus.PENDING
    assert await deliver_all(outbox, worker_for(outbox, bot, None)) == 1
    call = session.last("sendMessage")
    assert call.chat_id == -100500
    assert call.text == "Заявка на привязку"
    assert call.callback_data == ["b:1:ok"]
    row = await OutboxMessage.get(id=item_id)
    assert row.status is OutboxStatus.SENT
    assert row.sent_via is Channel.TELEGRAM
    assert await outbox.sent_message("binding:1") == (-100500, call.message_id)


async def test_dedup_key_queues_once(db: str) -> None:
    outbox = OutboxService(FixedClock(NOW))
    first = await outbox.enqueue(OutgoingMessage(text="x", chat_id=1), dedup_key="verify:7:60")
    second = await outbox.enqueue(OutgoingMessage(text="x", chat_id=1), dedup_key="verify:7:60")
    assert first is not None
    assert second is None
    assert await OutboxMessage.all().count() == 1


async def test_429_waits_retry_after(db: str, bot: Bot, session: RecordingSession) -> None:
    clock = FixedClock(NOW)
    outbox = OutboxService(clock)
    await outbox.enqueue(OutgoingMessage(text="hello", chat_id=42))
    session.fail_next("sendMessage", ScriptedError(429, "Too Many Requests: retry after 7", retry_after=7))
    worker = worker_for(outbox, bot, None)
    await deliver_all(outbox, worker)
    row = await OutboxMessage.get()
    assert row.status is OutboxStatus.PENDING
    assert row.next_try_at == NOW + timedelta(seconds=7)
    clock.set(NOW + timedelta(seconds=6))
    assert await deliver_all(outbox, worker) == 0
    clock.set(NOW + timedelta(seconds=7))
    assert await deliver_all(outbox, worker) == 1
    assert (await OutboxMessage.get()).status is OutboxStatus.SENT
    assert len(session.of("sendMessage")) == 2


async def test_5xx_retries_with_backoff(db: str, bot: Bot, session: RecordingSession) -> None:
    clock = FixedClock(NOW)
    outbox = OutboxService(clock)
    await outbox.enqueue(OutgoingMessage(text="hello", chat_id=42))
    session.fail_next("sendMessage", ScriptedError(502, "Bad Gateway"))
    await deliver_all(outbox, worker_for(outbox, bot, None))
    row = await OutboxMessage.get()
    assert row.status is OutboxStatus.PENDING
    assert row.attempts == 1
    assert row.next_try_at is not None
    assert row.next_try_at > NOW
    assert "Bad Gateway" in row.last_error


async def test_blocked_bot_falls_back_to_email(
    db: str, bot: Bot, session: RecordingSession, smtp: tuple[Inbox, str]
) -> None:
    inbox, smtp_url = smtp
    clock = FixedClock(NOW)
    outbox = OutboxService(clock)
    person = await Person.create(telegram_id=42, name="Иван", email="ivan@example.org")
    await outbox.enqueue(OutgoingMessage(text="Ваш счётчик привязан", chat_id=42), person_id=person.id)
    session.fail_next("sendMessage", ScriptedError(403, "Forbidden: bot was blocked by the user"))
    worker = worker_for(outbox, bot, smtp_url)
    await deliver_all(outbox, worker)
    row = await OutboxMessage.get()
    assert row.channel is Channel.EMAIL
    assert row.status is OutboxStatus.PENDING
    await deliver_all(outbox, worker)
    row = await OutboxMessage.get()
    assert row.status is OutboxStatus.SENT
    assert row.sent_via is Channel.EMAIL
    assert len(inbox.messages) == 1
    assert inbox.messages[0]["To"] == "ivan@example.org"
    body = inbox.messages[0].get_payload(decode=True)
    assert isinstance(body, bytes)
    assert "Ваш счётчик привязан" in body.decode()


async def test_blocked_without_email_is_failed_and_visible(db: str, bot: Bot, session: RecordingSession) -> None:
    outbox = OutboxService(FixedClock(NOW))
    await outbox.enqueue(OutgoingMessage(text="x", chat_id=42))
    session.fail_next("sendMessage", ScriptedError(403, "Forbidden: bot was blocked by the user"))
    await deliver_all(outbox, worker_for(outbox, bot, None))
    assert (await OutboxMessage.get()).status is OutboxStatus.FAILED
    assert await outbox.failed_count() == 1


async def test_smtp_down_then_back_loses_nothing(db: str, bot: Bot, smtp: tuple[Inbox, str]) -> None:
    inbox, smtp_url = smtp
    clock = FixedClock(NOW)
    outbox = OutboxService(clock)
    await outbox.enqueue(
        OutgoingMessage(
            text="Отчёт", email="a@example.org", subject="Отчёт", attachment=b"\x89PNG", attachment_name="c.png"
        ),
        channel=Channel.EMAIL,
    )
    inbox.refuse = True
    worker = worker_for(outbox, bot, smtp_url)
    await deliver_all(outbox, worker)
    assert (await OutboxMessage.get()).status is OutboxStatus.PENDING
    inbox.refuse = False
    clock.set(NOW + timedelta(hours=1))
    await deliver_all(outbox, worker)
    assert (await OutboxMessage.get()).status is OutboxStatus.SENT
    assert len(inbox.messages) == 1
    attachments = [part.get_filename() for part in inbox.messages[0].walk() if part.get_filename()]
    assert attachments == ["c.png"]


async def test_a_crash_mid_send_is_taken_again_after_the_lease(db: str) -> None:
    clock = FixedClock(NOW)
    outbox = OutboxService(clock)
    await outbox.enqueue(OutgoingMessage(text="x", chat_id=1))
    assert len(await outbox.claim_due()) == 1  # leased, then the process "dies"
    assert await outbox.claim_due() == []
    clock.set(NOW + timedelta(minutes=3))
    assert len(await outbox.claim_due()) == 1


async def test_worker_loop_delivers_and_stops(db: str, bot: Bot, session: RecordingSession) -> None:
    outbox = OutboxService(FixedClock(NOW))
    worker = DeliveryWorker(outbox, TelegramNotifier(bot), None, poll_interval=0.05)
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    await outbox.enqueue(OutgoingMessage(text="one", chat_id=5))
    worker.wakeup.set()
    for _ in range(100):
        if session.of("sendMessage"):
            break
        await asyncio.sleep(0.02)
    stop.set()
    await asyncio.wait_for(task, 2)
    assert [c.text for c in session.of("sendMessage")] == ["one"]


async def test_extras_thread_a_reply_and_send_a_photo_by_file_id(db: str, bot: Bot, session: RecordingSession) -> None:
    outbox = OutboxService(FixedClock(NOW))
    await outbox.enqueue(
        OutgoingMessage(text="Комментарий жителя", chat_id=-100500, extra={"reply_to_message_id": "77"})
    )
    await outbox.enqueue(OutgoingMessage(text="Объявление", chat_id=42, extra={"photo_file_id": "AgACphoto"}))
    await deliver_all(outbox, worker_for(outbox, bot, None))
    reply = session.last("sendMessage")
    parameters = reply.json("reply_parameters")
    assert parameters["message_id"] == 77
    assert parameters["allow_sending_without_reply"] is True
    photo = session.last("sendPhoto")
    assert photo.params["photo"] == "AgACphoto"
    assert photo.text == "Объявление"
