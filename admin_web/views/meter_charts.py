"""Charts of a meter for staff: the seeds' reports with a period picker, and the pictures as PNG.

``/sites/{site}/meters/{meter}/charts?kind=…&period=…`` is the page (report tabs, day / month / year,
the period before and after, a date field, the numbers under the picture);
``…/chart.png?kind=…&period=…`` is the picture. ``period`` is written as the report's scale reads it:
``2026-11-23`` for a day (by hour, network quality), ``2026-11`` for a month (by day), ``2026`` for a year
(by month); without it, the current one. Months and years are calendar ones. A kind or period that does
not parse (or does not fit the kind's scale) is a 400.

Anyone with a role at the site sees them (readers too: nothing here changes anything); staff of other
sites get the audited 403 of every site page, and a meter of another site under this site's path a 404.
The pictures come from ``ChartService.render_for_staff``: the residents' cache and data versions, so the
page's own request draws the picture and the ``<img>`` gets it from the cache.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from babel.dates import format_date, format_datetime, get_month_names
from babel.numbers import format_decimal

from admin_web import access, params
from admin_web.i18n import N_, request_language, translations_for
from admin_web.pages import render
from admin_web.views.registry import site_of
from services.charts import (
    ChartFamily,
    ChartKind,
    ChartLabels,
    ChartResult,
    ChartService,
    ChartUnit,
    PeriodMode,
    Scale,
    StaffChartRequest,
    kind_of,
)
from services.errors import NotFound

routes = web.RouteTableDef()

CACHE_CONTROL = "private, max-age=60"
"""Staff pictures are per session; a current period changes as data arrive, so a minute at most."""
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
SCALES: dict[Scale, str] = {Scale.DAY: N_("Day"), Scale.MONTH: N_("Month"), Scale.YEAR: N_("Year")}
PERIODS = (N_("last 30 days"), N_("calendar month"), N_("billing period"))
_PATTERNS = {
    Scale.DAY: re.compile(r"(\d{4})-(\d{2})-(\d{2})"),
    Scale.MONTH: re.compile(r"(\d{4})-(\d{2})"),
    Scale.YEAR: re.compile(r"(\d{4})"),
}
FIRST_YEAR = 2000


class BadQuery(ValueError):
    """A kind or period that does not parse: 400."""


@dataclass(frozen=True, slots=True)
class Wanted:
    kind: ChartKind
    anchor: date | None


@cache
def web_chart_labels(language: str) -> ChartLabels:
    """Everything drawn on a chart, from the ``web`` catalog and CLDR month names (once per language)."""
    gettext = translations_for(language).gettext
    return ChartLabels(
        locale=language,
        titles=tuple(gettext(TITLES[kind]) for kind in ChartKind),
        units=(gettext("kWh"), gettext("V (volt)"), gettext("A (ampere)"), gettext("Hz (hertz)")),
        periods=tuple(gettext(text) for text in PERIODS),
        billing_year=gettext("billing periods"),
        months=tuple(get_month_names("wide", "stand-alone", locale=language).values()),
        months_short=tuple(get_month_names("abbreviated", "stand-alone", locale=language).values()),
        day_night=(gettext("T1 (day)"), gettext("T2 (night)")),
        tariffs=(gettext("T1"), gettext("T2"), gettext("T3"), gettext("T4")),
        total=gettext("Total"),
        phases=(gettext("Phase A"), gettext("Phase B"), gettext("Phase C")),
        frequency=gettext("Frequency"),
        estimated=gettext("estimated values"),
        missing=gettext("no data"),
        no_data=gettext("No data for this period"),
        voltage_band=gettext("normal: 230 V ± 10 %"),
        frequency_band=gettext("normal: 50 Hz ± 0.2 Hz"),
    )


def parse_query(query: Any) -> Wanted:
    """``kind`` (default: consumption by day) and ``period`` in the kind's scale (default: the current)."""
    raw_kind = str(query.get("kind", ChartKind.CONSUMPTION_DAILY.value))
    try:
        kind = ChartKind(raw_kind)
    except ValueError:
        raise BadQuery(f"kind {raw_kind[:40]!r}") from None
    raw = query.get("period")
    if raw is None or raw == "":
        return Wanted(kind, None)
    found = _PATTERNS[kind.scale].fullmatch(str(raw))
    if found is None:
        raise BadQuery(f"period {str(raw)[:40]!r} for {kind.value}")
    parts = [int(part) for part in found.groups()] + [1, 1][: 3 - len(found.groups())]
    try:
        anchor = date(*parts)
    except ValueError:
        raise BadQuery(f"period {raw!r}") from None
    if anchor.year < FIRST_YEAR:
        raise BadQuery(f"period {raw!r}")
    return Wanted(kind, anchor)


def period_text(scale: Scale, day: date) -> str:
    """A day as the ``period`` parameter of ``scale`` writes it."""
    if scale is Scale.DAY:
        return day.isoformat()
    if scale is Scale.MONTH:
        return f"{day:%Y-%m}"
    return f"{day:%Y}"


def link(kind: ChartKind, day: date | None) -> str:
    query = f"kind={kind.value}"
    return query if day is None else f"{query}&period={period_text(kind.scale, day)}"


