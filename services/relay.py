"""Relay commands that confirm: stored first, published once, matched to what the device reports.

The lifecycle (``CommandState``)::

    queued --dispatch--> sent --matching report--> confirmed
      |                   |--report of the other state, by id--> failed
      |                   `--deadline passes (sweep)--> timeout
      |--expires_at passes (sweep)--> expired
      `--cancel(), or a newer command for the meter--> cancelled

Rules (docs/relay.md explains them for operators and firmware authors):

* **Stored first.** :meth:`RelayService.request` writes the row and returns; :meth:`RelayService.dispatch`
  (run by the relay worker every second, and woken by each request) publishes it.
* **Published once.** Only a ``queued`` command is published, and only after a conditional update
  ``queued -> sent`` that exactly one worker can win. When the publisher says the command certainly did
  not leave (:class:`RelayNotSent`: no broker connection), it goes back to ``queued``; any other
  publishing error leaves it ``sent``, to be confirmed or to time out, never to be sent again.
* **Online meters only.** A command for a meter that is offline (or never heard from) waits in
  ``queued`` until the meter is online again or until ``expires_at`` (24 h by default).
* **One at a time per meter.** A meter's next command is published only when the previous one has
  finished, so a report without an id can be matched to exactly one command.
* **The latest intent wins.** A request repeating the meter's newest open command (a double press)
  returns that command and changes nothing. A request for the other action cancels the meter's queued
  commands (``error = "superseded"``) and queues behind the one in flight, if any.
* **Matching.** Where the protocol carries our id (native, Shelly RPC) only a report with that id
  counts: the same state confirms, the other state fails. Where it has none (Tasmota, zigbee2mqtt) a
  report of the commanded state within the deadline confirms; another state is not a failure (the
  device may not have switched yet). A report after the deadline changes nothing: the sweep times the
  command out. Finished commands never change again.
* **Restart.** :meth:`RelayService.resume_after_restart` times out every ``sent`` command whose deadline
  passed while meterbot was away and keeps waiting for the others; nothing is published again.

The meter's ``relay_state`` follows every state report, with or without a command: ingestion writes it
(``services.ingest_store``) before :meth:`RelayService.on_flush` sees the reports.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from typing import Protocol as TypingProtocol
from uuid import UUID, uuid4

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from services import audit
from services.clock import Clock
from services.db.models import Meter, RelayCommand, StaffRole, WebLogin
from services.enums import CommandState, Protocol, RelayAction, Role
from services.errors import Conflict, NotFound, PermissionDenied
from services.ingest import FlushReport, RelayStateIn

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = timedelta(seconds=60)
DEFAULT_EXPIRY = timedelta(hours=24)
RELAY_ROLES = frozenset({Role.CHAIRMAN, Role.DISPATCHER, Role.ADMIN})
"""Who may order a relay on or off, or cancel such an order, at a site (and any superuser)."""
PROTOCOLS_WITH_IDS = frozenset({Protocol.NATIVE, Protocol.SHELLY})
"""Protocols whose state reports echo our command id: only that id confirms there."""
OPEN_STATES = (CommandState.QUEUED, CommandState.SENT)
SHORT_ID_BITS = 30
SHORT_ID_MASK = (1 << SHORT_ID_BITS) - 1
MAX_ERROR = 300


# --- command ids on the wire -----------------------------------------------------------------------


def short_id(command_id: UUID) -> int:
    """The low 30 bits of a command id, for protocols whose request ids are small numbers (Shelly RPC)."""
    return command_id.int & SHORT_ID_MASK


def short_reference(value: int) -> UUID:
    """How an adapter hands a short id back in ``RelayStateIn.command_id``: a UUID of just those bits.

    A real command id (a version 4 UUID) never fits in 30 bits, so the two kinds cannot be confused.
    """
    if not 0 <= value <= SHORT_ID_MASK:
        raise ValueError(f"a short command id is 0..{SHORT_ID_MASK}, not {value}")
    return UUID(int=value)


def refers_to(reported: UUID, command_id: UUID) -> bool:
    """Whether a reported id names this command, in full or by its short id."""
    return reported == command_id or (reported.int <= SHORT_ID_MASK and reported.int == short_id(command_id))


# --- DTO and port ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CommandDTO:
    id: UUID
    meter_id: int
    site_id: int
    serial: str
    protocol: Protocol
    topic_id: str
    action: RelayAction
    state: CommandState
    requested_by: int | None
    created_at: datetime
    sent_at: datetime | None
    finished_at: datetime | None
    deadline_at: datetime | None
    expires_at: datetime | None
    attempts: int
    error: str
    """A short code: ``superseded``, ``cancelled``, ``reported_on`` / ``reported_off``,
    ``publish_uncertain: ...``; empty while all is well."""
    chat_id: int | None
    message_id: int | None

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class RelayNotSent(Exception):
    """The publisher could not hand the command to the broker and is certain it did not leave."""


class RelayPublisher(TypingProtocol):
    """The port to the devices: MQTT in ``meters.relay``."""

    async def publish(self, command: CommandDTO) -> None:
        """Send ``command`` to its meter (QoS 1, never retained); raise :class:`RelayNotSent` when it
        certainly did not leave, any other exception when that is unknown."""
        ...


ChangeListener = Callable[[Sequence[CommandDTO]], Awaitable[None]]

_FIELDS = (
    "id",
    "meter_id",
    "meter__site_id",
    "meter__serial",
    "meter__protocol",
    "meter__topic_id",
    "action",
    "state",
    "requested_by_id",
    "created_at",
    "sent_at",
    "finished_at",
    "deadline_at",
    "expires_at",
    "attempts",
    "error",
    "chat_id",
    "message_id",
)


def _dto(row: dict[str, Any]) -> CommandDTO:
    return CommandDTO(
        id=row["id"] if isinstance(row["id"], UUID) else UUID(str(row["id"])),
        meter_id=row["meter_id"],
        site_id=row["meter__site_id"],
        serial=row["meter__serial"],
        protocol=Protocol(row["meter__protocol"]),
        topic_id=row["meter__topic_id"],
        action=RelayAction(row["action"]),
        state=CommandState(row["state"]),
        requested_by=row["requested_by_id"],
        created_at=row["created_at"],
        sent_at=row["sent_at"],
        finished_at=row["finished_at"],
        deadline_at=row["deadline_at"],
        expires_at=row["expires_at"],
        attempts=row["attempts"],
        error=row["error"],
        chat_id=row["chat_id"],
        message_id=row["message_id"],
    )


async def _load(ids: Iterable[UUID]) -> list[CommandDTO]:
    """The commands in the order of ``ids``."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return []
    rows = {dto.id: dto for dto in map(_dto, await RelayCommand.filter(id__in=wanted).values(*_FIELDS))}
    return [rows[i] for i in wanted if i in rows]


