"""Readings a resident submits by hand, and the history of a meter's readings.

Rules of a submission (:meth:`ReadingsService.submit`):

* **Who and what.** The person needs an active binding to the meter (else NotFound). Manual readings are
  for meters without telemetry, and for any meter when the site sets ``manual_readings_for_telemetry``
  (else :class:`ManualReadingsNotAllowed`).
* **When.** Only inside the site's window: days ``reading_window_start_day``..``reading_window_end_day``
  of the month, both inclusive, in the site's time zone. A day past the month's end means its last day; a
  start after the end wraps the month end (25..5). Outside: :class:`SubmissionWindowClosed`, carrying the
  window for the message.
* **Values.** Exactly one value per tariff the meter has (``t1``..``tN``, N = ``tariff_count``); each
  at least 0, below 10¹¹, at most three decimals; the total is their sum. None may be below the previous
  reading of its tariff (:class:`BelowPrevious`, an ``InvalidInput(tariff, "below_previous")``).
* **Plausibility.** The consumption since the previous reading may not exceed
  ``max(3 × the average monthly consumption × the months elapsed, 100 kWh)``, the average taken over the
  readings of the 180 days before the previous one (at least 14 days of them); without such history the
  bound is 3000 kWh per month elapsed. Above it, :class:`JumpNeedsConfirmation` (with the figures) unless
  the resident confirmed (``confirmed_jump=True``).
* **One manual reading per meter per local day.** When the meter's latest reading is a manual one from
  the same day (in the site's time zone), a new submission replaces it: a correction of a typo. It gets
  the new values and time, and the checks above compare with the reading before it. Otherwise a new
  reading is stored at the current time. Every submission is audited (``reading.submitted``).
  Submissions are serialized in the process, so a double press stores one reading (the second replaces
  the first with the same values).
* **Aggregates.** After storing, the consumption service recomputes the span the reading changed.
"""

from __future__ import annotations

import asyncio
import calendar
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from services import audit
from services.clock import Clock
from services.consumption import ConsumptionService
from services.db.models import Reading
from services.enums import ReadingSource
from services.errors import DomainError, InvalidInput, PermissionDenied
from services.ingest_model import ReadingFlag
from services.metering import day_bounds
from services.meters import MeterPage, MeterRef, TariffValue, meter_access, meter_access_with
from services.pagination import clamp_page

MAX_VALUE = Decimal("99999999999.999")
"""The largest register value the database holds (14 digits, 3 decimals)."""
KWH_STEP = Decimal("0.001")
JUMP_FACTOR = Decimal(3)
MIN_JUMP_KWH = Decimal(100)
NO_HISTORY_MONTHLY_KWH = Decimal(3000)
HISTORY_DAYS = 180
MIN_HISTORY_DAYS = 14
DAYS_PER_MONTH = Decimal("30.4375")

log = logging.getLogger(__name__)


# --- Errors ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SubmissionWindow:
    start_day: int
    end_day: int
    is_open: bool
    opens_on: date
    """The first day of the current window when open, else of the next one."""
    closes_on: date
    """The last day of that window."""


class ManualReadingsNotAllowed(PermissionDenied):
    """The meter sends its readings itself and the site does not take manual ones for such meters."""

    code = "manual_not_allowed"


class SubmissionWindowClosed(InvalidInput):
    def __init__(self, window: SubmissionWindow) -> None:
        super().__init__("window", "closed")
        self.window = window


class BelowPrevious(InvalidInput):
    """``field`` is the tariff (``t1``..) or ``total``; ``previous`` is the value it may not go below."""

    def __init__(self, tariff: str, previous: Decimal) -> None:
        super().__init__(tariff, "below_previous")
        self.previous = previous


class JumpNeedsConfirmation(DomainError):
    """The consumption since the previous reading is implausibly high: ask the resident to confirm."""

    code = "jump_needs_confirmation"

    def __init__(
        self,
        *,
        consumption: Decimal,
        threshold: Decimal,
        average_monthly: Decimal | None,
        previous_at: datetime,
    ) -> None:
        super().__init__(f"consumption {consumption} kWh above {threshold} kWh")
        self.consumption = consumption
        self.threshold = threshold
        self.average_monthly = average_monthly
        self.previous_at = previous_at


# --- DTOs -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SubmissionForm:
    """What the dialog needs before asking for values: the tariffs and what each may not go below."""

    meter: MeterRef
    window: SubmissionWindow
    previous: tuple[TariffValue, ...]
    previous_total: Decimal | None
    previous_at: datetime | None
    replaces_today: bool
    """Today's manual reading exists and a new submission will replace it."""


