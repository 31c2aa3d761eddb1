"""Meters as staff see them: the filtered, sorted, paged list of a site, and the meter page (the card,
the latest values, who is bound, the recent events).

The list is two queries (a count and the page, joined through ``values()``) whatever the filters; the
meter page is five. A meter is looked up within its site, so an id from another site is NotFound.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from services.clock import Clock
from services.consumption import ConsumptionService
from services.db.models import Binding, Meter, MeterEvent
from services.enums import (
    BindingMethod,
    BindingStatus,
    EventClass,
    MeterKind,
    Protocol,
    ReadingSource,
    RelayState,
    Severity,
)
from services.errors import NotFound
from services.meters import TARIFFS, VerificationStatus, verification_status
from services.pagination import Page, clamp_page

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
RECENT_EVENTS = 10


class MeterSort(StrEnum):
    SERIAL = "serial"
    PLOT = "plot"
    MODEL = "model"
    PROTOCOL = "protocol"
    KIND = "kind"
    LAST_SEEN = "last_seen"
    RELAY = "relay"


class OnlineFilter(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"
    UNKNOWN = "unknown"


_ORDER: dict[MeterSort, tuple[str, ...]] = {
    MeterSort.SERIAL: ("serial",),
    MeterSort.PLOT: ("plot__number", "serial"),
    MeterSort.MODEL: ("model", "serial"),
    MeterSort.PROTOCOL: ("protocol", "serial"),
    MeterSort.KIND: ("kind", "serial"),
    MeterSort.LAST_SEEN: ("last_seen_at", "serial"),
    MeterSort.RELAY: ("relay_state", "serial"),
}


@dataclass(frozen=True, slots=True)
class MeterFilter:
    site_id: int
    plot: str = ""
    """An exact plot number."""
    model: str = ""
    protocol: Protocol | None = None
    kind: MeterKind | None = None
    online: OnlineFilter | None = None
    relay: RelayState | None = None
    search: str = ""
    """Part of the serial, the label or the topic id."""
    sort: MeterSort = MeterSort.SERIAL
    descending: bool = False


@dataclass(frozen=True, slots=True)
class MeterListRow:
    id: int
    serial: str
    label: str
    model: str
    kind: MeterKind
    protocol: Protocol
    plot_number: str | None
    account_number: str | None
    gateway_serial: str | None
    online: bool | None
    last_seen_at: datetime | None
    relay_state: RelayState
    has_telemetry: bool


@dataclass(frozen=True, slots=True)
class StaffMeterCard:
    id: int
    site_id: int
    serial: str
    label: str
    model: str
    kind: MeterKind
    phases: int
    tariff_count: int
    multiplier: Decimal
    mac: str
    imei: str
    protocol: Protocol
    topic_id: str
    has_telemetry: bool
    relay_state: RelayState
    online: bool | None
    last_seen_at: datetime | None
    installed_on: date | None
    place: str
    verified_on: date | None
    next_verification_on: date | None
    verification: VerificationStatus
    seal_number: str
    plot_id: int | None
    plot_number: str | None
    account_number: str | None
    account_holder: str | None
    gateway_serial: str | None
    gateway_model: str | None
    has_qr_token: bool
    registered_at: datetime


@dataclass(frozen=True, slots=True)
class LatestValues:
    ts: datetime
    source: ReadingSource
    tariffs: tuple[tuple[str, Decimal | None], ...]
    total: Decimal


@dataclass(frozen=True, slots=True)
class MeterBindingRow:
    binding_id: int
    person_id: int
    person_name: str
    status: BindingStatus
    method: BindingMethod
    since: datetime


@dataclass(frozen=True, slots=True)
class MeterEventRow:
    id: int
    ts: datetime
    code: str
    event_class: EventClass
    severity: Severity
    text: str


@dataclass(frozen=True, slots=True)
class MeterPageData:
    card: StaffMeterCard
    latest: LatestValues | None
    bindings: tuple[MeterBindingRow, ...]
    events: tuple[MeterEventRow, ...]


_LIST_FIELDS = (
    "id",
    "serial",
    "label",
    "model",
    "kind",
    "protocol",
    "plot__number",
    "account__number",
    "gateway__serial",
    "online",
    "last_seen_at",
    "relay_state",
    "has_telemetry",
)

_CARD_FIELDS = (
    "id",
    "site_id",
    "serial",
    "label",
    "model",
    "kind",
    "phases",
    "tariff_count",
    "multiplier",
    "mac",
    "imei",
    "protocol",
    "topic_id",
    "has_telemetry",
    "relay_state",
    "online",
    "last_seen_at",
    "installed_on",
    "place",
    "verified_on",
    "next_verification_on",
    "seal_number",
    "plot_id",
    "plot__number",
    "account__number",
    "account__holder_name",
    "gateway__serial",
    "gateway__model",
    "qr_token",
    "created_at",
    "site__timezone",
)


def _filtered(f: MeterFilter) -> Any:
    query = Meter.filter(site_id=f.site_id)
    if f.plot.strip():
        query = query.filter(plot__number=f.plot.strip())
    if f.model.strip():
        query = query.filter(model=f.model.strip())
    if f.protocol is not None:
        query = query.filter(protocol=f.protocol)
    if f.kind is not None:
        query = query.filter(kind=f.kind)
    if f.online is OnlineFilter.ONLINE:
        query = query.filter(online=True)
    elif f.online is OnlineFilter.OFFLINE:
        query = query.filter(online=False)
    elif f.online is OnlineFilter.UNKNOWN:
        query = query.filter(online__isnull=True)
    if f.relay is not None:
        query = query.filter(relay_state=f.relay)
    search = f.search.strip()[:64]
    if search:
        query = query.filter(serial__icontains=search)
    return query


def _list_row(row: dict[str, Any]) -> MeterListRow:
    return MeterListRow(
        id=row["id"],
        serial=row["serial"],
        label=row["label"],
        model=row["model"],
        kind=MeterKind(row["kind"]),
        protocol=Protocol(row["protocol"]),
        plot_number=row["plot__number"],
        account_number=row["account__number"],
        gateway_serial=row["gateway__serial"],
        online=row["online"],
        last_seen_at=row["last_seen_at"],
        relay_state=RelayState(row["relay_state"]),
        has_telemetry=bool(row["has_telemetry"]),
    )


class StaffMeterService:
    def __init__(self, clock: Clock, consumption: ConsumptionService | None = None) -> None:
        self._clock = clock
        self._consumption = consumption or ConsumptionService(clock)

    async def find(self, f: MeterFilter, page: int = 0, page_size: int = PAGE_SIZE) -> Page[MeterListRow]:
        page_size = min(max(page_size, 1), MAX_PAGE_SIZE)
        query = _filtered(f)
        total = await query.count()
        page = clamp_page(page, total, page_size)
        prefix = "-" if f.descending else ""
        order = [prefix + column for column in _ORDER[f.sort]] + [prefix + "id"]
        rows = await query.order_by(*order).offset(page * page_size).limit(page_size).values(*_LIST_FIELDS)
        return Page(items=tuple(_list_row(row) for row in rows), total=total, page=page, page_size=page_size)

    async def models(self, site_id: int) -> list[str]:
        """The distinct models of the site's meters, for the filter."""
        rows = await Meter.filter(site_id=site_id).exclude(model="").distinct().values_list("model", flat=True)
        return sorted({str(model) for model in rows}, key=str.casefold)

    async def page(self, site_id: int, meter_id: int) -> MeterPageData:
        """Everything the meter page shows; NotFound when the meter is not of this site."""
        rows = await Meter.filter(id=meter_id, site_id=site_id).limit(1).values(*_CARD_FIELDS)
        if not rows:
            raise NotFound(f"meter {meter_id} at site {site_id}")
        card = self._card(rows[0])
        return MeterPageData(
            card=card,
            latest=await self._latest(card),
            bindings=await _bindings(meter_id),
            events=await _recent_events(meter_id),
        )

    async def belongs(self, site_id: int, meter_id: int) -> bool:
        return await Meter.exists(id=meter_id, site_id=site_id)

    def _card(self, row: dict[str, Any]) -> StaffMeterCard:
        today = self._clock.now().astimezone(ZoneInfo(row["site__timezone"])).date()
        return StaffMeterCard(
            id=row["id"],
            site_id=row["site_id"],
            serial=row["serial"],
            label=row["label"],
            model=row["model"],
            kind=MeterKind(row["kind"]),
            phases=int(row["phases"]),
            tariff_count=int(row["tariff_count"]),
            multiplier=Decimal(row["multiplier"]),
            mac=row["mac"],
            imei=row["imei"],
            protocol=Protocol(row["protocol"]),
            topic_id=row["topic_id"],
            has_telemetry=bool(row["has_telemetry"]),
            relay_state=RelayState(row["relay_state"]),
            online=row["online"],
            last_seen_at=row["last_seen_at"],
            installed_on=row["installed_on"],
            place=row["place"],
            verified_on=row["verified_on"],
            next_verification_on=row["next_verification_on"],
            verification=verification_status(row["next_verification_on"], today),
            seal_number=row["seal_number"],
            plot_id=row["plot_id"],
            plot_number=row["plot__number"],
            account_number=row["account__number"],
            account_holder=row["account__holder_name"],
            gateway_serial=row["gateway__serial"],
            gateway_model=row["gateway__model"],
            has_qr_token=bool(row["qr_token"]),
            registered_at=row["created_at"],
        )

    async def _latest(self, card: StaffMeterCard) -> LatestValues | None:
        latest = await self._consumption.current_readings(card.id)
        if latest is None:
            return None
        registers = {"t1": latest.t1, "t2": latest.t2, "t3": latest.t3, "t4": latest.t4}
        tariffs = TARIFFS[: max(1, min(card.tariff_count, len(TARIFFS)))]
        values = tuple((tariff, _decimal(registers[tariff])) for tariff in tariffs)
        return LatestValues(ts=latest.ts, source=latest.source, tariffs=values, total=Decimal(latest.total))


async def _bindings(meter_id: int) -> tuple[MeterBindingRow, ...]:
    rows = (
        await Binding.filter(meter_id=meter_id, status__in=(BindingStatus.PENDING, BindingStatus.ACTIVE))
        .order_by("created_at", "id")
        .values("id", "person_id", "person__name", "status", "method", "created_at")
    )
    return tuple(
        MeterBindingRow(
            binding_id=row["id"],
            person_id=row["person_id"],
            person_name=row["person__name"],
            status=BindingStatus(row["status"]),
            method=BindingMethod(row["method"]),
            since=row["created_at"],
        )
        for row in rows
    )


async def _recent_events(meter_id: int) -> tuple[MeterEventRow, ...]:
    rows = (
        await MeterEvent.filter(meter_id=meter_id)
        .order_by("-ts", "-id")
        .limit(RECENT_EVENTS)
        .values("id", "ts", "code", "event_class", "severity", "text")
    )
    return tuple(
        MeterEventRow(
            id=int(row["id"]),
            ts=row["ts"],
            code=row["code"],
            event_class=EventClass(row["event_class"]),
            severity=Severity(row["severity"]),
            text=row["text"],
        )
        for row in rows
    )


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)
