"""Reports (the seeds' «Отчеты»): pick the report, the month or the period, the plot, CSV or XLSX.

Every role at the site may download reports (readers included): ordering one changes nothing, so it is a
GET. A short report answers with the file; a long one (``ReportService.background_rows``) runs as a job
of the user and redirects to its page, which shows the progress (it reloads itself; the JSON status is at
``…/status``) and the download link when the file is ready. Bad input answers 400 with the form and a
clear message.
"""

from __future__ import annotations

import gettext
import re
from datetime import date, timedelta
from enum import Enum

from aiohttp import web

from admin_web import access, params
from admin_web.i18n import N_, request_language, translations_for
from admin_web.labels import EVENT_CLASS, KIND, SEVERITY
from admin_web.pages import render
from services.enums import EventClass, MeterKind, Quality, RelayAction, RestrictionReason, RestrictionState, Severity
from services.errors import InvalidInput, NotFound, Throttled
from services.report_jobs import JobState, JobStatus
from services.report_model import Granularity, ReportFile, ReportFormat, ReportKind, ReportRequest, month_bounds
from services.reports import ReportTexts
from services.restriction_model import Completion

routes = web.RouteTableDef()

REPORTS: dict[str, str] = {
    ReportKind.READINGS: N_("Monthly readings per meter"),
    ReportKind.PLOTS: N_("Consumption per plot"),
    ReportKind.IMBALANCE: N_("Imbalance of the site"),
    ReportKind.RESTRICTIONS: N_("Journal of restriction operations"),
    ReportKind.VERIFICATION: N_("Meters due for verification"),
    ReportKind.EVENTS: N_("Event journal"),
}
GRANULARITY: dict[str, str] = {Granularity.DAY: N_("by day"), Granularity.MONTH: N_("by month")}
COLUMN_TITLES: dict[str, str] = {
    "plot": N_("Plot"),
    "account": N_("Personal account"),
    "serial": N_("Meter serial number"),
    "model": N_("Model"),
    "meter_kind": N_("Meter kind"),
    "start_t1": N_("T1 at the start of the month, kWh"),
    "start_t2": N_("T2 at the start of the month, kWh"),
    "start_total": N_("Total at the start of the month, kWh"),
    "end_t1": N_("T1 at the end of the month, kWh"),
    "end_t2": N_("T2 at the end of the month, kWh"),
    "end_total": N_("Total at the end of the month, kWh"),
    "use_t1": N_("Consumption T1, kWh"),
    "use_t2": N_("Consumption T2, kWh"),
    "use_total": N_("Consumption total, kWh"),
    "reading_date": N_("Reading date"),
    "quality": N_("Data quality"),
    "address": N_("Address"),
    "meters": N_("Number of meters"),
    "missing_meter_days": N_("Meter-days without data"),
    "number": N_("No."),
    "action": N_("Operation"),
    "reason": N_("Reason"),
    "debt": N_("Debt, RUB"),
    "notice_on": N_("Notice date"),
    "control_on": N_("Control date"),
    "executed_at": N_("Actual date"),
    "state": N_("State"),
    "completion": N_("Completion"),
    "lifted_on": N_("Restriction lifted on"),
    "operator": N_("Performed by"),
    "place": N_("Installation place"),
    "verified_on": N_("Last verification"),
    "next_verification_on": N_("Next verification"),
    "ts": N_("Date and time"),
    "event_class": N_("Event class"),
    "severity": N_("Event severity"),
    "code": N_("Event code"),
    "text": N_("Event text"),
    "from_monitoring": N_("From monitoring"),
    "day": N_("Day"),
    "month": N_("Month"),
    "main": N_("Main meters, kWh"),
    "individual": N_("Individual meters, kWh"),
    "difference": N_("Imbalance, kWh"),
    "percent": N_("Imbalance, %"),
    "without_data": N_("Individual meters without data"),
}
VALUE_LABELS: dict[type[Enum], dict[str, str]] = {
    Quality: {Quality.MEASURED: N_("measured"), Quality.ESTIMATED: N_("estimated"), Quality.MISSING: N_("no data")},
    RelayAction: {RelayAction.OFF: N_("restriction"), RelayAction.ON: N_("restoring power")},
    RestrictionReason: {
        RestrictionReason.DEBT: N_("debt"),
        RestrictionReason.REPAIR: N_("repair works"),
        RestrictionReason.OTHER: N_("other"),
    },
    RestrictionState: {
        RestrictionState.PLANNED: N_("planned"),
        RestrictionState.NOTIFIED: N_("resident notified"),
        RestrictionState.AWAITING_EXECUTION: N_("awaiting execution"),
        RestrictionState.EXECUTING: N_("executing"),
        RestrictionState.DONE: N_("done"),
        RestrictionState.FAILED: N_("not executed"),
        RestrictionState.CANCELLED: N_("cancelled"),
    },
    Completion: {
        Completion.PENDING: N_("in progress"),
        Completion.IN_FORCE: N_("restriction in force"),
        Completion.LIFTED: N_("lifted"),
        Completion.RESTORED: N_("power restored"),
        Completion.NOT_EXECUTED: N_("not executed"),
    },
    MeterKind: KIND,
    EventClass: EVENT_CLASS,
    Severity: SEVERITY,
}
ERRORS: dict[tuple[str, str], str] = {
    ("kind", "unknown"): N_("Choose a report from the list."),
    ("format", "unknown"): N_("Choose the file format: CSV or XLSX."),
    ("period", "missing"): N_("Give the month, or the first and the last day of the period."),
    ("period", "before_start"): N_("The period ends before it starts."),
    ("period", "too_long"): N_("The period is too long: a year at most (five years for the verification report)."),
    ("plot", "other_site"): N_("There is no such plot at this site."),
}
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$|^(\d{2})\.(\d{4})$")


