"""A resident's meters: the list, the meter card and the current readings, as DTOs.

Access rule: a person sees a meter only through an *active* binding of their own. Every call takes the
person id and answers :class:`~services.errors.NotFound` for any other meter, whether it exists or not,
so that a forged id tells nothing. Each call is one or two queries (joins through ``values()``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from services.clock import Clock
from services.consumption import ConsumptionService
from services.db.models import Binding
from services.db.prepared import Prepared
from services.enums import BindingStatus, MeterKind, ReadingSource, RelayState
from services.errors import NotFound
from services.pagination import Page

T = TypeVar("T")

TARIFFS: tuple[str, ...] = ("t1", "t2", "t3", "t4")
DUE_SOON_DAYS = 60
"""A verification due within this many days is flagged on the card."""


class VerificationStatus(StrEnum):
    OK = "ok"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class MeterRef:
    """What every resident's view of one meter needs besides its own data."""

    meter_id: int
    binding_id: int
    site_id: int
    label: str
    serial: str
    timezone: str
    tariff_count: int
    multiplier: Decimal
    has_telemetry: bool
    manual_allowed: bool
    """The resident may submit readings: a meter without telemetry, or a site that allows it for all."""

    @property
    def tariffs(self) -> tuple[str, ...]:
        return TARIFFS[: max(1, min(self.tariff_count, len(TARIFFS)))]


@dataclass(frozen=True, slots=True)
class MeterPage(Page[T], Generic[T]):
    """A page of something of one meter, with the meter (its time zone, its tariffs) for rendering."""

    meter: MeterRef


@dataclass(frozen=True, slots=True)
class MeterSummary:
    binding_id: int
    meter_id: int
    label: str
    serial: str
    plot_number: str | None
    account_number: str | None
    online: bool | None
    last_seen_at: datetime | None
    relay_state: RelayState
    has_telemetry: bool


@dataclass(frozen=True, slots=True)
class MeterCard:
    meter: MeterRef
    custom_label: str
    """The resident's own name for the meter ("Основной"), empty when they gave none."""
    model: str
    serial: str
    mac: str
    imei: str
    installed_on: date | None
    place: str
    kind: MeterKind
    phases: int
    tariff_count: int
    multiplier: Decimal
    gateway_serial: str | None
    gateway_model: str | None
    relay_state: RelayState
    online: bool | None
    last_seen_at: datetime | None
    has_telemetry: bool
    verified_on: date | None
    next_verification_on: date | None
    verification: VerificationStatus
    seal_number: str
    plot_number: str | None
    account_number: str | None
    site_name: str


@dataclass(frozen=True, slots=True)
class TariffValue:
    tariff: str
    value: Decimal | None


@dataclass(frozen=True, slots=True)
class CurrentReadings:
    """The latest reading of every tariff the meter has, their total, when and where it came from."""

    meter: MeterRef
    ts: datetime | None
    source: ReadingSource | None
    tariffs: tuple[TariffValue, ...]
    total: Decimal | None


def display_label(binding_label: str, meter_label: str, model: str, serial: str) -> str:
    """The resident's name for the meter, else the registry's label, else the model, else the serial."""
    return binding_label or meter_label or model or serial


def verification_status(next_on: date | None, today: date) -> VerificationStatus:
    if next_on is None:
        return VerificationStatus.UNKNOWN
    days_left = (next_on - today).days
    if days_left < 0:
        return VerificationStatus.OVERDUE
    return VerificationStatus.DUE_SOON if days_left <= DUE_SOON_DAYS else VerificationStatus.OK


def _active(person_id: int, meter_id: int | None = None) -> Any:
    query = Binding.filter(person_id=person_id, status=BindingStatus.ACTIVE)
    return query if meter_id is None else query.filter(meter_id=meter_id)


_LIST_QUERY = Prepared(
    lambda person_id: (
        _active(person_id)
        .order_by("id")
        .values(
            "id",
            "label",
            "meter_id",
            "meter__label",
            "meter__model",
            "meter__serial",
            "meter__plot__number",
            "meter__account__number",
            "meter__online",
            "meter__last_seen_at",
            "meter__relay_state",
            "meter__has_telemetry",
        )
    ),
    arity=1,
)

_REF_FIELDS = (
    "id",
    "label",
    "meter_id",
    "meter__site_id",
    "meter__label",
    "meter__model",
    "meter__serial",
    "meter__tariff_count",
    "meter__multiplier",
    "meter__has_telemetry",
    "meter__site__timezone",
    "meter__site__manual_readings_for_telemetry",
)


def _ref(row: dict[str, Any]) -> MeterRef:
    has_telemetry = bool(row["meter__has_telemetry"])
    return MeterRef(
        meter_id=row["meter_id"],
        binding_id=row["id"],
        site_id=row["meter__site_id"],
        label=display_label(row["label"], row["meter__label"], row["meter__model"], row["meter__serial"]),
        serial=row["meter__serial"],
        timezone=row["meter__site__timezone"],
        tariff_count=int(row["meter__tariff_count"]),
        multiplier=Decimal(row["meter__multiplier"]),
        has_telemetry=has_telemetry,
        manual_allowed=not has_telemetry or bool(row["meter__site__manual_readings_for_telemetry"]),
    )


_ROW_QUERIES: dict[tuple[str, ...], Prepared] = {}
"""One prepared query per set of extra fields (a handful: the card, the charts, the readings)."""


