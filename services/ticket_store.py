"""What both sides of the ticket desk share: loading tickets as DTOs, review dates, storing attachments,
and addressing the notifications the :class:`~services.ticket_model.TicketNotices` port renders.

Every notification is an outbox row queued in the caller's transaction, with a dedup key per event and
channel, so that a retried use case never notifies twice. Topics: ``ticket:<id>`` is the post in the
operators' chat (its delivered message id is what later notes reply to), ``ticket:<id>:resident``,
``ticket:<id>:group`` (the resident's comments in the chat) and ``ticket:<id>:staff`` (engineers).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.functions import Count

from services.db.models import Person, Site, Ticket, TicketAttachment, TicketComment
from services.enums import Channel, TicketStage, TicketType
from services.errors import InvalidInput, NotFound
from services.outbox import OutboxService
from services.ports import OutgoingMessage
from services.ticket_files import storage_key
from services.ticket_model import (
    DEFAULT_REVIEW_DAYS,
    OPEN_STAGES,
    AttachmentDTO,
    AttachmentIn,
    EventKind,
    FileStore,
    PersonBrief,
    TicketCard,
    TicketEvent,
    TicketNotices,
    TicketView,
    check_attachment,
    check_content,
)

log = logging.getLogger(__name__)

TICKET_RELATED = ("site", "author", "plot", "meter", "assignee")
REVIEW_DAYS_MAX = 365


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def review_days(site: Site, ticket_type: TicketType) -> int:
    """The site's review time for the type (``Site.ticket_review_days``), else the default."""
    configured = (site.ticket_review_days or {}).get(ticket_type.value)
    if isinstance(configured, int) and not isinstance(configured, bool) and 0 < configured <= REVIEW_DAYS_MAX:
        return configured
    return DEFAULT_REVIEW_DAYS[ticket_type]


def due_at(created: datetime, days: int, timezone: str) -> datetime:
    """The end of the ``days``-th local day after ``created``: "review by 26.11.2026" means all of that day."""
    tz = zone(timezone)
    day = created.astimezone(tz).date() + timedelta(days=days)
    return datetime.combine(day, time(23, 59, 59), tz).astimezone(UTC)


def person_brief(person: Person) -> PersonBrief:
    return PersonBrief(
        id=person.id,
        name=person.name,
        phone=person.phone,
        email=person.email,
        telegram_id=person.telegram_id,
        locale=person.locale,
        channel=Channel(person.channel),
    )


def attachment_dto(row: TicketAttachment) -> AttachmentDTO:
    return AttachmentDTO(
        id=row.id,
        ticket_id=row.ticket_id,  # type: ignore[attr-defined]
        comment_id=row.comment_id,  # type: ignore[attr-defined]
        file_id=row.telegram_file_id,
        file_name=row.file_name,
        mime_type=row.mime_type,
        size=row.size,
        stored=bool(row.storage_key),
    )


def ticket_view(ticket: Ticket, now: datetime, attachments: int) -> TicketView:
    stage = TicketStage(ticket.stage)
    post = (int(ticket.chat_id), int(ticket.message_id)) if ticket.chat_id and ticket.message_id else None
    return TicketView(
        id=ticket.id,
        site_id=ticket.site.id,
        site_name=ticket.site.name,
        timezone=ticket.site.timezone,
        ticket_type=TicketType(ticket.ticket_type),
        stage=stage,
        text=ticket.text,
        author=person_brief(ticket.author),
        plot_number=ticket.plot.number if ticket.plot is not None else "",
        meter_serial=ticket.meter.serial if ticket.meter is not None else "",
        meter_label=ticket.meter.label if ticket.meter is not None else "",
        assignee=person_brief(ticket.assignee) if ticket.assignee is not None else None,
        created_at=ticket.created_at,
        due_at=ticket.due_at,
        closed_at=ticket.closed_at,
        attachments=attachments,
        post=post,
        overdue=stage in OPEN_STAGES and ticket.due_at is not None and ticket.due_at < now,
    )


