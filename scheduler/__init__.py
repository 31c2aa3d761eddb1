"""APScheduler set-up; the jobs are thin calls into services."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

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
    scheduler.start()
    health.set("scheduler", ComponentState.UP, f"{len(scheduler.get_jobs())} jobs")
    try:
        await stop.wait()
    finally:
        scheduler.shutdown(wait=False)
        health.set("scheduler", ComponentState.DOWN, "stopped")