def _row_query(extra: tuple[str, ...]) -> Prepared:
    prepared = _ROW_QUERIES.get(extra)
    if prepared is None:
        prepared = _ROW_QUERIES[extra] = Prepared(
            lambda person_id, meter_id: (
                _active(person_id, meter_id).order_by("id").limit(1).values(*_REF_FIELDS, *extra)
            ),
            arity=2,
        )
    return prepared


async def _row(person_id: int, meter_id: int, *extra: str) -> dict[str, Any]:
    rows = await _row_query(extra).fetch(person_id, meter_id)
    if not rows:
        raise NotFound(f"meter {meter_id} for person {person_id}")
    row: dict[str, Any] = rows[0]
    return row


async def meter_access(person_id: int, meter_id: int) -> MeterRef:
    """The meter as ``person_id`` may see it, or NotFound (also for a meter that does not exist)."""
    return _ref(await _row(person_id, meter_id))


async def meter_access_with(person_id: int, meter_id: int, *fields: str) -> tuple[MeterRef, dict[str, Any]]:
    """:func:`meter_access` plus more values of the same row (``values()`` paths from the binding, such as
    ``"meter__site__reading_window_start_day"``), in the same single query."""
    row = await _row(person_id, meter_id, *fields)
    return _ref(row), row


def local_today(clock: Clock, timezone: str) -> date:
    return clock.now().astimezone(ZoneInfo(timezone)).date()


_CARD_FIELDS = (
    "meter__mac",
    "meter__imei",
    "meter__installed_on",
    "meter__place",
    "meter__kind",
    "meter__phases",
    "meter__relay_state",
    "meter__online",
    "meter__last_seen_at",
    "meter__verified_on",
    "meter__next_verification_on",
    "meter__seal_number",
    "meter__gateway__serial",
    "meter__gateway__model",
    "meter__plot__number",
    "meter__account__number",
    "meter__site__name",
)


class MeterQueryService:
    def __init__(self, clock: Clock, consumption: ConsumptionService | None = None) -> None:
        """``consumption`` answers "current readings" (the composition root passes its shared one)."""
        self._clock = clock
        self._consumption = consumption or ConsumptionService(clock)

    async def list_for_person(self, person_id: int) -> list[MeterSummary]:
        """The person's meters in the order they were bound (one query)."""
        rows = await _LIST_QUERY.fetch(person_id)
        seen: set[int] = set()
        result: list[MeterSummary] = []
        for row in rows:
            if row["meter_id"] in seen:
                continue
            seen.add(row["meter_id"])
            result.append(
                MeterSummary(
                    binding_id=row["id"],
                    meter_id=row["meter_id"],
                    label=display_label(row["label"], row["meter__label"], row["meter__model"], row["meter__serial"]),
                    serial=row["meter__serial"],
                    plot_number=row["meter__plot__number"],
                    account_number=row["meter__account__number"],
                    online=row["meter__online"],
                    last_seen_at=row["meter__last_seen_at"],
                    relay_state=RelayState(row["meter__relay_state"]),
                    has_telemetry=bool(row["meter__has_telemetry"]),
                )
            )
        return result

    async def card(self, person_id: int, meter_id: int) -> MeterCard:
        """Everything the seeds' meter card shows (one query)."""
        row = await _row(person_id, meter_id, *_CARD_FIELDS)
        ref = _ref(row)
        next_on: date | None = row["meter__next_verification_on"]
        return MeterCard(
            meter=ref,
            custom_label=row["label"],
            model=row["meter__model"],
            serial=row["meter__serial"],
            mac=row["meter__mac"],
            imei=row["meter__imei"],
            installed_on=row["meter__installed_on"],
            place=row["meter__place"],
            kind=MeterKind(row["meter__kind"]),
            phases=int(row["meter__phases"]),
            tariff_count=ref.tariff_count,
            multiplier=ref.multiplier,
            gateway_serial=row["meter__gateway__serial"],
            gateway_model=row["meter__gateway__model"],
            relay_state=RelayState(row["meter__relay_state"]),
            online=row["meter__online"],
            last_seen_at=row["meter__last_seen_at"],
            has_telemetry=ref.has_telemetry,
            verified_on=row["meter__verified_on"],
            next_verification_on=next_on,
            verification=verification_status(next_on, local_today(self._clock, ref.timezone)),
            seal_number=row["meter__seal_number"],
            plot_number=row["meter__plot__number"],
            account_number=row["meter__account__number"],
            site_name=row["meter__site__name"],
        )

    async def current_readings(self, person_id: int, meter_id: int) -> CurrentReadings:
        """The meter's newest reading, whatever its source, as the consumption service sees it (two queries)."""
        ref = await meter_access(person_id, meter_id)
        latest = await self._consumption.current_readings(ref.meter_id)
        if latest is None:
            return CurrentReadings(meter=ref, ts=None, source=None, tariffs=(), total=None)
        registers = {"t1": latest.t1, "t2": latest.t2, "t3": latest.t3, "t4": latest.t4}
        values = tuple(TariffValue(tariff, _decimal(registers[tariff])) for tariff in ref.tariffs)
        if ref.tariff_count <= 1 and values[0].value is None:
            values = (TariffValue("t1", _decimal(latest.total)),)
        return CurrentReadings(
            meter=ref, ts=latest.ts, source=latest.source, tariffs=values, total=_decimal(latest.total)
        )


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)
