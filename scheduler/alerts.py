"""The alert jobs: thin wake-ups; :mod:`services.alerts` and :mod:`services.monitoring_rules` decide.

* escalation of unacknowledged alarms, every minute;
* the digests of quiet hours that ended, every minute;
* edits of alert messages that changed (repeats, escalation), every :data:`EDIT_TICK`;
* the daily deviation and imbalance rules, every :data:`RULES_TICK` (each site is judged once per local
  day, after its midnight; the service remembers which days it judged, so a restart repeats nothing).

The offline alerts ride on the silence watch (:class:`services.monitoring.MonitoringService`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from services.alerts import AlertService
from services.monitoring_rules import MonitoringRules

if TYPE_CHECKING:
    from scheduler import SchedulerDeps

log = logging.getLogger(__name__)

EDIT_TICK = timedelta(seconds=10)
RULES_TICK = timedelta(minutes=10)


async def _guarded(name: str, job: Callable[[], Awaitable[int]]) -> None:
    try:
        done = await job()
    except Exception:
        log.exception("job %s failed; it runs again at the next tick", name)
        return
    if done:
        log.info("job %s: %d", name, done)


async def escalate(alerts: AlertService) -> None:
    await _guarded("alerts.escalate", alerts.escalate_due)


async def digests(alerts: AlertService) -> None:
    await _guarded("alerts.digests", alerts.send_digests)


async def edits(alerts: AlertService) -> None:
    try:
        await alerts.flush_edits()
    except Exception:
        log.exception("job alerts.edits failed; it runs again at the next tick")


async def daily_rules(rules: MonitoringRules) -> None:
    await _guarded("alerts.daily_rules", rules.run_due)


def register_alert_jobs(scheduler: AsyncIOScheduler, deps: SchedulerDeps) -> None:
    """Add the alert jobs when ``deps`` carries the services."""
    if deps.alerts is not None:
        scheduler.add_job(escalate, "interval", minutes=1, args=[deps.alerts], id="alerts_escalate")
        scheduler.add_job(digests, "interval", minutes=1, args=[deps.alerts], id="alerts_digests")
        scheduler.add_job(edits, "interval", seconds=EDIT_TICK.total_seconds(), args=[deps.alerts], id="alerts_edits")
    if deps.alert_rules is not None:
        scheduler.add_job(
            daily_rules,
            "interval",
            seconds=RULES_TICK.total_seconds(),
            args=[deps.alert_rules],
            id="alerts_daily_rules",
            next_run_time=datetime.now(UTC),
        )
