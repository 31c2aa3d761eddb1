"""Scheduled reminders with a fake clock: readings in the submission window (once per period, with the button
that opens the submission), verification at 60 and 30 days and once overdue (resident and staff, never
twice), and jobs that survive a restart (a missed slot runs once within the grace period, none runs twice)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from scheduler import SchedulerDeps, build_scheduler
from scheduler.reminders import JOB_ID, reminders_tick
from services.clock import FixedClock
from services.db.models import JobRun, Meter, OutboxMessage, Reading
from services.enums import Channel, ReadingSource
from services.job_runs import JobRuns, JobSpec, latest_slot
from services.monitoring import MonitoringService
from services.reminders import GRACE, READINGS_JOB, VERIFICATION_JOB, Stage, daily_anchor, reminder_jobs, stage_for
from tests.announcements_harness import (
    ANNA,
    BORIS,
    CHAIRMAN,
    DISPATCHER,
    ENGINEER,
    GLEB,
    NOW,
    READER,
    VERA,
    Estate,
    estate,
    last_message,
    mail,
    make_world,
    texts_to,
)

TODAY = date(2026, 11, 23)  # NOW in Moscow


@pytest.fixture
async def home(db: str) -> Estate:
    return await estate()


async def reminded(topic_prefix: str) -> list[tuple[int, int, str]]:
    """(person id, meter id, channel) of the queued reminders, in order."""
    rows = (
        await OutboxMessage.filter(topic__startswith=topic_prefix)
        .order_by("id")
        .values("person_id", "topic", "channel")
    )
    return [(row["person_id"], int(row["topic"].rsplit(":", 1)[1]), row["channel"]) for row in rows]


# --- readings -----------------------------------------------------------------------------------------


async def test_readings_reminder_once_per_window_with_the_submission_button(home: Estate) -> None:
    world = make_world()
    meters, people = home.meters, home.people
    await Reading.create(
        meter=meters["13"], ts=NOW - timedelta(days=1), total=Decimal("100"), source=ReadingSource.MANUAL
    )
    await Reading.create(meter=meters["12"], ts=NOW - timedelta(days=10), total=Decimal("90"))  # the last window's
    await Meter.filter(id=meters["14"].id).update(has_telemetry=True)  # Gleb's meter reports by itself

    assert await world.reminders.remind_readings() == 3
    assert await reminded("remind:readings") == [
        (people[ANNA].id, meters["1"].id, Channel.TELEGRAM),
        (people[BORIS].id, meters["12"].id, Channel.TELEGRAM),
        (people[VERA].id, meters["5"].id, Channel.TELEGRAM),
    ]  # not Vera's plot 13 (read yesterday), not Gleb (telemetry), not Dina (pending), not the unbound plot 20

    delivered = await world.deliver()
    anna = last_message([call for call in delivered if call.chat_id == ANNA])
    assert anna.text == (
        "📝 <b>Пора передать показания счётчика</b>\n"
        "Счётчик «Нева МТ 124», № RM-1, участок 1, СНТ «Ромашка»\n"
        "Показания принимаются до 25.11.2026 включительно."
    )
    assert anna.buttons == ["✍️ Передать показания"]
    assert anna.callback_data == [f"mt:s:{meters['1'].id}"]
    assert texts_to(delivered, VERA)[0].startswith("📝 <b>Time to submit your meter readings</b>")

    opened = await world.press(f"mt:s:{meters['1'].id}", anna.message_id, user_id=ANNA)
    dialog = last_message(opened)
    assert "<b>Передача показаний</b>" in dialog.text  # the readings flow's own submission dialog
    assert "Показания принимаются до 25.11.2026 включительно." in dialog.text

    world.clock.set(NOW + timedelta(days=1))
    assert await world.reminders.remind_readings() == 0  # once per window
    assert await OutboxMessage.filter(topic__startswith="remind:readings").count() == 3


async def test_readings_reminders_follow_the_window(home: Estate) -> None:
    world = make_world(now=datetime(2026, 11, 19, 20, 59, tzinfo=UTC))  # 19.11 23:59 in Moscow: still closed
    assert await world.reminders.remind_readings() == 0

    world.clock.set(datetime(2026, 11, 19, 21, 0, tzinfo=UTC))  # 20.11 00:00 in Moscow: open
    assert await world.reminders.remind_readings() == 5  # Anna, Boris, Vera × 2, Gleb
    world.clock.set(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))  # closed again
    assert await world.reminders.remind_readings() == 0

    world.clock.set(datetime(2026, 12, 21, 9, 0, tzinfo=UTC))  # the next month's window
    await Reading.create(
        meter=home.meters["1"], ts=datetime(2026, 12, 20, 8, 0, tzinfo=UTC), total=Decimal("5"), source="manual"
    )
    assert await world.reminders.remind_readings() == 4  # Anna has read hers already this time
    assert await world.reminders.remind_readings() == 0


async def test_a_reminder_by_email_and_the_fallback_for_a_blocked_bot(home: Estate) -> None:
    with mail() as (inbox, smtp_url):
        world = make_world(smtp_url=smtp_url)
        await world.reminders.remind_readings()
        await world.deliver(blocked=frozenset({BORIS}))

    mails = {message["To"]: message for message in inbox.messages}
    assert set(mails) == {"gleb@mail.ru", "boris@mail.ru"}
    gleb = mails["gleb@mail.ru"]
    assert gleb["Subject"] == "Пора передать показания счётчика"
    body = gleb.get_body(preferencelist=("plain",))
    assert body is not None
    assert "Передайте их в Telegram-боте: «Показания», затем «Передать показания»." in body.get_content()
    assert "<b>" not in body.get_content()


# --- verification ---------------------------------------------------------------------------------


async def due(home: Estate, **days: int) -> None:
    for number, left in days.items():
        await Meter.filter(id=home.meters[number.removeprefix("m")].id).update(
            next_verification_on=TODAY + timedelta(days=left)
        )


async def test_verification_reminders_at_60_30_and_overdue_never_twice(home: Estate) -> None:
    world = make_world()
    people, meters = home.people, home.meters
    staff = [people[CHAIRMAN].id, people[DISPATCHER].id, people[ENGINEER].id]  # not the reader
    await due(home, m1=60, m12=45, m13=-1, m14=90, m20=30)

    queued = await world.reminders.remind_verifications()

    sent = await OutboxMessage.filter(topic__startswith="remind:verify").values("person_id", "topic", "dedup_key")
    by_key = {row["dedup_key"] for row in sent}
    assert queued == len(sent) == 3 + 4 * 3  # Anna (60), Boris (45: the 60-day one), Vera (overdue); staff × 4 meters
    assert f"remind:verify:{meters['1'].id}:{TODAY + timedelta(days=60)}:60:{people[ANNA].id}" in by_key
    assert f"remind:verify:{meters['12'].id}:{TODAY + timedelta(days=45)}:60:{people[BORIS].id}" in by_key
    assert f"remind:verify:{meters['13'].id}:{TODAY - timedelta(days=1)}:overdue:{people[VERA].id}" in by_key
    assert f"remind:verify:{meters['20'].id}:{TODAY + timedelta(days=30)}:30:{staff[0]}" in by_key
    assert {row["person_id"] for row in sent} == {people[ANNA].id, people[BORIS].id, people[VERA].id, *staff}
    assert people[READER].id not in {row["person_id"] for row in sent}

    delivered = await world.deliver()
    assert texts_to(delivered, ANNA) == [
        "🔧 <b>Скоро поверка счётчика</b>\n"
        "Счётчик «Нева МТ 124», № RM-1, участок 1, СНТ «Ромашка»\n"
        "Срок следующей поверки — 22.01.2027, через 60 дней.\n"
        "Обратитесь в правление заранее, чтобы договориться о поверке."
    ]
    assert texts_to(delivered, VERA) == [
        "⚠️ <b>The meter's verification is overdue</b>\n"
        "Meter «Нева МТ 124», No. RM-13, plot 13, СНТ «Ромашка»\n"
        "The verification was due on 22.11.2026, 1 day ago.\n"
        "Readings of an unverified meter may not be accepted for billing: contact the board to arrange it."
    ]
    chairman = texts_to(delivered, CHAIRMAN)
    assert len(chairman) == 4
    assert any("№ RM-20, участок 20" in text and "через 30 дней" in text for text in chairman)
    assert all(text.endswith("Запланируйте поверку вместе с жителем.") for text in chairman)

    assert await world.reminders.remind_verifications() == 0  # never the same reminder twice
    world.clock.set(NOW + timedelta(days=30))  # 23.12.2026
    # plots 1 and 12 reach 30 days, plot 14 reaches 60 (each: the resident and three staff); 13 and 20 stay
    assert await world.reminders.remind_verifications() == 4 + 4 + 4
    gleb = await OutboxMessage.get(person_id=people[GLEB].id)
    assert gleb.dedup_key == f"remind:verify:{meters['14'].id}:{TODAY + timedelta(days=90)}:60:{people[GLEB].id}"
    assert gleb.channel == Channel.EMAIL

    world.clock.set(NOW + timedelta(days=61))  # 23.01.2027: plots 1, 12 and 20 overdue, plot 14 at 29 days
    assert await world.reminders.remind_verifications() == 4 + 4 + 3 + 4
    assert await world.reminders.remind_verifications() == 0

    await due(home, m1=365 * 4)  # verified: the new date starts over
    world.clock.set(NOW + timedelta(days=365 * 4 - 60))
    assert await world.reminders.remind_verifications() == 4 + 4  # plot 1 at 60 days; plot 14 overdue by now
    new_date = TODAY + timedelta(days=365 * 4)
    assert await OutboxMessage.exists(dedup_key=f"remind:verify:{meters['1'].id}:{new_date}:60:{people[ANNA].id}")


def test_stages() -> None:
    assert [stage_for(days) for days in (61, 60, 31, 30, 0, -1)] == [
        None,
        Stage.DAYS_60,
        Stage.DAYS_60,
        Stage.DAYS_30,
        Stage.DAYS_30,
        Stage.OVERDUE,
    ]


# --- jobs that survive a restart ------------------------------------------------------------------

DAY = timedelta(days=1)
SPEC = JobSpec("test.daily", DAY, timedelta(hours=12), daily_anchor(10, "Europe/Moscow"))
SLOT = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # 10:00 in Moscow


class Job:
    def __init__(self) -> None:
        self.runs: list[datetime] = []
        self.fail = False

    def bound(self, clock: FixedClock) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            await asyncio.sleep(0)
            if self.fail:
                raise RuntimeError("the database went away")
            self.runs.append(clock.now())

        return run


async def test_a_job_runs_once_per_slot(db: str) -> None:
    clock, job = FixedClock(SLOT - timedelta(minutes=1)), Job()
    runs = JobRuns(clock)
    assert latest_slot(clock.now(), DAY, SPEC.anchor) == SLOT - DAY

    assert await runs.run_due(SPEC, job.bound(clock)) is False  # the first start: yesterday's slot is too old
    clock.set(SLOT)
    assert await runs.run_due(SPEC, job.bound(clock)) is True
    assert job.runs == [SLOT]


async def test_slots_and_no_double_run(db: str) -> None:
    clock, job = FixedClock(SLOT + timedelta(minutes=2)), Job()
    runs = JobRuns(clock)

    assert await runs.run_due(SPEC, job.bound(clock)) is True
    clock.set(SLOT + timedelta(minutes=7))
    assert await runs.run_due(SPEC, job.bound(clock)) is False
    clock.set(SLOT + DAY + timedelta(minutes=1))
    assert await runs.run_due(SPEC, job.bound(clock)) is True
    assert job.runs == [SLOT + timedelta(minutes=2), SLOT + DAY + timedelta(minutes=1)]

    clock.set(SLOT + 2 * DAY)
    results = await asyncio.gather(*(JobRuns(clock).run_due(SPEC, job.bound(clock)) for _ in range(4)))
    assert sorted(results) == [False, False, False, True]  # two processes, or two wake-ups, run it once
    assert len(job.runs) == 3
    assert await JobRun.filter(name=SPEC.name).count() == 1


async def test_a_slot_missed_while_down_runs_once_on_restart_within_the_grace(db: str) -> None:
    clock, job = FixedClock(SLOT), Job()
    await JobRuns(clock).run_due(SPEC, job.bound(clock))

    clock.set(SLOT + 2 * DAY + timedelta(hours=4))  # down for two days, back at 14:00
    restarted = JobRuns(clock)
    assert await restarted.run_due(SPEC, job.bound(clock)) is True
    assert await restarted.run_due(SPEC, job.bound(clock)) is False
    assert job.runs == [SLOT, SLOT + 2 * DAY + timedelta(hours=4)]  # once, not once per missed day


async def test_a_slot_older_than_the_grace_is_skipped(db: str) -> None:
    clock, job = FixedClock(SLOT), Job()
    await JobRuns(clock).run_due(SPEC, job.bound(clock))

    clock.set(SLOT + DAY + timedelta(hours=13))  # back at 23:00: the 10:00 slot is 13 h old
    restarted = JobRuns(clock)
    assert await restarted.run_due(SPEC, job.bound(clock)) is False
    clock.set(SLOT + 2 * DAY)
    assert await restarted.run_due(SPEC, job.bound(clock)) is True
    assert job.runs == [SLOT, SLOT + 2 * DAY]


async def test_a_failed_run_is_tried_again(db: str) -> None:
    clock, job = FixedClock(SLOT), Job()
    runs = JobRuns(clock)
    await runs.run_due(SPEC, job.bound(clock))
    clock.set(SLOT + DAY)
    job.fail = True

    with pytest.raises(RuntimeError):
        await runs.run_due(SPEC, job.bound(clock))
    assert await runs.last_run(SPEC.name) == SLOT  # the claim was given back

    job.fail = False
    clock.set(SLOT + DAY + timedelta(minutes=5))
    assert await runs.run_due(SPEC, job.bound(clock)) is True
    assert job.runs == [SLOT, SLOT + DAY + timedelta(minutes=5)]


# --- the scheduler only wakes the jobs ----------------------------------------------------------------


async def test_the_scheduler_wakes_the_reminder_jobs(home: Estate) -> None:
    world = make_world(now=SLOT + timedelta(minutes=3))
    deps = SchedulerDeps(
        monitoring=MonitoringService(world.clock, timedelta(minutes=15)),
        reminders=world.reminders,
        job_runs=JobRuns(world.clock),
    )
    scheduler = build_scheduler("Europe/Moscow", deps)
    job = scheduler.get_job(JOB_ID)
    assert job is not None
    specs = job.args[2]
    assert [spec.name for spec in specs] == [READINGS_JOB, VERIFICATION_JOB]
    assert all(spec.grace == GRACE and spec.anchor == datetime(2024, 1, 1, 7, 0, tzinfo=UTC) for spec in specs)
    await due(home, m1=30)

    await reminders_tick(world.reminders, JobRuns(world.clock), specs)
    first = await OutboxMessage.all().count()
    world.clock.set(SLOT + timedelta(hours=2))
    await reminders_tick(world.reminders, JobRuns(world.clock), specs)  # restarted: nothing runs twice

    assert first == 5 + 4  # readings: Anna, Boris, Vera × 2, Gleb; verification of plot 1: Anna and the staff
    assert await OutboxMessage.all().count() == first
    assert {name for name in await JobRun.all().values_list("name", flat=True)} == {READINGS_JOB, VERIFICATION_JOB}


async def test_a_failing_job_does_not_stop_the_other(home: Estate, caplog: pytest.LogCaptureFixture) -> None:
    world = make_world(now=SLOT)

    async def broken() -> int:
        raise RuntimeError("boom")

    world.reminders.remind_readings = broken  # type: ignore[method-assign]
    await due(home, m1=30)
    await reminders_tick(world.reminders, JobRuns(world.clock), reminder_jobs("Europe/Moscow"))

    assert await OutboxMessage.filter(topic__startswith="remind:verify").count() == 4
    assert await JobRun.filter(name=READINGS_JOB).count() == 0  # to be tried again at the next wake-up
    assert "job reminders.readings failed" in caplog.text
