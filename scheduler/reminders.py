"""The reminder jobs: APScheduler only wakes them; services decide whether they are due and what to send.

Every :data:`TICK` (and once right at start-up) :func:`reminders_tick` asks :class:`services.job_runs.JobRuns`
to run each reminder job whose daily slot is due: a slot missed while meterbot was down runs once when it is
back within the grace period, and none runs twice (see :mod:`services.job_runs` and :mod:`services.reminders`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from services.job_runs import JobRuns, JobSpec
from services.reminders import READINGS_JOB, REMIND_HOUR, ReminderService, reminder_jobs

if TYPE_CHECKING:
    from scheduler import SchedulerDeps

log = logging.getLogger(__name__)

_Job = Callable[[], Awaitable[int]]

TICK = timedelta(minutes=5)
JOB_ID = "reminders"


async def reminders_tick(reminders: ReminderService, job_runs: JobRuns, specs: tuple[JobSpec, ...]) -> None:
    """Run whichever reminder job is due; one failing does not keep the other from running."""
    for spec in specs:
        job = reminders.remind_readings if spec.name == READINGS_JOB else reminders.remind_verifications
        try:
            await job_runs.run_due(spec, _logged(spec.name, job))
        except Exception:
            log.exception("job %s failed; it will be tried again at the next wake-up", spec.name)


def _logged(name: str, job: _Job) -> _Job:
    async def run() -> int:
        queued = await job()
        log.info("job %s queued %d reminder(s)", name, queued)
        return queued

    return run


def register_reminder_jobs(scheduler: AsyncIOScheduler, deps: SchedulerDeps) -> None:
    """Wake the reminder jobs every :data:`TICK` and at start-up, when ``deps`` carries the services."""
    if deps.reminders is None or deps.job_runs is None:
        return
    timezone = str(getattr(scheduler, "timezone", "UTC"))
    specs = reminder_jobs(timezone, REMIND_HOUR)
    scheduler.add_job(
        reminders_tick,
        "interval",
        seconds=TICK.total_seconds(),
        args=[deps.reminders, deps.job_runs, specs],
        id=JOB_ID,
        next_run_time=datetime.now(UTC),
    )
