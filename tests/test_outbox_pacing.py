"""Pacing the outbox under Telegram's limits: the pacer on a hand-moved clock, then the real worker over HTTP
against the fake Bot API server enforcing the limits (scaled down so that a test takes a couple of seconds)."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from aiogram import Bot

from bot.notifier import TelegramNotifier
from bot.telegram import create_bot
from services.clock import FixedClock, SystemClock
from services.db.models import OutboxMessage
from services.enums import Channel, OutboxStatus
from services.outbox import DeliveryWorker, OutboxService
from services.pacing import SendQueue, TelegramLimits, TelegramPacer
from services.ports import OutgoingMessage
from tests.fakes.botapi_server import FakeBotAPI, RateLimits, ServedRequest
from tests.fakes.telegram import TEST_TOKEN, ScriptedError


class Tick:
    """A monotonic clock moved by hand."""

    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def pacer(**limits: float) -> tuple[TelegramPacer, Tick]:
    tick = Tick()
    return TelegramPacer(TelegramLimits(margin=0.0, smoothing=0.0, **limits), clock=tick), tick  # type: ignore[arg-type]


# --- the pacer ---------------------------------------------------------------------------------------


def test_one_message_a_second_per_chat_counted_from_the_answer() -> None:
    limiter, tick = pacer()
    ticket = limiter.take(42)
    assert limiter.chat_wait(42) > 0  # in flight: Telegram may not have counted it yet
    assert limiter.chat_wait(43) == 0
    tick.t += 0.2
    ticket.done()  # answered at 100.2: Telegram counted it at 100.2 at the latest
    tick.t += 0.5
    assert limiter.chat_wait(42) == pytest.approx(0.5)
    tick.t += 0.5
    assert limiter.chat_wait(42) == 0


def test_thirty_a_second_overall() -> None:
    limiter, tick = pacer()
    for chat in range(30):
        limiter.take(chat).done()
        tick.t += 0.01
    assert limiter.global_wait() == pytest.approx(1.0 - 0.30)
    assert limiter.wait(999) == pytest.approx(0.70)
    tick.t += 0.70
    assert limiter.global_wait() == 0
    limiter.take(999).done()
    assert limiter.global_wait() == pytest.approx(0.01)  # the second send of the window leaves next


def test_smoothing_spreads_a_second() -> None:
    limiter = TelegramPacer(TelegramLimits(margin=0.0, smoothing=0.5), clock=lambda: 5.0)
    limiter.take(1).done()
    assert limiter.global_wait() == pytest.approx(0.5 / 30)


def test_twenty_a_minute_in_a_group_and_private_chats_unaffected() -> None:
    limiter, tick = pacer()
    group = -100500
    for _ in range(20):
        assert limiter.chat_wait(group) == 0
        limiter.take(group).done()
        tick.t += 1.0
    assert limiter.chat_wait(group) == pytest.approx(40.0)
    assert limiter.chat_wait(7) == 0
    tick.t += 40.0
    assert limiter.chat_wait(group) == 0


def test_a_429_holds_the_chat_for_retry_after() -> None:
    limiter, tick = pacer()
    limiter.hold(42, 7)
    assert limiter.chat_wait(42) == pytest.approx(7)
    assert limiter.chat_wait(1) == 0
    assert limiter.throttled == 1
    tick.t += 7
    assert limiter.chat_wait(42) == 0


def test_the_queue_skips_a_chat_that_must_wait() -> None:
    limiter, tick = pacer()
    queue: SendQueue[str] = SendQueue(limiter)
    for chat, text in [(1, "a1"), (1, "a2"), (2, "b1"), (None, "mail"), (3, "c1")]:
        queue.add(chat, text)
    picked = []
    while not isinstance(ready := queue.pop_ready(), float):
        item, chat, ticket = ready
        picked.append(item)
        if ticket is not None:
            ticket.done()
        queue.finished(chat)
    assert picked == ["a1", "b1", "mail", "c1"]  # a2 waits for its chat, the others do not wait for a2
    assert ready == pytest.approx(1.0)
    assert queue.busy_chats() == {1}
    tick.t += 1.0
    assert queue.pop_ready()[0] == "a2"  # type: ignore[index]


def test_one_message_in_flight_per_chat() -> None:
    limiter, tick = pacer()
    queue: SendQueue[str] = SendQueue(limiter)
    queue.add(1, "a1")
    queue.add(1, "a2")
    first = queue.pop_ready()
    assert not isinstance(first, float)
    tick.t += 5.0  # a very slow answer
    assert isinstance(queue.pop_ready(), float)
    first[2].done()  # type: ignore[union-attr]
    queue.finished(1)
    tick.t += 1.0
    assert queue.pop_ready()[0] == "a2"  # type: ignore[index]


# --- the worker over HTTP ------------------------------------------------------------------------------

GLOBAL = 10  # the scaled-down overall limit: 10 messages a second


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(rate_limits=RateLimits(global_per_second=GLOBAL)) as server:
        yield server


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[Bot]:
    bot = create_bot(TEST_TOKEN, api.url)
    yield bot
    await bot.session.close()


def worker_for(outbox: OutboxService, bot: Bot) -> DeliveryWorker:
    limits = TelegramLimits(global_per_second=GLOBAL)
    return DeliveryWorker(outbox, TelegramNotifier(bot), None, poll_interval=0.1, pacer=TelegramPacer(limits))


async def deliver_everything(api: FakeBotAPI, worker: DeliveryWorker, messages: int) -> None:
    """Run the worker until the server has accepted ``messages`` sendMessage requests in all; stopping waits
    for the requests in flight to be recorded."""
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))

    def all_accepted(_: ServedRequest) -> bool:
        return sum(1 for r in api.of("sendMessage") if r.status == 200) >= messages

    try:
        await api.wait_for("sendMessage", all_accepted, timeout=10)
    finally:
        stop.set()
        await task


def busiest_second(sends: list[ServedRequest]) -> int:
    times = sorted(s.at for s in sends)
    return max(sum(1 for t in times if start <= t < start + 1.0) for start in times)


async def test_paced_under_the_limits_with_no_429_and_no_head_of_line_blocking(
    db: str, api: FakeBotAPI, bot: Bot
) -> None:
    outbox = OutboxService(SystemClock())
    for n in range(3):
        await outbox.enqueue(OutgoingMessage(text=f"busy {n}", chat_id=42))
    for chat in range(100, 114):
        await outbox.enqueue(OutgoingMessage(text=f"hello {chat}", chat_id=chat))

    await deliver_everything(api, worker_for(outbox, bot), 17)

    sends = api.of("sendMessage")
    assert [s.status for s in sends if s.status != 200] == []  # the server never had to say 429
    assert sorted(s.chat_id or 0 for s in sends) == [42, 42, 42, *range(100, 114)]  # each exactly once
    busy = [s for s in sends if s.chat_id == 42]
    assert [s.params["text"] for s in busy] == ["busy 0", "busy 1", "busy 2"]
    assert all(b.at - a.at >= 1.0 for a, b in itertools.pairwise(busy))
    assert busiest_second(sends) <= GLOBAL
    others = [s for s in sends if s.chat_id != 42]
    assert max(s.at for s in others) < busy[-1].at  # the other chats did not wait behind chat 42
    assert await OutboxMessage.filter(status=OutboxStatus.SENT).count() == 17


async def test_an_unforeseen_429_is_waited_out_and_sent_once(db: str, api: FakeBotAPI, bot: Bot) -> None:
    outbox = OutboxService(SystemClock())
    await outbox.enqueue(OutgoingMessage(text="first", chat_id=7))
    await outbox.enqueue(OutgoingMessage(text="other", chat_id=8))
    api.fail_next("sendMessage", ScriptedError(429, "Too Many Requests: retry after 1", retry_after=1))
    worker = worker_for(outbox, bot)

    await deliver_everything(api, worker, 2)

    sends = api.of("sendMessage")
    refused = [s for s in sends if s.status == 429]
    delivered = [s for s in sends if s.status == 200]
    assert len(refused) == 1
    assert sorted(s.params["text"] for s in delivered) == ["first", "other"]
    retried = next(s for s in delivered if s.chat_id == refused[0].chat_id)
    assert retried.at - refused[0].at >= 1.0
    assert worker.pacer.throttled == 1
    rows = await OutboxMessage.all().values_list("status", "attempts")
    assert sorted(rows) == [(OutboxStatus.SENT, 0), (OutboxStatus.SENT, 0)]


async def test_a_restart_mid_announcement_loses_and_doubles_nothing(db: str, api: FakeBotAPI, bot: Bot) -> None:
    outbox = OutboxService(SystemClock())
    for chat in range(200, 225):
        await outbox.enqueue(OutgoingMessage(text="announcement", chat_id=chat))
    first = worker_for(outbox, bot)
    stop = asyncio.Event()
    task = asyncio.create_task(first.run(stop))
    await api.wait_for("sendMessage", lambda r: len(api.of("sendMessage")) >= 5)
    stop.set()
    await task
    assert await OutboxMessage.filter(status=OutboxStatus.SENDING).count() == 0  # everything held was given back

    await deliver_everything(api, worker_for(outbox, bot), 25)

    delivered = [s.chat_id for s in api.of("sendMessage") if s.status == 200]
    assert sorted(c or 0 for c in delivered) == list(range(200, 225))


async def test_failed_deliveries_are_listed_and_can_be_retried(db: str) -> None:
    clock = FixedClock(datetime(2026, 11, 23, 9, tzinfo=UTC))
    outbox = OutboxService(clock)
    kept = await outbox.enqueue(OutgoingMessage(text="Счётчик отключён " + "x" * 300, chat_id=5), topic="r:1")
    assert kept is not None
    await outbox.mark_failed(kept, 3, "Forbidden: bot was blocked by the user")
    [failed] = await outbox.failed()
    assert (failed.id, failed.chat_id, failed.attempts, failed.topic) == (kept, 5, 3, "r:1")
    assert failed.last_error.startswith("Forbidden")
    assert failed.text.startswith("Счётчик отключён")
    assert len(failed.text) == 200
    assert await outbox.retry(kept)
    assert not await outbox.retry(kept)  # no longer failed: a double press changes nothing
    assert await outbox.failed() == []
    [item] = await outbox.claim_due()
    assert (item.id, item.attempts) == (kept, 0)


async def test_a_claim_takes_a_few_per_chat_and_skips_busy_chats(db: str) -> None:
    outbox = OutboxService(FixedClock(datetime(2026, 11, 23, 9, tzinfo=UTC)))
    for n in range(5):
        await outbox.enqueue(OutgoingMessage(text=f"group {n}", chat_id=-100500))
    await outbox.enqueue(OutgoingMessage(text="private", chat_id=7))
    await outbox.enqueue(OutgoingMessage(text="mail", email="a@example.org"), channel=Channel.EMAIL)
    await outbox.enqueue(OutgoingMessage(text="busy", chat_id=8))

    claimed = await outbox.claim_due(10, exclude_chats={8}, per_chat=2)

    assert [item.message.text for item in claimed] == ["group 0", "group 1", "private", "mail"]
    again = await outbox.claim_due(10, per_chat=2)
    assert [item.message.text for item in again] == ["group 2", "group 3", "busy"]
    await outbox.release(claimed[0].id)
    assert [item.message.text for item in await outbox.claim_due(10, per_chat=1)] == ["group 0"]
