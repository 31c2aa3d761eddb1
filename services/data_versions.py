"""Per-meter data versions: a counter that moves whenever a meter's stored data changes.

Whatever keeps a picture or a report of a meter's data (the chart cache) keys it on the meter's version
and so never serves it once new data has arrived, without asking the database. Two spaces:

* :data:`AGGREGATES`: bumped by :func:`services.aggregates.recompute` for every meter whose hourly or
  daily aggregates it rewrote (ingestion flushes, readings submitted by hand, recomputes from the admin
  side: every writer of aggregates goes through it).
* :data:`TELEMETRY`: bumped after each ingestion flush for every meter heard from in it (telemetry
  samples: voltage, current, frequency).

The counters live in the process, like the caches that read them: meterbot runs its bot, ingestion
and recomputes in one process (DESIGN.md). A bump costs a dict update; reading one, a dict lookup.
"""

from __future__ import annotations

from collections.abc import Iterable


class DataVersions:
    """A counter per meter; an unknown meter is at 0."""

    def __init__(self) -> None:
        self._versions: dict[int, int] = {}

    def bump(self, meter_ids: Iterable[int]) -> None:
        for meter_id in meter_ids:
            self._versions[meter_id] = self._versions.get(meter_id, 0) + 1

    def get(self, meter_id: int) -> int:
        return self._versions.get(meter_id, 0)


AGGREGATES = DataVersions()
"""Hourly and daily aggregates (consumption, end-of-day registers)."""
TELEMETRY = DataVersions()
"""Telemetry samples (network quality)."""
