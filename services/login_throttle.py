"""Login throttling: the lock schedule of one account and an in-memory limiter per origin (IP).

The account lock lives in the database (``WebLogin.failed_attempts`` / ``locked_until``) so that it
survives restarts; the origin limiter is per process, which is what one meterbot process needs.
"""

from __future__ import annotations

import math
from collections import OrderedDict, deque
from datetime import datetime, timedelta

FAILURES_BEFORE_LOCK = 5
# The 5th consecutive failure locks for 1 minute, the 6th for 5, the 7th for 15, then an hour each.
LOCK_STEPS: tuple[timedelta, ...] = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(minutes=60),
)


def lock_delay(consecutive_failures: int) -> timedelta | None:
    """How long an account stays locked after this many consecutive failures (None: not locked)."""
    if consecutive_failures < FAILURES_BEFORE_LOCK:
        return None
    step = min(consecutive_failures - FAILURES_BEFORE_LOCK, len(LOCK_STEPS) - 1)
    return LOCK_STEPS[step]


def seconds_until(moment: datetime, now: datetime) -> int:
    """Whole seconds from ``now`` to ``moment``, rounded up, at least 1."""
    return max(1, math.ceil((moment - now).total_seconds()))


class OriginLimiter:
    """At most ``limit`` failed logins per origin within a sliding ``window``.

    Memory is bounded: at most ``max_origins`` origins are remembered, the least recently failing
    ones are forgotten first.
    """

    def __init__(self, limit: int = 20, window: timedelta = timedelta(minutes=10), max_origins: int = 10_000):
        self._limit = limit
        self._window = window
        self._max_origins = max_origins
        self._failures: OrderedDict[str, deque[datetime]] = OrderedDict()

    def _prune(self, origin: str, now: datetime) -> deque[datetime] | None:
        times = self._failures.get(origin)
        if times is None:
            return None
        while times and now - times[0] >= self._window:
            times.popleft()
        if not times:
            del self._failures[origin]
            return None
        return times

    def retry_after(self, origin: str, now: datetime) -> int | None:
        """Seconds this origin must wait before trying again, or None when it may try now."""
        times = self._prune(origin, now)
        if times is None or len(times) < self._limit:
            return None
        return seconds_until(times[0] + self._window, now)

    def failed(self, origin: str, now: datetime) -> None:
        times = self._prune(origin, now)
        if times is None:
            times = self._failures[origin] = deque(maxlen=self._limit)
        times.append(now)
        self._failures.move_to_end(origin)
        while len(self._failures) > self._max_origins:
            self._failures.popitem(last=False)
