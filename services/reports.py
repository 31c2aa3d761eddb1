"""Reports for the admin web (the seeds' «Отчеты»), as CSV or XLSX files:

* monthly readings per meter: t1/t2 at the start and end of the month and the month's consumption
  (выгрузка показаний за месяц, for the billing company);
* consumption per plot for a period;
* the site's imbalance (main meters against the individual ones) per day or per month;
* the journal of restriction operations (ведомость операций ограничения);
* meters whose verification falls due in a period (отчёт по поверкам ПУ);
* the event journal.

Rows come from :mod:`services.report_queries` in chunks; between chunks the service awaits ``pace``
(``asyncio.sleep(0)`` by default) and the file (XLSX or CSV: ten thousand lines are seconds or a few
hundred milliseconds of work) is written in a thread, so other requests keep being served. A report
longer than ``background_rows`` is meant to run as a job (:mod:`services.report_jobs`) whose progress
the page shows.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Generator
from dataclasses import dataclass
from datetime import date
from typing import TypeVar
from zoneinfo import ZoneInfo

from services.clock import Clock
from services.consumption import ConsumptionService
from services.db.models import Plot, Site
from services.errors import InvalidInput, NotFound
from services.report_files import CSV_TYPE, XLSX_TYPE, Label, Sheet, Steps, csv_steps, save_xlsx, xlsx_book_steps
from services.report_jobs import JobStatus, Progress, ReportJobs
from services.report_model import (
    USES_PLOT,
    ReportFile,
    ReportFormat,
    ReportKind,
    ReportRequest,
    Row,
    SiteInfo,
    check_period,
    month_bounds,
)
from services.report_queries import columns, estimate, natural, produce

__all__ = ["ReportService", "ReportTexts"]

BACKGROUND_ROWS = 3000


@dataclass(frozen=True, slots=True)
class ReportTexts:
    """What the adapter says in the user's language: column titles by key, enum names, the sheet's name."""

    title: Callable[[str], str]
    label: Label
    sheet: str
    russian: bool = True


T = TypeVar("T")


async def _breathe() -> None:
    await asyncio.sleep(0)


class ReportService:
    def __init__(self, clock: Clock, consumption: ConsumptionService) -> None:
        self._clock = clock
        self._consumption = consumption
        self.jobs = ReportJobs(clock)
        self.background_rows = BACKGROUND_ROWS
        """Reports estimated longer than this run as jobs."""
        self.pace: Callable[[], Awaitable[None]] = _breathe
        """Awaited between chunks of rows."""

    async def site(self, site_id: int) -> SiteInfo:
        row = await Site.filter(id=site_id).first().values_list("id", "slug", "name", "timezone")
        if row is None:
            raise NotFound(f"site {site_id}")
        return SiteInfo(*row)

    async def plots(self, site_id: int) -> list[tuple[int, str]]:
        """(id, number) of the site's plots, for the plot filter."""
        rows = await Plot.filter(site_id=site_id).values_list("id", "number")
        return sorted(((int(i), str(n)) for i, n in rows), key=lambda p: natural(p[1]))

    async def validate(self, request: ReportRequest) -> ReportRequest:
        """The request as it will run (the month's bounds for the readings, no plot where none applies), or
        InvalidInput: ``period`` (missing, before_start, too_long) or ``plot`` (other_site)."""
        start, end = request.start, request.end
        if request.kind is ReportKind.READINGS:
            start, end = month_bounds(start)
        start, end = check_period(request.kind, start, end)
        plot_id = request.plot_id if request.kind in USES_PLOT else None
        if plot_id is not None and not await Plot.exists(id=plot_id, site_id=request.site_id):
            raise InvalidInput("plot", "other_site")
        return ReportRequest(request.site_id, request.kind, start, end, request.fmt, plot_id, request.granularity)

    async def is_long(self, request: ReportRequest) -> bool:
        return await estimate(request) > self.background_rows

    def file_name(self, request: ReportRequest, site: SiteInfo) -> str:
        if request.kind is ReportKind.READINGS:
            period = request.start.strftime("%Y-%m")
        elif request.start == request.end:
            period = request.start.isoformat()
        else:
            period = f"{request.start.isoformat()}-{request.end.isoformat()}"
        slug = re.sub(r"[^a-z0-9-]+", "-", site.slug.lower()).strip("-") or f"site{site.id}"
        return f"{request.kind.value}-{period}-{slug}.{request.fmt.value}"

    async def build(self, request: ReportRequest, texts: ReportTexts, progress: Progress | None = None) -> ReportFile:
        """The file of a validated request."""
        site = await self.site(request.site_id)
        rows: list[Row] = []
        async for chunk in produce(request, site):
            rows.extend(chunk.rows)
            if progress is not None:
                progress(chunk.done, chunk.total)
            await self.pace()
        cols = columns(request)
        sheet = Sheet(texts.sheet, cols, [texts.title(c.key) for c in cols], rows, texts.label)
        name = self.file_name(request, site)
        if request.fmt is ReportFormat.XLSX:
            book = await self._stepped(xlsx_book_steps(sheet))
            return ReportFile(name, XLSX_TYPE, await asyncio.to_thread(save_xlsx, book))
        return ReportFile(name, CSV_TYPE, await self._written(csv_steps(sheet, russian=texts.russian)))

    async def _written(self, steps: Steps) -> bytes:
        """A file written a few rows at a time, pausing between them so that other requests are served."""
        written: bytes = await self._stepped(steps)
        return written

    async def _stepped(self, steps: Generator[None, None, T]) -> T:
        while True:
            try:
                next(steps)
            except StopIteration as done:
                result: T = done.value
                return result
            await self.pace()

    async def start(self, owner: int, request: ReportRequest, texts: ReportTexts) -> JobStatus:
        """Build a validated request as a job of ``owner``; Throttled when they run too many."""
        site = await self.site(request.site_id)

        async def work(progress: Progress) -> ReportFile:
            return await self.build(request, texts, progress)

        return self.jobs.start(owner, request.site_id, self.file_name(request, site), work)

    def today(self, timezone: str) -> date:
        """Today at the site, for the form's defaults."""
        return self._clock.now().astimezone(ZoneInfo(timezone)).date()
