"""Figures from the database for ``/metrics``: the outbox queue, open alerts, relay commands by state.

Three cheap queries (two counts and one grouped count); the in-process ingestion counters come from
:meth:`services.ingest.IngestService.stats` and are not read here.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.functions import Count

from services.clock import Clock
from services.db.models import Alert, RelayCommand
from services.enums import AlertState, CommandState
from services.outbox import OutboxService


@dataclass(frozen=True, slots=True)
class OpsSnapshot:
    outbox_pending: int
    """Messages waiting to be sent (or being sent now)."""
    outbox_failed: int
    """Messages given up on."""
    alerts_open: int
    """Alerts not cleared (active or acknowledged)."""
    relay_commands: dict[CommandState, int]
    """Relay commands in each state (every state present, zero included)."""


class OpsMetricsService:
    def __init__(self, clock: Clock, outbox: OutboxService | None = None) -> None:
        self._outbox = outbox or OutboxService(clock)

    async def snapshot(self) -> OpsSnapshot:
        rows = await RelayCommand.all().annotate(n=Count("id")).group_by("state").values_list("state", "n")
        by_state = {state: 0 for state in CommandState}
        for state, n in rows:
            by_state[CommandState(state)] = int(n)
        return OpsSnapshot(
            outbox_pending=await self._outbox.pending_count(),
            outbox_failed=await self._outbox.failed_count(),
            alerts_open=await Alert.exclude(state=AlertState.CLEARED).count(),
            relay_commands=by_state,
        )