async def attachment_counts(ticket_ids: Sequence[int]) -> dict[int, int]:
    if not ticket_ids:
        return {}
    rows = (
        await TicketAttachment.filter(ticket_id__in=list(ticket_ids))
        .group_by("ticket_id")
        .annotate(n=Count("id"))
        .values_list("ticket_id", "n")
    )
    return {int(ticket_id): int(n) for ticket_id, n in rows}


async def views(tickets: Sequence[Ticket], now: datetime) -> list[TicketView]:
    counts = await attachment_counts([t.id for t in tickets])
    return [ticket_view(t, now, counts.get(t.id, 0)) for t in tickets]


def events(comments: Iterable[TicketComment], files: Sequence[AttachmentDTO]) -> tuple[TicketEvent, ...]:
    by_comment: dict[int, list[AttachmentDTO]] = {}
    for file in files:
        if file.comment_id is not None:
            by_comment.setdefault(file.comment_id, []).append(file)
    result: list[TicketEvent] = []
    previous: TicketStage | None = None
    for comment in comments:
        stage = TicketStage(comment.stage)
        if previous is None:
            kind = EventKind.CREATED
        elif stage != previous:
            kind = EventKind.STAGE
        else:
            kind = EventKind.REPLY if comment.from_staff else EventKind.COMMENT
        previous = stage
        author = comment.author
        result.append(
            TicketEvent(
                id=comment.id,
                at=comment.created_at,
                kind=kind,
                stage=stage,
                author_id=author.id if author is not None else None,
                author_name=author.name if author is not None else "",
                from_staff=comment.from_staff,
                text=comment.text,
                files=tuple(by_comment.get(comment.id, ())),
            )
        )
    return tuple(result)


async def load_ticket(ticket_id: int) -> Ticket:
    ticket = await Ticket.get_or_none(id=ticket_id).select_related(*TICKET_RELATED)
    if ticket is None:
        raise NotFound(f"ticket {ticket_id}")
    return ticket


async def load_card(ticket_id: int, now: datetime, outbox: OutboxService | None = None) -> TicketCard:
    """The ticket with its history; with ``outbox``, the group post's ids are filled in once delivered."""
    ticket = await load_ticket(ticket_id)
    if ticket.message_id is None and outbox is not None:
        sent = await outbox.sent_message(f"ticket:{ticket_id}")
        if sent is not None:
            await Ticket.filter(id=ticket_id).update(chat_id=sent[0], message_id=sent[1])
            ticket.chat_id, ticket.message_id = sent
    files = [attachment_dto(row) for row in await TicketAttachment.filter(ticket_id=ticket_id).order_by("id")]
    comments = await TicketComment.filter(ticket_id=ticket_id).order_by("id").select_related("author")
    return TicketCard(ticket=ticket_view(ticket, now, len(files)), events=events(comments, files), files=tuple(files))


def checked_uploads(uploads: Sequence[AttachmentIn]) -> list[tuple[AttachmentIn, str]]:
    """Each upload with its MIME type, after the size, type and content checks."""
    checked = []
    for upload in uploads:
        mime = check_attachment(upload.file_name, upload.mime_type, upload.size)
        if upload.data is not None:
            check_content(mime, upload.data)
        if not upload.file_id and upload.data is None:
            raise InvalidInput("attachment", "empty")
        checked.append((upload, mime))
    return checked


async def store_attachments(
    files: FileStore, ticket_id: int, comment_id: int | None, uploads: Sequence[tuple[AttachmentIn, str]]
) -> list[str]:
    """Rows for the uploads, bytes saved under their keys; returns the keys written (to undo on failure)."""
    written: list[str] = []
    for upload, mime in uploads:
        key = ""
        if upload.data is not None:
            key = storage_key(ticket_id, upload.file_name or "photo", mime)
            await files.save(key, upload.data)
            written.append(key)
        size = len(upload.data) if upload.data is not None else (upload.size or 0)
        await TicketAttachment.create(
            ticket_id=ticket_id,
            comment_id=comment_id,
            telegram_file_id=upload.file_id[:200],
            file_name=upload.file_name[:200],
            mime_type=mime,
            size=size,
            storage_key=key,
        )
    return written


