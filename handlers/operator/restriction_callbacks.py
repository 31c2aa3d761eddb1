"""CallbackData of the relay off/on form, the restriction's buttons, the resident's answers and the journal.

Ids and choices only; every handler re-checks the presser's role and the restriction's state, and the
form's buttons carry the draft's nonce, so a stale or forged button finds nothing to act on.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from aiogram.filters.callback_data import CallbackData


class FormStep(StrEnum):
    ACTION = "a"
    REASON = "r"
    NOTIFY = "n"
    CONFIRM = "c"
    GO = "g"
    """The second, final confirmation."""
    ABORT = "x"


class RelayForm(CallbackData, prefix="rlf"):
    """A choice in the form; ``value``: off/on, debt/repair/other, yes/no."""

    step: FormStep
    nonce: str
    value: str = ""


class RestrictionAct(CallbackData, prefix="rst"):
    """A decision on a restriction: ``x`` execute (asks again), ``xy`` execute for sure, ``p`` postpone by
    ``days``, ``c`` cancel, ``b`` back to the decisions."""

    act: Literal["x", "xy", "p", "c", "b"]
    rid: int
    days: int = 0


class ResidentReply(CallbackData, prefix="rsr"):
    """The resident's answer under a restriction notice: paid, or a question."""

    act: Literal["paid", "q"]
    rid: int


class JournalPage(CallbackData, prefix="rjn"):
    """A page of the journal of a site (``plot`` 0: every plot)."""

    site: int
    plot: int = 0
    page: int = 0
