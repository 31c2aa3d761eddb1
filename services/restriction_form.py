"""The restriction form as the seeds have it, checked: what is typed (an amount, a date) and the rules
that tie the fields together. Pure functions; each rule raises :class:`~services.errors.InvalidInput`
with a stable reason that the adapters translate.

Off: a reason — debt (the amount, in roubles with kopecks), repair works (the day they start), or
another reason (text) — and, optionally, a notice to the resident: the notice date and the control
date, on which the operators are asked to execute. On (restoring power): no reason needed, no notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from services.enums import RelayAction, RestrictionReason
from services.errors import InvalidInput

AMOUNT_MAX = Decimal("9999999999.99")
KOPECK = Decimal("0.01")
TEXT_MAX = 500
_AMOUNT = re.compile(r"\d+(?:[.,]\d+)?")
_CURRENCY = re.compile(r"(?:₽|руб\.?|р\.?|rub)$", re.IGNORECASE)
_DAY = re.compile(r"(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2}|\d{4}))?")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True, slots=True)
class RestrictionForm:
    """What the operator filled in (adapters build it step by step, :func:`check_form` judges it)."""

    meter_id: int
    action: RelayAction
    reason: RestrictionReason = RestrictionReason.OTHER
    debt_amount: Decimal | None = None
    works_start_on: date | None = None
    reason_text: str = ""
    notify_resident: bool = False
    notice_on: date | None = None
    control_on: date | None = None


def parse_amount(raw: str) -> Decimal:
    """ "1 500", "1500,50", "1 500.5 ₽" -> Decimal with kopecks. Reasons: ``empty``, ``format``,
    ``kopecks`` (more than two decimals), ``not_positive``, ``too_large``."""
    text = _CURRENCY.sub("", "".join(raw.split())).strip()
    if not text:
        raise InvalidInput("amount", "empty")
    if not _AMOUNT.fullmatch(text):
        raise InvalidInput("amount", "format")
    try:
        amount = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise InvalidInput("amount", "format") from None
    return check_amount(amount)


def check_amount(amount: Decimal) -> Decimal:
    """Roubles with at most two decimals (kopecks), above zero, below :data:`AMOUNT_MAX`."""
    if not amount.is_finite():
        raise InvalidInput("amount", "format")
    if amount > AMOUNT_MAX:
        raise InvalidInput("amount", "too_large")
    if amount <= 0:
        raise InvalidInput("amount", "not_positive")
    if amount != amount.quantize(KOPECK):
        raise InvalidInput("amount", "kopecks")
    return amount.quantize(KOPECK)


def parse_day(raw: str, today: date) -> date:
    """ "25.11.2026", "25.11.26", "25.11" (the next such day from ``today``), "2026-11-25". Reason: ``format``."""
    text = raw.strip()
    try:
        if match := _ISO_DAY.fullmatch(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DAY.fullmatch(text):
            day, month, year = int(match[1]), int(match[2]), match[3]
            if year is None:
                candidate = date(today.year, month, day)
                return candidate if candidate >= today else date(today.year + 1, month, day)
            return date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    except ValueError:
        pass
    raise InvalidInput("date", "format")


def check_day(field: str, day: date, earliest: date, reason: str = "past") -> date:
    """``day`` when it is not before ``earliest``; else ``InvalidInput(field, reason)``."""
    if day < earliest:
        raise InvalidInput(field, reason)
    return day


def clean_text(raw: str) -> str:
    """Whitespace collapsed. Reasons: ``empty``, ``too_long``."""
    text = " ".join(raw.split())
    if not text:
        raise InvalidInput("reason_text", "empty")
    if len(text) > TEXT_MAX:
        raise InvalidInput("reason_text", "too_long")
    return text


def check_form(form: RestrictionForm, today: date) -> RestrictionForm:
    """The form made consistent, or the first broken rule. ``today`` is the site's local day.

    Fields: ``debt_amount``, ``works_start_on``, ``reason_text``, ``notify_resident``, ``notice_on``,
    ``control_on``; reasons: ``required``, ``past``, ``before_notice``, ``not_for_restore`` and those of
    :func:`check_amount` and :func:`clean_text`.
    """
    if form.action is RelayAction.ON:
        if form.notify_resident:
            raise InvalidInput("notify_resident", "not_for_restore")
        return RestrictionForm(form.meter_id, RelayAction.ON, form.reason, reason_text=form.reason_text.strip())
    amount, works, text = None, None, ""
    if form.reason is RestrictionReason.DEBT:
        if form.debt_amount is None:
            raise InvalidInput("debt_amount", "required")
        amount = check_amount(form.debt_amount)
    elif form.reason is RestrictionReason.REPAIR:
        if form.works_start_on is None:
            raise InvalidInput("works_start_on", "required")
        works = check_day("works_start_on", form.works_start_on, today)
    else:
        text = clean_text(form.reason_text)
    if not form.notify_resident:
        return RestrictionForm(form.meter_id, RelayAction.OFF, form.reason, amount, works, text)
    if form.notice_on is None:
        raise InvalidInput("notice_on", "required")
    if form.control_on is None:
        raise InvalidInput("control_on", "required")
    check_day("notice_on", form.notice_on, today)
    check_day("control_on", form.control_on, form.notice_on, "before_notice")
    return RestrictionForm(
        form.meter_id, RelayAction.OFF, form.reason, amount, works, text, True, form.notice_on, form.control_on
    )
