"""The restriction card follows its command: every change of a restriction's command
(:meth:`services.restrictions.RestrictionService.subscribe`) edits the operators' message — the one the
command was ordered from, else the control date's message — queued → sent → confirmed / timeout /
failed.

Edits run in the background so that the relay worker never waits for Telegram: per message, the latest
card wins (an older state never overwrites a newer one), and a 429 is waited out.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramRetryAfter
from aiogram.types import InlineKeyboardMarkup

import locales
from handlers.operator.restriction_actions import keyboard
from handlers.operator.restriction_texts import card_buttons, card_text
from services.outbox import OutboxService
from services.restriction_model import Progress

log = logging.getLogger(__name__)

Target = tuple[int, int]
ATTEMPTS = 3


class RelayProgressEditor:
    def __init__(self, bot: Bot, outbox: OutboxService, language: str = locales.DEFAULT_LANGUAGE) -> None:
        self._bot = bot
        self._outbox = outbox
        self._language = language
        self._latest: dict[Target, tuple[str, InlineKeyboardMarkup | None]] = {}
        self._tasks: dict[Target, asyncio.Task[None]] = {}

    async def __call__(self, progress: Sequence[Progress]) -> None:
        for item in progress:
            target = await self._where(item)
            if target is None:
                continue
            restriction = item.restriction
            text = card_text(restriction, self._language, item.command.state)
            self._latest[target] = (text, keyboard(card_buttons(restriction, self._language)))
            if target not in self._tasks:
                self._tasks[target] = asyncio.create_task(self._edit(target))

    async def drain(self) -> None:
        """Wait until every pending edit has been made (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks.values()), return_exceptions=True)

    async def _where(self, item: Progress) -> Target | None:
        command = item.command
        if command.chat_id is not None and command.message_id is not None:
            return command.chat_id, command.message_id
        return await self._outbox.sent_message(f"restriction:{item.restriction.id}")

    async def _edit(self, target: Target) -> None:
        try:
            while target in self._latest:
                text, markup = self._latest.pop(target)
                await self._send(target, text, markup)
        finally:
            self._tasks.pop(target, None)

    async def _send(self, target: Target, text: str, markup: InlineKeyboardMarkup | None) -> None:
        chat_id, message_id = target
        for _ in range(ATTEMPTS):
            try:
                await self._bot.edit_message_text(
                    text=text, chat_id=chat_id, message_id=message_id, reply_markup=markup
                )
                return
            except TelegramRetryAfter as error:
                await asyncio.sleep(error.retry_after)
            except TelegramBadRequest as error:
                if "not modified" not in error.message:
                    log.warning("restriction card %s/%s: %s", chat_id, message_id, error.message)
                return
            except TelegramAPIError:
                log.warning("restriction card %s/%s could not be edited", chat_id, message_id, exc_info=True)
                return
