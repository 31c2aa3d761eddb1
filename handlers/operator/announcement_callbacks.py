"""CallbackData of the announcements dialog and list: short prefixes, ids only.

Every press is checked again: the dialog's buttons only act in the step that showed them, and the list's
buttons go through the service, which re-reads the presser's role and the announcement's state.
"""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class Step(StrEnum):
    KEEP_TEXT = "kt"
    NO_PHOTO = "np"
    KEEP_PHOTO = "kp"
    NO_DATE = "nd"
    KEEP_DATE = "kd"
    ALL = "all"
    PLOTS = "pl"
    PUBLISH = "pub"
    SAVE = "sav"
    CANCEL = "can"


class Manage(StrEnum):
    LIST = "l"
    OPEN = "o"
    EDIT = "e"
    PUBLISH = "p"
    WITHDRAW = "w"
    WITHDRAW_CONFIRMED = "wy"


class AnnSite(CallbackData, prefix="ans"):
    """The site an announcement is for (the first step, when the author has several)."""

    site_id: int


class AnnStep(CallbackData, prefix="anx"):
    """A button of the dialog's current step."""

    act: Step


class AnnManage(CallbackData, prefix="anm"):
    """A button of the list (``ann_id`` 0 for the list itself)."""

    act: Manage
    ann_id: int = 0
