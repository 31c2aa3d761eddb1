"""From the consumption service's points to what a chart draws and what its caption says. Pure functions.

Every chart has *slots*: the whole period (every hour of the day, every day of the month, every month of
the year, every 15 minutes of the day), so that the axis does not move as the period fills up. A slot is
*shown* when it is inside the data horizon: not in the future and not before the meter was installed.
Only shown slots are drawn, marked (estimated: hatched or hollow; missing: a red cross) and counted.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from services.chart_model import ChartFamily, ChartKind, ChartLabels, ChartSummary, ChartUnit
from services.chart_periods import Scale
from services.chart_render import Band, PlotData, PlotStyle, Series
from services.consumption import NetworkPoint, Point, RegisterPoint
from services.enums import Quality

ENERGY_COLORS = {"t1": "#F5A623", "t2": "#3B5B92", "t3": "#7FB800", "t4": "#8E5EA2", "total": "#3B7DD8"}
PHASE_COLORS = ("#E8A33D", "#2E8B57", "#C0392B")
"""Phases A, B, C in the colours of Russian wiring: yellow, green, red."""
FREQUENCY_COLOR = "#3B7DD8"
MAX_LABELS = 16
"""At most this many labels on the time axis (more cost time and overlap)."""
VOLTAGE_BAND = (207.0, 253.0, 230.0)
"""230 V ± 10 % (ГОСТ 32144-2013)."""
FREQUENCY_BAND = (49.8, 50.2, 50.0)
"""50 Hz ± 0.2 Hz."""
KWH = Decimal("0.001")
PERCENT = Decimal("0.1")
_NETWORK_DECIMALS = {ChartKind.NETWORK_VOLTAGE: 1, ChartKind.NETWORK_CURRENT: 2, ChartKind.NETWORK_FREQUENCY: 2}
_NETWORK_STEP = {ChartKind.NETWORK_VOLTAGE: Decimal("0.1")}


@dataclass(frozen=True, slots=True)
class Slots:
    labels: tuple[str, ...]
    shown: tuple[bool, ...]

    @property
    def step(self) -> int:
        return max(1, math.ceil(len(self.labels) / MAX_LABELS))


@dataclass(frozen=True, slots=True)
class Frame:
    """The words around the data: title, subtitle, and the labels to draw with."""

    kind: ChartKind
    title: str
    subtitle: str
    labels: ChartLabels


def marks(qualities: Sequence[Quality], shown: Sequence[bool]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The shown slots that are estimated, and those that are missing."""
    estimated = tuple(i for i, q in enumerate(qualities) if shown[i] and q is Quality.ESTIMATED)
    missing = tuple(i for i, q in enumerate(qualities) if shown[i] and q is Quality.MISSING)
    return estimated, missing


def tariff_fields(tariff_count: int) -> tuple[str, ...]:
    if tariff_count <= 1:
        return ("total",)
    return ("t1", "t2", "t3", "t4")[: min(tariff_count, 4)]


def tariff_label(field: str, tariff_count: int, labels: ChartLabels) -> str:
    if field == "total":
        return labels.total
    index = int(field[1]) - 1
    return labels.day_night[index] if tariff_count == 2 else labels.tariffs[index]


def _plot(frame: Frame, style: PlotStyle, slots: Slots, series: tuple[Series, ...], **extra: Any) -> PlotData:
    labels = frame.labels
    return PlotData(
        style=style,
        title=frame.title,
        subtitle=frame.subtitle,
        unit=labels.unit(frame.kind.unit),
        locale=labels.locale,
        x_labels=slots.labels,
        label_step=extra.pop("label_step", slots.step),
        series=series,
        estimated_label=labels.estimated,
        missing_label=labels.missing,
        no_data_label=labels.no_data,
        **extra,
    )


# --- Consumption ------------------------------------------------------------------------------------------


def energy_plot(frame: Frame, slots: Slots, points: Sequence[Point[Any]], tariff_count: int) -> PlotData:
    """Stacked bars per tariff (the total for a single-rate meter)."""
    series = tuple(
        Series(
            tariff_label(field, tariff_count, frame.labels),
            ENERGY_COLORS[field],
            tuple(
                float(getattr(p, field)) if shown and p.quality is not Quality.MISSING else None
                for p, shown in zip(points, slots.shown, strict=True)
            ),
        )
        for field in tariff_fields(tariff_count)
    )
    estimated, missing = marks([p.quality for p in points], slots.shown)
    return _plot(frame, PlotStyle.BARS, slots, series, estimated=estimated, missing=missing, decimals=2)


def energy_summary(
    points: Sequence[Point[Any]], shown: Sequence[bool], last_year: Sequence[Point[Any]] | None
) -> ChartSummary:
    """Total, average per slot with data, the peak, and the same slots a year before."""
    with_data = [p for p, s in zip(points, shown, strict=True) if s and p.quality is not Quality.MISSING]
    estimated, missing = marks([p.quality for p in points], shown)
    if not with_data:
        return ChartSummary(ChartUnit.KWH, shown=sum(shown), missing=len(missing))
    total = sum((p.total for p in with_data), Decimal(0))
    peak = max(with_data, key=lambda p: p.total)
    last_total = _last_year_total(last_year, shown)
    return ChartSummary(
        ChartUnit.KWH,
        total=total,
        average=(total / len(with_data)).quantize(KWH),
        peak=peak.total,
        peak_at=peak.at,
        last_year_total=last_total,
        change_percent=change_percent(total, last_total),
        shown=sum(shown),
        estimated=len(estimated),
        missing=len(missing),
    )


