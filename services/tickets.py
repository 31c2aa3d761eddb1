"""Residents' requests and complaints: filing one (type, plot or meter, text, files), the list of open
ones and the archive of closed ones, the history, comments with photos, and cancelling before work starts.

A resident files tickets about the plots and meters of their *active* bindings only; every call takes
the person id and answers NotFound for anyone else's ticket. The estimated review date is the end of
the local day ``Site.ticket_review_days[type]`` (or :data:`DEFAULT_REVIEW_DAYS`) days after filing. New
tickets are posted to the operators' chat and the receipt is e-mailed, through the outbox in the same
transaction. The staff side is :class:`services.ticket_desk.TicketDesk`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from tortoise.transactions import in_transaction

from services import audit
from services.binding_model import natural_key
from services.clock import Clock
from services.db.models import Binding, Site, Ticket, TicketComment
from services.enums import BindingStatus, TicketStage, TicketType
from services.errors import InvalidInput, NotFound, Throttled
from services.outbox import OutboxService
from services.pagination import Page, clamp_page
from services.ticket_model import (
    CLOSED_STAGES,
    COMMENT_MAX,
    MAX_FILES,
    MAX_NEW_PER_DAY,
    OPEN_STAGES,
    RESIDENT_CANCELLABLE,
    AttachmentIn,
    FileStore,
    Outcome,
    Place,
    StageConflict,
    TicketCard,
    TicketEvent,
    TicketNotices,
    TicketView,
    validate_reason,
    validate_text,
)
from services.ticket_store import (
    TICKET_RELATED,
    TicketMessenger,
    checked_uploads,
    due_at,
    forget_files,
    load_card,
    review_days,
    store_attachments,
    views,
    zone,
)

PAGE_SIZE = 8
DAY = timedelta(hours=24)


class TicketService:
    def __init__(
        self,
        clock: Clock,
        outbox: OutboxService,
        notices: TicketNotices,
        files: FileStore,
        *,
        default_operators_chat_id: int | None = None,
    ) -> None:
        self._clock = clock
        self._outbox = outbox
        self._files = files
        self._send = TicketMessenger(outbox, notices, default_operators_chat_id)

    # --- filing ---------------------------------------------------------------------------------

    async def places(self, person_id: int) -> list[Place]:
        """What a ticket may be about: each bound meter, and the plot itself when it has several."""
        bindings = await Binding.filter(person_id=person_id, status=BindingStatus.ACTIVE).select_related(
            "meter__site", "meter__plot"
        )
        by_plot: dict[tuple[int, int | None], list[Binding]] = {}
        for binding in bindings:
            meter = binding.meter
            by_plot.setdefault((meter.site.id, meter.plot.id if meter.plot else None), []).append(binding)
        places: list[Place] = []
        for (_site_id, plot_id), group in by_plot.items():
            group.sort(key=lambda b: (b.label or b.meter.label or b.meter.serial, b.id))
            first = group[0].meter
            plot_number = first.plot.number if first.plot is not None else ""
            if plot_id is not None and len(group) > 1:
                places.append(Place(first.site.id, first.site.name, plot_id, plot_number, None, "", ""))
            for binding in group:
                meter = binding.meter
                label = binding.label or meter.label
                places.append(
                    Place(meter.site.id, meter.site.name, plot_id, plot_number, meter.id, meter.serial, label)
                )
        places.sort(key=lambda p: (p.site_name, natural_key(p.plot_number), p.meter_id is not None, p.meter_label))
        return places

    async def estimate(self, place: Place, ticket_type: TicketType) -> date:
        """The review date (the site's local day) a ticket of this type would get if filed now."""
        site = await Site.get(id=place.site_id)
        due = due_at(self._clock.now(), review_days(site, ticket_type), site.timezone)
        return due.astimezone(zone(site.timezone)).date()

    async def create(
        self,
        person_id: int,
        ticket_type: TicketType,
        plot_id: int | None,
        meter_id: int | None,
        text: str,
        attachments: Sequence[AttachmentIn] = (),
    ) -> TicketCard:
        """File a ticket; the number is ``card.ticket.id`` and the review date ``card.ticket.due_at``."""
        body = validate_text(text)
        if len(attachments) > MAX_FILES:
            raise InvalidInput("attachment", "too_many")
        uploads = checked_uploads(attachments)
        place = await self._place(person_id, plot_id, meter_id)
        now = self._clock.now()
        await self._check_rate(person_id, now)
        site = await Site.get(id=place.site_id)
        written: list[str] = []
        try:
            async with in_transaction():
                ticket = await Ticket.create(
                    site_id=site.id,
                    author_id=person_id,
                    plot_id=place.plot_id,
                    meter_id=place.meter_id,
                    ticket_type=ticket_type,
                    text=body,
                    created_at=now,
                    due_at=due_at(now, review_days(site, ticket_type), site.timezone),
                )
                comment = await TicketComment.create(
                    ticket_id=ticket.id, author_id=person_id, stage=TicketStage.REGISTERED, created_at=now
                )
                written = await store_attachments(self._files, ticket.id, comment.id, uploads)
                card = await load_card(ticket.id, now)
                await self._send.post_new(card, site.operators_chat_id)
                await self._send.to_resident(
                    card, "registered", lambda ch: self._send.notices.registered(card, ch), telegram=False
                )
                await audit.record(
                    "ticket.create",
                    actor_id=person_id,
                    site_id=site.id,
                    object_type="ticket",
                    object_id=str(ticket.id),
                    origin="telegram",
                    details={"type": ticket_type.value, "files": len(uploads)},
                )
        except BaseException:
            await forget_files(self._files, written)
            raise
        return card

    async def _place(self, person_id: int, plot_id: int | None, meter_id: int | None) -> Place:
        for place in await self.places(person_id):
            if (place.plot_id, place.meter_id) == (plot_id, meter_id):
                return place
        raise NotFound(f"place plot={plot_id} meter={meter_id} of person {person_id}")

    async def _check_rate(self, person_id: int, now: datetime) -> None:
        recent = (
            await Ticket.filter(author_id=person_id, created_at__gt=now - DAY)
            .order_by("created_at")
            .values_list("created_at", flat=True)
        )
        if len(recent) >= MAX_NEW_PER_DAY:
            oldest = recent[-MAX_NEW_PER_DAY]
            assert isinstance(oldest, datetime)
            raise Throttled(max(1, math.ceil((oldest + DAY - now).total_seconds())))

    # --- the resident's own tickets -------------------------------------------------------------

    async def my_tickets(self, person_id: int, *, archive: bool = False, page: int = 0) -> Page[TicketView]:
        """Open tickets, newest first; or the archive of closed ones, last closed first."""
        stages = CLOSED_STAGES if archive else OPEN_STAGES
        query = Ticket.filter(author_id=person_id, stage__in=list(stages))
        total = await query.count()
        page = clamp_page(page, total, PAGE_SIZE)
        order = ("-closed_at", "-id") if archive else ("-created_at", "-id")
        rows = await query.order_by(*order).offset(page * PAGE_SIZE).limit(PAGE_SIZE).select_related(*TICKET_RELATED)
        items = await views(rows, self._clock.now())
        return Page(items=tuple(items), total=total, page=page, page_size=PAGE_SIZE)

    async def counts(self, person_id: int) -> tuple[int, int]:
        """(open, closed) tickets of the resident."""
        open_count = await Ticket.filter(author_id=person_id, stage__in=list(OPEN_STAGES)).count()
        closed = await Ticket.filter(author_id=person_id, stage__in=list(CLOSED_STAGES)).count()
        return open_count, closed

    async def card(self, person_id: int, ticket_id: int) -> TicketCard:
        await self._own(person_id, ticket_id)
        return await load_card(ticket_id, self._clock.now(), self._outbox)

    async def comment(
        self, person_id: int, ticket_id: int, text: str, attachments: Sequence[AttachmentIn] = ()
    ) -> TicketCard:
        """Add a comment (text, a file, or both) to an open ticket; staff see it in the ticket's thread."""
        body = text.strip()
        if not body and not attachments:
            raise InvalidInput("comment", "empty")
        if len(body) > COMMENT_MAX:
            raise InvalidInput("comment", "too_long")
        uploads = checked_uploads(attachments)
        await self._own(person_id, ticket_id)
        now = self._clock.now()
        written: list[str] = []
        try:
            async with in_transaction():
                ticket = await Ticket.filter(id=ticket_id).select_for_update().get()
                stage = TicketStage(ticket.stage)
                if stage not in OPEN_STAGES:
                    raise StageConflict(await load_card(ticket_id, now), "comment")
                comment = await TicketComment.create(
                    ticket_id=ticket_id, author_id=person_id, stage=stage, text=body, created_at=now
                )
                written = await store_attachments(self._files, ticket_id, comment.id, uploads)
                card = await load_card(ticket_id, now, self._outbox)
                await self._tell_staff(card, _event(card, comment.id))
        except BaseException:
            await forget_files(self._files, written)
            raise
        return card

    async def cancel(self, person_id: int, ticket_id: int, reason: str = "") -> Outcome:
        """Withdraw a ticket that is not in work yet; otherwise StageConflict (nothing changes)."""
        why = validate_reason(reason) if reason.strip() else ""
        await self._own(person_id, ticket_id)
        now = self._clock.now()
        async with in_transaction():
            changed = await Ticket.filter(id=ticket_id, stage__in=list(RESIDENT_CANCELLABLE)).update(
                stage=TicketStage.CANCELLED, closed_at=now
            )
            if not changed:
                raise StageConflict(await load_card(ticket_id, now, self._outbox), "cancel")
            comment = await TicketComment.create(
                ticket_id=ticket_id, author_id=person_id, stage=TicketStage.CANCELLED, text=why, created_at=now
            )
            card = await load_card(ticket_id, now, self._outbox)
            await self._tell_staff(card, _event(card, comment.id))
            await audit.record(
                "ticket.cancel_by_resident",
                actor_id=person_id,
                site_id=card.ticket.site_id,
                object_type="ticket",
                object_id=str(ticket_id),
                origin="telegram",
            )
        return Outcome(card=card, changed=True)

    async def _tell_staff(self, card: TicketCard, event: TicketEvent) -> None:
        site = await Site.get(id=card.ticket.site_id)
        await self._send.to_group(card, event, site.operators_chat_id)
        engineer = card.ticket.assignee
        if engineer is not None and engineer.id != card.ticket.author.id:
            message = self._send.notices.resident_note(card, event, engineer.locale)
            await self._send.to_staff(engineer, f"event:{event.id}", message, card.ticket.id)

    async def _own(self, person_id: int, ticket_id: int) -> None:
        if not await Ticket.exists(id=ticket_id, author_id=person_id):
            raise NotFound(f"ticket {ticket_id}")


def _event(card: TicketCard, comment_id: int) -> TicketEvent:
    return next(event for event in card.events if event.id == comment_id)
