"""What happens after each ingestion flush: aggregates recomputed, relay commands confirmed."""

from __future__ import annotations

import logging

from services.alerts import AlertService
from services.consumption import ConsumptionService
from services.data_versions import TELEMETRY
from services.ingest_store import FlushReport
from services.relay import RelayService

log = logging.getLogger(__name__)


class AfterFlush:
    """The ``on_flush`` hook of :class:`services.ingest.IngestService`.

    The readings are committed before this runs, so a failure here loses no data: it is logged, and
    the next flush for the same meter recomputes from its own earliest reading onwards.
    """

    def __init__(
        self, consumption: ConsumptionService, relay: RelayService | None = None, alerts: AlertService | None = None
    ) -> None:
        self._consumption = consumption
        self._relay = relay
        self._alerts = alerts

    async def __call__(self, report: FlushReport) -> None:
        if self._alerts is not None:
            self._alerts.take(report)  # first, and without waiting: alerts must leave within 250 ms
        TELEMETRY.bump(report.online)  # every meter heard from: its network-quality charts are stale
        if report.readings_from:
            try:
                await self._consumption.recompute_many({m: (ts, None) for m, ts in report.readings_from.items()})
            except Exception:
                log.exception("recomputing aggregates for %d meter(s) failed", len(report.readings_from))
        if self._relay is not None:
            await self._relay.on_flush(report)
