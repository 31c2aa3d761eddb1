"""Reports for the admin web (being built)."""

from __future__ import annotations

from services.clock import Clock
from services.consumption import ConsumptionService


class ReportService:
    def __init__(self, clock: Clock, consumption: ConsumptionService) -> None:
        self._clock = clock
        self._consumption = consumption
