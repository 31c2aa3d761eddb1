"""Filters that run on the event loop.

aiogram runs every filter that is not a coroutine in a worker thread (``asyncio.to_thread``), and a
magic filter (``F.chat.type == ...``) is such a filter: each router's chat-type filter cost a thread
round trip for every update that passed by it, a quarter of a button press's time in the bot's
benchmark (docs/benchmarks.md). These filters do the same checks as coroutines.
"""

from __future__ import annotations

from typing import Any

from aiogram.enums import ChatType
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Chat, Message, TelegramObject
from magic_filter import MagicFilter


def _chat(event: TelegramObject) -> Chat | None:
    if isinstance(event, Message):
        return event.chat
    if isinstance(event, CallbackQuery) and isinstance(event.message, Message):
        return event.message.chat
    return None


class ChatIs(Filter):
    """The update comes from a chat of one of ``types`` (a message, or a button under a message)."""

    def __init__(self, *types: ChatType | str) -> None:
        self._types = frozenset(kind.value if isinstance(kind, ChatType) else kind for kind in types)

    async def __call__(self, event: TelegramObject) -> bool:
        chat = _chat(event)
        return chat is not None and chat.type in self._types


PRIVATE = ChatIs(ChatType.PRIVATE)
"""Private chats only: every resident feature."""


class Is(Filter):
    """A magic filter (``Is(F.text)``, ``Is(F.text.in_(labels))``) evaluated on the event loop."""

    def __init__(self, magic: MagicFilter) -> None:
        self._magic = magic

    async def __call__(self, event: TelegramObject) -> bool | dict[str, Any]:
        result = self._magic.resolve(event)
        if isinstance(result, dict):
            return result
        return bool(result)
