"""Readings posted by an integration (``POST /api/v1/meters/{serial}/readings``).

The values are checked as a resident's in the chat (:mod:`services.readings`): manual readings only for
meters without telemetry unless the site takes them for every meter (:class:`ManualReadingsNotAllowed`);
one value per tariff the meter has, at least 0, at most three decimals, below 10¹¹; none below the
previous reading of its tariff, nor the total below the previous total (:class:`BelowPrevious`); and the
same implausible-jump bound, which the caller passes with ``confirm``.

What differs, because an integration carries readings taken by someone else at some other time:

* ``taken_at`` says when the reading was taken (now when absent). It may lie in the past (400 days at
  most) but not ahead of now by more than five minutes. Since it may lie between stored readings, no value
  may be above the next reading's either (:class:`AboveNext`).
* The residents' window (days of the month) does not apply: it is a rule for residents.
* A reading is keyed by its time, as ingestion is: the same values at the same ``taken_at`` again change
  nothing (``created`` is false: a safe retry); other values at that time are :class:`ReadingExists`. A
  chat submission replaces the same day's manual reading; an integration's never does.

The reading is stored with the source ``api`` and audited (``reading.submitted``, ``via: api``, with the
token); then the aggregates of the span are recomputed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from tortoise.transactions import in_transaction

from services import audit
from services.api_tokens import ApiPrincipal
from services.clock import Clock
from services.consumption import ConsumptionService
from services.db.models import Meter, Reading
from services.enums import ReadingSource
from services.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from services.meters import MeterRef
from services.readings import (
    BelowPrevious,
    ManualReadingsNotAllowed,
    check_jump,  # the chat's own rule, so that both bounds stay one
    checked_values,
)

MAX_AGE = timedelta(days=400)
MAX_AHEAD = timedelta(minutes=5)

log = logging.getLogger(__name__)

_READING_FIELDS = ("id", "ts", "t1", "t2", "t3", "t4", "total", "source")
_METER_FIELDS = (
    "id",
    "site_id",
    "serial",
    "label",
    "tariff_count",
    "multiplier",
    "has_telemetry",
    "site__timezone",
    "site__manual_readings_for_telemetry",
)


class AboveNext(InvalidInput):
    """``field`` (a tariff or ``total``) is above the reading that follows ``taken_at``."""

    def __init__(self, tariff: str, following: Decimal, following_at: datetime) -> None:
        super().__init__(tariff, "above_next")
        self.following = following
        self.following_at = following_at


class ReadingExists(Conflict):
    """Another reading with other values is stored at that very time."""

    def __init__(self, reading_id: int, ts: datetime) -> None:
        super().__init__(f"reading {reading_id} at {ts.isoformat()}")
        self.reading_id = reading_id
        self.ts = ts


@dataclass(frozen=True, slots=True)
class ApiReading:
    id: int
    ts: datetime
    source: ReadingSource
    registers: tuple[tuple[str, Decimal | None], ...]
    total: Decimal


@dataclass(frozen=True, slots=True)
class ApiReceipt:
    serial: str
    timezone: str
    created: bool
    """False when the same reading was stored already (a retry)."""
    reading: ApiReading
    previous: ApiReading | None
    consumption: Decimal | None
    """kWh since the previous reading (times the multiplier); None without one."""


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def _reading(ref: MeterRef, row: Mapping[str, Any]) -> ApiReading:
    registers = tuple((tariff, _decimal(row[tariff])) for tariff in ref.tariffs)
    if ref.tariff_count <= 1 and registers[0][1] is None:
        registers = (("t1", Decimal(row["total"])),)
    return ApiReading(
        id=int(row["id"]),
        ts=row["ts"],
        source=ReadingSource(row["source"]),
        registers=registers,
        total=Decimal(row["total"]),
    )


def _check_between(
    values: Mapping[str, Decimal], total: Decimal, previous: ApiReading | None, following: ApiReading | None
) -> None:
    """BelowPrevious / AboveNext for each tariff, then for the total."""
    for neighbour, below in ((previous, True), (following, False)):
        if neighbour is None:
            continue
        pairs = [(tariff, value, dict(neighbour.registers).get(tariff)) for tariff, value in values.items()]
        pairs.append(("total", total, neighbour.total))
        for tariff, value, other in pairs:
            if other is None:
                continue
            if below and value < other:
                raise BelowPrevious(tariff, other)
            if not below and value > other:
                raise AboveNext(tariff, other, neighbour.ts)


class ApiReadingWriter:
    def __init__(self, clock: Clock, consumption: ConsumptionService) -> None:
        self._clock = clock
        self._consumption = consumption
        self._lock = asyncio.Lock()

    async def submit(
        self,
        caller: ApiPrincipal,
        serial: str,
        values: Mapping[str, Decimal],
        *,
        taken_at: datetime | None = None,
        confirm: bool = False,
        origin: str = "",
    ) -> ApiReceipt:
        if not caller.can_write:
            raise PermissionDenied(f"token {caller.token_id} may not post readings")
        async with self._lock:  # the checks and the insert see one state of the meter's readings
            return await self._submit(caller, serial, values, taken_at, confirm, origin)

    async def _submit(
        self,
        caller: ApiPrincipal,
        serial: str,
        values: Mapping[str, Decimal],
        taken_at: datetime | None,
        confirm: bool,
        origin: str,
    ) -> ApiReceipt:
        ref = await _meter(caller, serial)
        ts = self._taken_at(taken_at)
        checked = checked_values(ref, values)
        total = sum(checked.values(), Decimal(0))
        same = await Reading.filter(meter_id=ref.meter_id, ts=ts).first().values(*_READING_FIELDS)
        if same is not None:
            return await self._existing(ref, _reading(ref, same), checked, total)
        previous, following = await _neighbours(ref, ts)
        _check_between(checked, total, previous, following)
        if previous is not None and not confirm:
            await check_jump(ref, previous.ts, previous.total, total, ts)
        reading_id = await _store(caller, ref, checked, total, ts, confirm, origin)
        try:
            await self._consumption.recompute(ref.meter_id, ts, ts)
        except Exception:  # the reading is stored; the next one (or a recompute) catches up
            log.exception("recompute after an API reading of meter %s failed", ref.meter_id)
        reading = ApiReading(reading_id, ts, ReadingSource.API, tuple(checked.items()), total)
        return _receipt(ref, reading, previous, created=True)

    def _taken_at(self, taken_at: datetime | None) -> datetime:
        now = self._clock.now()
        if taken_at is None:
            return now
        if taken_at.tzinfo is None or taken_at.utcoffset() is None:
            raise InvalidInput("taken_at", "no_offset")
        if taken_at > now + MAX_AHEAD:
            raise InvalidInput("taken_at", "in_future")
        if taken_at < now - MAX_AGE:
            raise InvalidInput("taken_at", "too_old")
        return taken_at.astimezone(UTC)

    async def _existing(
        self, ref: MeterRef, stored: ApiReading, values: Mapping[str, Decimal], total: Decimal
    ) -> ApiReceipt:
        if dict(stored.registers) != dict(values) or stored.total != total:
            raise ReadingExists(stored.id, stored.ts)
        previous, _ = await _neighbours(ref, stored.ts)
        return _receipt(ref, stored, previous, created=False)


def _receipt(ref: MeterRef, reading: ApiReading, previous: ApiReading | None, *, created: bool) -> ApiReceipt:
    consumption = None
    if previous is not None:
        scale = ref.multiplier
        consumption = (reading.total * scale).quantize(Decimal("0.001")) - (previous.total * scale).quantize(
            Decimal("0.001")
        )
    return ApiReceipt(ref.serial, ref.timezone, created, reading, previous, consumption)


async def _meter(caller: ApiPrincipal, serial: str) -> MeterRef:
    """The meter if the token sees it and it takes manual readings (one query)."""
    row = await Meter.filter(serial=serial[:64]).first().values(*_METER_FIELDS)
    if row is None or not caller.sees(int(row["site_id"])):
        raise NotFound(f"meter {serial}")
    has_telemetry = bool(row["has_telemetry"])
    ref = MeterRef(
        meter_id=int(row["id"]),
        binding_id=0,  # no resident's binding: the token's scope stands for it
        site_id=int(row["site_id"]),
        label=str(row["label"]),
        serial=str(row["serial"]),
        timezone=str(row["site__timezone"]),
        tariff_count=int(row["tariff_count"]),
        multiplier=Decimal(row["multiplier"]),
        has_telemetry=has_telemetry,
        manual_allowed=not has_telemetry or bool(row["site__manual_readings_for_telemetry"]),
    )
    if not ref.manual_allowed:
        raise ManualReadingsNotAllowed(f"meter {ref.meter_id} sends its readings itself")
    return ref


async def _neighbours(ref: MeterRef, ts: datetime) -> tuple[ApiReading | None, ApiReading | None]:
    """The readings just before and just after ``ts`` (two queries)."""
    before = await Reading.filter(meter_id=ref.meter_id, ts__lt=ts).order_by("-ts").first().values(*_READING_FIELDS)
    after = await Reading.filter(meter_id=ref.meter_id, ts__gt=ts).order_by("ts").first().values(*_READING_FIELDS)
    return (
        None if before is None else _reading(ref, before),
        None if after is None else _reading(ref, after),
    )


async def _store(
    caller: ApiPrincipal,
    ref: MeterRef,
    values: Mapping[str, Decimal],
    total: Decimal,
    ts: datetime,
    confirmed: bool,
    origin: str,
) -> int:
    registers = {tariff: values.get(tariff) for tariff in ("t1", "t2", "t3", "t4")}
    async with in_transaction():
        created = await Reading.create(
            meter_id=ref.meter_id,
            ts=ts,
            t1=registers["t1"],
            t2=registers["t2"],
            t3=registers["t3"],
            t4=registers["t4"],
            total=total,
            source=ReadingSource.API,
        )
        await audit.record(
            "reading.submitted",
            actor_label=caller.label,
            site_id=ref.site_id,
            object_type="meter",
            object_id=str(ref.meter_id),
            origin=origin,
            details={
                "via": "api",
                "token_id": caller.token_id,
                "reading_id": int(created.id),
                "taken_at": ts.isoformat(),
                "values": {tariff: str(value) for tariff, value in values.items()},
                "confirmed_jump": confirmed,
            },
        )
    return int(created.id)


__all__ = [
    "AboveNext",
    "ApiReading",
    "ApiReadingWriter",
    "ApiReceipt",
    "BelowPrevious",
    "ManualReadingsNotAllowed",
    "ReadingExists",
]