async def forget_files(files: FileStore, keys: Iterable[str]) -> None:
    for key in keys:
        try:
            await files.delete(key)
        except OSError:
            log.warning("could not delete %s after a failed ticket write", key, exc_info=True)


class TicketMessenger:
    """Addresses the rendered notices and queues them in the outbox."""

    def __init__(self, outbox: OutboxService, notices: TicketNotices, default_chat_id: int | None) -> None:
        self.outbox = outbox
        self.notices = notices
        self._default_chat = default_chat_id

    def operators_chat(self, operators_chat_id: int | None) -> int | None:
        return operators_chat_id or self._default_chat

    async def post_new(self, card: TicketCard, operators_chat_id: int | None) -> None:
        chat_id = self.operators_chat(operators_chat_id)
        if chat_id is None:
            log.warning("ticket %s: no operators' chat for site %s", card.ticket.id, card.ticket.site_id)
            return
        message = replace(self.notices.for_operators(card), chat_id=chat_id)
        ticket_id = card.ticket.id
        await self.outbox.enqueue(message, topic=f"ticket:{ticket_id}", dedup_key=f"ticket:{ticket_id}:post")

    async def to_resident(
        self, card: TicketCard, key: str, render: Callable[[Channel], OutgoingMessage], *, telegram: bool = True
    ) -> None:
        """Telegram (unless the resident chose e-mail and has an address), plus an e-mail copy when they have one.

        ``telegram=False`` when the resident has just been answered in the chat (the e-mail copy still goes)."""
        person, ticket_id = card.ticket.author, card.ticket.id
        email_only = person.channel is Channel.EMAIL and bool(person.email)
        topic = f"ticket:{ticket_id}:resident"
        if telegram and person.telegram_id is not None and not email_only:
            message = replace(render(Channel.TELEGRAM), chat_id=person.telegram_id)
            await self.outbox.enqueue(
                message, person_id=person.id, topic=topic, dedup_key=f"ticket:{ticket_id}:{key}:telegram"
            )
        if person.email:
            message = replace(render(Channel.EMAIL), chat_id=None, email=person.email)
            await self.outbox.enqueue(
                message,
                channel=Channel.EMAIL,
                person_id=person.id,
                topic=topic,
                dedup_key=f"ticket:{ticket_id}:{key}:email",
            )

    async def to_group(self, card: TicketCard, event: TicketEvent, operators_chat_id: int | None) -> None:
        """The resident's comment (or cancellation) into the ticket's thread of the operators' chat."""
        ticket = card.ticket
        chat_id = ticket.post[0] if ticket.post else self.operators_chat(operators_chat_id)
        if chat_id is None:
            return
        extra: dict[str, Any] = {}
        if ticket.post is not None:
            extra["reply_to_message_id"] = str(ticket.post[1])
        message = self.notices.resident_note(card, event, None)
        message = replace(message, chat_id=chat_id, extra={**message.extra, **extra})
        await self.outbox.enqueue(
            message, topic=f"ticket:{ticket.id}:group", dedup_key=f"ticket:{ticket.id}:event:{event.id}:group"
        )

    async def to_staff(self, person: PersonBrief, key: str, message: OutgoingMessage, ticket_id: int) -> None:
        """A private message to a staff member (an engineer), by Telegram when they have it, else e-mail."""
        if person.telegram_id is not None:
            await self.outbox.enqueue(
                replace(message, chat_id=person.telegram_id),
                person_id=person.id,
                topic=f"ticket:{ticket_id}:staff",
                dedup_key=f"ticket:{ticket_id}:{key}:staff:{person.id}",
            )
        elif person.email:
            await self.outbox.enqueue(
                replace(message, chat_id=None, email=person.email),
                channel=Channel.EMAIL,
                person_id=person.id,
                topic=f"ticket:{ticket_id}:staff",
                dedup_key=f"ticket:{ticket_id}:{key}:staff:{person.id}",
            )
