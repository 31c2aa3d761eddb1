"""Gettext helpers for handlers: mark texts, and match a button in whatever language it was shown.

Inside a handler the locale middleware has chosen the language, so ``_("...")`` (aiogram's gettext)
is all a handler needs. ``N_`` only marks a message id for extraction where the text is translated
later (menu items, command descriptions).
"""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import Message, TelegramObject

import locales

DOMAIN = "bot"


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now."""
    return message


def in_every_language(message: str) -> frozenset[str]:
    """``message`` translated into every supported language (how a button may read on the screen)."""
    return frozenset(locales.translations(lang, DOMAIN).gettext(message) for lang in locales.LANGUAGES)


class _Button(Filter):
    def __init__(self, texts: frozenset[str]) -> None:
        self._texts = texts

    async def __call__(self, event: TelegramObject) -> bool:
        return isinstance(event, Message) and event.text in self._texts


def button(*messages: str) -> Filter:
    """A filter for a reply-keyboard press of any of ``messages``, in any supported language.

    Keyboards stay on the screen after the user switches language, so an old label must still work.
    A coroutine, so that it runs on the event loop (handlers/filters.py says why).
    """
    texts: set[str] = set()
    for message in messages:
        texts |= in_every_language(message)
    return _Button(frozenset(texts))