def texts_for(language: str, kind: ReportKind) -> ReportTexts:
    t: gettext.NullTranslations = translations_for(language)

    def title(key: str) -> str:
        return t.gettext(COLUMN_TITLES[key])

    def label(value: Enum | bool) -> str:
        if isinstance(value, bool):
            return t.gettext("yes") if value else t.gettext("no")
        return t.gettext(VALUE_LABELS.get(type(value), {}).get(value.value, str(value.value)))

    return ReportTexts(title=title, label=label, sheet=t.gettext(REPORTS[kind]), russian=language == "ru")


def _month(raw: str) -> date | None:
    match = MONTH_RE.match(raw)
    if match is None:
        return None
    year, month = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
    try:
        return date(int(year), int(month), 1)
    except ValueError:
        return None


def parse(site_id: int, query: dict[str, str]) -> ReportRequest:
    """The request from the form's fields, or InvalidInput naming what was wrong."""
    kind = params.choice(query, "kind", ReportKind)
    if kind is None:
        raise InvalidInput("kind", "unknown")
    fmt = params.choice(query, "format", ReportFormat)
    if fmt is None:
        raise InvalidInput("format", "unknown")
    if kind is ReportKind.READINGS:
        month = _month(params.text(query, "month", 10))
        start = end = month
    else:
        start, end = params.day(query, "from"), params.day(query, "to")
    if start is None or end is None:
        raise InvalidInput("period", "missing")
    raw_plot = params.text(query, "plot", 20)
    plot_id = None
    if raw_plot:
        if not raw_plot.isdigit():
            raise InvalidInput("plot", "other_site")
        plot_id = int(raw_plot)
    granularity = params.choice(query, "granularity", Granularity) or Granularity.DAY
    return ReportRequest(site_id, kind, start, end, fmt, plot_id, granularity)