async def _ids(query: QuerySet[RelayCommand]) -> list[UUID]:
    """The ids a query finds, oldest command first."""
    return [row[0] for row in await query.order_by("created_at").values_list("id")]


async def _one(command_id: UUID) -> CommandDTO:
    found = await _load([command_id])
    if not found:
        raise NotFound(f"relay command {command_id}")
    return found[0]


async def _finish(command_id: UUID, state: CommandState, now: datetime, error: str = "") -> bool:
    """``sent``/``queued`` -> a final state, only if it is still open: True when this call did it."""
    updated = await RelayCommand.filter(id=command_id, state__in=OPEN_STATES).update(
        state=state, finished_at=now, error=error[:MAX_ERROR]
    )
    return updated == 1


async def _supersede(
    conn: BaseDBAsyncClient, meter_id: int, action: RelayAction, now: datetime
) -> tuple[UUID | None, list[UUID]]:
    """Within a request's transaction: the meter's open command that already does ``action`` (None:
    a new one is needed) and the queued commands this request cancels as superseded."""
    rows = await (
        RelayCommand.filter(meter_id=meter_id, state__in=OPEN_STATES)
        .using_db(conn)
        .order_by("created_at")
        .values("id", "state", "action")
    )
    if rows and RelayAction(rows[-1]["action"]) is action:
        return rows[-1]["id"], []  # a double press
    superseded = [row["id"] for row in rows if CommandState(row["state"]) is CommandState.QUEUED]
    if superseded:
        await (
            RelayCommand.filter(id__in=superseded, state=CommandState.QUEUED)
            .using_db(conn)
            .update(state=CommandState.CANCELLED, finished_at=now, error="superseded")
        )
    in_flight = [row for row in rows if CommandState(row["state"]) is CommandState.SENT]
    if in_flight and RelayAction(in_flight[-1]["action"]) is action:
        return in_flight[-1]["id"], superseded
    return None, superseded


