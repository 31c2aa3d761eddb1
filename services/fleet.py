"""The meter fleet as the simulator and the MQTT adapters see it: DTOs only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from tortoise.functions import Max

from services.db.models import Meter, Reading
from services.enums import MeterKind, Protocol


@dataclass(frozen=True, slots=True)
class FleetMeter:
    serial: str
    protocol: Protocol
    topic_id: str
    kind: MeterKind
    phases: int
    tariff_count: int
    registers: tuple[Decimal, ...]
    """The last known register values per tariff zone (kWh), to continue from."""


async def list_fleet(site_id: int | None = None) -> list[FleetMeter]:
    """Meters that report telemetry (of one site, or all), each with its last reading's registers.

    Three queries whatever the fleet's size: the meters, each meter's latest reading time, and the
    readings at those times.
    """
    meters = Meter.filter(has_telemetry=True)
    if site_id is not None:
        meters = meters.filter(site_id=site_id)
    rows = await meters.order_by("serial").values(
        "id", "serial", "protocol", "topic_id", "kind", "phases", "tariff_count"
    )
    last = await _last_registers([row["id"] for row in rows])
    return [
        FleetMeter(
            serial=row["serial"],
            protocol=Protocol(row["protocol"]),
            topic_id=row["topic_id"],
            kind=MeterKind(row["kind"]),
            phases=row["phases"],
            tariff_count=row["tariff_count"],
            registers=_registers(last.get(row["id"]), row["tariff_count"]),
        )
        for row in rows
    ]


async def _last_registers(meter_ids: list[int]) -> dict[int, tuple[Decimal | None, ...]]:
    if not meter_ids:
        return {}
    latest = await (
        Reading.filter(meter_id__in=meter_ids)
        .annotate(last_ts=Max("ts"))
        .group_by("meter_id")
        .values_list("meter_id", "last_ts")
    )
    wanted = {(meter_id, _as_utc(ts)) for meter_id, ts in latest}
    if not wanted:
        return {}
    rows = await Reading.filter(meter_id__in=meter_ids, ts__in=list({ts for _, ts in wanted})).values_list(
        "meter_id", "ts", "t1", "t2", "t3", "t4"
    )
    return {meter_id: (t1, t2, t3, t4) for meter_id, ts, t1, t2, t3, t4 in rows if (meter_id, _as_utc(ts)) in wanted}


def _as_utc(value: datetime | str) -> datetime:
    """An aggregate over a datetime column comes back as text on SQLite."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def _registers(values: tuple[Decimal | None, ...] | None, tariff_count: int) -> tuple[Decimal, ...]:
    count = max(1, min(tariff_count, 4))
    if values is None:
        return tuple(Decimal(0) for _ in range(count))
    return tuple(Decimal(v) if v is not None else Decimal(0) for v in values[:count])