async def _form(request: web.Request, site_id: int, error: str | None = None, status: int = 200) -> web.Response:
    reports = params.services(request).reports
    site = await reports.site(site_id)
    previous_first, previous_last = month_bounds(reports.today(site.timezone).replace(day=1) - timedelta(days=1))
    query = request.query
    values = {
        "kind": params.text(query, "kind") or ReportKind.READINGS.value,
        "month": params.text(query, "month", 10) or previous_first.strftime("%Y-%m"),
        "from": params.text(query, "from", 10) or previous_first.isoformat(),
        "to": params.text(query, "to", 10) or previous_last.isoformat(),
        "plot": params.text(query, "plot", 20),
        "granularity": params.text(query, "granularity") or Granularity.DAY.value,
        "format": params.text(query, "format") or ReportFormat.XLSX.value,
    }
    context = {
        "site": site,
        "reports": REPORTS,
        "granularities": GRANULARITY,
        "formats": [f.value for f in ReportFormat],
        "plots": await reports.plots(site_id),
        "values": values,
        "error": error,
        "background_rows": reports.background_rows,
    }
    return await render(request, "reports.html", context, status=status)


def _file_response(file: ReportFile) -> web.Response:
    return web.Response(
        body=file.body,
        content_type=file.content_type.split(";")[0],
        charset="utf-8" if file.content_type.startswith("text/") else None,
        headers={"Content-Disposition": f'attachment; filename="{file.name}"'},
    )


@routes.get("/sites/{site_id}/reports", name="reports")
async def reports_page(request: web.Request) -> web.StreamResponse:
    _, site_id = await access.require_site(request, access.ALL)
    try:
        return await _form(request, site_id)
    except NotFound:
        raise web.HTTPNotFound() from None


@routes.get("/sites/{site_id}/reports/file", name="report_file")
async def report_file(request: web.Request) -> web.StreamResponse:
    staff, site_id = await access.require_site(request, access.ALL)
    reports = params.services(request).reports
    language = await request_language(request)
    t = translations_for(language)
    try:
        wanted = await reports.validate(parse(site_id, dict(request.query)))
        texts = texts_for(language, wanted.kind)
        if await reports.is_long(wanted):
            job = await reports.start(staff.person_id, wanted, texts)
            raise web.HTTPSeeOther(f"/sites/{site_id}/reports/jobs/{job.id}")
        return _file_response(await reports.build(wanted, texts))
    except InvalidInput as exc:
        message = ERRORS.get((exc.field, exc.reason), ERRORS[("period", "missing")])
        return await _form(request, site_id, t.gettext(message), status=400)
    except Throttled:
        text = t.gettext("You have several reports being prepared already. Wait for them to finish.")
        return await _form(request, site_id, text, status=429)
    except NotFound:
        raise web.HTTPNotFound() from None


async def _job(request: web.Request) -> tuple[int, JobStatus]:
    staff, site_id = await access.require_site(request, access.ALL)
    try:
        status = params.services(request).reports.jobs.status(request.match_info["job_id"], staff.person_id)
    except NotFound:
        raise web.HTTPNotFound() from None
    if status.site_id != site_id:
        raise web.HTTPNotFound()
    return staff.person_id, status


@routes.get("/sites/{site_id}/reports/jobs/{job_id}", name="report_job")
async def job_page(request: web.Request) -> web.StreamResponse:
    _, status = await _job(request)
    site = await params.services(request).reports.site(status.site_id)
    return await render(request, "reports_job.html", {"site": site, "job": status, "JobState": JobState})


@routes.get("/sites/{site_id}/reports/jobs/{job_id}/status", name="report_job_status")
async def job_status(request: web.Request) -> web.StreamResponse:
    _, status = await _job(request)
    ready = status.state is JobState.DONE
    return web.json_response(
        {
            "state": status.state.value,
            "percent": status.percent,
            "done": status.done,
            "total": status.total,
            "name": status.name,
            "url": f"/sites/{status.site_id}/reports/jobs/{status.id}/file" if ready else None,
        }
    )


@routes.get("/sites/{site_id}/reports/jobs/{job_id}/file", name="report_job_file")
async def job_file(request: web.Request) -> web.StreamResponse:
    owner, status = await _job(request)
    try:
        return _file_response(params.services(request).reports.jobs.file(status.id, owner))
    except NotFound:
        raise web.HTTPNotFound() from None
