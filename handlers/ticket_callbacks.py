"""CallbackData of the tickets' buttons (ids only; the services re-check everything on each press).

``tk``/``tka`` are the desk's buttons (the operators' chat and engineers' private chats); ``tm``, ``tn``,
``tp``, ``td`` are the resident's.
"""

from __future__ import annotations

from typing import Literal

from aiogram.filters.callback_data import CallbackData

from services.enums import TicketType

DeskAct = Literal["view", "take", "assign", "start", "reply", "close", "cancel", "files", "back"]
MyAct = Literal["menu", "new", "list", "archive", "open", "show", "comment", "cancel", "cancel_yes", "files"]


class Desk(CallbackData, prefix="tk"):
    act: DeskAct
    tid: int


class DeskAssign(CallbackData, prefix="tka"):
    tid: int
    pid: int


class My(CallbackData, prefix="tm"):
    act: MyAct
    tid: int = 0
    page: int = 0


class NewType(CallbackData, prefix="tn"):
    type: TicketType


class NewPlace(CallbackData, prefix="tp"):
    index: int


class Draft(CallbackData, prefix="td"):
    act: Literal["done", "send", "drop"]
