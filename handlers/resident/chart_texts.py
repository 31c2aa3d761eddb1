"""The words of a chart: the labels drawn on the picture, and the caption under it.

The chart service never produces text: it takes :class:`ChartLabels` (built here once per language from
the catalog and CLDR month names) and gives numbers, which the caption formats the way a Russian reader
expects ("123,4 кВт·ч", "+12,3 %", "23.11.2026").
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext
from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_time, get_month_names
from babel.numbers import format_percent

import locales
from handlers.formatting import format_date, format_kwh, format_number, kwh_unit
from handlers.i18n import DOMAIN, N_
from handlers.resident import meter_texts as texts
from services.charts import ChartFamily, ChartKind, ChartLabels, ChartResult, ChartSummary, ChartUnit, PeriodMode, Scale

TITLES: dict[ChartKind, str] = {
    ChartKind.CONSUMPTION_HOURLY: N_("Consumption by hour"),
    ChartKind.CONSUMPTION_DAILY: N_("Consumption by day"),
    ChartKind.CONSUMPTION_MONTHLY: N_("Consumption by month"),
    ChartKind.READINGS_DAILY: N_("Readings by day"),
    ChartKind.READINGS_MONTHLY: N_("Readings by month"),
    ChartKind.NETWORK_VOLTAGE: N_("Voltage"),
    ChartKind.NETWORK_CURRENT: N_("Electric current"),
    ChartKind.NETWORK_FREQUENCY: N_("Frequency"),
}
PERIODS: dict[PeriodMode, str] = {
    PeriodMode.ROLLING: N_("last 30 days"),
    PeriodMode.CALENDAR: N_("calendar month"),
    PeriodMode.BILLING: N_("billing period"),
}
BILLING_YEAR = N_("billing periods")
TOTAL = N_("Total")
DAY_NIGHT = (N_("T1 (day)"), N_("T2 (night)"))
TARIFFS = (N_("T1"), N_("T2"), N_("T3"), N_("T4"))
PHASES = (N_("Phase A"), N_("Phase B"), N_("Phase C"))
FREQUENCY = N_("Frequency")
MISSING = N_("no data")
ESTIMATED = N_("estimated values")
UNITS = (N_("V (volt)"), N_("A (ampere)"), N_("Hz (hertz)"))
NO_DATA = N_("No data for this period")
VOLTAGE_BAND = N_("normal: 230 V ± 10 %")
FREQUENCY_BAND = N_("normal: 50 Hz ± 0.2 Hz")
ESTIMATED_MARK = "▨"
MISSING_MARK = "✕"


@cache
def chart_labels(locale: str) -> ChartLabels:
    """Everything drawn on a chart in ``locale`` (built once per language)."""
    catalog = locales.translations(locale, DOMAIN)
    t = catalog.gettext
    return ChartLabels(
        locale=locale,
        titles=tuple(t(TITLES[kind]) for kind in ChartKind),
        units=(
            kwh_unit(locale),
            t(UNITS[0]),
            t(UNITS[1]),
            t(UNITS[2]),
        ),
        periods=tuple(t(PERIODS[mode]) for mode in PeriodMode),
        billing_year=t(BILLING_YEAR),
        months=tuple(get_month_names("wide", "stand-alone", locale=locale).values()),
        months_short=tuple(get_month_names("abbreviated", "stand-alone", locale=locale).values()),
        day_night=(t(DAY_NIGHT[0]), t(DAY_NIGHT[1])),
        tariffs=(t(TARIFFS[0]), t(TARIFFS[1]), t(TARIFFS[2]), t(TARIFFS[3])),
        total=t(TOTAL),
        phases=(t(PHASES[0]), t(PHASES[1]), t(PHASES[2])),
        frequency=t(FREQUENCY),
        estimated=t(ESTIMATED),
        missing=t(MISSING),
        no_data=t(NO_DATA),
        voltage_band=t(VOLTAGE_BAND),
        frequency_band=t(FREQUENCY_BAND),
    )


# --- The caption ----------------------------------------------------------------------------------------


def caption(result: ChartResult, locale: str) -> str:
    """Title, meter, period, and the numbers: total / average / peak / last year, or the network's."""
    view, summary = result.view, result.summary
    lines = [
        "📊 <b>" + _(TITLES[view.kind]) + "</b>",
        texts.meter_title(result.meter),
        result.plot.subtitle,
        "",
    ]
    if summary.unit is ChartUnit.KWH:
        lines += _energy_lines(result, locale)
    else:
        lines += _network_lines(result, locale)
    marks = _marks_line(summary, view.kind)
    if marks:
        lines.append(marks)
    if view.drill:
        hint = (
            _("Tap a day to see it by hour.") if view.kind.scale is Scale.MONTH else _("Tap a month to see it by day.")
        )
        lines.append(hint)
    return "\n".join(lines).strip()


