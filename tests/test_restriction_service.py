"""The restriction form's rules, the service's rules without the chat (who, one open restriction per meter,
no operators' chat), the journal over a period and its CSV, and the scheduler's thin job."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from handlers.operator.restriction_texts import RestrictionNoticeRenderer
from scheduler import SchedulerDeps, build_scheduler
from scheduler.restrictions import restriction_calendar
from services import restriction_journal
from services.db.models import AuditEntry, Meter, Person, Plot, Restriction, Site, StaffRole, WebLogin
from services.enums import RelayAction, RelayState, RestrictionReason, RestrictionState, Role
from services.errors import Conflict, InvalidInput, PermissionDenied
from services.monitoring import MonitoringService
from services.restriction_form import RestrictionForm, check_form, parse_amount, parse_day
from services.restriction_model import OperatorNotice
from services.restrictions import RestrictionService
from tests.relay_harness import NOW, SERIAL, Seeded, World, make_world, seed

TODAY = date(2026, 11, 23)


# --- the form ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1500", "1500.00"), ("1 500,5", "1500.50"), ("1\u00a0500.50 ₽", "1500.50"), ("0,01 руб.", "0.01")],
)
def test_amounts_in_roubles_with_kopecks(raw: str, expected: str) -> None:
    assert parse_amount(raw) == Decimal(expected)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [("", "empty"), ("12a", "format"), ("-5", "format"), ("0", "not_positive"), ("1,001", "kopecks")],
)
def test_bad_amounts(raw: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_amount(raw)
    assert (caught.value.field, caught.value.reason) == ("amount", reason)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("25.11.2026", date(2026, 11, 25)),
        ("25.11.26", date(2026, 11, 25)),
        ("2026-11-25", date(2026, 11, 25)),
        ("25.11", date(2026, 11, 25)),
        ("10.01", date(2027, 1, 10)),  # the next such day
    ],
)
def test_days(raw: str, expected: date) -> None:
    assert parse_day(raw, TODAY) == expected


@pytest.mark.parametrize("raw", ["31.02.2026", "завтра", "25/11/2026/1"])
def test_bad_days(raw: str) -> None:
    with pytest.raises(InvalidInput):
        parse_day(raw, TODAY)


@pytest.mark.parametrize(
    ("form", "field", "reason"),
    [
        (RestrictionForm(1, RelayAction.OFF, RestrictionReason.DEBT), "debt_amount", "required"),
        (
            RestrictionForm(1, RelayAction.OFF, RestrictionReason.REPAIR, works_start_on=date(2026, 11, 22)),
            "works_start_on",
            "past",
        ),
        (RestrictionForm(1, RelayAction.OFF, RestrictionReason.OTHER, reason_text="  "), "reason_text", "empty"),
        (
            RestrictionForm(1, RelayAction.OFF, RestrictionReason.DEBT, Decimal(5), notify_resident=True),
            "notice_on",
            "required",
        ),
        (
            RestrictionForm(
                1, RelayAction.OFF, RestrictionReason.DEBT, Decimal(5), None, "", True, TODAY, TODAY - timedelta(1)
            ),
            "control_on",
            "before_notice",
        ),
        (RestrictionForm(1, RelayAction.ON, notify_resident=True), "notify_resident", "not_for_restore"),
    ],
)
def test_form_rules(form: RestrictionForm, field: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_form(form, TODAY)
    assert (caught.value.field, caught.value.reason) == (field, reason)


def test_a_form_keeps_only_what_its_reason_needs() -> None:
    form = RestrictionForm(
        1, RelayAction.OFF, RestrictionReason.DEBT, Decimal("10.5"), TODAY, "лишнее", False, TODAY, TODAY
    )
    assert check_form(form, TODAY) == RestrictionForm(1, RelayAction.OFF, RestrictionReason.DEBT, Decimal("10.50"))


# --- the service -------------------------------------------------------------------------------------


@pytest.fixture
async def world(db: str) -> World:
    return make_world()


@pytest.fixture
async def seeded(world: World) -> Seeded:
    return await seed()


def debt(meter: Meter, notify: bool = True) -> RestrictionForm:
    if not notify:
        return RestrictionForm(meter.id, RelayAction.OFF, RestrictionReason.DEBT, Decimal("1500.50"))
    return RestrictionForm(
        meter.id, RelayAction.OFF, RestrictionReason.DEBT, Decimal("1500.50"), None, "", True, TODAY, TODAY
    )


async def test_who_may_order(world: World, seeded: Seeded) -> None:
    other = await Site.create(slug="other", name="ТСЖ «Берёзка»")
    reader = await Person.create(name="Читатель")
    await StaffRole.create(person=reader, site=seeded.site, role=Role.READER)
    outsider = await Person.create(name="Чужой председатель")
    await StaffRole.create(person=outsider, site=other, role=Role.CHAIRMAN)
    admin = await Person.create(name="Суперпользователь")
    await WebLogin.create(person=admin, login="root", password_hash="x", is_superuser=True)

    for person in (reader, outsider):
        with pytest.raises(PermissionDenied):
            await world.restrictions.plan(debt(seeded.meter), person.id, "test")
    with pytest.raises(PermissionDenied):
        await world.restrictions.targets(reader.id, "12")
    assert await world.restrictions.targets(outsider.id, "12") == []  # not at a site of theirs
    assert [t.serial for t in await world.restrictions.targets(admin.id, "12")] == [SERIAL]
    planned = await world.restrictions.plan(debt(seeded.meter), admin.id, "test")
    assert planned.state is RestrictionState.AWAITING_EXECUTION  # notice and control today, past 09:00
    assert await AuditEntry.filter(action="restriction.form", allowed=False).count() == 3


async def test_one_open_restriction_per_meter(world: World, seeded: Seeded) -> None:
    first = await world.restrictions.plan(debt(seeded.meter), seeded.chairman_id, "test")
    with pytest.raises(Conflict):
        await world.restrictions.plan(debt(seeded.meter), seeded.dispatcher_id, "test")
    target = (await world.restrictions.targets(seeded.dispatcher_id, SERIAL))[0]
    assert target.open_restriction == first.id
    await world.restrictions.cancel(first.id, seeded.dispatcher_id, "test")
    assert (await world.restrictions.plan(debt(seeded.meter), seeded.dispatcher_id, "test")).id != first.id


async def test_a_sent_command_cannot_be_cancelled(world: World, seeded: Seeded) -> None:
    executing = await world.restrictions.plan(debt(seeded.meter, notify=False), seeded.chairman_id, "test")
    assert executing.state is RestrictionState.EXECUTING
    await world.relay.dispatch()
    with pytest.raises(Conflict):
        await world.restrictions.cancel(executing.id, seeded.chairman_id, "test")
    assert (await world.restrictions.get(executing.id)).state is RestrictionState.EXECUTING


async def test_a_queued_command_is_called_off_with_its_restriction(world: World, seeded: Seeded) -> None:
    await Meter.filter(id=seeded.meter.id).update(online=False)  # the command waits for the meter
    executing = await world.restrictions.plan(debt(seeded.meter, notify=False), seeded.chairman_id, "test")
    outcome = await world.restrictions.cancel(executing.id, seeded.dispatcher_id, "test")
    assert (outcome.changed, outcome.restriction.state) == (True, RestrictionState.CANCELLED)
    assert await world.relay.open_commands(seeded.meter.id) == []


async def test_without_an_operators_chat_the_control_date_still_waits_for_an_operator(world: World) -> None:
    seeded = await seed()
    await Site.filter(id=seeded.site.id).update(operators_chat_id=None)
    planned = await world.restrictions.plan(debt(seeded.meter), seeded.chairman_id, "test")
    assert (await world.restrictions.get(planned.id)).state is RestrictionState.AWAITING_EXECUTION
    assert [c.chat_id for c in await world.deliver()] == [1001]  # the resident's notice only
    with pytest.raises(Conflict):
        await world.restrictions.resident_answer(planned.id, seeded.resident_id, OperatorNotice.PAID)


async def test_the_scheduler_job_runs_the_calendar(world: World, seeded: Seeded) -> None:
    form = debt(seeded.meter)
    tomorrow = TODAY + timedelta(days=1)
    form = RestrictionForm(
        form.meter_id, form.action, form.reason, form.debt_amount, None, "", True, tomorrow, tomorrow
    )
    planned = await world.restrictions.plan(form, seeded.chairman_id, "test")
    deps = SchedulerDeps(MonitoringService(world.clock, timedelta(minutes=30)), restrictions=world.restrictions)
    scheduler = build_scheduler("Europe/Moscow", deps)
    assert scheduler.get_job("restrictions.calendar") is not None
    world.clock.set(NOW + timedelta(days=1))
    await restriction_calendar(world.restrictions)
    assert (await world.restrictions.get(planned.id)).state is RestrictionState.AWAITING_EXECUTION


# --- the journal -------------------------------------------------------------------------------------


async def operation(
    meter: Meter, action: RelayAction, state: RestrictionState, at: datetime, operator: Person, **fields: Any
) -> Restriction:
    return await Restriction.create(
        meter=meter,
        action=action,
        reason=fields.pop("reason", RestrictionReason.DEBT),
        state=state,
        executed_at=at if state is RestrictionState.DONE else None,
        operator=operator,
        created_at=at - timedelta(days=3),
        **fields,
    )


async def test_the_journal_and_its_csv(world: World, seeded: Seeded) -> None:
    site, meter = seeded.site, seeded.meter
    dispatcher = await Person.get(id=seeded.dispatcher_id)
    plot7 = await Plot.create(site=site, number="7")
    other = await Meter.create(site=site, plot=plot7, serial="777001", topic_id="777001", relay_state=RelayState.ON)
    july = datetime(2026, 7, 10, 7, 30, tzinfo=UTC)  # 10:30 in Moscow
    await operation(
        meter,
        RelayAction.OFF,
        RestrictionState.DONE,
        july,
        dispatcher,
        debt_amount=Decimal("1500.50"),
        notify_resident=True,
        notice_on=date(2026, 7, 7),
        control_on=date(2026, 7, 10),
    )
    await operation(meter, RelayAction.ON, RestrictionState.DONE, july + timedelta(days=5), dispatcher)
    await operation(other, RelayAction.OFF, RestrictionState.FAILED, july, dispatcher, reason=RestrictionReason.OTHER)
    await operation(other, RelayAction.OFF, RestrictionState.DONE, datetime(2026, 1, 5, tzinfo=UTC), dispatcher)

    summer = (date(2026, 7, 1), date(2026, 7, 31))
    rows = await world.restrictions.journal(site.id, None, summer)
    assert [(r.plot_number, r.action, r.completion.value) for r in rows] == [
        ("7", RelayAction.OFF, "not_executed"),
        ("12", RelayAction.ON, "restored"),
        ("12", RelayAction.OFF, "lifted"),
    ]
    assert [r.serial for r in await world.restrictions.journal(site.id, seeded.plot.id, summer)] == [SERIAL, SERIAL]
    january = await world.restrictions.journal(site.id, plot7.id, (date(2026, 1, 1), date(2026, 1, 31)))
    assert [r.completion.value for r in january] == ["in_force"]

    exported = await world.restrictions.journal_csv(site.id, seeded.plot.id, summer)
    assert exported.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(exported.decode("utf-8-sig")), delimiter=";"))
    assert table[0] == [
        "№",
        "Участок",
        "Серийный номер ПУ",
        "Операция",
        "Причина",
        "Сумма долга, руб.",
        "Дата уведомления",
        "Дата контроля",
        "Фактическая дата",
        "Состояние",
        "Завершение",
        "Исполнитель",
    ]
    assert table[1][1:] == [
        "12",
        SERIAL,
        "ограничение",
        "задолженность",
        "1500,50",
        "07.07.2026",
        "10.07.2026",
        "10.07.2026 10:30",
        "выполнено",
        "снято 15.07.2026",
        "Анна Диспетчер",
    ]
    assert table[2][3] == "снятие ограничения"
    assert table[2][10] == "подача восстановлена"
    assert len(table) == 3


async def test_the_journal_is_paged_by_the_database_in_the_sites_days(
    world: World, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(restriction_journal, "CHUNK", 4)  # the whole journal comes in chunks
    dispatcher = await Person.get(id=seeded.dispatcher_id)
    evening = datetime(2026, 6, 30, 21, 30, tzinfo=UTC)  # 1 July, 00:30 in Moscow: in July
    late = datetime(2026, 7, 31, 21, 30, tzinfo=UTC)  # 1 August in Moscow: not in July
    for day in range(12):
        state = RestrictionState.DONE if day % 3 else RestrictionState.FAILED
        await operation(seeded.meter, RelayAction.OFF, state, datetime(2026, 7, 5 + day, 9, tzinfo=UTC), dispatcher)
    early = await Restriction.create(meter=seeded.meter, action=RelayAction.OFF, reason=RestrictionReason.DEBT)
    await Restriction.filter(id=early.id).update(created_at=evening)
    outside = await Restriction.create(meter=seeded.meter, action=RelayAction.OFF, reason=RestrictionReason.DEBT)
    await Restriction.filter(id=outside.id).update(created_at=late)
    july = (date(2026, 7, 1), date(2026, 7, 31))

    whole = await world.restrictions.journal(seeded.site.id, None, july)
    assert len(whole) == 13
    assert early.id in {r.restriction_id for r in whole}
    assert outside.id not in {r.restriction_id for r in whole}
    pages = [await world.restrictions.journal_page(seeded.site.id, None, july, n, 5) for n in range(3)]
    assert [p.total for p in pages] == [13, 13, 13]
    assert [r for p in pages for r in p.items] == whole
    beyond = await world.restrictions.journal_page(seeded.site.id, None, july, 9, 5)
    assert (beyond.page, beyond.items) == (2, pages[2].items)
    failed = await world.restrictions.journal_page(seeded.site.id, None, july, 0, 50, RestrictionState.FAILED)
    assert failed.total == 4
    assert {r.state for r in failed.items} == {RestrictionState.FAILED}
    assert [r.restriction_id for r in failed.items] == [
        r.restriction_id for r in whole if r.state is RestrictionState.FAILED
    ]
    exported = await world.restrictions.journal_csv(seeded.site.id, None, july)
    table = list(csv.reader(io.StringIO(exported.decode("utf-8-sig")), delimiter=";"))
    assert [int(line[0]) for line in table[1:]] == [r.restriction_id for r in reversed(whole)]


async def test_without_mqtt_nothing_is_planned_that_could_not_run(world: World, seeded: Seeded) -> None:
    offline = RestrictionService(world.clock, world.outbox, RestrictionNoticeRenderer("ru"), None)
    with pytest.raises(Conflict):
        await offline.plan(debt(seeded.meter, notify=False), seeded.chairman_id, "test")
    assert not await Restriction.exists()
    planned = await offline.plan(debt(seeded.meter), seeded.chairman_id, "test")  # a notice needs no MQTT yet
    with pytest.raises(Conflict):
        await offline.execute(planned.id, seeded.chairman_id, "test")
    assert (await offline.get(planned.id)).state is RestrictionState.AWAITING_EXECUTION


async def test_restoring_power_lifts_what_switched_it_off(world: World, seeded: Seeded) -> None:
    off = await world.restrictions.plan(debt(seeded.meter, notify=False), seeded.chairman_id, "test")
    (command,) = await world.relay.dispatch()
    await world.device_reports(seeded.meter, RelayState.OFF, command.id)
    assert (await world.restrictions.get(off.id)).state is RestrictionState.DONE
    on = await world.restrictions.plan(RestrictionForm(seeded.meter.id, RelayAction.ON), seeded.dispatcher_id, "t")
    assert (on.action, on.reason, on.debt_amount, on.state) == (
        RelayAction.ON,
        RestrictionReason.DEBT,
        None,
        RestrictionState.EXECUTING,
    )
