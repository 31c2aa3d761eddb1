"""Chart data for tests: aggregates and telemetry as ConsumptionService and ingestion would store them."""

from __future__ import annotations

import struct
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from services.chart_render import PlotData, ThreadRenderer
from services.db.models import DailyAggregate, HourlyAggregate, Meter, TelemetrySample
from services.enums import Quality

D = Decimal
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class CountingRenderer(ThreadRenderer):
    def __init__(self) -> None:
        self.drawn: list[PlotData] = []

    async def render(self, plot: PlotData) -> bytes:
        self.drawn.append(plot)
        return await super().render(plot)


def _day_values(day: int) -> tuple[str, str, Quality]:
    """November 2026: 3 + 1 kWh a day, 8 + 2 on the 12th, the 10th and today (23rd) estimated, no 15th."""
    t1, t2 = ("8", "2") if day == 12 else ("3", "1")
    return t1, t2, Quality.ESTIMATED if day in (10, 23) else Quality.MEASURED


async def seed_days(meter: Meter) -> None:
    rows = []
    for day in range(1, 24):
        if day == 15:
            continue
        t1, t2, quality = _day_values(day)
        end = D(1000) + day * 4
        rows.append(
            DailyAggregate(
                meter=meter,
                day=date(2026, 11, day),
                t1=D(t1),
                t2=D(t2),
                total=D(t1) + D(t2),
                quality=quality,
                end_t1=end * 3 / 4,
                end_t2=end / 4,
                end_total=end,
            )
        )
    for day in range(1, 31):  # a year before: 1.5 + 0.5 kWh every day
        rows.append(
            DailyAggregate(meter=meter, day=date(2025, 11, day), t1=D("1.5"), t2=D("0.5"), total=D(2), end_total=D(500))
        )
    await DailyAggregate.bulk_create(rows)


async def seed_hours(meter: Meter) -> None:
    """12.11.2026 (Moscow): 0.5 kWh an hour, 2 kWh at 19:00, 03:00 missing, 04:00 estimated."""
    start = datetime(2026, 11, 11, 21, tzinfo=UTC)  # 00:00 in Moscow
    rows = []
    for hour in range(24):
        if hour == 3:
            continue
        total = D(2) if hour == 19 else D("0.5")
        rows.append(
            HourlyAggregate(
                meter=meter,
                hour=start + timedelta(hours=hour),
                t1=total,
                t2=D(0),
                total=total,
                quality=Quality.ESTIMATED if hour == 4 else Quality.MEASURED,
            )
        )
    await HourlyAggregate.bulk_create(rows)


async def seed_network(meter: Meter) -> None:
    """22.11.2026 (Moscow): samples every 5 minutes, three phases at 228/230/232 V, 50 Hz; nothing from
    02:00 to 03:00; 262 V on phase A from 18:00 to 18:15."""
    start = datetime(2026, 11, 21, 21, tzinfo=UTC)
    rows = []
    for step in range(24 * 12):
        at = start + timedelta(minutes=5 * step)
        local_hour = (at + timedelta(hours=3)).hour
        if local_hour == 2:
            continue
        high = local_hour == 18 and at.minute < 15
        rows.append(
            TelemetrySample(
                meter=meter,
                ts=at,
                voltage_a=262.0 if high else 228.0,
                voltage_b=230.0,
                voltage_c=232.0,
                current_a=5.0,
                current_b=4.0,
                current_c=3.0,
                frequency_hz=50.0,
            )
        )
    await TelemetrySample.bulk_create(rows)


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", png[16:24])
    return width, height
