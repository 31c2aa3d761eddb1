"""Daily monitoring rules over the daily aggregates (the seeds' «Мониторинг отклонений» and «Небаланс»).

* **Deviation**: a meter's consumption of a day against the average of the three days before it; more
  than ``Site.deviation_percent`` away (either way) raises a *threshold* alert. A day above a constant
  (``daily_limit_kwh``) does too. Days without data, or without three days before them, are not judged.
* **Imbalance**: per site and day, the main meter(s) against the sum of the individual meters; a
  difference above ``Site.imbalance_percent`` of the main meters' figure raises an alert on the (first)
  main meter with the figures: a hint of theft or losses, or of meters that do not report.

A rule whose day is back within bounds clears its alert. Each site is judged once per local day, some
time (``run_after``) after its midnight, so that late readings have arrived; a percent of 0 turns a
rule off for the site, as the seeds' monitoring is off until a dispatcher sets it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tortoise.exceptions import IntegrityError

from services.alert_model import DEVIATION, IMBALANCE, Signal
from services.alert_routing import zone
from services.alerts import AlertService, RaiseResult
from services.clock import Clock
from services.db.models import DailyAggregate, JobRun, Meter, Site
from services.enums import EventClass, MeterKind, Quality, Severity

log = logging.getLogger(__name__)

BASELINE_DAYS = 3
JOB_PREFIX = "alerts.daily:"
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True, slots=True)
class SiteLimits:
    id: int
    timezone: str
    deviation_percent: int
    imbalance_percent: int


@dataclass(frozen=True, slots=True)
class _Claim:
    previous: datetime | None


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * 100).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _kwh(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.001")))


def due_day(now: datetime, timezone: str, run_after: timedelta) -> date:
    """The latest local day whose judging time (its next midnight + ``run_after``) has come."""
    return (now.astimezone(zone(timezone)) - run_after).date() - timedelta(days=1)


def deviation_details(
    day: date, value: Decimal, baseline: list[Decimal], percent_limit: int, kwh_limit: Decimal | None
) -> dict[str, Any] | None:
    """The figures of a deviating day, or None when it is within bounds."""
    details: dict[str, Any] = {"day": day.isoformat(), "value": _kwh(value)}
    rules: list[str] = []
    average = sum(baseline, Decimal(0)) / len(baseline)
    if percent_limit > 0 and average > 0:
        percent = _percent(value - average, average)
        details |= {"average": _kwh(average), "percent": str(percent), "limit_percent": percent_limit}
        if abs(percent) > percent_limit:
            rules.append("average")
    if kwh_limit is not None and value > kwh_limit:
        details["limit_kwh"] = _kwh(kwh_limit)
        rules.append("constant")
    return details | {"rules": rules} if rules else None


class MonitoringRules:
    def __init__(
        self,
        clock: Clock,
        alerts: AlertService,
        *,
        run_after: timedelta = timedelta(hours=1),
        daily_limit_kwh: Decimal | None = None,
    ) -> None:
        # TODO: a per-site constant (Site.daily_limit_kwh) once the model has it; one for all sites until then.
        self._clock = clock
        self._alerts = alerts
        self._run_after = run_after
        self._daily_limit = daily_limit_kwh

    async def run_due(self) -> int:
        """Judge every site whose previous day is due and not judged yet; returns how many were judged."""
        now = self._clock.now()
        judged = 0
        rows = await Site.all().values_list("id", "timezone", "deviation_percent", "imbalance_percent")
        for site in (SiteLimits(*row) for row in rows):
            day = due_day(now, site.timezone, self._run_after)
            claim = await self._claim(site.id, day)
            if claim is None:
                continue
            try:
                await self.check_deviation(site, day)
                await self.check_imbalance(site, day)
            except Exception:
                await self._release(site.id, day, claim)
                raise
            judged += 1
        return judged

    async def check_deviation(self, site: SiteLimits, day: date) -> RaiseResult:
        first = day - timedelta(days=BASELINE_DAYS)
        rows = await DailyAggregate.filter(meter__site_id=site.id, day__gte=first, day__lte=day).values_list(
            "meter_id", "day", "total", "quality"
        )
        days: dict[int, dict[date, Decimal]] = {}
        for meter_id, at, total, quality in rows:
            if quality != Quality.MISSING:
                days.setdefault(meter_id, {})[at] = Decimal(total)
        signals: list[Signal] = []
        normal: list[int] = []
        for meter_id, values in days.items():
            baseline = [
                values[first + timedelta(days=i)] for i in range(BASELINE_DAYS) if first + timedelta(days=i) in values
            ]
            if day not in values or len(baseline) < BASELINE_DAYS:
                continue
            details = deviation_details(day, values[day], baseline, site.deviation_percent, self._daily_limit)
            if details is None:
                normal.append(meter_id)
            else:
                signals.append(self._signal(meter_id, DEVIATION, details))
        await self._alerts.resolve(normal, DEVIATION, "normal")
        return await self._alerts.raise_signals(signals)

    async def check_imbalance(self, site: SiteLimits, day: date) -> RaiseResult:
        if site.imbalance_percent <= 0:
            return RaiseResult()
        meters = dict(await Meter.filter(site_id=site.id).order_by("id").values_list("id", "kind"))
        mains = [m for m, kind in meters.items() if kind == MeterKind.MAIN]
        individuals = [m for m, kind in meters.items() if kind != MeterKind.MAIN]
        if not mains or not individuals:
            return RaiseResult()
        totals: Mapping[int, Decimal] = {
            meter_id: Decimal(total)
            for meter_id, total, quality in await DailyAggregate.filter(meter_id__in=list(meters), day=day).values_list(
                "meter_id", "total", "quality"
            )
            if quality != Quality.MISSING
        }
        main = sum((totals[m] for m in mains if m in totals), Decimal(0))
        if main <= 0 or not any(m in totals for m in mains):
            return RaiseResult()
        individual = sum((totals[m] for m in individuals if m in totals), Decimal(0))
        percent = _percent(main - individual, main)
        if abs(percent) <= site.imbalance_percent:
            await self._alerts.resolve([mains[0]], IMBALANCE, "normal")
            return RaiseResult()
        details = {
            "day": day.isoformat(),
            "main": _kwh(main),
            "individual": _kwh(individual),
            "difference": _kwh(main - individual),
            "percent": str(percent),
            "limit_percent": site.imbalance_percent,
            "meters": len(individuals),
            "without_data": sum(1 for m in individuals if m not in totals),
        }
        return await self._alerts.raise_signals([self._signal(mains[0], IMBALANCE, details)])

    def _signal(self, meter_id: int, kind: str, details: dict[str, Any]) -> Signal:
        return Signal(
            meter_id=meter_id,
            kind=kind,
            event_class=EventClass.THRESHOLD,
            severity=Severity.WARNING,
            at=self._clock.now(),
            details=details,
        )

    # --- once per site and day ---------------------------------------------------------------------

    @staticmethod
    async def _claim(site_id: int, day: date) -> _Claim | None:
        """Take the site's day (a conditional update, so two wake-ups judge it once); None when judged."""
        name, marker = f"{JOB_PREFIX}{site_id}", datetime.combine(day, time(), tzinfo=UTC)
        row = await JobRun.get_or_none(name=name)
        if row is None:
            try:
                await JobRun.create(name=name, last_run_at=marker)
            except IntegrityError:
                return None
            return _Claim(None)
        if await JobRun.filter(name=name, last_run_at__lt=marker).update(last_run_at=marker):
            return _Claim(row.last_run_at)
        return None

    @staticmethod
    async def _release(site_id: int, day: date, claim: _Claim) -> None:
        """A failed judgement gives the day back, so the next wake-up tries again."""
        name, marker = f"{JOB_PREFIX}{site_id}", datetime.combine(day, time(), tzinfo=UTC)
        query = JobRun.filter(name=name, last_run_at=marker)
        if claim.previous is None:
            await query.delete()
        else:
            await query.update(last_run_at=claim.previous)