def _outcome(command: dict[str, Any], report: RelayStateIn, now: datetime) -> CommandState | None:
    """What ``report`` means for a ``sent`` command of the same meter (None: nothing)."""
    if command["deadline_at"] is None or now > command["deadline_at"]:
        return None
    matches = report.state.value == RelayAction(command["action"]).value
    if report.command_id is not None:
        if not refers_to(report.command_id, command["id"]):
            return None
        return CommandState.CONFIRMED if matches else CommandState.FAILED
    if report.protocol in PROTOCOLS_WITH_IDS:
        return None  # a change the device made on its own (a button, a power-up)
    return CommandState.CONFIRMED if matches else None


# --- the service -----------------------------------------------------------------------------------


class RelayService:
    def __init__(
        self,
        clock: Clock,
        publisher: RelayPublisher,
        timeout: timedelta = DEFAULT_TIMEOUT,
        expiry: timedelta = DEFAULT_EXPIRY,
    ) -> None:
        self._clock = clock
        self._publisher = publisher
        self._timeout = timeout
        self._expiry = expiry
        self._listeners: list[ChangeListener] = []
        self._wake = asyncio.Event()
        self._waiting = True
        """Whether queued commands may wait for a meter to come online (checked by each dispatch)."""

    # --- listeners and the worker's pace -----------------------------------------------------------

    def subscribe(self, listener: ChangeListener) -> None:
        """``listener`` gets every batch of commands that changed (to edit the operator's message)."""
        self._listeners.append(listener)

    async def _notify(self, changed: Sequence[CommandDTO]) -> None:
        if not changed:
            return
        for listener in self._listeners:
            try:
                await listener(changed)
            except Exception:  # a listener's bug must not undo or stop the state machine
                log.exception("relay: a change listener failed")

    async def wait_for_work(self, at_most: float) -> None:
        """Return after ``at_most`` seconds, or sooner when a request or a report makes work."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), at_most)
        self._wake.clear()

    # --- reading -----------------------------------------------------------------------------------

    async def get(self, command_id: UUID) -> CommandDTO:
        return await _one(command_id)

    async def open_commands(self, meter_id: int) -> list[CommandDTO]:
        """The meter's queued and sent commands, oldest first."""
        return await _load(await _ids(RelayCommand.filter(meter_id=meter_id, state__in=OPEN_STATES)))

    # --- operators ---------------------------------------------------------------------------------

    async def _may_order(self, person_id: int, site_id: int) -> bool:
        if await StaffRole.exists(person_id=person_id, site_id=site_id, role__in=list(RELAY_ROLES)):
            return True
        return await WebLogin.exists(person_id=person_id, is_superuser=True, blocked=False)

    async def _check_actor(self, actor: int | None, site_id: int, action: str, object_id: str, origin: str) -> None:
        if actor is None or await self._may_order(actor, site_id):
            return
        await audit.record(
            action,
            actor_id=actor,
            site_id=site_id,
            object_type="relay_command",
            object_id=object_id,
            origin=origin,
            allowed=False,
        )
        raise PermissionDenied(action)

    async def request(
        self,
        meter_id: int,
        action: RelayAction,
        requested_by: int | None,
        *,
        chat_id: int | None = None,
        message_id: int | None = None,
        origin: str = "",
    ) -> CommandDTO:
        """Store a command for the meter (``requested_by`` None: meterbot itself, e.g. a scheduled
        restriction); a person needs a role of :data:`RELAY_ROLES` at the meter's site."""
        meter = await Meter.get_or_none(id=meter_id).values("site_id", "serial")
        if meter is None:
            raise NotFound(f"meter {meter_id}")
        await self._check_actor(requested_by, meter["site_id"], "relay.request", str(meter_id), origin)
        now = self._clock.now()
        async with in_transaction() as conn:
            await Meter.select_for_update().using_db(conn).get(id=meter_id)  # one request per meter at a time
            existing, superseded = await _supersede(conn, meter_id, action, now)
            if existing is None:
                created = await RelayCommand.create(
                    id=uuid4(),
                    meter_id=meter_id,
                    action=action,
                    requested_by_id=requested_by,
                    created_at=now,
                    expires_at=now + self._expiry,
                    chat_id=chat_id,
                    message_id=message_id,
                    using_db=conn,
                )
        command_id = existing if existing is not None else created.id
        if existing is not None and not superseded:
            return await _one(existing)  # a double press: that command is under way, nothing changes
        await audit.record(
            "relay.request",
            actor_id=requested_by,
            site_id=meter["site_id"],
            object_type="relay_command",
            object_id=str(command_id),
            origin=origin,
            details={"meter": meter["serial"], "action": action.value, "superseded": [str(s) for s in superseded]},
        )
        self._waiting = True
        self._wake.set()
        await self._notify(await _load([*superseded, *([] if existing else [command_id])]))
        return await _one(command_id)

    async def attach_message(self, command_id: UUID, chat_id: int, message_id: int) -> CommandDTO:
        """Remember the chat message that shows this command (to edit it as the command moves)."""
        if not await RelayCommand.filter(id=command_id).update(chat_id=chat_id, message_id=message_id):
            raise NotFound(f"relay command {command_id}")
        return await _one(command_id)

    async def cancel(self, command_id: UUID, actor: int | None, *, origin: str = "") -> CommandDTO:
        """Cancel a command that has not been sent; ``Conflict`` once it has (it cannot be called back)."""
        command = await _one(command_id)
        await self._check_actor(actor, command.site_id, "relay.cancel", str(command_id), origin)
        if not await RelayCommand.filter(id=command_id, state=CommandState.QUEUED).update(
            state=CommandState.CANCELLED, finished_at=self._clock.now(), error="cancelled"
        ):
            raise Conflict(f"relay command {command_id} is {(await _one(command_id)).state.value}")
        await audit.record(
            "relay.cancel",
            actor_id=actor,
            site_id=command.site_id,
            object_type="relay_command",
            object_id=str(command_id),
            origin=origin,
            details={"meter": command.serial, "action": command.action.value},
        )
        changed = await _one(command_id)
        await self._notify([changed])
        return changed

    # --- the worker --------------------------------------------------------------------------------

    async def dispatch(self, meter_ids: Collection[int] | None = None) -> list[CommandDTO]:
        """Publish the queued commands of online meters that have none in flight (of ``meter_ids`` only,
        when given). Returns the commands that became ``sent``."""
        now = self._clock.now()
        query = RelayCommand.filter(state=CommandState.QUEUED, meter__online=True, expires_at__gt=now)
        if meter_ids is not None:
            query = query.filter(meter_id__in=list(meter_ids))
        candidates = await query.order_by("created_at").values_list("id", "meter_id")
        sent: list[CommandDTO] = []
        if candidates:
            busy = set(
                await RelayCommand.filter(
                    state=CommandState.SENT, meter_id__in=list({meter_id for _, meter_id in candidates})
                ).values_list("meter_id", flat=True)
            )
            for command_id, meter_id in candidates:
                if meter_id in busy:
                    continue
                busy.add(meter_id)
                try:
                    command = await self._send(command_id, now)
                except RelayNotSent:
                    break  # the broker is away: the rest would not leave either
                if command is not None:
                    sent.append(command)
        self._waiting = await RelayCommand.exists(state=CommandState.QUEUED)
        await self._notify(sent)
        return sent

    async def _send(self, command_id: UUID, now: datetime) -> CommandDTO | None:
        """Claim and publish one command: its DTO when sent, None when another worker claimed it first;
        :class:`RelayNotSent` (after queueing it again) when it could not leave."""
        claimed = await RelayCommand.filter(id=command_id, state=CommandState.QUEUED).update(
            state=CommandState.SENT, sent_at=now, deadline_at=now + self._timeout, attempts=F("attempts") + 1
        )
        if claimed != 1:
            return None
        command = await _one(command_id)
        try:
            await self._publisher.publish(command)
        except RelayNotSent as exc:
            await RelayCommand.filter(id=command_id, state=CommandState.SENT).update(
                state=CommandState.QUEUED, sent_at=None, deadline_at=None, attempts=F("attempts") - 1
            )
            log.warning("relay: command %s to %s not sent, queued again (%s)", command_id, command.serial, exc)
            raise
        except Exception as exc:  # it may have left: never publish it again, let it confirm or time out
            log.exception("relay: publishing command %s to %s failed", command_id, command.serial)
            error = f"publish_uncertain: {type(exc).__name__}: {exc}"[:MAX_ERROR]
            await RelayCommand.filter(id=command_id, state=CommandState.SENT).update(error=error)
            return await _one(command_id)
        log.info("relay: command %s (%s) sent to %s", command_id, command.action.value, command.serial)
        return command

    async def on_meter_online(self, meter_ids: Collection[int]) -> list[CommandDTO]:
        """The meters are back: publish what waited for them."""
        if not meter_ids:
            return []
        return await self.dispatch(meter_ids)

    async def on_state_reports(self, reports: Sequence[tuple[int, RelayStateIn]]) -> list[CommandDTO]:
        """Match device reports (meter id, report), as ``FlushReport.relay_states`` has them, to the
        meters' ``sent`` commands. Returns the commands that finished."""
        if not reports:
            return []
        now = self._clock.now()
        rows = await RelayCommand.filter(
            state=CommandState.SENT, meter_id__in=list({meter_id for meter_id, _ in reports})
        ).values("id", "meter_id", "action", "deadline_at")
        by_meter: dict[int, list[dict[str, Any]]] = {}
        for row in rows:
            by_meter.setdefault(row["meter_id"], []).append(row)
        finished: list[UUID] = []
        for meter_id, report in reports:
            for command in by_meter.get(meter_id, []):
                if command["id"] in finished:
                    continue
                state = _outcome(command, report, now)
                if state is None:
                    continue
                error = "" if state is CommandState.CONFIRMED else f"reported_{report.state.value}"
                if await _finish(command["id"], state, now, error):
                    finished.append(command["id"])
                    log.info("relay: command %s %s", command["id"], state.value)
        if finished:
            self._wake.set()  # the meter is free for its next command
        changed = await _load(finished)
        await self._notify(changed)
        return changed

    async def on_flush(self, report: FlushReport) -> None:
        """The ingestion hook (``IngestService(on_flush=...)``): state reports confirm commands, meters
        heard from get what waited for them. The changes reach the listeners of :meth:`subscribe`."""
        await self.on_state_reports(report.relay_states)
        online = [meter_id for meter_id, is_online in report.online.items() if is_online]
        if online and self._waiting:
            await self.on_meter_online(online)

    async def sweep(self) -> list[CommandDTO]:
        """``sent`` past its deadline -> timeout; ``queued`` past its expiry -> expired."""
        now = self._clock.now()
        late = await _ids(RelayCommand.filter(state=CommandState.SENT, deadline_at__lt=now))
        stale = await _ids(RelayCommand.filter(state=CommandState.QUEUED, expires_at__lte=now))
        finished = [i for i in late if await _finish(i, CommandState.TIMEOUT, now)]
        finished += [i for i in stale if await _finish(i, CommandState.EXPIRED, now)]
        if finished:
            self._wake.set()
        changed = await _load(finished)
        for command in changed:
            log.info("relay: command %s to %s %s", command.id, command.serial, command.state.value)
        await self._notify(changed)
        return changed

    async def resume_after_restart(self) -> list[CommandDTO]:
        """At start-up: time out what passed its deadline while we were away, keep waiting for the rest."""
        changed = await self.sweep()
        waiting = await RelayCommand.filter(state=CommandState.SENT).count()
        queued = await RelayCommand.filter(state=CommandState.QUEUED).count()
        log.info(
            "relay: resumed; %d timed out or expired, %d sent still waiting, %d queued", len(changed), waiting, queued
        )
        self._waiting = True
        self._wake.set()
        return changed
