"""Keeps aiogram's response models alive, so that no Bot API call builds a pydantic model class.

aiogram parses every Bot API answer with ``Response[method.__returning__]``, a parametrized pydantic
generic. pydantic caches such classes in a ``WeakValueDictionary``: nothing else holds them, so the
class is collected and built again (its whole validation schema, milliseconds) after a garbage
collection. In the bot's benchmark this was a fifth of the time spent on a button press
(docs/benchmarks.md). Holding one reference to each, built once at start (~60 ms), makes every
later ``Response[...]`` a cache hit (about a microsecond).
"""

from __future__ import annotations

import inspect
from typing import Any

import aiogram.methods
from aiogram.methods.base import Response, TelegramMethod

_PINNED: list[Any] = []


def pin_response_models() -> int:
    """Builds ``Response[T]`` for the return type of every Bot API method once; returns how many."""
    if _PINNED:
        return len(_PINNED)
    returning: dict[str, Any] = {}
    for _, method in inspect.getmembers(aiogram.methods, inspect.isclass):
        if issubclass(method, TelegramMethod) and method is not TelegramMethod:
            kind = getattr(method, "__returning__", None)
            if kind is not None:
                returning.setdefault(repr(kind), kind)
    _PINNED.extend(Response[kind] for kind in returning.values())  # type: ignore[valid-type]
    return len(_PINNED)
