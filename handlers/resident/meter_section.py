"""The meters section of a resident's chat: the list and card, readings, the submission dialog, events.

One router including the four in the order they must be tried: the menu buttons first (they leave a
half-entered submission), the dialog's catch-all steps last.

:func:`build_idle_router` is the list, card and readings once more, tried first of all for a resident
in no dialog (handlers.build_root_router says why).
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import StateFilter

from handlers.filters import PRIVATE
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


def build_idle_router() -> Router:
    """The list, card and readings handlers for a private chat in no dialog (no FSM state).

    Outside a dialog no router before the meters section takes these updates (the menu's "My meters"
    and "Readings", the meter screens' buttons), so trying these handlers first answers them exactly as
    the full walk does, without passing the ~20 routers and ~40 handler checks before them
    (tests/test_idle_lane.py compares the two).
    """
    router = Router(name=f"{__name__}.idle")
    for observer in (router.message, router.callback_query):
        observer.filter(PRIVATE, StateFilter(None))
    router.include_routers(meters.build_router(), readings.build_router())
    return router