def _energy_lines(result: ChartResult, locale: str) -> list[str]:
    summary, kind = result.summary, result.view.kind
    lines: list[str] = []
    if summary.registers is not None:
        lines += _register_lines(result, locale)
    if summary.total is None:
        lines.append(_("No consumption data for this period."))
        return lines
    lines.append(_("Total: {value}").format(value="<b>" + format_kwh(summary.total, locale) + "</b>"))
    if summary.average is not None:
        lines.append(_average_text(kind, format_kwh(summary.average, locale)))
    if summary.peak is not None and summary.peak_at is not None:
        lines.append(
            _("Peak: {value} ({when})").format(
                value=format_kwh(summary.peak, locale), when=_moment(summary.peak_at, result, locale)
            )
        )
    if summary.last_year_total is not None:
        last = format_kwh(summary.last_year_total, locale)
        if summary.change_percent is None:
            lines.append(_("Same period last year: {last}").format(last=last))
        else:
            change = percent_text(summary.change_percent, locale)
            lines.append(_("Compared with last year: {change} ({last})").format(change=change, last=last))
    return lines


def _average_text(kind: ChartKind, value: str) -> str:
    if kind.scale is Scale.DAY:
        return _("Average: {value} per hour").format(value=value)
    if kind.scale is Scale.MONTH:
        return _("Average: {value} per day").format(value=value)
    return _("Average: {value} per month").format(value=value)


def _register_lines(result: ChartResult, locale: str) -> list[str]:
    registers = result.summary.registers
    assert registers is not None
    tariff_count = result.meter.tariff_count
    values: list[str] = []
    if tariff_count >= 2:
        for tariff, value in (("t1", registers.t1), ("t2", registers.t2)):
            if value is not None:
                values.append(f"{texts.tariff_name(tariff, 2)}: {format_kwh(value, locale)}")
    if registers.total is not None:
        name = _(TOTAL) if tariff_count >= 2 else texts.tariff_name("t1", 1)
        values.append(f"{name}: <b>{format_kwh(registers.total, locale)}</b>")
    when = _moment(registers.at, result, locale, month_end=True)
    return [_("Readings at {when}:").format(when=when), *values, ""]


def _network_lines(result: ChartResult, locale: str) -> list[str]:
    summary = result.summary
    unit = chart_labels(locale).unit(summary.unit)
    decimals = 1 if summary.unit is ChartUnit.VOLT else 2

    def value(number: Decimal) -> str:
        return f"{format_number(number, locale, decimals=decimals)}\u00a0{unit}"

    if summary.average is None:
        return [_("No measurements for this day.")]
    lines = [_("Average: {value}").format(value="<b>" + value(summary.average) + "</b>")]
    if summary.peak is not None and summary.peak_at is not None:
        when = _moment(summary.peak_at, result, locale)
        lines.append(_("Highest: {value} at {time}").format(value=value(summary.peak), time=when))
    if summary.low is not None and summary.low_at is not None:
        when = _moment(summary.low_at, result, locale)
        lines.append(_("Lowest: {value} at {time}").format(value=value(summary.low), time=when))
    if summary.unit is not ChartUnit.AMPERE:
        outside = summary.outside_band
        lines.append(
            ngettext(
                "Outside the normal range: {n} of {shown} quarter-hours",
                "Outside the normal range: {n} of {shown} quarter-hours",
                summary.shown,
            ).format(n=outside, shown=summary.shown)
        )
    return lines


def _marks_line(summary: ChartSummary, kind: ChartKind) -> str:
    parts = []
    if summary.estimated:
        parts.append(f"{ESTIMATED_MARK} " + _("estimated: {n}").format(n=_count(summary.estimated, kind)))
    if summary.missing:
        parts.append(f"{MISSING_MARK} " + _("no data: {n}").format(n=_count(summary.missing, kind)))
    return " · ".join(parts)


def _count(n: int, kind: ChartKind) -> str:
    if kind.scale is Scale.YEAR:
        return ngettext("{n} month", "{n} months", n).format(n=n)
    if kind.scale is Scale.MONTH:
        return ngettext("{n} day", "{n} days", n).format(n=n)
    if kind.family is ChartFamily.NETWORK:
        return ngettext("{n} quarter-hour", "{n} quarter-hours", n).format(n=n)
    return ngettext("{n} hour", "{n} hours", n).format(n=n)


def _moment(at: date | datetime, result: ChartResult, locale: str, *, month_end: bool = False) -> str:
    """An hour ("14:00"), a day ("15.11.2026") or a month ("ноябрь 2026") of the chart."""
    if isinstance(at, datetime):
        return format_time(at, "HH:mm", tzinfo=ZoneInfo(result.meter.timezone), locale=locale)
    if result.view.kind.scale is Scale.YEAR:
        if month_end:
            return _("the end of {month}").format(month=babel_format_date(at, "MMMM yyyy", locale=locale))
        return babel_format_date(at, "LLLL yyyy", locale=locale)
    return format_date(at, locale)


@cache
def _percent_pattern(locale: str) -> str:
    """The locale's percent pattern with one optional decimal: "#,##0,#\u00a0%" in Russian."""
    pattern = str(Locale.parse(locale).percent_formats[None].pattern)
    return pattern.replace("0%", "0.#%").replace("0\u00a0%", "0.#\u00a0%")


def percent_text(value: Decimal, locale: str) -> str:
    """ "+12,3 %" / "−5 %" (a sign always)."""
    text = format_percent(abs(value) / 100, _percent_pattern(locale), locale=locale)
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return sign + text
