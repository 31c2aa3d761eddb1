"""Scheduled jobs that survive a restart: the decision "is it due" made from the database and a clock.

A job has slots: ``anchor + k × period`` (say every day at 07:00 UTC). The scheduler only wakes the job up
(often, and once at start-up); :meth:`JobRuns.run_due` runs it when the latest slot has not run yet and is
at most ``grace`` old. So a slot missed while meterbot was down runs once when it is back within the grace
period, a slot older than that is skipped (the next one runs as usual), and a slot never runs twice: it is
claimed by a conditional update of :class:`JobRun` before the job starts, so two wake-ups, or two
processes, run it once. A job that fails gives its claim back, so the next wake-up tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError

from services.clock import Clock
from services.db.models import JobRun

log = logging.getLogger(__name__)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class JobSpec:
    """When a job runs: every ``period`` from ``anchor``; a missed slot still runs within ``grace``."""

    name: str
    period: timedelta
    grace: timedelta
    anchor: datetime = EPOCH


@dataclass(frozen=True, slots=True)
class _Claim:
    at: datetime
    previous: datetime | None


def latest_slot(now: datetime, period: timedelta, anchor: datetime = EPOCH) -> datetime:
    """The last slot at or before ``now``."""
    if period <= timedelta(0):
        raise ValueError("a job's period must be positive")
    return anchor + ((now - anchor) // period) * period


class JobRuns:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def last_run(self, name: str) -> datetime | None:
        row = await JobRun.get_or_none(name=name)
        return None if row is None else row.last_run_at

    async def due_slot(self, spec: JobSpec) -> datetime | None:
        """The slot to run now, or None (already run, or missed for longer than the grace)."""
        now = self._clock.now()
        slot = latest_slot(now, spec.period, spec.anchor)
        if now - slot > spec.grace:
            return None
        last = await self.last_run(spec.name)
        return slot if last is None or last < slot else None

    async def run_due(self, spec: JobSpec, job: Callable[[], Awaitable[object]]) -> bool:
        """Run ``job`` if its latest slot is due (see the module's docstring); True when it ran."""
        slot = await self.due_slot(spec)
        if slot is None:
            return False
        claim = await self._claim(spec.name, slot)
        if claim is None:
            return False
        log.info("job %s: running the slot of %s", spec.name, slot.isoformat())
        try:
            await job()
        except BaseException:
            await self._release(spec.name, claim)
            raise
        return True

    async def _claim(self, name: str, slot: datetime) -> _Claim | None:
        """Take the slot; None when another wake-up (or process) has taken it."""
        at = self._clock.now()
        row = await JobRun.get_or_none(name=name)
        if row is None:
            try:
                await JobRun.create(name=name, last_run_at=at)
            except IntegrityError:  # another process created it first
                return None
            return _Claim(at, None)
        if await JobRun.filter(name=name, last_run_at__lt=slot).update(last_run_at=at):
            return _Claim(at, row.last_run_at)
        return None

    async def _release(self, name: str, claim: _Claim) -> None:
        """Give a failed run's slot back, unless a later run has claimed again since."""
        query = JobRun.filter(name=name, last_run_at=claim.at)
        if claim.previous is None:
            await query.delete()
        else:
            await query.update(last_run_at=claim.previous)
