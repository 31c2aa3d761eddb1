"""meterbot's own watch over the fleet: silence means offline."""

from __future__ import annotations

from datetime import timedelta

from tortoise.expressions import Q

from services.clock import Clock
from services.db.models import Meter, MeterEvent
from services.enums import EventClass, Severity

SILENCE_CODE = "silence"


class MonitoringService:
    def __init__(self, clock: Clock, silence: timedelta) -> None:
        self._clock = clock
        self._silence = silence

    async def mark_silent_meters_offline(self) -> int:
        """Meters with telemetry that said nothing for longer than the silence limit go offline,
        each with an event of class *other*; returns how many went offline now."""
        now = self._clock.now()
        cutoff = now - self._silence
        silent = await Meter.filter(
            Q(last_seen_at__lt=cutoff) & Q(has_telemetry=True) & (Q(online=True) | Q(online__isnull=True))
        ).values_list("id", flat=True)
        if not silent:
            return 0
        await Meter.filter(id__in=list(silent)).update(online=False)
        await MeterEvent.bulk_create(
            [
                MeterEvent(
                    meter_id=meter_id,
                    ts=now,
                    code=SILENCE_CODE,
                    event_class=EventClass.OTHER,
                    severity=Severity.WARNING,
                    from_monitoring=True,
                )
                for meter_id in silent
            ],
            ignore_conflicts=True,
        )
        return len(silent)
