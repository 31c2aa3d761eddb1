"""The restriction job: every :data:`TICK`, the notices whose day has come go to the residents and the
operators are asked about the control dates that came (from 09:00 in each site's time zone). The service
moves each restriction with a conditional update, so a restart or a late tick repeats nothing, and a
missed tick is caught up by the next one.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from services.restrictions import RestrictionService

if TYPE_CHECKING:
    from scheduler import SchedulerDeps

log = logging.getLogger(__name__)

TICK = timedelta(minutes=5)


async def restriction_calendar(restrictions: RestrictionService) -> None:
    try:
        notified, asked = await restrictions.run_due()
    except Exception:
        log.exception("job restrictions.calendar failed; it runs again at the next tick")
        return
    if notified or asked:
        log.info("restrictions: %d notice(s) sent, %d control question(s) asked", notified, asked)


def register_restriction_jobs(scheduler: AsyncIOScheduler, deps: SchedulerDeps) -> None:
    if deps.restrictions is None:
        return
    scheduler.add_job(
        restriction_calendar,
        "interval",
        seconds=TICK.total_seconds(),
        args=[deps.restrictions],
        id="restrictions.calendar",
    )
