"""Bindings' vocabulary: refusals, DTOs, the notices port, and the helpers every binding use case shares.

Only ``services`` import this module's ORM-facing helpers; adapters use the DTOs, :class:`Refusal` and
:class:`BindingRefused` (usually through :mod:`services.bindings`, which re-exports them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import NoReturn, Protocol

from services import binding_throttle as throttle
from services.db.models import Binding, Meter, Site, StaffRole, WebLogin
from services.enums import BindingMethod, BindingStatus, Channel, Role
from services.errors import DomainError
from services.ports import OutgoingMessage

DECIDERS: frozenset[Role] = frozenset({Role.CHAIRMAN, Role.DISPATCHER, Role.ADMIN})
LIVE = (BindingStatus.PENDING, BindingStatus.ACTIVE)


class Refusal(StrEnum):
    """Why a binding attempt was refused; each gets its own answer."""

    UNKNOWN_SERIAL = "unknown_serial"
    MISMATCH = "identifier_mismatch"
    BOUND_TO_OTHER = "bound_to_other"
    PENDING = "already_pending"
    ALREADY_YOURS = "already_yours"
    UNKNOWN_QR = "unknown_qr"
    UNKNOWN_CODE = "unknown_code"
    CODE_EXPIRED = "code_expired"
    CODE_USED = "code_used"
    NO_METERS = "no_meters"


GUESSES = frozenset({Refusal.UNKNOWN_SERIAL, Refusal.MISMATCH, Refusal.UNKNOWN_QR, Refusal.UNKNOWN_CODE})
"""Refusals that count towards throttling: the ones someone guessing would get."""


class BindingRefused(DomainError):
    code = "binding_refused"

    def __init__(self, reason: Refusal, support_contact: str = "") -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.support_contact = support_contact


# --- DTOs -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeterBrief:
    id: int
    site_id: int
    site_name: str
    serial: str
    model: str
    plot_number: str
    account_number: str


@dataclass(frozen=True, slots=True)
class BindingDTO:
    id: int
    person_id: int
    meter: MeterBrief
    status: BindingStatus
    method: BindingMethod
    label: str
    requested_at: datetime
    decided_at: datetime | None
    decided_by_name: str
    reject_reason: str


@dataclass(frozen=True, slots=True)
class ResidentBrief:
    id: int
    name: str
    phone: str
    email: str
    telegram_id: int | None
    locale: str | None


@dataclass(frozen=True, slots=True)
class BindingRequest:
    """A binding with who asked and the site's time zone: what operators and notices show."""

    binding: BindingDTO
    resident: ResidentBrief
    timezone: str


@dataclass(frozen=True, slots=True)
class Decision:
    request: BindingRequest
    changed: bool
    """True when this call made the decision; False when it had been made (or withdrawn) already."""


@dataclass(frozen=True, slots=True)
class PlotBindings:
    site_name: str
    plot_number: str
    account_number: str
    bindings: tuple[BindingDTO, ...]


@dataclass(frozen=True, slots=True)
class CodeDTO:
    code: str
    site_id: int
    plot_id: int
    plot_number: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Redeemed:
    plot_number: str
    site_name: str
    bindings: tuple[BindingDTO, ...]


class BindingNotices(Protocol):
    """Renders binding notifications; the service addresses and queues them."""

    def for_operators(self, request: BindingRequest) -> OutgoingMessage:
        """The request for the operators' chat, with Approve / Reject buttons."""
        ...

    def for_resident(self, request: BindingRequest, channel: Channel) -> OutgoingMessage:
        """The decision on the request, in the resident's language, for Telegram or e-mail."""
        ...


# --- mapping --------------------------------------------------------------------------------------

BINDING_RELATED = ("meter__site", "meter__plot", "meter__account", "person", "decided_by")


def meter_brief(meter: Meter) -> MeterBrief:
    return MeterBrief(
        id=meter.id,
        site_id=meter.site.id,
        site_name=meter.site.name,
        serial=meter.serial,
        model=meter.model,
        plot_number=meter.plot.number if meter.plot is not None else "",
        account_number=meter.account.number if meter.account is not None else "",
    )


def binding_dto(binding: Binding) -> BindingDTO:
    return BindingDTO(
        id=binding.id,
        person_id=binding.person.id,
        meter=meter_brief(binding.meter),
        status=BindingStatus(binding.status),
        method=BindingMethod(binding.method),
        label=binding.label,
        requested_at=binding.created_at,
        decided_at=binding.decided_at,
        decided_by_name=binding.decided_by.name if binding.decided_by is not None else "",
        reject_reason=binding.reject_reason,
    )


def binding_request(binding: Binding) -> BindingRequest:
    person = binding.person
    resident = ResidentBrief(person.id, person.name, person.phone, person.email, person.telegram_id, person.locale)
    return BindingRequest(binding=binding_dto(binding), resident=resident, timezone=binding.meter.site.timezone)


def natural_key(text: str) -> tuple[int, int, str]:
    """Plot numbers in the order people expect: 2 before 10, then anything not numeric."""
    return (0, int(text), "") if text.isdigit() else (1, 0, text.casefold())


async def may_decide(person_id: int, site_id: int) -> bool:
    """Chairman, dispatcher or admin at the site, or a superuser; fresh from the database."""
    if await StaffRole.exists(person_id=person_id, site_id=site_id, role__in=list(DECIDERS)):
        return True
    return await WebLogin.exists(person_id=person_id, is_superuser=True, blocked=False)


async def refuse(
    person_id: int,
    now: datetime,
    reason: Refusal,
    meter: Meter | None = None,
    *,
    details: dict[str, str] | None = None,
) -> NoReturn:
    """Raise the refusal; one that a guesser would get is recorded first, and counts towards throttling."""
    site_id = meter.site.id if meter is not None else None
    if reason in GUESSES:
        await throttle.record(
            throttle.FAILED,
            now,
            actor_id=person_id,
            site_id=site_id,
            object_type="person",
            object_id=str(person_id),
            allowed=False,
            details={"reason": reason.value, **(details or {})},
        )
    contact = meter.site.support_contact if meter is not None else await only_support_contact()
    raise BindingRefused(reason, contact)


async def only_support_contact() -> str:
    """The support contact when the site is not known yet: that of the only site there is."""
    contacts = await Site.all().limit(2).values_list("support_contact", flat=True)
    return str(contacts[0]) if len(contacts) == 1 else ""
