"""One flat ``model_post_init`` for aiogram's objects instead of pydantic's chain of wrappers.

Every aiogram object (an Update, a Message in a Bot API answer, each keyboard button, each method)
remembers the Bot it came with in one private attribute, ``_bot``, set by
``BotContextController.model_post_init``. pydantic wraps ``model_post_init`` once more for each class
that has private attributes, and every aiogram class inherits the attribute, so creating an
``InlineKeyboardButton`` runs four nested wrappers, each re-checking the private attributes, before
``_bot`` is set: half of the button's cost, and about 5 % of a button press (docs/benchmarks.md).
:func:`flatten_bot_context` gives each such class one function doing what the chain does: the private
attributes are ``{"_bot": the context's bot or None}``.

Only classes whose sole private attribute is ``_bot`` and whose ``model_post_init`` is the chain down to
aiogram's own are changed; a class with more (or its own post-init) keeps pydantic's.
"""

from __future__ import annotations

import inspect
from typing import Any

from aiogram.client.context_controller import BotContextController

_ORIGINAL = inspect.unwrap(BotContextController.model_post_init)
_FLATTENED: set[type[Any]] = set()


def _post_init(self: BotContextController, context: Any, /) -> None:
    object.__setattr__(self, "__pydantic_private__", {"_bot": context.get("bot") if context else None})


def flatten_bot_context() -> int:
    """Replaces the chain in every aiogram class defined so far (idempotent); returns how many classes."""
    pending: list[type[Any]] = [BotContextController]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls in _FLATTENED or set(cls.__private_attributes__) != {"_bot"}:
            continue
        if inspect.unwrap(cls.model_post_init) is not _ORIGINAL:
            continue
        cls.model_post_init = _post_init
        _FLATTENED.add(cls)
    return len(_FLATTENED)
