"""The meter fleet as the simulator and the MQTT adapters see it: DTOs only."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

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