async def _draw(request: web.Request, charts: ChartService, site_id: int, wanted: Wanted) -> ChartResult:
    meter_id = access.int_param(request, "meter_id")
    labels = web_chart_labels(await request_language(request))
    chart = StaffChartRequest(meter_id, wanted.kind, wanted.anchor, PeriodMode.CALENDAR, site_id=site_id)
    try:
        return await charts.render_for_staff(chart, labels)
    except NotFound:
        raise web.HTTPNotFound() from None


def _wanted(request: web.Request) -> Wanted:
    try:
        return parse_query(request.query)
    except BadQuery:
        raise web.HTTPBadRequest(text="bad kind or period") from None


@routes.get("/sites/{site_id}/meters/{meter_id}/chart.png", name="meter_chart_png")
async def chart_png(request: web.Request) -> web.StreamResponse:
    _, site_id = await access.require_site(request, access.ALL)
    wanted = _wanted(request)
    charts = params.services(request).charts
    if charts is None:
        raise web.HTTPNotFound()
    result = await _draw(request, charts, site_id, wanted)
    etag = hashlib.blake2b(result.png, digest_size=16).hexdigest()
    headers = {"Cache-Control": CACHE_CONTROL}
    if request.if_none_match and any(tag.value == etag for tag in request.if_none_match):
        response = web.Response(status=304, headers=headers)
    else:
        response = web.Response(body=result.png, content_type="image/png", headers=headers)
    response.etag = etag
    return response


@routes.get("/sites/{site_id}/meters/{meter_id}/charts", name="meter_charts")
async def charts_page(request: web.Request) -> web.StreamResponse:
    _, site_id = await access.require_site(request, access.ALL)
    site = await site_of(request, site_id)
    wanted = _wanted(request)
    meter_id = access.int_param(request, "meter_id")
    charts = params.services(request).charts
    context: dict[str, Any] = {"site": site, "meter_id": meter_id, "kind": wanted.kind, "chart": None}
    if charts is not None:
        result = await _draw(request, charts, site_id, wanted)
        context.update(picker(result))
        context["rows"] = summary_rows(result, await request_language(request))
    return await render(request, "meter_charts.html", context)


def picker(result: ChartResult) -> dict[str, Any]:
    """Links of the page: the reports, the scales of this report's family, before / after, the picture."""
    view, meter = result.view, result.meter
    kinds = [kind for kind in ChartKind if meter.has_telemetry or kind.family is not ChartFamily.NETWORK]
    latest = min(view.end, view.today)  # another report opens on the latest part of this period
    scales = [
        (scale, SCALES[scale], link(other, latest), other is view.kind)
        for scale in Scale
        if (other := kind_of(view.kind.family, scale)) is not None and view.kind.family is not ChartFamily.NETWORK
    ]
    return {
        "chart": result,
        "meter": meter,
        "kinds": [(kind, TITLES[kind], link(kind, latest)) for kind in kinds],
        "scales": scales,
        "previous": link(view.kind, view.previous) if view.previous else None,
        "next": link(view.kind, view.next) if view.next else None,
        "image": link(view.kind, view.anchor),
        "period_value": period_text(view.kind.scale, view.anchor),
        "period_input": {Scale.DAY: "date", Scale.MONTH: "month", Scale.YEAR: "number"}[view.kind.scale],
    }


def summary_rows(result: ChartResult, language: str) -> list[tuple[str, str]]:
    """The numbers under the picture: (a message id to translate, the value as the language writes it)."""
    summary, kind = result.summary, result.view.kind
    unit = web_chart_labels(language).unit(summary.unit)
    decimals = 1 if summary.unit is ChartUnit.VOLT else (2 if summary.unit is not ChartUnit.KWH else 3)

    def value(number: Decimal | None) -> str:
        if number is None:
            return "—"
        return format_decimal(number, "#,##0." + "#" * decimals, locale=language) + "\u00a0" + unit

    def when(at: date | datetime | None) -> str:
        if isinstance(at, datetime):
            return format_datetime(at, "dd.MM.yyyy HH:mm", tzinfo=ZoneInfo(result.meter.timezone), locale=language)
        if at is None:
            return ""
        if kind.scale is Scale.YEAR:
            return format_date(at, "LLLL yyyy", locale=language)
        return format_date(at, "dd.MM.yyyy", locale=language)

    rows: list[tuple[str, str]] = []
    if summary.registers is not None:
        rows.append((N_("Latest readings"), f"{value(summary.registers.total)} ({when(summary.registers.at)})"))
    if kind.family is ChartFamily.NETWORK:
        rows += [
            (N_("Average"), value(summary.average)),
            (N_("Highest"), f"{value(summary.peak)} ({when(summary.peak_at)})" if summary.peak is not None else "—"),
            (N_("Lowest"), f"{value(summary.low)} ({when(summary.low_at)})" if summary.low is not None else "—"),
        ]
        if summary.unit is not ChartUnit.AMPERE:
            rows.append((N_("Quarter-hours outside the normal range"), f"{summary.outside_band} / {summary.shown}"))
    else:
        rows += [(N_("Total"), value(summary.total)), (N_("Average"), value(summary.average))]
        if summary.peak is not None:
            rows.append((N_("Peak"), f"{value(summary.peak)} ({when(summary.peak_at)})"))
        if summary.last_year_total is not None:
            change = "" if summary.change_percent is None else f" ({summary.change_percent:+}\u00a0%)"
            rows.append((N_("Same period last year"), value(summary.last_year_total) + change))
    rows.append((N_("Estimated points"), str(summary.estimated)))
    rows.append((N_("Points without data"), str(summary.missing)))
    return rows
