"""What every private chat has: /start, /help, /cancel, the language, the menu, and the fallbacks."""

from __future__ import annotations

from aiogram import Router

from handlers.common import cancel, language, menu, start
from handlers.common import help as help_
from handlers.filters import PRIVATE


def build_router() -> Router:
    """Commands first, so that they work from inside any dialog a later feature opens."""
    router = Router(name=__name__)
    router.message.filter(PRIVATE)
    router.callback_query.filter(PRIVATE)
    router.include_routers(
        cancel.build_router(),
        start.build_router(),
        help_.build_router(),
        language.build_router(),
        menu.build_router(),
    )
    return router