@dataclass(frozen=True, slots=True)
class TariffFigure:
    tariff: str
    value: Decimal
    previous: Decimal | None
    consumption: Decimal | None
    """(value − previous) × the meter's multiplier, kWh; None without a previous reading."""


@dataclass(frozen=True, slots=True)
class SubmitResult:
    """The receipt of a submission."""

    meter: MeterRef
    reading_id: int
    ts: datetime
    tariffs: tuple[TariffFigure, ...]
    total: Decimal
    previous_total: Decimal | None
    consumption: Decimal | None
    previous_at: datetime | None
    replaced: bool


@dataclass(frozen=True, slots=True)
class ReadingRow:
    id: int
    ts: datetime
    source: ReadingSource
    tariffs: tuple[Decimal | None, ...]
    """One value per tariff of the meter, in order (None where the reading has no such register)."""
    total: Decimal
    estimated: bool


# --- Pure rules -----------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u2009\u202f']")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def parse_register_value(text: str) -> Decimal:
    """A register value as people type it: "1234,5", "1 234.5", "1234.5". InvalidInput("value", ...)
    with reason ``empty``, ``negative``, ``not_a_number``, ``too_many_decimals`` or ``too_large``."""
    compact = _SPACES.sub("", text).replace(",", ".")
    if not compact:
        raise InvalidInput("value", "empty")
    negative = compact.startswith(("-", "−"))
    if negative or compact.startswith("+"):
        compact = compact[1:]
    if not _NUMBER.fullmatch(compact):
        raise InvalidInput("value", "not_a_number")
    try:
        value = Decimal(compact)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only valid decimals
        raise InvalidInput("value", "not_a_number") from exc
    if negative and value != 0:
        raise InvalidInput("value", "negative")
    return check_register_value(value)


def check_register_value(value: Decimal, field: str = "value") -> Decimal:
    if not value.is_finite():
        raise InvalidInput(field, "not_a_number")
    if value < 0:
        raise InvalidInput(field, "negative")
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -3:
        raise InvalidInput(field, "too_many_decimals")
    if value > MAX_VALUE:
        raise InvalidInput(field, "too_large")
    return value.quantize(KWH_STEP)


def check_not_below(form: SubmissionForm, tariff: str, value: Decimal) -> None:
    """BelowPrevious when ``value`` is below the previous reading of ``tariff``."""
    for previous in form.previous:
        if previous.tariff == tariff and previous.value is not None and value < previous.value:
            raise BelowPrevious(tariff, previous.value)


