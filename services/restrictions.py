"""Consumption restriction (ограничение потребления): the seeds' form, the notice, the operators' decision,
the relay command, and what the resident is told.

The lifecycle (``RestrictionState``)::

    planned --notice date: the residents are told--> notified --control date: the operators are asked-->
    awaiting_execution --Execute--> executing --the command is confirmed--> done
                                              `--failed / timeout / expired--> failed (Execute again)
    planned (no notice) --at once, after the operator's second confirmation--> executing
    planned / notified / awaiting_execution / executing with a queued command --Cancel--> cancelled
    awaiting_execution --Postpone--> notified, with a new control date (the residents are told again)

Rules:

* **Who.** Ordering, executing, postponing or cancelling needs the chairman, dispatcher or admin role at
  the meter's site (or a superuser), re-checked from the database on every call; refusals and every
  step are in the audit log (``restriction.*``).
* **Never silently.** With a notice, nothing is switched on the control date: the operators get a
  message with Execute / Postpone / Cancel. Without one, the operator has already confirmed twice.
* **Once.** Every transition is a conditional update, so a double press or two operators at once
  change the restriction once; the notices are queued with dedup keys.
* **One open restriction per meter**: cancel it (or let it finish) before planning another.
* **The command** goes through :class:`services.relay.RelayService`; its progress moves the
  restriction and reaches :meth:`RestrictionService.subscribe` listeners (to edit the operators'
  message); the residents are told when power is off and when it is back.
* Notices and questions go out on their day from :data:`NOTICE_HOUR` in the site's time zone.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from tortoise.transactions import in_transaction

from services import audit
from services import restriction_lookup as lookup
from services.clock import Clock
from services.db.models import Binding, Meter, Person, Restriction
from services.enums import BindingStatus, CommandState, RelayAction, RestrictionState
from services.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from services.outbox import OutboxService
from services.pagination import Page
from services.relay import CommandDTO, RelayService
from services.restriction_delivery import RestrictionMessenger
from services.restriction_form import RestrictionForm, check_form
from services.restriction_history import RestrictionStep, restriction_commands, restriction_steps
from services.restriction_journal import journal_csv, journal_page, journal_rows
from services.restriction_model import (
    OPEN,
    RELATED,
    JournalRow,
    MeterTarget,
    OperatorNotice,
    Outcome,
    Progress,
    ProgressListener,
    ResidentAnswer,
    ResidentNotice,
    RestrictionDTO,
    RestrictionNotices,
    local_day,
    restriction_dto,
    zone,
)

log = logging.getLogger(__name__)

NOTICE_HOUR = 9
"""Local hour from which a day's notices and control questions go out."""
POSTPONE_DAYS = (1, 3, 7)
QUESTION_MAX = 1000
EXECUTABLE = (RestrictionState.AWAITING_EXECUTION, RestrictionState.FAILED)
CANCELLABLE = (RestrictionState.PLANNED, RestrictionState.NOTIFIED, RestrictionState.AWAITING_EXECUTION)
TOLD = (RestrictionState.NOTIFIED, RestrictionState.AWAITING_EXECUTION)
"""States in which the residents have been told of the disconnection."""
FINISHED_BY_COMMAND = {
    CommandState.CONFIRMED: RestrictionState.DONE,
    CommandState.FAILED: RestrictionState.FAILED,
    CommandState.TIMEOUT: RestrictionState.FAILED,
    CommandState.EXPIRED: RestrictionState.FAILED,
    CommandState.CANCELLED: RestrictionState.CANCELLED,
}