def _last_year_total(points: Sequence[Point[Any]] | None, shown: Sequence[bool]) -> Decimal | None:
    """The sum of the slots a year before that match the shown ones (by position); None without data."""
    if points is None:
        return None
    matching = [p for p, s in zip(points, shown, strict=False) if s and p.quality is not Quality.MISSING]
    if not matching:
        return None
    return sum((p.total for p in matching), Decimal(0))


def change_percent(total: Decimal, last_year: Decimal | None) -> Decimal | None:
    if last_year is None or last_year <= 0:
        return None
    return ((total - last_year) * 100 / last_year).quantize(PERCENT)


# --- Readings ------------------------------------------------------------------------------------------------


def register_plot(frame: Frame, slots: Slots, points: Sequence[RegisterPoint], tariff_count: int) -> PlotData:
    """A line per tariff register (the total register for a single-rate meter)."""
    fields = ("t1", "t2") if tariff_count >= 2 else ("total",)
    series = tuple(
        Series(
            tariff_label(field, min(tariff_count, 2), frame.labels),
            ENERGY_COLORS[field],
            tuple(_float(getattr(p, field)) if shown else None for p, shown in zip(points, slots.shown, strict=True)),
        )
        for field in fields
    )
    estimated, missing = marks([p.quality for p in points], slots.shown)
    return _plot(frame, PlotStyle.LINES, slots, series, estimated=estimated, missing=missing, decimals=1)


def latest_registers(points: Sequence[RegisterPoint], shown: Sequence[bool]) -> RegisterPoint | None:
    found = [p for p, s in zip(points, shown, strict=True) if s and p.total is not None]
    return found[-1] if found else None


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# --- Network quality ---------------------------------------------------------------------------------------


def network_values(kind: ChartKind, phases: int) -> tuple[Callable[[NetworkPoint], float | None], ...]:
    """What to read from each bucket: a phase's voltage or current (per phase), or the frequency."""
    if kind is ChartKind.NETWORK_FREQUENCY:
        return (lambda p: p.frequency_hz,)
    count = 3 if phases >= 3 else 1
    if kind is ChartKind.NETWORK_VOLTAGE:
        return (lambda p: p.voltage_a, lambda p: p.voltage_b, lambda p: p.voltage_c)[:count]
    return (lambda p: p.current_a, lambda p: p.current_b, lambda p: p.current_c)[:count]


def band_of(kind: ChartKind, labels: ChartLabels) -> Band | None:
    if kind is ChartKind.NETWORK_VOLTAGE:
        return Band(*VOLTAGE_BAND, labels.voltage_band)
    if kind is ChartKind.NETWORK_FREQUENCY:
        return Band(*FREQUENCY_BAND, labels.frequency_band)
    return None


def network_plot(frame: Frame, slots: Slots, points: Sequence[NetworkPoint | None], phases: int) -> PlotData:
    """A line per phase (or the frequency), the normal band shaded. ``points`` has one entry per slot
    (None past the last bucket the service answered)."""
    readers = network_values(frame.kind, phases)
    names = (frame.labels.frequency,) if frame.kind is ChartKind.NETWORK_FREQUENCY else frame.labels.phases
    colors = (FREQUENCY_COLOR,) if frame.kind is ChartKind.NETWORK_FREQUENCY else PHASE_COLORS
    series = tuple(Series(names[i], colors[i], tuple(_read(p, read) for p in points)) for i, read in enumerate(readers))
    missing = tuple(i for i, p in enumerate(points) if slots.shown[i] and p is not None and p.missing)
    step = max(1, len(points) // 12)
    return _plot(
        frame,
        PlotStyle.LINES,
        slots,
        series,
        estimated=(),
        missing=missing,
        band=band_of(frame.kind, frame.labels),
        decimals=_NETWORK_DECIMALS[frame.kind],
        label_step=step,
    )


def _read(point: NetworkPoint | None, read: Callable[[NetworkPoint], float | None]) -> float | None:
    return None if point is None else read(point)


def network_summary(kind: ChartKind, points: Sequence[NetworkPoint | None], phases: int) -> ChartSummary:
    """Average over every phase and bucket, the highest and lowest bucket value with its time, and how
    many buckets had a value outside the normal band."""
    readers = network_values(kind, phases)
    band = {ChartKind.NETWORK_VOLTAGE: VOLTAGE_BAND, ChartKind.NETWORK_FREQUENCY: FREQUENCY_BAND}.get(kind)
    values: list[tuple[float, datetime]] = []
    outside = missing = shown = 0
    for point in points:
        if point is None:
            continue
        shown += 1
        if point.missing:
            missing += 1
            continue
        found = [(v, point.start) for read in readers if (v := read(point)) is not None]
        values.extend(found)
        if band is not None and any(not band[0] <= v <= band[1] for v, _ in found):
            outside += 1
    unit = kind.unit
    if not values:
        return ChartSummary(unit, shown=shown, missing=missing)
    step = _NETWORK_STEP.get(kind, Decimal("0.01"))
    high = max(values, key=lambda item: item[0])
    low = min(values, key=lambda item: item[0])
    return ChartSummary(
        unit,
        average=_decimal(sum(v for v, _ in values) / len(values), step),
        peak=_decimal(high[0], step),
        peak_at=high[1],
        low=_decimal(low[0], step),
        low_at=low[1],
        shown=shown,
        missing=missing,
        outside_band=outside,
    )


def _decimal(value: float, step: Decimal) -> Decimal:
    return Decimal(repr(value)).quantize(step)


def x_label(at: date | datetime, kind: ChartKind, labels: ChartLabels) -> str:
    """The axis label of a slot: the hour, the day of the month, the month, or the time of a bucket."""
    if isinstance(at, datetime):
        return f"{at:%H:%M}" if kind.family is ChartFamily.NETWORK else f"{at:%H}"
    if kind.scale is Scale.YEAR:
        return labels.months_short[at.month - 1]
    return str(at.day)
