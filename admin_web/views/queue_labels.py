"""Names of the queues' values as their pages show them (message ids; templates translate them with ``_()``).
Templates get them as ``QL.<group>[value]``."""

from __future__ import annotations

from types import SimpleNamespace

from admin_web.i18n import N_
from services.enums import (
    AlertState,
    Channel,
    CommandState,
    RelayAction,
    RestrictionReason,
    RestrictionState,
    TicketStage,
    TicketType,
)

TICKET_STAGE: dict[str, str] = {
    TicketStage.REGISTERED: N_("registered"),
    TicketStage.QUALIFIED: N_("accepted for review"),
    TicketStage.IN_WORK: N_("in work"),
    TicketStage.DONE: N_("completed"),
    TicketStage.CANCELLED: N_("cancelled"),
}
TICKET_TYPE: dict[str, str] = {
    TicketType.CONNECTION: N_("Technological connection"),
    TicketType.TAKE_READINGS: N_("Taking meter readings"),
    TicketType.ADMIT_METER: N_("Admitting a meter into operation"),
    TicketType.REPLACE_METER: N_("Installing or replacing a meter"),
    TicketType.NON_CONTRACTUAL: N_("Non-contractual consumption"),
    TicketType.THEFT: N_("Theft of grid equipment"),
    TicketType.COMPLAINT: N_("Complaint"),
    TicketType.QUESTION: N_("Question"),
    TicketType.OTHER: N_("Other request"),
}
ALERT_STATE: dict[str, str] = {
    AlertState.ACTIVE: N_("active"),
    AlertState.ACKNOWLEDGED: N_("acknowledged"),
    AlertState.CLEARED: N_("cleared"),
}
RESTRICTION_STATE: dict[str, str] = {
    RestrictionState.PLANNED: N_("planned"),
    RestrictionState.NOTIFIED: N_("the resident has been notified"),
    RestrictionState.AWAITING_EXECUTION: N_("awaiting execution"),
    RestrictionState.EXECUTING: N_("being executed"),
    RestrictionState.DONE: N_("done"),
    RestrictionState.FAILED: N_("not done"),
    RestrictionState.CANCELLED: N_("called off"),
}
RESTRICTION_REASON: dict[str, str] = {
    RestrictionReason.DEBT: N_("debt"),
    RestrictionReason.REPAIR: N_("repair works"),
    RestrictionReason.OTHER: N_("other reason"),
}
RELAY_ACTION: dict[str, str] = {
    RelayAction.OFF: N_("restriction (power off)"),
    RelayAction.ON: N_("lifting (power on)"),
}
COMMAND_STATE: dict[str, str] = {
    CommandState.QUEUED: N_("queued, waiting for the meter"),
    CommandState.SENT: N_("sent to the meter, waiting for confirmation"),
    CommandState.CONFIRMED: N_("confirmed by the meter"),
    CommandState.FAILED: N_("the meter reported that the relay did not switch"),
    CommandState.TIMEOUT: N_("no confirmation from the meter in time"),
    CommandState.EXPIRED: N_("the meter stayed offline; the command expired"),
    CommandState.CANCELLED: N_("cancelled before it was sent"),
}
CHANNEL: dict[str, str] = {Channel.TELEGRAM: "Telegram", Channel.EMAIL: N_("e-mail")}

QL = SimpleNamespace(
    ticket_stage=TICKET_STAGE,
    ticket_type=TICKET_TYPE,
    alert_state=ALERT_STATE,
    restriction_state=RESTRICTION_STATE,
    restriction_reason=RESTRICTION_REASON,
    relay_action=RELAY_ACTION,
    command_state=COMMAND_STATE,
    channel=CHANNEL,
)
