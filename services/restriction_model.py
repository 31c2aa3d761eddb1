"""What the restriction service hands out: DTOs, the notice port, the completion of a journal row, and the
mapping from the models. No text here: the Telegram side renders (:class:`RestrictionNotices`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from services.db.models import Meter, Restriction
from services.enums import Channel, CommandState, RelayAction, RelayState, RestrictionReason, RestrictionState
from services.ports import OutgoingMessage
from services.relay import CommandDTO

OPEN = (
    RestrictionState.PLANNED,
    RestrictionState.NOTIFIED,
    RestrictionState.AWAITING_EXECUTION,
    RestrictionState.EXECUTING,
)
"""A meter has at most one restriction in these states."""
RELATED = ("meter__site", "meter__plot", "operator", "command")


class ResidentNotice(StrEnum):
    PLANNED = "planned"
    """The advance notice: the amount or the works, the planned date, the contact; Paid / Question."""
    POWER_OFF = "power_off"
    POWER_ON = "power_on"
    CANCELLED = "cancelled"
    """The disconnection the resident was told about will not happen."""


class OperatorNotice(StrEnum):
    CONTROL = "control"
    """The control date has come: Execute / Postpone / Cancel."""
    PAID = "paid"
    QUESTION = "question"


class Completion(StrEnum):
    """The journal's "completion" column (статус о завершении ограничения)."""

    PENDING = "pending"
    IN_FORCE = "in_force"
    """Power is off and has not been restored since."""
    LIFTED = "lifted"
    """Power was off and has been restored (``lifted_on``)."""
    RESTORED = "restored"
    """A restoring operation that succeeded."""
    NOT_EXECUTED = "not_executed"


@dataclass(frozen=True, slots=True)
class RestrictionDTO:
    id: int
    site_id: int
    site_name: str
    timezone: str
    support_contact: str
    meter_id: int
    serial: str
    meter_model: str
    plot_id: int | None
    plot_number: str
    action: RelayAction
    reason: RestrictionReason
    reason_text: str
    debt_amount: Decimal | None
    works_start_on: date | None
    notify_resident: bool
    notice_on: date | None
    control_on: date | None
    state: RestrictionState
    created_at: datetime
    executed_at: datetime | None
    operator_id: int | None
    operator_name: str
    command_id: str | None
    command_state: CommandState | None
    command_error: str

    @property
    def is_open(self) -> bool:
        return self.state in OPEN


@dataclass(frozen=True, slots=True)
class MeterTarget:
    """A meter as the restriction form shows it."""

    meter_id: int
    site_id: int
    site_name: str
    serial: str
    model: str
    plot_number: str
    relay_state: RelayState
    online: bool | None
    residents: int
    """People with an active binding to the meter: who a notice reaches."""
    open_restriction: int | None
    """The meter's open restriction, if any: a new one waits until it is done or cancelled."""


@dataclass(frozen=True, slots=True)
class ResidentAnswer:
    """A resident's "paid" or question about a notice, for the operators."""

    person_id: int
    name: str
    phone: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a press did: the restriction as it is now, and whether this press changed it."""

    restriction: RestrictionDTO
    changed: bool


@dataclass(frozen=True, slots=True)
class Progress:
    """A restriction's command moved (or was just created): edit the operators' message."""

    restriction: RestrictionDTO
    command: CommandDTO


ProgressListener = Callable[[Sequence[Progress]], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class JournalRow:
    """A line of the journal of restriction operations (ведомость операций ограничения)."""

    restriction_id: int
    plot_number: str
    serial: str
    action: RelayAction
    reason: RestrictionReason
    debt_amount: Decimal | None
    notice_on: date | None
    control_on: date | None
    executed_on: date | None
    """The actual day, in the site's time zone."""
    executed_at: datetime | None
    state: RestrictionState
    completion: Completion
    lifted_on: date | None
    operator_name: str


class RestrictionNotices(Protocol):
    """Renders restriction notifications; the service addresses and queues them."""

    def for_resident(
        self, restriction: RestrictionDTO, notice: ResidentNotice, locale: str | None, channel: Channel
    ) -> OutgoingMessage:
        """A notice to a resident of the meter, in their language, for Telegram or e-mail."""
        ...

    def for_operators(
        self, restriction: RestrictionDTO, notice: OperatorNotice, answer: ResidentAnswer | None = None
    ) -> OutgoingMessage:
        """A message for the operators' chat (the control date's question, a resident's answer)."""
        ...


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def local_day(moment: datetime, timezone: str) -> date:
    return moment.astimezone(zone(timezone)).date()


def restriction_dto(row: Restriction) -> RestrictionDTO:
    """``row`` with :data:`RELATED` fetched."""
    meter: Meter = row.meter
    site, plot, command = meter.site, meter.plot, row.command
    return RestrictionDTO(
        id=row.id,
        site_id=site.id,
        site_name=site.name,
        timezone=site.timezone,
        support_contact=site.support_contact,
        meter_id=meter.id,
        serial=meter.serial,
        meter_model=meter.model,
        plot_id=plot.id if plot is not None else None,
        plot_number=plot.number if plot is not None else "",
        action=RelayAction(row.action),
        reason=RestrictionReason(row.reason),
        reason_text=row.reason_text,
        debt_amount=row.debt_amount,
        works_start_on=row.works_start_on,
        notify_resident=row.notify_resident,
        notice_on=row.notice_on,
        control_on=row.control_on,
        state=RestrictionState(row.state),
        created_at=row.created_at,
        executed_at=row.executed_at,
        operator_id=row.operator.id if row.operator is not None else None,
        operator_name=row.operator.name if row.operator is not None else "",
        command_id=str(command.id) if command is not None else None,
        command_state=CommandState(command.state) if command is not None else None,
        command_error=command.error if command is not None else "",
    )
