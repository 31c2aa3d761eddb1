"""The fake Bot API server speaks the Bot API as aiogram's real HTTP session sees it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter, TelegramUnauthorizedError
from aiogram.types import BufferedInputFile

from bot.telegram import create_bot
from tests.fakes.botapi_server import FakeBotAPI, RateLimiter, RateLimits
from tests.fakes.telegram import TEST_TOKEN, ScriptedError, message_update_dict


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(token=TEST_TOKEN) as server:
        yield server


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[Bot]:
    client = create_bot(TEST_TOKEN, api.url)
    yield client
    await client.session.close()


async def test_get_me_and_send_message(api: FakeBotAPI, bot: Bot) -> None:
    me = await bot.get_me()
    first = await bot.send_message(1001, "<b>Привет</b>")
    second = await bot.send_message(1001, "ещё")

    assert me.id == 123456
    assert me.is_bot
    assert first.chat.id == 1001
    assert first.chat.type == "private"
    assert second.message_id == first.message_id + 1
    sent = api.of("sendMessage")[0]
    assert sent.params["parse_mode"] == "HTML"
    assert sent.text == "<b>Привет</b>"


async def test_get_updates_follows_the_offset(api: FakeBotAPI, bot: Bot) -> None:
    ids = [api.push_update(message_update_dict(f"m{n}")) for n in range(3)]

    assert [u.update_id for u in await bot.get_updates(timeout=0)] == ids
    remaining = await bot.get_updates(offset=ids[1] + 1, timeout=0)
    assert [u.message.text for u in remaining if u.message] == ["m2"]
    assert await bot.get_updates(offset=ids[2] + 1, timeout=0) == []


async def test_a_long_poll_returns_as_soon_as_an_update_arrives(api: FakeBotAPI, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await api.wait_for("getUpdates")
    pushed = api.push_update(message_update_dict("/start"))

    updates = await asyncio.wait_for(poll, 5)

    assert [u.update_id for u in updates] == [pushed]


async def test_send_photo_multipart_is_recorded(api: FakeBotAPI, bot: Bot) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

    message = await bot.send_photo(1001, BufferedInputFile(png, "chart.png"), caption="График")

    assert message.photo
    recorded = api.of("sendPhoto")[0]
    assert recorded.params["caption"] == "График"
    assert list(recorded.files.values()) == [png]


async def test_scripted_errors_reach_aiogram_as_telegram_errors(api: FakeBotAPI, bot: Bot) -> None:
    api.fail_next("sendMessage", ScriptedError(403, "Forbidden: bot was blocked by the user"))

    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(1001, "x")
    assert (await bot.send_message(1001, "x")).text == "x"


async def test_a_wrong_token_is_unauthorized(api: FakeBotAPI) -> None:
    stranger = create_bot("654321:ANOTHER-TOKEN", api.url)
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await stranger.get_me()
    finally:
        await stranger.session.close()


async def test_rate_limits_are_off_by_default(api: FakeBotAPI, bot: Bot) -> None:
    for n in range(5):
        await bot.send_message(1001, str(n))

    assert all(r.status == 200 for r in api.of("sendMessage"))


async def test_rate_limits_answer_429_with_retry_after() -> None:
    async with FakeBotAPI(rate_limits=RateLimits()) as limited:
        client = create_bot(TEST_TOKEN, limited.url)
        try:
            await client.send_message(1001, "first")
            with pytest.raises(TelegramRetryAfter) as error:
                await client.send_message(1001, "second")
            await client.send_message(1002, "another chat is fine")
        finally:
            await client.session.close()

    assert error.value.retry_after == 1
    assert [r.status for r in limited.of("sendMessage")] == [200, 429, 200]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_limiter_allows_one_message_per_second_in_a_chat() -> None:
    clock = Clock()
    limiter = RateLimiter(RateLimits(), clock=clock)

    assert limiter.admit(1) is None
    assert limiter.admit(1) == 1
    clock.now += 1.0
    assert limiter.admit(1) is None


def test_the_limiter_allows_thirty_messages_per_second_overall() -> None:
    clock = Clock()
    limiter = RateLimiter(RateLimits(), clock=clock)

    assert all(limiter.admit(chat) is None for chat in range(1, 31))
    assert limiter.admit(31) == 1
    clock.now += 1.0
    assert limiter.admit(31) is None


def test_the_limiter_allows_twenty_messages_per_minute_in_a_group() -> None:
    clock = Clock()
    limiter = RateLimiter(RateLimits(), clock=clock)
    for _ in range(20):
        assert limiter.admit(-100) is None
        clock.now += 1.0

    retry_after = limiter.admit(-100)

    assert retry_after == 40
    clock.now += 40
    assert limiter.admit(-100) is None
