"""Scheduled reminders: readings to submit, and meters due for verification.

* **Readings.** While a site's submission window is open (its days, in its time zone), every resident with
  an active binding to a meter without telemetry that has no reading since the window opened gets one
  reminder per meter and window (``dedup_key`` ``remind:readings:<meter>:<person>:<window opens>``); the
  renderer puts a button under it that opens the submission.
* **Verification.** :data:`STAGE_DAYS` (60 and 30) days before a meter's ``next_verification_on``, and once
  the date has passed, the residents bound to the meter and the site's chairman, dispatchers and engineers
  get a reminder. Each (meter, date, stage, person) once: a meter first seen 45 days before its date gets
  the 60-day reminder, one seen 10 days before only the 30-day one, and a new date starts over.
* **When.** The scheduler wakes the jobs; :mod:`services.job_runs` decides whether they are due, daily at
  :data:`REMIND_HOUR` o'clock (in the scheduler's time zone), a missed day still running within
  :data:`GRACE`. Whatever runs twice anyway queues nothing twice: the outbox refuses a repeated ``dedup_key``.

Texts come from the :class:`ReminderNotices` port (the Telegram side), in each recipient's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from services.clock import Clock
from services.db.models import Binding, Meter, Reading, Site, StaffRole
from services.enums import BindingStatus, Channel, Role
from services.job_runs import JobSpec
from services.meters import display_label
from services.outbox import OutboxService
from services.ports import OutgoingMessage
from services.readings import submission_window
from services.recipients import Recipient, person_fields, recipient, unique

STAGE_DAYS = (60, 30)
VERIFICATION_STAFF: frozenset[Role] = frozenset({Role.CHAIRMAN, Role.DISPATCHER, Role.ENGINEER})
REMIND_HOUR = 10
DAILY = timedelta(days=1)
GRACE = timedelta(hours=12)
READINGS_JOB = "reminders.readings"
VERIFICATION_JOB = "reminders.verification"


class Stage(StrEnum):
    DAYS_60 = "60"
    DAYS_30 = "30"
    OVERDUE = "overdue"


class Audience(StrEnum):
    RESIDENT = "resident"
    STAFF = "staff"


@dataclass(frozen=True, slots=True)
class MeterInfo:
    meter_id: int
    serial: str
    label: str
    """The resident's name for the meter (for staff: the registry's label, model or serial)."""
    plot_number: str
    site_name: str


@dataclass(frozen=True, slots=True)
class ReadingsReminder:
    meter: MeterInfo
    opens_on: date
    closes_on: date
    """The last day of the open window: readings are accepted until then."""


@dataclass(frozen=True, slots=True)
class VerificationReminder:
    meter: MeterInfo
    due_on: date
    days_left: int
    """Days from today (in the site's time zone) to the date; negative once it has passed."""
    stage: Stage
    audience: Audience


class ReminderNotices(Protocol):
    """Renders reminders in a recipient's language; the service addresses and queues them."""

    def readings_due(self, reminder: ReadingsReminder, language: str | None, channel: Channel) -> OutgoingMessage:
        """With a button that opens the submission of ``reminder.meter`` (Telegram)."""
        ...

    def verification_due(
        self, reminder: VerificationReminder, language: str | None, channel: Channel
    ) -> OutgoingMessage: ...


def stage_for(days_left: int) -> Stage | None:
    """The latest stage reached ``days_left`` days before the date (None: too early)."""
    if days_left < 0:
        return Stage.OVERDUE
    if days_left <= STAGE_DAYS[1]:
        return Stage.DAYS_30
    if days_left <= STAGE_DAYS[0]:
        return Stage.DAYS_60
    return None


def daily_anchor(hour: int, timezone: str) -> datetime:
    """A slot anchor for a job run daily at ``hour`` o'clock in ``timezone`` (its standard offset)."""
    return datetime.combine(date(2024, 1, 1), time(hour), tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def reminder_jobs(timezone: str, hour: int = REMIND_HOUR) -> tuple[JobSpec, JobSpec]:
    """The readings and the verification jobs: daily at ``hour`` in ``timezone``, within :data:`GRACE`."""
    anchor = daily_anchor(hour, timezone)
    return (
        JobSpec(READINGS_JOB, DAILY, GRACE, anchor),
        JobSpec(VERIFICATION_JOB, DAILY, GRACE, anchor),
    )


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


_METER_FIELDS = ("meter_id", "meter__serial", "meter__label", "meter__model", "meter__plot__number", "label")


def _meter_of_binding(row: dict[str, Any], site_name: str) -> MeterInfo:
    label = display_label(row["label"], row["meter__label"], row["meter__model"], row["meter__serial"])
    return MeterInfo(int(row["meter_id"]), row["meter__serial"], label, row["meter__plot__number"] or "", site_name)


class ReminderService:
    def __init__(self, clock: Clock, outbox: OutboxService, notices: ReminderNotices) -> None:
        self._clock = clock
        self._outbox = outbox
        self._notices = notices

    # --- readings -------------------------------------------------------------------------------

    async def remind_readings(self) -> int:
        """Queue the readings reminders due now; returns how many were queued."""
        queued = 0
        fields = ("id", "name", "timezone", "reading_window_start_day", "reading_window_end_day")
        sites = await Site.all().order_by("id").values(*fields)
        for site in sites:
            queued += await self._remind_readings_at(site)
        return queued

    async def _remind_readings_at(self, site: dict[str, Any]) -> int:
        zone = _zone(site["timezone"])
        today = self._clock.now().astimezone(zone).date()
        window = submission_window(today, site["reading_window_start_day"], site["reading_window_end_day"])
        if not window.is_open:
            return 0
        rows = (
            await Binding.filter(status=BindingStatus.ACTIVE, meter__site_id=site["id"], meter__has_telemetry=False)
            .order_by("person_id", "meter_id")
            .values(*_METER_FIELDS, *person_fields("person__"))
        )
        if not rows:
            return 0
        opened = datetime.combine(window.opens_on, time(0), tzinfo=zone).astimezone(UTC)
        meter_ids = {int(row["meter_id"]) for row in rows}
        read = set(
            await Reading.filter(meter_id__in=list(meter_ids), ts__gte=opened).values_list("meter_id", flat=True)
        )
        queued = 0
        for row in rows:
            if row["meter_id"] in read:
                continue
            reminder = ReadingsReminder(_meter_of_binding(row, site["name"]), window.opens_on, window.closes_on)
            person = recipient(row)
            message = self._notices.readings_due(reminder, person.locale, person.channel)
            key = f"remind:readings:{reminder.meter.meter_id}:{person.person_id}:{window.opens_on.isoformat()}"
            queued += await self._queue(person, message, f"remind:readings:{reminder.meter.meter_id}", key)
        return queued

    # --- verification ---------------------------------------------------------------------------

    async def remind_verifications(self) -> int:
        """Queue the verification reminders due now; returns how many were queued."""
        latest = self._clock.now().date() + timedelta(days=STAGE_DAYS[0] + 1)  # any zone's today is within a day
        meters = await Meter.filter(next_verification_on__isnull=False, next_verification_on__lte=latest).values(
            "id", "serial", "label", "model", "next_verification_on", "site_id", "site__name", "site__timezone",
            "plot__number",
        )  # fmt: skip
        due = [(row, reminder) for row in meters if (reminder := self._verification(row)) is not None]
        if not due:
            return 0
        residents = await self._residents([int(row["id"]) for row, _ in due])
        staff = await self._staff({int(row["site_id"]) for row, _ in due})
        queued = 0
        for row, reminder in due:
            for binding, person in residents.get(reminder.meter.meter_id, []):
                own = VerificationReminder(
                    _meter_of_binding(binding, reminder.meter.site_name),
                    reminder.due_on,
                    reminder.days_left,
                    reminder.stage,
                    Audience.RESIDENT,
                )
                queued += await self._queue_verification(own, person)
            for person in staff.get(int(row["site_id"]), []):
                queued += await self._queue_verification(reminder, person)
        return queued

    def _verification(self, row: dict[str, Any]) -> VerificationReminder | None:
        today = self._clock.now().astimezone(_zone(row["site__timezone"])).date()
        due_on: date = row["next_verification_on"]
        days_left = (due_on - today).days
        stage = stage_for(days_left)
        if stage is None:
            return None
        label = display_label("", row["label"], row["model"], row["serial"])
        meter = MeterInfo(int(row["id"]), row["serial"], label, row["plot__number"] or "", row["site__name"])
        return VerificationReminder(meter, due_on, days_left, stage, Audience.STAFF)

    async def _residents(self, meter_ids: list[int]) -> dict[int, list[tuple[dict[str, Any], Recipient]]]:
        rows = await (
            Binding.filter(status=BindingStatus.ACTIVE, meter_id__in=meter_ids)
            .order_by("person_id", "meter_id")
            .values(*_METER_FIELDS, *person_fields("person__"))
        )
        found: dict[int, list[tuple[dict[str, Any], Recipient]]] = {}
        for row in rows:
            found.setdefault(int(row["meter_id"]), []).append((row, recipient(row)))
        return found

    async def _staff(self, site_ids: Iterable[int]) -> dict[int, list[Recipient]]:
        rows = await (
            StaffRole.filter(site_id__in=list(site_ids), role__in=list(VERIFICATION_STAFF))
            .order_by("person_id")
            .values("site_id", *person_fields("person__"))
        )
        found: dict[int, list[Recipient]] = {}
        for row in rows:
            found.setdefault(int(row["site_id"]), []).append(recipient(row))
        return {site_id: unique(people) for site_id, people in found.items()}

    async def _queue_verification(self, reminder: VerificationReminder, person: Recipient) -> int:
        message = self._notices.verification_due(reminder, person.locale, person.channel)
        meter_id = reminder.meter.meter_id
        key = f"remind:verify:{meter_id}:{reminder.due_on.isoformat()}:{reminder.stage.value}:{person.person_id}"
        return await self._queue(person, message, f"remind:verify:{meter_id}", key)

    async def _queue(self, person: Recipient, message: OutgoingMessage, topic: str, key: str) -> int:
        queued = await self._outbox.enqueue(
            person.address(message), channel=person.channel, person_id=person.person_id, topic=topic, dedup_key=key
        )
        return int(queued is not None)
