"""The meter card as staff see it from an alert ("Show meter"): the meter, its state, its latest
readings and the residents bound to it with their phones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.consumption import ConsumptionService, CurrentReadings
from services.db.models import Binding, Meter
from services.enums import BindingStatus, MeterKind, RelayState
from services.errors import NotFound


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    phone: str


@dataclass(frozen=True, slots=True)
class StaffMeterCard:
    meter_id: int
    serial: str
    label: str
    model: str
    kind: MeterKind
    tariff_count: int
    plot_number: str
    site_name: str
    timezone: str
    place: str
    has_telemetry: bool
    online: bool | None
    last_seen_at: datetime | None
    relay_state: RelayState
    readings: CurrentReadings | None
    residents: tuple[Contact, ...]


async def staff_card(meter_id: int, consumption: ConsumptionService | None) -> StaffMeterCard:
    meter = await Meter.get_or_none(id=meter_id).select_related("site", "plot")
    if meter is None:
        raise NotFound(f"meter {meter_id}")
    people = (
        await Binding.filter(meter_id=meter_id, status=BindingStatus.ACTIVE)
        .order_by("id")
        .values_list("person__name", "person__phone")
    )
    readings = await consumption.current_readings(meter_id) if consumption is not None else None
    return StaffMeterCard(
        meter_id=meter.id,
        serial=meter.serial,
        label=meter.label,
        model=meter.model,
        kind=MeterKind(meter.kind),
        tariff_count=meter.tariff_count,
        plot_number=meter.plot.number if meter.plot is not None else "",
        site_name=meter.site.name,
        timezone=meter.site.timezone,
        place=meter.place,
        has_telemetry=meter.has_telemetry,
        online=meter.online,
        last_seen_at=meter.last_seen_at,
        relay_state=RelayState(meter.relay_state),
        readings=readings,
        residents=tuple(Contact(str(name or ""), str(phone or "")) for name, phone in people),
    )