def _day_of(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def submission_window(today: date, start_day: int, end_day: int) -> SubmissionWindow:
    """The window around ``today`` (open) or the next one (closed)."""
    start, end = min(max(start_day, 1), 31), min(max(end_day, 1), 31)
    y, m = today.year, today.month
    if start <= end:
        candidates = [(_day_of(y, m, start), _day_of(y, m, end))]
        ny, nm = _shift_month(y, m, 1)
        candidates.append((_day_of(ny, nm, start), _day_of(ny, nm, end)))
    else:
        py, pm = _shift_month(y, m, -1)
        ny, nm = _shift_month(y, m, 1)
        candidates = [(_day_of(py, pm, start), _day_of(y, m, end)), (_day_of(y, m, start), _day_of(ny, nm, end))]
    for opens, closes in candidates:
        if opens <= today <= closes:
            return SubmissionWindow(start, end, True, opens, closes)
    opens, closes = next((o, c) for o, c in candidates if o > today)
    return SubmissionWindow(start, end, False, opens, closes)


def _consumption(value: Decimal, previous: Decimal | None, multiplier: Decimal) -> Decimal | None:
    if previous is None:
        return None
    return (value * multiplier).quantize(KWH_STEP) - (previous * multiplier).quantize(KWH_STEP)


# --- The service ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Baseline:
    previous: dict[str, Any] | None
    replace_id: int | None
    replaced_ts: datetime | None


_READING_FIELDS = ("id", "ts", "t1", "t2", "t3", "t4", "total", "source", "flags")
_WINDOW_FIELDS = ("meter__site__reading_window_start_day", "meter__site__reading_window_end_day")


class ReadingsService:
    def __init__(self, clock: Clock, consumption: ConsumptionService | None = None) -> None:
        """``consumption`` brings the aggregates up to date after a reading is stored. Pass the one the
        ingestion uses: its lock keeps recomputes of the same meter from overlapping."""
        self._clock = clock
        self._consumption = consumption or ConsumptionService(clock)
        self._lock = asyncio.Lock()

    async def form(self, person_id: int, meter_id: int) -> SubmissionForm:
        """Check that the person may submit now, and what each tariff may not go below."""
        ref, window = await self._open_meter(person_id, meter_id)
        now = self._clock.now()
        return _form(ref, window, await _baseline(ref, now))

    async def submit(
        self,
        person_id: int,
        meter_id: int,
        values: Mapping[str, Decimal],
        *,
        confirmed_jump: bool = False,
        origin: str = "bot",
    ) -> SubmitResult:
        """Store the readings (rules in the module's docstring); ``origin`` is for the audit log."""
        async with self._lock:  # a double press waits, then replaces what the first one stored
            return await self._submit(person_id, meter_id, values, confirmed_jump, origin)

    async def _submit(
        self, person_id: int, meter_id: int, values: Mapping[str, Decimal], confirmed_jump: bool, origin: str
    ) -> SubmitResult:
        ref, window = await self._open_meter(person_id, meter_id)
        now = self._clock.now()
        checked = checked_values(ref, values)
        baseline = await _baseline(ref, now)
        form = _form(ref, window, baseline)
        for tariff, value in checked.items():
            check_not_below(form, tariff, value)
        total = sum(checked.values(), Decimal(0))
        if form.previous_total is not None and total < form.previous_total:
            raise BelowPrevious("total", form.previous_total)
        if form.previous_at is not None and form.previous_total is not None and not confirmed_jump:
            await check_jump(ref, form.previous_at, form.previous_total, total, now)
        reading_id = await _store(ref, person_id, checked, total, now, baseline, confirmed_jump, origin)
        await self._recompute(ref.meter_id, min(now, baseline.replaced_ts or now), now)
        previous = {item.tariff: item.value for item in form.previous}
        figures = tuple(
            TariffFigure(tariff, value, previous.get(tariff), _consumption(value, previous.get(tariff), ref.multiplier))
            for tariff, value in checked.items()
        )
        return SubmitResult(
            meter=ref,
            reading_id=reading_id,
            ts=now,
            tariffs=figures,
            total=total,
            previous_total=form.previous_total,
            consumption=_consumption(total, form.previous_total, ref.multiplier),
            previous_at=form.previous_at,
            replaced=baseline.replace_id is not None,
        )

    async def history(self, person_id: int, meter_id: int, page: int, page_size: int = 10) -> MeterPage[ReadingRow]:
        """The meter's readings of every source, newest first (three queries)."""
        ref = await meter_access(person_id, meter_id)
        query = Reading.filter(meter_id=ref.meter_id)
        total = await query.count()
        page = clamp_page(page, total, page_size)
        rows = await query.order_by("-ts").offset(page * page_size).limit(page_size).values(*_READING_FIELDS)
        items = tuple(_row(ref, row) for row in rows)
        return MeterPage(items=items, total=total, page=page, page_size=page_size, meter=ref)

    # --- internals ------------------------------------------------------------------------------

    async def _recompute(self, meter_id: int, start: datetime, end: datetime) -> None:
        """Aggregates follow the new reading. The reading is stored whatever happens here: a failure is
        logged (the next reading, or a recompute from the admin side, catches up) and the receipt goes out."""
        try:
            await self._consumption.recompute(meter_id, start, end)
        except Exception:
            log.exception("recompute after a manual reading of meter %s failed", meter_id)

    async def _open_meter(self, person_id: int, meter_id: int) -> tuple[MeterRef, SubmissionWindow]:
        """The meter if the person may submit its readings now (one query)."""
        ref, row = await meter_access_with(person_id, meter_id, *_WINDOW_FIELDS)
        if not ref.manual_allowed:
            raise ManualReadingsNotAllowed(f"meter {ref.meter_id} sends its readings itself")
        today = self._clock.now().astimezone(ZoneInfo(ref.timezone)).date()
        window = submission_window(today, *(int(row[field]) for field in _WINDOW_FIELDS))
        if not window.is_open:
            raise SubmissionWindowClosed(window)
        return ref, window


async def _store(
    ref: MeterRef,
    person_id: int,
    values: dict[str, Decimal],
    total: Decimal,
    now: datetime,
    baseline: _Baseline,
    confirmed_jump: bool,
    origin: str,
) -> int:
    """The reading (new, or today's manual one replaced) and its audit entry, in one transaction."""
    registers = {tariff: values.get(tariff) for tariff in ("t1", "t2", "t3", "t4")}
    async with in_transaction():
        if baseline.replace_id is not None:
            await Reading.filter(id=baseline.replace_id).update(
                ts=now, total=total, submitted_by_id=person_id, flags=0, **registers
            )
            reading_id = baseline.replace_id
        else:
            created = await Reading.create(
                meter_id=ref.meter_id,
                ts=now,
                t1=registers["t1"],
                t2=registers["t2"],
                t3=registers["t3"],
                t4=registers["t4"],
                total=total,
                source=ReadingSource.MANUAL,
                submitted_by_id=person_id,
            )
            reading_id = int(created.id)
        await audit.record(
            "reading.submitted",
            actor_id=person_id,
            site_id=ref.site_id,
            object_type="meter",
            object_id=str(ref.meter_id),
            origin=origin,
            details={
                "reading_id": reading_id,
                "values": {tariff: str(value) for tariff, value in values.items()},
                "replaced": baseline.replace_id is not None,
                "confirmed_jump": confirmed_jump,
            },
        )
    return reading_id


def _form(ref: MeterRef, window: SubmissionWindow, baseline: _Baseline) -> SubmissionForm:
    row = baseline.previous
    if row is None:
        previous = tuple(TariffValue(tariff, None) for tariff in ref.tariffs)
        return SubmissionForm(ref, window, previous, None, None, baseline.replace_id is not None)
    registers = {tariff: _decimal(row[tariff]) for tariff in ref.tariffs}
    if ref.tariff_count <= 1 and registers["t1"] is None:
        registers["t1"] = _decimal(row["total"])
    previous = tuple(TariffValue(tariff, registers[tariff]) for tariff in ref.tariffs)
    return SubmissionForm(ref, window, previous, _decimal(row["total"]), row["ts"], baseline.replace_id is not None)


def checked_values(ref: MeterRef, values: Mapping[str, Decimal]) -> dict[str, Decimal]:
    for tariff in values:
        if tariff not in ref.tariffs:
            raise InvalidInput(tariff, "unexpected")
    checked: dict[str, Decimal] = {}
    for tariff in ref.tariffs:
        if tariff not in values:
            raise InvalidInput(tariff, "missing")
        checked[tariff] = check_register_value(Decimal(values[tariff]), tariff)
    return checked


async def _baseline(ref: MeterRef, now: datetime) -> _Baseline:
    """The reading a submission now compares with, and today's manual reading it would replace."""
    rows = await Reading.filter(meter_id=ref.meter_id, ts__lte=now).order_by("-ts").limit(2).values(*_READING_FIELDS)
    if not rows:
        return _Baseline(None, None, None)
    latest = rows[0]
    day_start, day_end = day_bounds(now.astimezone(ZoneInfo(ref.timezone)).date(), ZoneInfo(ref.timezone))
    if ReadingSource(latest["source"]) is ReadingSource.MANUAL and day_start <= latest["ts"] < day_end:
        return _Baseline(rows[1] if len(rows) > 1 else None, latest["id"], latest["ts"])
    return _Baseline(latest, None, None)


async def _average_monthly(meter_id: int, previous_at: datetime, previous_total: Decimal) -> Decimal | None:
    """Register growth per average month over the history before the previous reading, or None."""
    rows = (
        await Reading.filter(meter_id=meter_id, ts__gte=previous_at - timedelta(days=HISTORY_DAYS), ts__lt=previous_at)
        .order_by("ts")
        .limit(1)
        .values("ts", "total")
    )
    if not rows:
        return None
    days = Decimal((previous_at - rows[0]["ts"]).total_seconds()) / Decimal(86400)
    used = previous_total - Decimal(rows[0]["total"])
    if days < MIN_HISTORY_DAYS or used < 0:
        return None
    return used / days * DAYS_PER_MONTH


async def check_jump(
    ref: MeterRef, previous_at: datetime, previous_total: Decimal, total: Decimal, now: datetime
) -> None:
    used = total - previous_total
    months = max(Decimal((now - previous_at).total_seconds()) / Decimal(86400) / DAYS_PER_MONTH, Decimal(1))
    average = await _average_monthly(ref.meter_id, previous_at, previous_total)
    if average is None:
        threshold = NO_HISTORY_MONTHLY_KWH * months
    else:
        threshold = max(JUMP_FACTOR * average * months, MIN_JUMP_KWH)
    if used <= threshold:
        return
    scale = ref.multiplier
    raise JumpNeedsConfirmation(
        consumption=(used * scale).quantize(KWH_STEP),
        threshold=(threshold * scale).quantize(KWH_STEP),
        average_monthly=None if average is None else (average * scale).quantize(KWH_STEP),
        previous_at=previous_at,
    )


def _row(ref: MeterRef, row: dict[str, Any]) -> ReadingRow:
    tariffs = tuple(_decimal(row[tariff]) for tariff in ref.tariffs)
    total = Decimal(row["total"])
    if ref.tariff_count <= 1 and tariffs[0] is None:
        tariffs = (total,)
    return ReadingRow(
        id=int(row["id"]),
        ts=row["ts"],
        source=ReadingSource(row["source"]),
        tariffs=tariffs,
        total=total,
        estimated=bool(int(row["flags"]) & ReadingFlag.ESTIMATED),
    )


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)