class RestrictionService:
    def __init__(
        self,
        clock: Clock,
        outbox: OutboxService,
        notices: RestrictionNotices,
        relay: RelayService | None,
        *,
        default_operators_chat_id: int | None = None,
        notice_hour: int = NOTICE_HOUR,
    ) -> None:
        self._clock = clock
        self._messenger = RestrictionMessenger(outbox, notices, default_operators_chat_id)
        self._relay = relay
        self._notice_hour = notice_hour
        self._listeners: list[ProgressListener] = []
        if relay is not None:
            relay.subscribe(self.on_commands)

    def subscribe(self, listener: ProgressListener) -> None:
        """``listener`` gets the restrictions whose command moved, with the command (to edit messages)."""
        self._listeners.append(listener)

    # --- who ---------------------------------------------------------------------------------------

    async def may_order(self, person_id: int, site_id: int) -> bool:
        """Chairman, dispatcher or admin at the site, or a superuser; fresh from the database."""
        return await lookup.may_order(person_id, site_id)

    async def order_sites(self, person_id: int) -> list[int]:
        """The sites where the person may order restrictions."""
        return await lookup.order_sites(person_id)

    async def _authorize(self, actor: int, site_id: int, action: str, object_id: object, origin: str) -> None:
        if await lookup.may_order(actor, site_id):
            return
        await audit.record(
            action,
            actor_id=actor,
            site_id=site_id,
            object_type="restriction",
            object_id=str(object_id),
            origin=origin,
            allowed=False,
        )
        raise PermissionDenied(f"person {actor} may not order restrictions at site {site_id}")

    # --- the form ----------------------------------------------------------------------------------

    async def targets(
        self, actor: int, query: str, *, chat_id: int | None = None, origin: str = ""
    ) -> list[MeterTarget]:
        """Meters whose serial or plot number is ``query``, at the sites where ``actor`` may order (only the
        site of ``chat_id`` when it is a site's operators' chat); PermissionDenied (audited) for a person
        who may order nowhere."""
        sites = await lookup.order_sites(actor)
        if not sites:
            await audit.record("restriction.form", actor_id=actor, object_type="meter", origin=origin, allowed=False)
            raise PermissionDenied(f"person {actor} may not order restrictions anywhere")
        return [await lookup.meter_target(m) for m in await lookup.find_meters(sites, query, chat_id)]

    async def target(self, meter_id: int, actor: int, origin: str) -> MeterTarget:
        """The meter for the form, when ``actor`` may order there (PermissionDenied, audited, otherwise)."""
        site_id = await lookup.meter_site(meter_id)
        if site_id is None:
            raise NotFound(f"meter {meter_id}")
        await self._authorize(actor, site_id, "restriction.form", meter_id, origin)
        return await lookup.meter_target(meter_id)

    async def record_step(self, actor: int, meter_id: int, step: str, origin: str, **details: object) -> None:
        """Audit one step of the form (``restriction.form``), with what was chosen."""
        await audit.record(
            "restriction.form",
            actor_id=actor,
            site_id=await lookup.meter_site(meter_id),
            object_type="meter",
            object_id=str(meter_id),
            origin=origin,
            details={"step": step, **{k: str(v) for k, v in details.items()}},
        )

    async def today(self, meter_id: int) -> date:
        """The current day at the meter's site."""
        return await lookup.meter_today(meter_id, self._clock.now())

    async def check(self, form: RestrictionForm, actor: int, origin: str) -> RestrictionForm:
        """The form as it would be planned (the summary before the confirmation), or why not."""
        target = await self.target(form.meter_id, actor, origin)
        if target.open_restriction is not None:
            raise Conflict(f"meter {form.meter_id} has open restriction {target.open_restriction}")
        return check_form(form, await self.today(form.meter_id))

    async def plan(
        self,
        form: RestrictionForm,
        actor: int,
        origin: str,
        *,
        chat_id: int | None = None,
        message_id: int | None = None,
    ) -> RestrictionDTO:
        """Store the confirmed form. Without a notice the command is ordered at once (its progress edits
        ``chat_id``/``message_id``); with one, the notice and the control question go out on their days."""
        checked = await self.check(form, actor, origin)
        if not checked.notify_resident and self._relay is None:
            raise Conflict("relay commands need MQTT")
        if checked.action is RelayAction.ON and not checked.reason_text:
            checked = replace(checked, reason=await lookup.last_reason(checked.meter_id) or checked.reason)
        async with in_transaction():
            await Meter.select_for_update().filter(id=checked.meter_id).first()  # one plan per meter at a time
            if await Restriction.exists(meter_id=checked.meter_id, state__in=OPEN):
                raise Conflict(f"meter {checked.meter_id} has an open restriction")
            row = await Restriction.create(
                meter_id=checked.meter_id,
                action=checked.action,
                reason=checked.reason,
                reason_text=checked.reason_text,
                debt_amount=checked.debt_amount,
                works_start_on=checked.works_start_on,
                notify_resident=checked.notify_resident,
                notice_on=checked.notice_on,
                control_on=checked.control_on,
                operator_id=actor,
                created_at=self._clock.now(),
            )
        planned = await self.get(row.id)
        await self._audit("restriction.plan", actor, planned, origin, _form_details(planned))
        if not checked.notify_resident:
            outcome = await self._execute(planned, actor, origin, (RestrictionState.PLANNED,), chat_id, message_id)
            return outcome.restriction
        await self._run_due([row.id])
        return await self.get(row.id)

    # --- reading -----------------------------------------------------------------------------------

    async def get(self, restriction_id: int) -> RestrictionDTO:
        row = await Restriction.get_or_none(id=restriction_id).select_related(*RELATED)
        if row is None:
            raise NotFound(f"restriction {restriction_id}")
        return restriction_dto(row)

    async def steps(self, restriction_id: int) -> list[RestrictionStep]:
        """What happened to the restriction, oldest first (from the audit log)."""
        return await restriction_steps(restriction_id)

    async def commands(self, restriction_id: int) -> list[CommandDTO]:
        """The relay commands the restriction ordered, oldest first."""
        return await restriction_commands(restriction_id)

    async def journal(self, site_id: int, plot_id: int | None, period: tuple[date, date]) -> list[JournalRow]:
        """The journal of restriction operations at the site (or one plot) touching ``period``, newest
        first; see :func:`services.restriction_journal.journal_rows`."""
        return await journal_rows(site_id, plot_id, period)

    async def journal_page(
        self,
        site_id: int,
        plot_id: int | None,
        period: tuple[date, date],
        page: int,
        page_size: int = 10,
        state: RestrictionState | None = None,
    ) -> Page[JournalRow]:
        """One page of :meth:`journal` (of ``state`` only, if given), counted and paged by the database; a page
        beyond the last shows the last."""
        return await journal_page(site_id, plot_id, period, page, page_size, state)

    async def journal_csv(self, site_id: int, plot_id: int | None, period: tuple[date, date]) -> bytes:
        """The journal as CSV for a spreadsheet (Russian column names, the site's time zone)."""
        return await journal_csv(site_id, plot_id, period)

    async def journal_sites(self, person_id: int) -> list[tuple[int, str]]:
        """(id, name) of the sites whose journal the person may read (staff but engineers; superusers)."""
        return await lookup.journal_sites(person_id)

    async def journal_period(self, site_id: int, days: int = 365) -> tuple[date, date]:
        """The last ``days`` days up to today at the site (what the chat shows by default)."""
        today = local_day(self._clock.now(), await lookup.site_timezone(site_id) or "UTC")
        return today - timedelta(days=days), today

    async def site_timezone(self, site_id: int) -> str | None:
        return await lookup.site_timezone(site_id)

    async def site_of_chat(self, chat_id: int) -> int | None:
        """The site whose operators' chat this is."""
        return await lookup.site_of_chat(chat_id)

    async def plot_id(self, site_id: int, number: str) -> int | None:
        return await lookup.plot_id(site_id, number)

    # --- the operators' decisions ------------------------------------------------------------------

    async def check_operator(self, restriction_id: int, actor: int, origin: str, action: str) -> RestrictionDTO:
        """The restriction, when ``actor`` may decide on it (PermissionDenied, audited as ``action``, if not)."""
        current = await self.get(restriction_id)
        await self._authorize(actor, current.site_id, action, restriction_id, origin)
        return current

    async def execute(
        self,
        restriction_id: int,
        actor: int,
        origin: str,
        *,
        chat_id: int | None = None,
        message_id: int | None = None,
    ) -> Outcome:
        """Order the command of a restriction awaiting execution (or one that failed: again)."""
        current = await self.get(restriction_id)
        await self._authorize(actor, current.site_id, "restriction.execute", restriction_id, origin)
        return await self._execute(current, actor, origin, EXECUTABLE, chat_id, message_id)

    async def _execute(
        self,
        current: RestrictionDTO,
        actor: int | None,
        origin: str,
        states: Collection[RestrictionState],
        chat_id: int | None,
        message_id: int | None,
    ) -> Outcome:
        if self._relay is None:
            raise Conflict("relay commands need MQTT")
        moved = await Restriction.filter(id=current.id, state__in=list(states)).update(
            state=RestrictionState.EXECUTING, operator_id=actor if actor is not None else current.operator_id
        )
        if not moved:
            return Outcome(await self.get(current.id), False)
        try:
            command = await self._relay.request(
                current.meter_id, current.action, actor, chat_id=chat_id, message_id=message_id, origin=origin
            )
        except Exception:
            await Restriction.filter(id=current.id, state=RestrictionState.EXECUTING).update(state=current.state)
            raise
        await Restriction.filter(id=current.id).update(command_id=command.id)
        executing = await self.get(current.id)
        await self._audit("restriction.execute", actor, executing, origin, {"command": str(command.id)})
        await self._advance([command.id])
        return Outcome(await self.get(current.id), True)

    async def postpone(self, restriction_id: int, actor: int, days: int, origin: str) -> Outcome:
        """Move the control date ``days`` days from today; the residents are told the new date."""
        if days not in POSTPONE_DAYS:
            raise InvalidInput("days", "unsupported")
        current = await self.get(restriction_id)
        await self._authorize(actor, current.site_id, "restriction.postpone", restriction_id, origin)
        control_on = local_day(self._clock.now(), current.timezone) + timedelta(days=days)
        async with in_transaction():
            moved = await Restriction.filter(id=restriction_id, state=RestrictionState.AWAITING_EXECUTION).update(
                state=RestrictionState.NOTIFIED, control_on=control_on
            )
            restriction = await self.get(restriction_id)
            if moved:
                await self._messenger.tell_residents(
                    restriction, ResidentNotice.PLANNED, f"planned:{control_on.isoformat()}"
                )
                await self._audit("restriction.postpone", actor, restriction, origin, {"control_on": str(control_on)})
        return Outcome(restriction, bool(moved))

    async def cancel(self, restriction_id: int, actor: int, origin: str) -> Outcome:
        """Cancel before execution, or while the command still waits for the meter (``Conflict`` once sent)."""
        current = await self.get(restriction_id)
        await self._authorize(actor, current.site_id, "restriction.cancel", restriction_id, origin)
        if current.state is RestrictionState.EXECUTING and current.command_id is not None and self._relay:
            await self._relay.cancel(UUID(current.command_id), actor, origin=origin)  # the listener moves it
            cancelled = await self.get(restriction_id)
            await self._audit("restriction.cancel", actor, cancelled, origin, {"command": current.command_id})
            return Outcome(cancelled, cancelled.state is RestrictionState.CANCELLED)
        async with in_transaction():
            moved = await Restriction.filter(id=restriction_id, state__in=CANCELLABLE).update(
                state=RestrictionState.CANCELLED
            )
            restriction = await self.get(restriction_id)
            if moved:
                if current.state in TOLD:
                    await self._messenger.tell_residents(restriction, ResidentNotice.CANCELLED, "cancelled")
                await self._audit("restriction.cancel", actor, restriction, origin, {"was": current.state.value})
        return Outcome(restriction, bool(moved))

    # --- the calendar (scheduler jobs) -------------------------------------------------------------

    async def run_due(self) -> tuple[int, int]:
        """Send the notices whose day has come and ask the operators about the control dates that came.
        Returns (restrictions notified, questions asked)."""
        return await self._run_due(None)

    async def _run_due(self, ids: Iterable[int] | None) -> tuple[int, int]:
        now = self._clock.now()
        horizon = now.date() + timedelta(days=1)  # no site is more than a day ahead of UTC
        notices = Restriction.filter(
            state=RestrictionState.PLANNED, notify_resident=True, notice_on__lte=horizon
        ).select_related(*RELATED)
        controls = Restriction.filter(state=RestrictionState.NOTIFIED, control_on__lte=horizon).select_related(*RELATED)
        if ids is not None:
            wanted = list(ids)
            notices, controls = notices.filter(id__in=wanted), controls.filter(id__in=wanted)
        notified = 0  # first: a notice due on its control day goes out before the question
        for row in await notices.order_by("id"):
            restriction = restriction_dto(row)
            if restriction.notice_on and self._due(restriction.notice_on, restriction.timezone, now):
                notified += await self._send_notice(restriction)
        asked = 0
        for row in await controls.order_by("id"):
            restriction = restriction_dto(row)
            if restriction.control_on and self._due(restriction.control_on, restriction.timezone, now):
                asked += await self._ask_operators(restriction)
        return notified, asked

    def _due(self, day: date, timezone: str, now: datetime) -> bool:
        local = now.astimezone(zone(timezone))
        return local.date() > day or (local.date() == day and local.hour >= self._notice_hour)

    async def _send_notice(self, restriction: RestrictionDTO) -> int:
        async with in_transaction():
            moved = await Restriction.filter(id=restriction.id, state=RestrictionState.PLANNED).update(
                state=RestrictionState.NOTIFIED
            )
            if not moved:
                return 0
            told = await self.get(restriction.id)
            control = told.control_on.isoformat() if told.control_on else ""
            recipients = await self._messenger.tell_residents(told, ResidentNotice.PLANNED, f"planned:{control}")
            await self._audit("restriction.notice", None, told, "scheduler", {"recipients": recipients})
        return 1

    async def _ask_operators(self, restriction: RestrictionDTO) -> int:
        async with in_transaction():
            moved = await Restriction.filter(id=restriction.id, state=RestrictionState.NOTIFIED).update(
                state=RestrictionState.AWAITING_EXECUTION
            )
            if not moved:
                return 0
            waiting = await self.get(restriction.id)
            control = waiting.control_on.isoformat() if waiting.control_on else ""
            dedup = f"restriction:{waiting.id}:control:{control}"
            if await self._messenger.operators_chat(waiting.site_id) is None:
                log.warning(
                    "restriction %s awaits execution, but site %s has no operators' chat", waiting.id, waiting.site_id
                )
            else:
                await self._messenger.to_operators(waiting, OperatorNotice.CONTROL, None, dedup)
            await self._audit("restriction.control", None, waiting, "scheduler", {"control_on": control})
        return 1

    # --- the command's progress --------------------------------------------------------------------

    async def on_commands(self, changed: Sequence[CommandDTO]) -> None:
        """The relay listener: restrictions follow their commands; the residents hear the outcome."""
        await self._advance([command.id for command in changed])

    async def _advance(self, command_ids: Sequence[UUID]) -> None:
        if not command_ids or self._relay is None:
            return
        rows = await Restriction.filter(command_id__in=list(command_ids)).select_related(*RELATED).order_by("id")
        progress: list[Progress] = []
        for row in rows:
            command = await self._relay.get(row.command_id)  # type: ignore[attr-defined]  # fresh: batches may be late
            final = FINISHED_BY_COMMAND.get(command.state)
            if final is not None:
                await self._finish(restriction_dto(row), command, final)
            progress.append(Progress(await self.get(row.id), command))
        for listener in self._listeners:
            try:
                await listener(progress)
            except Exception:  # a listener's bug must not undo the restriction's move
                log.exception("restrictions: a progress listener failed")

    async def _finish(self, restriction: RestrictionDTO, command: CommandDTO, final: RestrictionState) -> None:
        async with in_transaction():
            moved = await Restriction.filter(id=restriction.id, state=RestrictionState.EXECUTING).update(
                state=final, executed_at=command.finished_at if final is RestrictionState.DONE else None
            )
            if not moved:
                return
            finished = await self.get(restriction.id)
            if final is RestrictionState.DONE:
                notice = ResidentNotice.POWER_OFF if finished.action is RelayAction.OFF else ResidentNotice.POWER_ON
                await self._messenger.tell_residents(finished, notice, f"{notice.value}:{command.id}")
            elif final is RestrictionState.CANCELLED and finished.notify_resident:
                await self._messenger.tell_residents(finished, ResidentNotice.CANCELLED, "cancelled")
            await self._audit(
                f"restriction.{final.value}",
                None,
                finished,
                "relay",
                {"command": str(command.id), "error": command.error},
            )

    # --- the residents' answers --------------------------------------------------------------------

    async def resident_view(self, restriction_id: int, person_id: int) -> RestrictionDTO:
        """The restriction of a meter the person is bound to (NotFound for anyone else)."""
        restriction = await self.get(restriction_id)
        if not await Binding.exists(person_id=person_id, meter_id=restriction.meter_id, status=BindingStatus.ACTIVE):
            raise NotFound(f"restriction {restriction_id}")
        return restriction

    async def resident_answer(self, restriction_id: int, person_id: int, kind: OperatorNotice, text: str = "") -> bool:
        """Pass a resident's "paid" (once) or question (each) to the operators. False: already passed."""
        if kind is OperatorNotice.CONTROL:
            raise InvalidInput("kind", "unsupported")
        restriction = await self.resident_view(restriction_id, person_id)
        question = " ".join(text.split())
        if kind is OperatorNotice.QUESTION and not question:
            raise InvalidInput("question", "empty")
        if len(question) > QUESTION_MAX:
            raise InvalidInput("question", "too_long")
        person = await Person.get(id=person_id)
        answer = ResidentAnswer(person.id, person.name, person.phone, question)
        dedup = f"restriction:{restriction_id}:paid:{person_id}" if kind is OperatorNotice.PAID else None
        queued = await self._messenger.to_operators(restriction, kind, answer, dedup)
        await audit.record(
            f"restriction.resident_{kind.value}",
            actor_id=person_id,
            site_id=restriction.site_id,
            object_type="restriction",
            object_id=str(restriction_id),
            details={"queued": queued, **({"question": question[:200]} if question else {})},
        )
        return queued

    async def _audit(
        self, action: str, actor: int | None, restriction: RestrictionDTO, origin: str, details: dict[str, Any]
    ) -> None:
        await audit.record(
            action,
            actor_id=actor,
            site_id=restriction.site_id,
            object_type="restriction",
            object_id=str(restriction.id),
            origin=origin,
            details={"meter": restriction.serial, "state": restriction.state.value, **details},
        )


def _form_details(restriction: RestrictionDTO) -> dict[str, Any]:
    details: dict[str, Any] = {"action": restriction.action.value, "reason": restriction.reason.value}
    if restriction.debt_amount is not None:
        details["debt_amount"] = str(restriction.debt_amount)
    if restriction.works_start_on is not None:
        details["works_start_on"] = restriction.works_start_on.isoformat()
    if restriction.reason_text:
        details["reason_text"] = restriction.reason_text[:200]
    if restriction.notify_resident:
        details["notice_on"] = str(restriction.notice_on)
        details["control_on"] = str(restriction.control_on)
    return details
