"""The JSON API for integrations (being built)."""

from __future__ import annotations

from services.clock import Clock
from services.consumption import ConsumptionService


class IntegrationApiService:
    def __init__(self, clock: Clock, consumption: ConsumptionService) -> None:
        self._clock = clock
        self._consumption = consumption
