"""Tickets' vocabulary: rules (stages, review times, limits), DTOs, and the ports the adapters implement.

A ticket's number is its id ("№ 123"): one sequence for the whole install, so that a number names one
ticket whichever site it belongs to, and a resident can quote it on the phone.

Stages follow the seeds' dispatcher desk: registered → qualified → in work → done, or cancelled from any
open stage. The history is the ticket's comments in order; a comment whose stage differs from the one
before it is a stage change (the first one is the registration), the others are staff replies or the
resident's comments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from services.enums import Channel, TicketStage, TicketType
from services.errors import Conflict, InvalidInput
from services.ports import OutgoingMessage

OPEN_STAGES: tuple[TicketStage, ...] = (TicketStage.REGISTERED, TicketStage.QUALIFIED, TicketStage.IN_WORK)
CLOSED_STAGES: tuple[TicketStage, ...] = (TicketStage.DONE, TicketStage.CANCELLED)
STAGE_ORDER: tuple[TicketStage, ...] = OPEN_STAGES + CLOSED_STAGES
RESIDENT_CANCELLABLE: frozenset[TicketStage] = frozenset({TicketStage.REGISTERED, TicketStage.QUALIFIED})

DEFAULT_REVIEW_DAYS: dict[TicketType, int] = {
    TicketType.CONNECTION: 30,
    TicketType.TAKE_READINGS: 5,
    TicketType.ADMIT_METER: 10,
    TicketType.REPLACE_METER: 10,
    TicketType.NON_CONTRACTUAL: 10,
    TicketType.THEFT: 3,
    TicketType.COMPLAINT: 10,
    TicketType.QUESTION: 3,
    TicketType.OTHER: 10,
}
"""Calendar days to review a ticket of each type, unless ``Site.ticket_review_days`` says otherwise."""

TEXT_MIN = 10
TEXT_MAX = 4000
COMMENT_MAX = 4000
REASON_MAX = 1000
MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_FILES = 10
"""At most this many files when a ticket is created (each later comment carries its own)."""
MAX_NEW_PER_DAY = 10
"""A resident may file this many tickets in 24 hours: enough for anyone, not enough to flood the desk."""

ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    "image/jpeg": ("jpg", "jpeg"),
    "image/png": ("png",),
    "image/webp": ("webp",),
    "image/heic": ("heic",),
    "image/heif": ("heif",),
    "application/pdf": ("pdf",),
}
"""The allowlist: MIME type → file name extensions. Photos, scans of signed applications, PDFs."""
_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "application/x-pdf": "application/pdf"}


class DeskAction(StrEnum):
    """What staff do with a ticket; each is checked against the actor's roles and the ticket's stage."""

    VIEW = "view"
    TAKE = "take"
    ASSIGN = "assign"
    START = "start"
    REPLY = "reply"
    CLOSE = "close"
    CANCEL = "cancel"


class EventKind(StrEnum):
    CREATED = "created"
    STAGE = "stage"
    REPLY = "reply"
    COMMENT = "comment"


# --- DTOs -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonBrief:
    id: int
    name: str
    phone: str
    email: str
    telegram_id: int | None
    locale: str | None
    channel: Channel = Channel.TELEGRAM


@dataclass(frozen=True, slots=True)
class Place:
    """Where a ticket is about: a plot, a meter of it, or both (from the resident's active bindings)."""

    site_id: int
    site_name: str
    plot_id: int | None
    plot_number: str
    meter_id: int | None
    meter_serial: str
    meter_label: str


@dataclass(frozen=True, slots=True)
class AttachmentIn:
    """A file the resident sent: Telegram's metadata, and its bytes when the adapter could download them."""

    file_id: str
    file_name: str
    mime_type: str
    size: int | None
    data: bytes | None = None


@dataclass(frozen=True, slots=True)
class AttachmentDTO:
    id: int
    ticket_id: int
    comment_id: int | None
    file_id: str
    file_name: str
    mime_type: str
    size: int
    stored: bool

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")


@dataclass(frozen=True, slots=True)
class TicketView:
    id: int
    site_id: int
    site_name: str
    timezone: str
    ticket_type: TicketType
    stage: TicketStage
    text: str
    author: PersonBrief
    plot_number: str
    meter_serial: str
    meter_label: str
    assignee: PersonBrief | None
    created_at: datetime
    due_at: datetime | None
    closed_at: datetime | None
    attachments: int
    post: tuple[int, int] | None
    """(chat id, message id) of the ticket's post in the operators' chat, once delivered."""
    overdue: bool

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


@dataclass(frozen=True, slots=True)
class TicketEvent:
    id: int
    at: datetime
    kind: EventKind
    stage: TicketStage
    author_id: int | None
    author_name: str
    from_staff: bool
    text: str
    files: tuple[AttachmentDTO, ...] = ()


@dataclass(frozen=True, slots=True)
class TicketCard:
    """A ticket with its history (oldest first) and every file."""

    ticket: TicketView
    events: tuple[TicketEvent, ...]
    files: tuple[AttachmentDTO, ...]

    @property
    def stage_event(self) -> TicketEvent | None:
        """The event that brought the ticket to its current stage (who, when, with what comment)."""
        for event in reversed(self.events):
            if event.kind in (EventKind.CREATED, EventKind.STAGE):
                return event
        return None

    @property
    def last_event(self) -> TicketEvent | None:
        return self.events[-1] if self.events else None


@dataclass(frozen=True, slots=True)
class Outcome:
    card: TicketCard
    changed: bool
    """False when the action had nothing to do (the engineer was assigned already)."""


@dataclass(frozen=True, slots=True)
class TicketQuery:
    """A desk search; every criterion given must match. Without stages: open ones, or any stage when a
    number, plot, name or period is given."""

    number: int | None = None
    plot: str | None = None
    name: str | None = None
    period: tuple[date, date] | None = None
    stages: tuple[TicketStage, ...] | None = None
    site_id: int | None = None
    """Only this site's tickets (the admin web's per-site desk); not a search criterion by itself."""

    @property
    def is_search(self) -> bool:
        return any(value is not None for value in (self.number, self.plot, self.name, self.period))


@dataclass(frozen=True, slots=True)
class TicketList:
    items: tuple[TicketView, ...]
    total: int
    overdue: int
    site_names: tuple[str, ...]


class StageConflict(Conflict):
    """The ticket is not in a stage the action applies to (a stale or double press): nothing changed."""

    code = "ticket_stage"

    def __init__(self, card: TicketCard, action: DeskAction | str) -> None:
        super().__init__(f"ticket {card.ticket.id} is {card.ticket.stage.value}; cannot {action}")
        self.card = card
        self.action = str(action)


class NotAnEngineer(InvalidInput):
    """Assigning someone without the engineer role at the ticket's site."""

    def __init__(self) -> None:
        super().__init__("assignee", "not_engineer")


# --- ports ----------------------------------------------------------------------------------------


class TicketNotices(Protocol):
    """Renders ticket notifications (the Telegram side implements it); the services address and queue them."""

    def for_operators(self, card: TicketCard) -> OutgoingMessage:
        """The new ticket's post for the operators' chat, with the desk's buttons."""
        ...

    def registered(self, card: TicketCard, channel: Channel) -> OutgoingMessage:
        """To the resident: the number and the estimated review date (the e-mail copy of the receipt)."""
        ...

    def stage_changed(self, card: TicketCard, channel: Channel) -> OutgoingMessage:
        """To the resident: the ticket moved to its current stage (with the staff's comment)."""
        ...

    def staff_reply(self, card: TicketCard, event: TicketEvent, channel: Channel) -> OutgoingMessage:
        """To the resident: a reply from staff."""
        ...

    def resident_note(self, card: TicketCard, event: TicketEvent, language: str | None) -> OutgoingMessage:
        """To staff (the group's thread, or the assigned engineer): the resident commented or cancelled."""
        ...

    def assigned(self, card: TicketCard, language: str | None) -> OutgoingMessage:
        """To the engineer: a ticket is assigned to you (with Start / Reply / Close buttons)."""
        ...

    def overdue_digest(self, site_name: str, tickets: Sequence[TicketView], language: str | None) -> OutgoingMessage:
        """To a dispatcher: the site's open tickets past their review date."""
        ...


class FileStore(Protocol):
    """Where attachments' bytes are kept, by key ("<ticket>/<uuid>-<name>")."""

    async def save(self, key: str, data: bytes) -> None: ...

    async def load(self, key: str) -> bytes: ...

    async def delete(self, key: str) -> None: ...


# --- rules ----------------------------------------------------------------------------------------


def clean_text(raw: str, *, field: str, minimum: int, maximum: int) -> str:
    """Trimmed text within the bounds (line breaks kept). Reasons: ``empty``, ``too_short``, ``too_long``."""
    text = "\n".join(line.rstrip() for line in raw.strip().splitlines())
    if not text:
        raise InvalidInput(field, "empty")
    if len(text) < minimum:
        raise InvalidInput(field, "too_short")
    if len(text) > maximum:
        raise InvalidInput(field, "too_long")
    return text


def validate_text(raw: str) -> str:
    return clean_text(raw, field="text", minimum=TEXT_MIN, maximum=TEXT_MAX)


def validate_comment(raw: str) -> str:
    return clean_text(raw, field="comment", minimum=1, maximum=COMMENT_MAX)


def validate_reason(raw: str, field: str = "reason") -> str:
    return clean_text(raw, field=field, minimum=1, maximum=REASON_MAX)


def extension(file_name: str) -> str:
    _, dot, ext = file_name.rpartition(".")
    return ext.lower() if dot else ""


def check_attachment(file_name: str, mime_type: str, size: int | None) -> str:
    """The file's MIME type when it may be attached. Reasons: ``too_large``, ``empty``, ``type``.

    A photo sent as a photo has no name and is a JPEG; a document is judged by its declared type and
    its name's extension, which must agree with the allowlist.
    """
    if size is not None and size > MAX_FILE_SIZE:
        raise InvalidInput("attachment", "too_large")
    if size == 0:
        raise InvalidInput("attachment", "empty")
    mime = mime_type.lower().strip()
    mime = _ALIASES.get(mime, mime)
    ext = extension(file_name)
    if mime in ("", "application/octet-stream"):
        mime = next((known for known, extensions in ALLOWED_TYPES.items() if ext in extensions), "")
    if mime not in ALLOWED_TYPES or (ext and ext not in ALLOWED_TYPES[mime]):
        raise InvalidInput("attachment", "type")
    return mime


def sniff(data: bytes) -> str | None:
    """The MIME type the bytes themselves show (magic numbers), or None for anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"):
        return "image/heic"
    return None


def check_content(mime_type: str, data: bytes) -> None:
    """The downloaded bytes must be what the file claims to be (HEIC and HEIF are one family)."""
    if len(data) > MAX_FILE_SIZE:
        raise InvalidInput("attachment", "too_large")
    if not data:
        raise InvalidInput("attachment", "empty")
    found = sniff(data)
    family = {"image/heif": "image/heic"}
    if found is None or family.get(found, found) != family.get(mime_type, mime_type):
        raise InvalidInput("attachment", "type")
