"""RelayService without MQTT: the command state machine on the database (SQLite or PostgreSQL).

The publisher here is a test double of our own port (``services.relay.RelayPublisher``): it records
what the service hands it, so that "published exactly once" can be counted.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from services.clock import FixedClock
from services.db.models import AuditEntry, Meter, Person, RelayCommand, Site, StaffRole
from services.enums import CommandState, Protocol, RelayAction, RelayState, Role
from services.errors import Conflict, NotFound, PermissionDenied
from services.ingest import IngestService, RelayStateIn, StatusIn
from services.relay import (
    CommandDTO,
    RelayNotSent,
    RelayService,
    refers_to,
    short_id,
    short_reference,
)

NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)
TIMEOUT = timedelta(seconds=60)


class Publisher:
    """Records publications; ``fail`` makes the next ones raise."""

    def __init__(self) -> None:
        self.published: list[CommandDTO] = []
        self.fail: Exception | None = None

    async def publish(self, command: CommandDTO) -> None:
        if self.fail is not None:
            raise self.fail
        self.published.append(command)


class Changes:
    """What the service tells its listeners."""

    def __init__(self, service: RelayService) -> None:
        self.seen: list[CommandDTO] = []
        service.subscribe(self._keep)

    async def _keep(self, changed: Sequence[CommandDTO]) -> None:
        self.seen.extend(changed)

    def states(self) -> list[tuple[str, CommandState]]:
        return [(c.serial, c.state) for c in self.seen]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def publisher() -> Publisher:
    return Publisher()


@pytest.fixture
def relay(clock: FixedClock, publisher: Publisher) -> RelayService:
    return RelayService(clock, publisher, timeout=TIMEOUT)


@pytest.fixture
async def site(db: str) -> Site:
    return await Site.create(slug="snt", name="СНТ Ромашка")


@pytest.fixture
async def meters(site: Site) -> dict[str, Meter]:
    """One online meter per protocol, and an offline native one."""
    specs = [
        ("NAT", Protocol.NATIVE, "NAT", True),
        ("TAS", Protocol.TASMOTA, "plug_7", True),
        ("SHE", Protocol.SHELLY, "shellypro1pm-a8032ab12345", True),
        ("ZIG", Protocol.ZIGBEE2MQTT, "plot_12_plug", True),
        ("OFF", Protocol.NATIVE, "OFF", False),
    ]
    return {
        serial: await Meter.create(site=site, serial=serial, protocol=protocol, topic_id=topic, online=online)
        for serial, protocol, topic, online in specs
    }


def report(meter: Meter, state: RelayState, command_id: object = None) -> tuple[int, RelayStateIn]:
    item = RelayStateIn(meter.topic_id, state, command_id, protocol=meter.protocol)  # type: ignore[arg-type]
    return meter.id, item


async def sent(relay: RelayService, meter: Meter, action: RelayAction = RelayAction.OFF) -> CommandDTO:
    command = await relay.request(meter.id, action, None)
    (dispatched,) = await relay.dispatch([meter.id])
    assert dispatched.id == command.id
    return dispatched


async def test_stored_first_then_sent_once_then_confirmed_by_its_id(
    relay: RelayService, publisher: Publisher, meters: dict[str, Meter], site: Site
) -> None:
    changes = Changes(relay)
    chairman = await Person.create(name="Председатель")
    await StaffRole.create(person=chairman, site=site, role=Role.CHAIRMAN)
    command = await relay.request(meters["NAT"].id, RelayAction.OFF, chairman.id, chat_id=-100, message_id=7)

    assert command.state is CommandState.QUEUED
    assert (command.expires_at, command.requested_by, command.chat_id, command.message_id) == (
        NOW + timedelta(hours=24),
        chairman.id,
        -100,
        7,
    )
    assert publisher.published == []
    assert await RelayCommand.filter(id=command.id, state=CommandState.QUEUED).exists()

    (sent_now,) = await relay.dispatch()
    assert (sent_now.state, sent_now.sent_at, sent_now.deadline_at, sent_now.attempts) == (
        CommandState.SENT,
        NOW,
        NOW + TIMEOUT,
        1,
    )
    assert await relay.dispatch() == []
    assert [c.id for c in publisher.published] == [command.id]

    (done,) = await relay.on_state_reports([report(meters["NAT"], RelayState.OFF, command.id)])
    assert (done.state, done.finished_at, done.error) == (CommandState.CONFIRMED, NOW, "")
    assert changes.states() == [
        ("NAT", CommandState.QUEUED),
        ("NAT", CommandState.SENT),
        ("NAT", CommandState.CONFIRMED),
    ]
    audit = await AuditEntry.filter(action="relay.request").values_list("actor_id", "site_id", "object_id", "allowed")
    assert audit == [(chairman.id, site.id, str(command.id), True)]


async def test_where_the_protocol_has_ids_only_the_id_counts(relay: RelayService, meters: dict[str, Meter]) -> None:
    native = await sent(relay, meters["NAT"])
    other = short_reference(short_id(native.id) ^ 1)

    # a state change of the device's own (no id) and an answer to another command change nothing
    assert await relay.on_state_reports([report(meters["NAT"], RelayState.OFF)]) == []
    assert await relay.on_state_reports([report(meters["NAT"], RelayState.OFF, other)]) == []
    assert (await relay.get(native.id)).state is CommandState.SENT

    (failed,) = await relay.on_state_reports([report(meters["NAT"], RelayState.ON, native.id)])
    assert (failed.state, failed.error) == (CommandState.FAILED, "reported_on")
    # finished commands never change again
    assert await relay.on_state_reports([report(meters["NAT"], RelayState.OFF, native.id)]) == []


async def test_a_shelly_reply_names_the_command_by_its_short_id(relay: RelayService, meters: dict[str, Meter]) -> None:
    command = await sent(relay, meters["SHE"], RelayAction.ON)
    reference = short_reference(short_id(command.id))
    assert reference != command.id
    assert refers_to(reference, command.id)
    assert refers_to(command.id, command.id)
    assert not refers_to(short_reference(short_id(command.id) ^ 1), command.id)

    (done,) = await relay.on_state_reports([report(meters["SHE"], RelayState.ON, reference)])
    assert done.state is CommandState.CONFIRMED


@pytest.mark.parametrize("serial", ["TAS", "ZIG"])
async def test_without_ids_the_commanded_state_within_the_deadline_confirms(
    relay: RelayService, clock: FixedClock, meters: dict[str, Meter], serial: str
) -> None:
    meter = meters[serial]
    command = await sent(relay, meter)

    # the device still says ON (a telemetry message before it switched): not a failure, keep waiting
    assert await relay.on_state_reports([report(meter, RelayState.ON)]) == []
    clock.set(NOW + TIMEOUT)  # the deadline itself is still within
    (done,) = await relay.on_state_reports([report(meter, RelayState.ON), report(meter, RelayState.OFF)])
    assert (done.id, done.state, done.finished_at) == (command.id, CommandState.CONFIRMED, NOW + TIMEOUT)


@pytest.mark.parametrize("serial", ["TAS", "NAT"])
async def test_a_report_after_the_deadline_does_not_confirm_and_the_sweep_times_out(
    relay: RelayService, clock: FixedClock, meters: dict[str, Meter], serial: str
) -> None:
    meter = meters[serial]
    command = await sent(relay, meter)
    clock.set(NOW + TIMEOUT - timedelta(seconds=1))
    assert await relay.sweep() == []

    clock.set(NOW + TIMEOUT + timedelta(seconds=1))
    assert await relay.on_state_reports([report(meter, RelayState.OFF, command.id)]) == []
    (late,) = await relay.sweep()
    assert (late.id, late.state, late.finished_at) == (
        command.id,
        CommandState.TIMEOUT,
        NOW + TIMEOUT + timedelta(seconds=1),
    )
    assert await relay.sweep() == []


async def test_an_offline_meter_waits_and_gets_its_command_when_back_online(
    relay: RelayService, publisher: Publisher, clock: FixedClock, meters: dict[str, Meter]
) -> None:
    offline = meters["OFF"]
    command = await relay.request(offline.id, RelayAction.OFF, None)
    assert await relay.dispatch() == []
    clock.set(NOW + timedelta(hours=3))
    assert await relay.sweep() == []
    assert publisher.published == []

    ingest = IngestService(clock, on_flush=relay.on_flush)
    await ingest.submit_status(StatusIn(offline.topic_id, online=True))
    assert await ingest.flush()

    assert [c.id for c in publisher.published] == [command.id]
    now_sent = await relay.get(command.id)
    assert (now_sent.state, now_sent.deadline_at) == (CommandState.SENT, NOW + timedelta(hours=3) + TIMEOUT)


async def test_a_command_that_waits_too_long_expires_unsent(
    relay: RelayService, publisher: Publisher, clock: FixedClock, meters: dict[str, Meter]
) -> None:
    command = await relay.request(meters["OFF"].id, RelayAction.ON, None)
    clock.set(NOW + timedelta(hours=24))
    (expired,) = await relay.sweep()
    assert (expired.id, expired.state) == (command.id, CommandState.EXPIRED)

    await Meter.filter(id=meters["OFF"].id).update(online=True)
    assert await relay.on_meter_online([meters["OFF"].id]) == []
    assert publisher.published == []


async def test_cancel_takes_back_a_queued_command_only(
    relay: RelayService, publisher: Publisher, meters: dict[str, Meter], site: Site
) -> None:
    changes = Changes(relay)
    queued = await relay.request(meters["OFF"].id, RelayAction.OFF, None)
    cancelled = await relay.cancel(queued.id, None)
    assert (cancelled.state, cancelled.error, cancelled.finished_at) == (CommandState.CANCELLED, "cancelled", NOW)
    assert changes.seen[-1] == cancelled
    with pytest.raises(Conflict):
        await relay.cancel(queued.id, None)

    in_flight = await sent(relay, meters["NAT"])
    with pytest.raises(Conflict):
        await relay.cancel(in_flight.id, None)
    assert (await relay.get(in_flight.id)).state is CommandState.SENT

    await Meter.filter(id=meters["OFF"].id).update(online=True)
    assert await relay.dispatch() == []
    assert [c.id for c in publisher.published] == [in_flight.id]


async def test_only_a_chairman_dispatcher_or_admin_of_the_site_orders_or_cancels(
    relay: RelayService, meters: dict[str, Meter], site: Site
) -> None:
    elsewhere = await Site.create(slug="other", name="ТСЖ")
    engineer, outsider, admin, dispatcher = [await Person.create(name=n) for n in ("И", "Ч", "А", "Д")]
    await StaffRole.create(person=engineer, site=site, role=Role.ENGINEER)
    await StaffRole.create(person=outsider, site=elsewhere, role=Role.CHAIRMAN)
    await StaffRole.create(person=admin, site=site, role=Role.ADMIN)
    await StaffRole.create(person=dispatcher, site=site, role=Role.DISPATCHER)

    for person in (engineer, outsider):
        with pytest.raises(PermissionDenied):
            await relay.request(meters["NAT"].id, RelayAction.OFF, person.id)
    assert not await RelayCommand.exists()
    command = await relay.request(meters["OFF"].id, RelayAction.OFF, admin.id)
    with pytest.raises(PermissionDenied):
        await relay.cancel(command.id, engineer.id)
    assert (await relay.cancel(command.id, dispatcher.id)).state is CommandState.CANCELLED
    assert (await relay.request(meters["OFF"].id, RelayAction.ON, dispatcher.id)).requested_by == dispatcher.id

    denied = await AuditEntry.filter(allowed=False).order_by("id").values_list("action", "actor_id")
    assert denied == [("relay.request", engineer.id), ("relay.request", outsider.id), ("relay.cancel", engineer.id)]
    with pytest.raises(NotFound):
        await relay.request(999_999, RelayAction.OFF, None)


async def test_a_double_press_changes_nothing_and_the_latest_intent_wins(
    relay: RelayService, publisher: Publisher, clock: FixedClock, meters: dict[str, Meter]
) -> None:
    offline = meters["OFF"]
    first = await relay.request(offline.id, RelayAction.OFF, None)
    again = await relay.request(offline.id, RelayAction.OFF, None)
    assert again.id == first.id
    assert await RelayCommand.filter(meter_id=offline.id).count() == 1

    clock.set(NOW + timedelta(seconds=1))
    changes = Changes(relay)
    turned = await relay.request(offline.id, RelayAction.ON, None)
    assert turned.id != first.id
    assert turned.state is CommandState.QUEUED
    superseded = await relay.get(first.id)
    assert (superseded.state, superseded.error) == (CommandState.CANCELLED, "superseded")
    assert [(c.id, c.state) for c in changes.seen] == [
        (first.id, CommandState.CANCELLED),
        (turned.id, CommandState.QUEUED),
    ]
    assert [c.id for c in await relay.open_commands(offline.id)] == [turned.id]


async def test_one_command_in_flight_per_meter(
    relay: RelayService, publisher: Publisher, clock: FixedClock, meters: dict[str, Meter]
) -> None:
    meter = meters["TAS"]
    off = await sent(relay, meter)
    clock.set(NOW + timedelta(seconds=1))
    on = await relay.request(meter.id, RelayAction.ON, None)
    assert await relay.dispatch() == []  # waits for the OFF in flight

    clock.set(NOW + timedelta(seconds=2))
    assert (await relay.request(meter.id, RelayAction.OFF, None)).id == off.id  # ON superseded, OFF under way
    assert (await relay.get(on.id)).state is CommandState.CANCELLED
    clock.set(NOW + timedelta(seconds=3))
    on_again = await relay.request(meter.id, RelayAction.ON, None)

    # a report matching the queued ON must not confirm the OFF in flight, nor the ON that was never sent
    assert await relay.on_state_reports([report(meter, RelayState.ON)]) == []
    (confirmed,) = await relay.on_state_reports([report(meter, RelayState.OFF)])
    assert confirmed.id == off.id
    (next_one,) = await relay.dispatch()
    assert next_one.id == on_again.id
    assert [c.id for c in publisher.published] == [off.id, on_again.id]


async def test_a_restart_resumes_open_commands_and_publishes_nothing_twice(
    clock: FixedClock, meters: dict[str, Meter]
) -> None:
    before, after = Publisher(), Publisher()
    first = RelayService(clock, before, timeout=TIMEOUT)
    answered = await sent(first, meters["NAT"])
    silent = await sent(first, meters["TAS"])
    waiting = await first.request(meters["OFF"].id, RelayAction.OFF, None)
    clock.set(NOW + timedelta(seconds=5))
    late = await sent(first, meters["ZIG"])  # its deadline is 5 s later than the others'

    # meterbot stops; a new process starts 62 s after the first commands were sent
    clock.set(NOW + TIMEOUT + timedelta(seconds=2))
    second = RelayService(clock, after, timeout=TIMEOUT)
    resumed = await second.resume_after_restart()
    assert {(c.id, c.state) for c in resumed} == {
        (answered.id, CommandState.TIMEOUT),
        (silent.id, CommandState.TIMEOUT),
    }
    assert await second.dispatch() == []
    (confirmed,) = await second.on_state_reports([report(meters["ZIG"], RelayState.OFF)])
    assert confirmed.id == late.id

    await Meter.filter(id=meters["OFF"].id).update(online=True)
    (queued_then_sent,) = await second.dispatch()
    assert queued_then_sent.id == waiting.id
    published = [c.id for c in before.published + after.published]
    assert sorted(map(str, published)) == sorted(map(str, {answered.id, silent.id, late.id, waiting.id}))


async def test_two_workers_never_send_the_same_command(clock: FixedClock, meters: dict[str, Meter]) -> None:
    one, two = Publisher(), Publisher()
    workers = [RelayService(clock, one, timeout=TIMEOUT), RelayService(clock, two, timeout=TIMEOUT)]
    for serial in ("NAT", "TAS", "SHE", "ZIG"):
        await workers[0].request(meters[serial].id, RelayAction.OFF, None)

    rounds = await asyncio.gather(*(w.dispatch() for w in workers), *(w.dispatch() for w in workers))
    sent_ids = [c.id for batch in rounds for c in batch]
    published = [c.id for c in one.published + two.published]
    assert len(published) == len(set(published)) == len(sent_ids) == 4


async def test_a_command_that_could_not_leave_waits_and_one_that_may_have_left_is_never_resent(
    relay: RelayService, publisher: Publisher, meters: dict[str, Meter]
) -> None:
    command = await relay.request(meters["NAT"].id, RelayAction.OFF, None)
    other = await relay.request(meters["TAS"].id, RelayAction.OFF, None)
    publisher.fail = RelayNotSent("no connection")
    assert await relay.dispatch() == []
    for queued in (await relay.get(command.id), await relay.get(other.id)):
        assert (queued.state, queued.attempts, queued.sent_at) == (CommandState.QUEUED, 0, None)

    publisher.fail = TimeoutError("no PUBACK")
    uncertain = {c.id: c for c in await relay.dispatch()}
    assert set(uncertain) == {command.id, other.id}
    assert all(c.state is CommandState.SENT and c.error.startswith("publish_uncertain") for c in uncertain.values())
    publisher.fail = None
    assert await relay.dispatch() == []
    assert publisher.published == []


async def test_relay_state_follows_what_the_device_reports(
    relay: RelayService, clock: FixedClock, meters: dict[str, Meter]
) -> None:
    ingest = IngestService(clock, on_flush=relay.on_flush)
    tasmota, native = meters["TAS"], meters["NAT"]
    await ingest.submit_relay_state(RelayStateIn(tasmota.topic_id, RelayState.OFF, protocol=Protocol.TASMOTA))
    assert await ingest.flush()
    assert (await Meter.get(id=tasmota.id)).relay_state is RelayState.OFF  # no command: the state still follows

    command = await sent(relay, native, RelayAction.ON)
    await ingest.submit_relay_state(RelayStateIn(native.topic_id, RelayState.OFF, command.id))
    assert await ingest.flush()
    assert (await relay.get(command.id)).state is CommandState.FAILED
    assert (await Meter.get(id=native.id)).relay_state is RelayState.OFF


async def test_a_reply_and_the_devices_own_report_in_one_batch_both_count(
    relay: RelayService, clock: FixedClock, meters: dict[str, Meter]
) -> None:
    shelly = meters["SHE"]
    command = await sent(relay, shelly)
    ingest = IngestService(clock, on_flush=relay.on_flush)
    reply = short_reference(short_id(command.id))
    await ingest.submit_relay_state(RelayStateIn(shelly.topic_id, RelayState.OFF, reply, protocol=Protocol.SHELLY))
    await ingest.submit_relay_state(RelayStateIn(shelly.topic_id, RelayState.OFF, protocol=Protocol.SHELLY))
    assert await ingest.flush()
    assert (await relay.get(command.id)).state is CommandState.CONFIRMED
    assert (await Meter.get(id=shelly.id)).relay_state is RelayState.OFF
