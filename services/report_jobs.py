"""Long reports as jobs of this process: an asyncio task per job, its progress, its file when ready.

Framework-free. A job belongs to the person who started it (nobody else sees it) and is forgotten
``ttl`` after it started; a person has at most ``per_owner`` jobs running at once. Jobs do not survive a
restart: a report is quick to order again.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from services.clock import Clock
from services.errors import NotFound, Throttled
from services.report_model import ReportFile

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class JobState(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class JobStatus:
    id: str
    site_id: int
    state: JobState
    done: int
    total: int
    name: str
    """The file's name (known from the start)."""
    started_at: datetime

    @property
    def percent(self) -> int:
        if self.state is JobState.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total > 0 else 0


@dataclass
class _Job:
    id: str
    owner: int
    site_id: int
    name: str
    started_at: datetime
    state: JobState = JobState.RUNNING
    done: int = 0
    total: int = 0
    file: ReportFile | None = None
    task: asyncio.Task[None] | None = field(default=None, repr=False)

    def status(self) -> JobStatus:
        return JobStatus(self.id, self.site_id, self.state, self.done, self.total, self.name, self.started_at)


class ReportJobs:
    def __init__(self, clock: Clock, *, ttl: timedelta = timedelta(hours=1), per_owner: int = 3) -> None:
        self._clock = clock
        self._ttl = ttl
        self._per_owner = per_owner
        self._jobs: dict[str, _Job] = {}

    def start(
        self, owner: int, site_id: int, name: str, work: Callable[[Progress], Awaitable[ReportFile]]
    ) -> JobStatus:
        """Run ``work`` (which reports its progress) as a task; Throttled when the owner has too many."""
        self._expire()
        running = [j for j in self._jobs.values() if j.owner == owner and j.state is JobState.RUNNING]
        if len(running) >= self._per_owner:
            raise Throttled(30)
        job = _Job(secrets.token_urlsafe(12), owner, site_id, name, self._clock.now())
        self._jobs[job.id] = job

        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        async def run() -> None:
            try:
                job.file = await work(progress)
                job.state = JobState.DONE
            except Exception:
                log.exception("report job %s (%s) failed", job.id, job.name)
                job.state = JobState.FAILED

        job.task = asyncio.create_task(run(), name=f"report:{job.name}")
        return job.status()

    def status(self, job_id: str, owner: int) -> JobStatus:
        return self._get(job_id, owner).status()

    def file(self, job_id: str, owner: int) -> ReportFile:
        """The finished file; NotFound while it is not ready."""
        job = self._get(job_id, owner)
        if job.file is None:
            raise NotFound(f"report job {job_id} has no file yet")
        return job.file

    async def wait(self, job_id: str) -> None:
        """Until the job has ended (for shutdown and tests)."""
        job = self._jobs.get(job_id)
        if job is not None and job.task is not None:
            await asyncio.shield(job.task)

    async def close(self) -> None:
        """Cancel the running jobs (at shutdown)."""
        tasks = [j.task for j in self._jobs.values() if j.task is not None and not j.task.done()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _get(self, job_id: str, owner: int) -> _Job:
        self._expire()
        job = self._jobs.get(job_id)
        if job is None or job.owner != owner:
            raise NotFound(f"report job {job_id}")
        return job

    def _expire(self) -> None:
        limit = self._clock.now() - self._ttl
        for job_id in [j.id for j in self._jobs.values() if j.started_at < limit]:
            job = self._jobs.pop(job_id)
            if job.task is not None and not job.task.done():
                job.task.cancel()
