"""meterbot's own watch over the fleet: silence means offline, and an offline alert until data returns."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.expressions import Q

from services.alerts import AlertService
from services.clock import Clock
from services.db.models import Meter, MeterEvent
from services.enums import EventClass, Severity

SILENCE_CODE = "silence"


class MonitoringService:
    def __init__(self, clock: Clock, silence: timedelta, alerts: AlertService | None = None) -> None:
        self._clock = clock
        self._silence = silence
        self._alerts = alerts

    async def mark_silent_meters_offline(self) -> int:
        """Meters with telemetry that said nothing for longer than the silence limit go offline,
        each with an event of class *other*; returns how many went offline now.

        With alerts, every silent meter (also one whose last will said "offline" already) gets an
        offline alert once per silence, and offline alerts of meters heard from again are cleared.
        """
        now = self._clock.now()
        cutoff = now - self._silence
        silent = await Meter.filter(
            Q(last_seen_at__lt=cutoff) & Q(has_telemetry=True) & (Q(online=True) | Q(online__isnull=True))
        ).values_list("id", flat=True)
        if silent:
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
        if self._alerts is not None:
            await self._alert(self._alerts, cutoff)
        return len(silent)

    async def _alert(self, alerts: AlertService, cutoff: datetime) -> None:
        quiet = await Meter.filter(last_seen_at__lt=cutoff, has_telemetry=True, online=False).values_list(
            "id", "last_seen_at"
        )
        await alerts.raise_offline({meter_id: seen for meter_id, seen in quiet}, self._silence)
        await alerts.clear_returned()
