"""APScheduler set-up; the jobs are thin calls into services."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_SUBMITTED, JobEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.alerts import register_alert_jobs
from scheduler.reminders import register_reminder_jobs
from scheduler.restrictions import register_restriction_jobs
from scheduler.tickets import flag_overdue_tickets
from services.alerts import AlertService
from services.health import ComponentState, HealthRegistry
from services.job_runs import JobRuns
from services.monitoring import MonitoringService
from services.monitoring_rules import MonitoringRules
from services.reminders import ReminderService
from services.restrictions import RestrictionService
from services.ticket_desk import TicketDesk

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SchedulerDeps:
    monitoring: MonitoringService
    reminders: ReminderService | None = None
    job_runs: JobRuns | None = None
    alerts: AlertService | None = None
    alert_rules: MonitoringRules | None = None
    restrictions: RestrictionService | None = None
    tickets: TicketDesk | None = None


def build_scheduler(timezone: str, deps: SchedulerDeps) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(
        timezone=timezone,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
    )
    scheduler.add_job(_silence_watch, "interval", minutes=1, args=[deps.monitoring], id="silence_watch")
    register_reminder_jobs(scheduler, deps)
    register_alert_jobs(scheduler, deps)
    register_restriction_jobs(scheduler, deps)
    if deps.tickets is not None:
        scheduler.add_job(flag_overdue_tickets, "cron", hour=9, minute=0, args=[deps.tickets], id="tickets_overdue")
    return scheduler


async def _silence_watch(monitoring: MonitoringService) -> None:
    went_offline = await monitoring.mark_silent_meters_offline()
    if went_offline:
        log.info("%d meter(s) went silent and are now offline", went_offline)


async def run_scheduler(scheduler: AsyncIOScheduler, health: HealthRegistry, stop: asyncio.Event) -> None:
    """Run the jobs until stop; then let the running ones finish (a few seconds at most) before leaving."""
    idle = _track_running_jobs(scheduler)
    scheduler.start()
    health.set("scheduler", ComponentState.UP, f"{len(scheduler.get_jobs())} jobs")
    try:
        await stop.wait()
    finally:
        scheduler.pause()
        try:
            await asyncio.wait_for(idle.wait(), timeout=SHUTDOWN_GRACE)
        except TimeoutError:
            log.warning("scheduler: a job still running after %.0f s is cancelled", SHUTDOWN_GRACE)
        scheduler.shutdown(wait=False)
        health.set("scheduler", ComponentState.DOWN, "stopped")


SHUTDOWN_GRACE = 5.0


def _track_running_jobs(scheduler: AsyncIOScheduler) -> asyncio.Event:
    """An event set whenever no job is running, kept by the scheduler's own job events."""
    idle = asyncio.Event()
    idle.set()
    running = 0

    def submitted(_event: JobEvent) -> None:
        nonlocal running
        running += 1
        idle.clear()

    def finished(_event: JobEvent) -> None:
        nonlocal running
        running = max(0, running - 1)
        if running == 0:
            idle.set()

    scheduler.add_listener(submitted, EVENT_JOB_SUBMITTED)
    scheduler.add_listener(finished, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    return idle
