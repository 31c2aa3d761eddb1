"""The meters section of a resident's chat: the list and card, readings, the submission dialog, events.

One router including the four in the order they must be tried: the menu buttons first (they leave a
half-entered submission), the dialog's catch-all steps last.
"""

from __future__ import annotations

from aiogram import Router

from handlers.resident import events, meters, readings, readings_submit


def build_router() -> Router:
    router = Router(name=__name__)
    router.include_routers(
        meters.build_router(),
        readings.build_router(),
        events.build_router(),
        readings_submit.build_router(),
    )
    return router
