"""The straightforward write path, for comparison only (never used by meterbot): every message stored
on its own with ORM calls, each its own transaction, as a handler that processes one message at a
time would do it. Idempotent like the real one: ``get_or_create`` keyed by (meter, ts).

It is a drop-in ``writer`` for :class:`services.ingest.IngestService`, so everything else (the
listener, batching into flushes, acknowledgements, the after-flush hook) stays the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from services.db.models import Reading, TelemetrySample
from services.ingest_model import Inbound, TelemetryIn
from services.ingest_store import FlushReport, MeterDirectory


def _phase(values: tuple[float, ...], index: int) -> float | None:
    return values[index] if index < len(values) else None


async def write_one_by_one(batch: Sequence[Inbound], directory: MeterDirectory, now: datetime) -> FlushReport:
    """Per telemetry message: one ORM call for the reading and one for the sample."""
    meters = await directory.resolve((item.protocol, item.serial) for item in batch if isinstance(item, TelemetryIn))
    readings_from: dict[int, datetime] = {}
    ingested = 0
    for item in batch:
        if not isinstance(item, TelemetryIn):
            continue
        meter_id = meters.get((item.protocol, item.serial))
        if meter_id is None:
            continue
        regs = item.registers
        await Reading.get_or_create(
            meter_id=meter_id,
            ts=item.ts,
            defaults={"t1": regs.get("t1"), "t2": regs.get("t2"), "total": sum(regs.values(), Decimal(0))},
        )
        v, c = item.voltage, item.current
        await TelemetrySample.get_or_create(
            meter_id=meter_id,
            ts=item.ts,
            defaults={
                "power_w": item.power_w,
                "voltage_a": _phase(v, 0),
                "voltage_b": _phase(v, 1),
                "voltage_c": _phase(v, 2),
                "current_a": _phase(c, 0),
                "current_b": _phase(c, 1),
                "current_c": _phase(c, 2),
                "frequency_hz": item.frequency_hz,
            },
        )
        readings_from[meter_id] = min(item.ts, readings_from.get(meter_id, item.ts))
        ingested += 1
    return FlushReport(readings_from=readings_from, online=dict.fromkeys(readings_from, True), ingested=ingested)
