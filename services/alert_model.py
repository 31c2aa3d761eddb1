"""Alerts' vocabulary: kinds, DTOs, the ports the Telegram side implements, and the shared helpers.

An alert is an event turned into work. Its *kind* is the device's event code, or one of meterbot's own
monitoring kinds below. Services hand adapters :class:`AlertView` DTOs and never produce text: the
:class:`AlertNotices` port renders messages for the outbox, and the :class:`MessageEditor` port edits
what was delivered, both implemented in ``handlers``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from services.db.models import Alert, Binding, StaffRole, WebLogin
from services.enums import AlertState, BindingStatus, Channel, EventClass, MeterKind, Role, Severity
from services.ports import OutgoingMessage

OFFLINE = "offline"
"""A meter silent for longer than the silence limit (cleared when data returns)."""
DEVIATION = "deviation"
"""A day's consumption far from the average of the three days before it, or above a constant."""
IMBALANCE = "imbalance"
"""The site's main meter(s) against the sum of the individual meters, for a day."""
MONITORING_KINDS = frozenset({OFFLINE, DEVIATION, IMBALANCE})

HANDLERS: frozenset[Role] = frozenset({Role.CHAIRMAN, Role.DISPATCHER, Role.ADMIN})
"""Roles that may acknowledge, take and clear alerts at their site."""

SEVERITY_RANK: dict[Severity, int] = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ALARM: 2}

LIVE_STATES = (AlertState.ACTIVE, AlertState.ACKNOWLEDGED)


def active_key(meter_id: int, kind: str) -> str:
    """What the database keeps unique while an alert is active or acknowledged."""
    return f"{meter_id}:{kind}"


def worse(a: Severity, b: Severity) -> Severity:
    return a if SEVERITY_RANK[a] >= SEVERITY_RANK[b] else b


# --- DTOs -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Signal:
    """Something that raises (or repeats) an alert: a meter event or a monitoring finding."""

    meter_id: int
    kind: str
    event_class: EventClass
    severity: Severity
    at: datetime
    details: Mapping[str, Any] = field(default_factory=dict)
    count: int = 1
    first_at: datetime | None = None

    @property
    def since(self) -> datetime:
        return self.first_at or self.at


@dataclass(frozen=True, slots=True)
class AlertMeter:
    id: int
    serial: str
    label: str
    model: str
    kind: MeterKind
    plot_number: str
    site_id: int
    site_name: str
    timezone: str
    operators_chat_id: int | None = None


@dataclass(frozen=True, slots=True)
class AlertView:
    """An alert as messages show it: what, where, who lives there, and where it stands."""

    id: int
    kind: str
    event_class: EventClass
    severity: Severity
    state: AlertState
    first_at: datetime
    last_at: datetime
    count: int
    details: Mapping[str, Any]
    meter: AlertMeter
    residents: tuple[str, ...]
    assignee_name: str
    acknowledged_by_name: str
    acknowledged_at: datetime | None
    cleared_at: datetime | None
    escalation_level: int

    @property
    def cleared_by(self) -> str:
        """The operator's name, or "" when the alert cleared itself (see :attr:`cleared_reason`)."""
        return str(self.details.get("cleared_by", ""))

    @property
    def cleared_reason(self) -> str:
        """``operator``, ``data`` (the meter spoke again) or ``normal`` (the figures are back in bounds)."""
        return str(self.details.get("cleared_reason", ""))


@dataclass(frozen=True, slots=True)
class AlertOutcome:
    view: AlertView
    changed: bool
    """True when this call changed the alert; False when it was in that state already (a double press)."""


@dataclass(frozen=True, slots=True)
class Audience:
    """Who a rendered alert is for: the channel, the language (None: the operators' chat's), and whether
    it is an escalation (level 1, 2) rather than the first notice (0)."""

    channel: Channel
    language: str | None = None
    escalation: int = 0


@dataclass(frozen=True, slots=True)
class DigestPeriod:
    """Quiet hours that ended: what a digest covers, in the site's time zone."""

    start: datetime
    end: datetime
    timezone: str


# --- ports ----------------------------------------------------------------------------------------


class AlertNotices(Protocol):
    """Renders alert messages; the service addresses, queues and edits them."""

    def alert(self, view: AlertView, audience: Audience) -> OutgoingMessage:
        """The alert with its state; for Telegram with the action buttons while it is not cleared."""
        ...

    def digest(self, views: Sequence[AlertView], period: DigestPeriod, audience: Audience) -> OutgoingMessage:
        """What happened during quiet hours, one line per alert."""
        ...


class MessageEditor(Protocol):
    async def edit(self, chat_id: int, message_id: int, message: OutgoingMessage) -> bool:
        """Replace a delivered message's text and buttons; False when Telegram asks to wait (try later)."""
        ...


# --- mapping --------------------------------------------------------------------------------------

VIEW_RELATED = ("meter__site", "meter__plot", "assignee", "acknowledged_by")


def view_of(row: Alert, residents: Sequence[str]) -> AlertView:
    meter = row.meter
    return AlertView(
        id=row.id,
        kind=row.kind,
        event_class=EventClass(row.event_class),
        severity=Severity(row.severity),
        state=AlertState(row.state),
        first_at=row.first_at,
        last_at=row.last_at,
        count=row.count,
        details=dict(row.details or {}),
        meter=AlertMeter(
            id=meter.id,
            serial=meter.serial,
            label=meter.label,
            model=meter.model,
            kind=MeterKind(meter.kind),
            plot_number=meter.plot.number if meter.plot is not None else "",
            site_id=meter.site.id,
            site_name=meter.site.name,
            timezone=meter.site.timezone,
            operators_chat_id=meter.site.operators_chat_id,
        ),
        residents=tuple(residents),
        assignee_name=row.assignee.name if row.assignee is not None else "",
        acknowledged_by_name=row.acknowledged_by.name if row.acknowledged_by is not None else "",
        acknowledged_at=row.acknowledged_at,
        cleared_at=row.cleared_at,
        escalation_level=row.escalation_level,
    )


async def load_views(alert_ids: Iterable[int]) -> dict[int, AlertView]:
    """Alerts with their meters and the names of the residents bound to them: two queries."""
    ids = list(dict.fromkeys(alert_ids))
    if not ids:
        return {}
    rows = await Alert.filter(id__in=ids).select_related(*VIEW_RELATED)
    meter_ids = {row.meter.id for row in rows}
    names: dict[int, list[str]] = {}
    bound = (
        await Binding.filter(meter_id__in=meter_ids, status=BindingStatus.ACTIVE)
        .order_by("id")
        .values_list("meter_id", "person__name")
    )
    for meter_id, name in bound:
        if name and name not in names.setdefault(meter_id, []):
            names[meter_id].append(name)
    return {row.id: view_of(row, names.get(row.meter.id, [])) for row in rows}


async def may_handle(person_id: int, site_id: int) -> bool:
    """Chairman, dispatcher or admin at the site, or a superuser; fresh from the database."""
    if await StaffRole.exists(person_id=person_id, site_id=site_id, role__in=list(HANDLERS)):
        return True
    return await WebLogin.exists(person_id=person_id, is_superuser=True, blocked=False)


async def is_staff(person_id: int, site_id: int) -> bool:
    """Any role at the site (readers and engineers included), or a superuser."""
    if await StaffRole.exists(person_id=person_id, site_id=site_id):
        return True
    return await WebLogin.exists(person_id=person_id, is_superuser=True, blocked=False)
