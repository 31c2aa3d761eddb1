"""CallbackData of the meters, readings and events screens: short prefixes, ids only.

Every handler that receives one asks the service again with the pressing person's id, so a forged or
stale meter id gets "not found" and nothing else.
"""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from services.enums import Severity


class MeterAct(StrEnum):
    LIST = "l"
    CARD = "c"
    CURRENT = "r"
    SUBMIT = "s"
    HISTORY = "h"
    EVENTS = "e"
    CHARTS = "g"


class MeterAction(CallbackData, prefix="mt"):
    """A screen of one meter (``mid``), or the list of meters (``act=l``, ``mid=0``)."""

    act: MeterAct
    mid: int = 0


class HistoryPage(CallbackData, prefix="mth"):
    mid: int
    page: int = 0


class EventsPage(CallbackData, prefix="mte"):
    mid: int
    page: int = 0
    sev: Severity | None = None


class JumpAnswer(CallbackData, prefix="mtj"):
    """The resident's answer to "this is far more than usual: are the readings right?"."""

    mid: int
    ok: bool
