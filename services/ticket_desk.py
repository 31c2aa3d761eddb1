"""The dispatcher desk: staff take, assign, start, reply to, close and cancel residents' tickets; search them;
and the daily digest of overdue ones.

Who may do what is read from the database on every call (being in the operators' chat is not a role):
the chairman, a dispatcher or an admin of the ticket's site (or a superuser) may do everything; an
engineer only views, starts, replies to and closes tickets assigned to them; a reader only views. A
refusal raises PermissionDenied and is audited with ``allowed=False``. A stage change is a conditional
update from the stage the actor saw, so a stale or double press changes nothing and raises
:class:`StageConflict` with the current card. Every change is audited and reaches the resident through
the outbox in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any, NoReturn

from tortoise.expressions import Case, F, Q, Subquery, When
from tortoise.functions import Coalesce
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from services import audit
from services.clock import Clock
from services.db.models import (
    Person,
    Plot,
    Site,
    StaffRole,
    Ticket,
    TicketAttachment,
    TicketComment,
    WebLogin,
)
from services.enums import Channel, Role, TicketStage
from services.errors import NotFound, PermissionDenied
from services.outbox import OutboxService
from services.ticket_model import (
    COMMENT_MAX,
    OPEN_STAGES,
    STAGE_ORDER,
    AttachmentDTO,
    DeskAction,
    FileStore,
    NotAnEngineer,
    Outcome,
    PersonBrief,
    StageConflict,
    TicketCard,
    TicketList,
    TicketNotices,
    TicketQuery,
    TicketView,
    clean_text,
    validate_reason,
)
from services.ticket_store import (
    TICKET_RELATED,
    TicketMessenger,
    attachment_dto,
    load_card,
    person_brief,
    views,
    zone,
)

DECIDERS: frozenset[Role] = frozenset({Role.CHAIRMAN, Role.DISPATCHER, Role.ADMIN})
ENGINEER_ACTIONS: frozenset[DeskAction] = frozenset(
    {DeskAction.VIEW, DeskAction.START, DeskAction.REPLY, DeskAction.CLOSE}
)
ALL_STAGES = frozenset(TicketStage)
FROM_STAGES: dict[DeskAction, frozenset[TicketStage]] = {
    DeskAction.VIEW: ALL_STAGES,
    DeskAction.TAKE: frozenset({TicketStage.REGISTERED}),
    DeskAction.ASSIGN: frozenset(OPEN_STAGES),
    DeskAction.START: frozenset({TicketStage.REGISTERED, TicketStage.QUALIFIED}),
    DeskAction.REPLY: frozenset(OPEN_STAGES),
    DeskAction.CLOSE: frozenset(OPEN_STAGES),
    DeskAction.CANCEL: frozenset(OPEN_STAGES),
}
TARGET: dict[DeskAction, TicketStage] = {
    DeskAction.TAKE: TicketStage.QUALIFIED,
    DeskAction.START: TicketStage.IN_WORK,
    DeskAction.CLOSE: TicketStage.DONE,
    DeskAction.CANCEL: TicketStage.CANCELLED,
}
LIST_LIMIT = 30


def permits(action: DeskAction, roles: frozenset[Role], actor_id: int, assignee_id: int | None) -> bool:
    if roles & DECIDERS:
        return True
    if Role.ENGINEER in roles and assignee_id == actor_id and action in ENGINEER_ACTIONS:
        return True
    return action is DeskAction.VIEW and Role.READER in roles


def _late(now: datetime) -> Q:
    """Overdue (:attr:`TicketView.overdue`): open and past its review date."""
    return Q(stage__in=list(OPEN_STAGES), due_at__lt=now)


def _ordered(rows: QuerySet[Ticket], now: datetime) -> QuerySet[Ticket]:
    """By stage (:data:`STAGE_ORDER`), overdue first within a stage, then by review date (or filing), then id.
    The ranks are one-digit text constants (tortoise types CASE's results as text or expressions)."""
    stage = Case(*(When(stage=stage, then=str(rank)) for rank, stage in enumerate(STAGE_ORDER)), default="9")
    late = Case(When(_late(now), then="0"), default="1")
    return rows.annotate(desk_stage=stage, desk_late=late, desk_due=Coalesce("due_at", F("created_at"))).order_by(
        "desk_stage", "desk_late", "desk_due", "id"
    )


class TicketDesk:
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
        self._default_chat = default_operators_chat_id
        self._send = TicketMessenger(outbox, notices, default_operators_chat_id)

    # --- permissions ----------------------------------------------------------------------------

    async def roles(self, actor_id: int, site_id: int) -> frozenset[Role]:
        """The actor's roles at the site, fresh from the database (a superuser has them all)."""
        if await WebLogin.exists(person_id=actor_id, is_superuser=True, blocked=False):
            return frozenset(Role)
        rows = await StaffRole.filter(person_id=actor_id, site_id=site_id).values_list("role", flat=True)
        return frozenset(Role(str(role)) for role in rows)

    async def check(self, ticket_id: int, actor_id: int, action: DeskAction, origin: str) -> TicketCard:
        """The card when the actor may do ``action`` now; PermissionDenied (audited) or StageConflict."""
        card = await load_card(ticket_id, self._clock.now(), self._outbox)
        ticket = card.ticket
        assignee = ticket.assignee.id if ticket.assignee else None
        if not permits(action, await self.roles(actor_id, ticket.site_id), actor_id, assignee):
            await self._audit(action, actor_id, ticket.site_id, ticket_id, origin, allowed=False, reason="no_role")
            raise PermissionDenied(f"person {actor_id} may not {action} ticket {ticket_id}")
        if ticket.stage not in FROM_STAGES[action]:
            await self._stale(card, actor_id, action, origin)
        return card

    async def card(self, ticket_id: int, actor_id: int, origin: str) -> TicketCard:
        return await self.check(ticket_id, actor_id, DeskAction.VIEW, origin)

    # --- stage changes --------------------------------------------------------------------------

    async def take(self, ticket_id: int, actor_id: int, origin: str) -> Outcome:
        """Registered → qualified: a dispatcher has looked at it and accepted it."""
        return await self._move(ticket_id, actor_id, DeskAction.TAKE, "", origin)

    async def start(self, ticket_id: int, actor_id: int, origin: str) -> Outcome:
        """→ in work; the one who starts becomes the assignee when there is none."""
        return await self._move(ticket_id, actor_id, DeskAction.START, "", origin)

    async def close(self, ticket_id: int, actor_id: int, comment: str, origin: str) -> Outcome:
        """→ done, with a comment for the resident (what was done)."""
        text = validate_reason(comment, "comment")
        return await self._move(ticket_id, actor_id, DeskAction.CLOSE, text, origin)

    async def cancel(self, ticket_id: int, actor_id: int, reason: str, origin: str) -> Outcome:
        """→ cancelled, with the reason for the resident."""
        text = validate_reason(reason)
        return await self._move(ticket_id, actor_id, DeskAction.CANCEL, text, origin)

    async def _move(self, ticket_id: int, actor_id: int, action: DeskAction, text: str, origin: str) -> Outcome:
        card = await self.check(ticket_id, actor_id, action, origin)
        seen, target, now = card.ticket.stage, TARGET[action], self._clock.now()
        updates: dict[str, Any] = {"stage": target}
        if target not in OPEN_STAGES:
            updates["closed_at"] = now
        if action is DeskAction.START and card.ticket.assignee is None:
            updates["assignee_id"] = actor_id
        async with in_transaction():
            changed = await Ticket.filter(id=ticket_id, stage=seen).update(**updates)
            if changed:
                card = await self._stage_comment(ticket_id, actor_id, target, text, now)
                await self._audit(action, actor_id, card.ticket.site_id, ticket_id, origin, stage=target.value)
        if not changed:
            await self._stale(await load_card(ticket_id, now, self._outbox), actor_id, action, origin)
        return Outcome(card=card, changed=True)

    async def _stage_comment(
        self, ticket_id: int, actor_id: int, stage: TicketStage, text: str, now: datetime
    ) -> TicketCard:
        comment = await TicketComment.create(
            ticket_id=ticket_id, author_id=actor_id, stage=stage, text=text, from_staff=True, created_at=now
        )
        card = await load_card(ticket_id, now, self._outbox)
        await self._send.to_resident(card, f"event:{comment.id}", lambda ch: self._send.notices.stage_changed(card, ch))
        return card

    async def assign(self, ticket_id: int, actor_id: int, engineer_id: int, origin: str) -> Outcome:
        """Give the ticket to an engineer of its site; a registered ticket becomes qualified on the way."""
        card = await self.check(ticket_id, actor_id, DeskAction.ASSIGN, origin)
        ticket, now = card.ticket, self._clock.now()
        if not await StaffRole.exists(person_id=engineer_id, site_id=ticket.site_id, role=Role.ENGINEER):
            await self._audit(
                DeskAction.ASSIGN, actor_id, ticket.site_id, ticket_id, origin, allowed=False, engineer=engineer_id
            )
            raise NotAnEngineer()
        if ticket.assignee is not None and ticket.assignee.id == engineer_id:
            return Outcome(card=card, changed=False)
        seen = ticket.stage
        target = TicketStage.QUALIFIED if seen is TicketStage.REGISTERED else seen
        async with in_transaction():
            changed = await Ticket.filter(id=ticket_id, stage=seen).update(stage=target, assignee_id=engineer_id)
            if changed:
                if target != seen:
                    card = await self._stage_comment(ticket_id, actor_id, target, "", now)
                else:
                    card = await load_card(ticket_id, now, self._outbox)
                engineer = card.ticket.assignee
                assert engineer is not None
                message = self._send.notices.assigned(card, engineer.locale)
                await self._send.to_staff(engineer, f"assigned:{uuid.uuid4().hex[:12]}", message, ticket_id)
                await self._audit(DeskAction.ASSIGN, actor_id, ticket.site_id, ticket_id, origin, engineer=engineer_id)
        if not changed:
            await self._stale(await load_card(ticket_id, now, self._outbox), actor_id, DeskAction.ASSIGN, origin)
        return Outcome(card=card, changed=True)

    async def reply(self, ticket_id: int, actor_id: int, text: str, origin: str) -> Outcome:
        """A staff reply: into the ticket's history and to the resident; the stage stays."""
        body = clean_text(text, field="reply", minimum=1, maximum=COMMENT_MAX)
        card = await self.check(ticket_id, actor_id, DeskAction.REPLY, origin)
        now = self._clock.now()
        async with in_transaction():
            row = await Ticket.filter(id=ticket_id).select_for_update().get()
            stage = TicketStage(row.stage)
            if stage in OPEN_STAGES:
                comment = await TicketComment.create(
                    ticket_id=ticket_id, author_id=actor_id, stage=stage, text=body, from_staff=True, created_at=now
                )
                card = await load_card(ticket_id, now, self._outbox)
                event = next(e for e in card.events if e.id == comment.id)
                await self._send.to_resident(
                    card, f"event:{comment.id}", lambda ch: self._send.notices.staff_reply(card, event, ch)
                )
                await self._audit(DeskAction.REPLY, actor_id, card.ticket.site_id, ticket_id, origin)
        if stage not in OPEN_STAGES:
            await self._stale(await load_card(ticket_id, now, self._outbox), actor_id, DeskAction.REPLY, origin)
        return Outcome(card=card, changed=True)

    async def engineers(self, ticket_id: int, actor_id: int, origin: str) -> list[PersonBrief]:
        """Whom the ticket may be assigned to: the engineers of its site, by name."""
        card = await self.check(ticket_id, actor_id, DeskAction.ASSIGN, origin)
        people = await Person.filter(roles__site_id=card.ticket.site_id, roles__role=Role.ENGINEER).distinct()
        return sorted((person_brief(p) for p in people), key=lambda p: (p.name.casefold(), p.id))

    async def file(self, attachment_id: int, actor_id: int, origin: str) -> tuple[AttachmentDTO, bytes | None]:
        """An attachment and its stored bytes (None when only Telegram has it), for whoever may view it."""
        row = await TicketAttachment.get_or_none(id=attachment_id)
        if row is None:
            raise NotFound(f"attachment {attachment_id}")
        dto = attachment_dto(row)
        await self.card(dto.ticket_id, actor_id, origin)
        data = await self._files.load(row.storage_key) if row.storage_key else None
        return dto, data

    # --- lists and search -----------------------------------------------------------------------

    async def search(
        self, actor_id: int, query: TicketQuery, *, chat_id: int | None = None, offset: int = 0
    ) -> TicketList:
        """Tickets the actor may see (in the operators' chat ``chat_id``: of the sites it serves), by stage,
        overdue first; at most :data:`LIST_LIMIT` of ``total``, from ``offset`` on (the admin web's pages).
        Counted, ordered and paged by the database."""
        scope = await self._scope(actor_id, chat_id)
        if query.site_id is not None:
            scope = [(site, roles) for site, roles in scope if site.id == query.site_id]
        if not scope:
            await self._audit(DeskAction.VIEW, actor_id, None, "", f"chat:{chat_id}", allowed=False, reason="no_role")
            raise PermissionDenied(f"person {actor_id} sees no tickets here")
        where = Q(*(self._site_scope(site, roles, actor_id) for site, roles in scope), join_type=Q.OR)
        rows = Ticket.filter(where)
        stages = query.stages or (None if query.is_search else OPEN_STAGES)
        if stages is not None:
            rows = rows.filter(stage__in=list(stages))
        if query.number is not None:
            rows = rows.filter(id=query.number)
        sites = [site for site, _ in scope]
        if query.plot is not None:
            rows = rows.filter(plot_id__in=await _plots_named(sites, query.plot))
        if query.name is not None:
            rows = await _named(rows, sites, query.name)
        if query.period is not None:
            rows = rows.filter(Q(*(_period(site, *query.period) for site in sites), join_type=Q.OR))
        now = self._clock.now()
        total = await rows.count()
        overdue = await rows.filter(_late(now)).count()
        page = await _ordered(rows, now).offset(max(offset, 0)).limit(LIST_LIMIT).values_list("id")
        ids = [int(row[0]) for row in page]
        found = {t.id: t for t in await Ticket.filter(id__in=ids).select_related(*TICKET_RELATED)}
        return TicketList(
            items=tuple(await views([found[i] for i in ids if i in found], now)),
            total=total,
            overdue=overdue,
            site_names=tuple(sorted(site.name for site in sites)),
        )

    async def _scope(self, actor_id: int, chat_id: int | None) -> list[tuple[Site, frozenset[Role]]]:
        superuser = await WebLogin.exists(person_id=actor_id, is_superuser=True, blocked=False)
        held: dict[int, set[Role]] = {}
        for site_id, role in await StaffRole.filter(person_id=actor_id).values_list("site_id", "role"):
            held.setdefault(int(site_id), set()).add(Role(str(role)))
        sites = Site.all()
        if chat_id is not None:
            served = Q(operators_chat_id=chat_id)
            if chat_id == self._default_chat:
                served |= Q(operators_chat_id__isnull=True)
            sites = sites.filter(served)
        result = []
        for site in await sites.order_by("name"):
            roles = frozenset(Role) if superuser else frozenset(held.get(site.id, ()))
            if roles:
                result.append((site, roles))
        return result

    @staticmethod
    def _site_scope(site: Site, roles: frozenset[Role], actor_id: int) -> Q:
        if roles & (DECIDERS | {Role.READER}):
            return Q(site_id=site.id)
        return Q(site_id=site.id, assignee_id=actor_id)

    # --- overdue --------------------------------------------------------------------------------

    async def overdue_digest(self, site_id: int) -> list[TicketView]:
        """The site's open tickets past their review date, the longest overdue first."""
        now = self._clock.now()
        rows = (
            await Ticket.filter(site_id=site_id, stage__in=list(OPEN_STAGES), due_at__lt=now)
            .order_by("due_at", "id")
            .select_related(*TICKET_RELATED)
        )
        return await views(rows, now)

    async def flag_overdue(self, site_ids: Iterable[int] | None = None) -> int:
        """Queue today's digest of overdue tickets to each dispatcher of each site (the operators' chat when a
        site has none); once per site, recipient and local day. Returns how many messages were queued."""
        sites = Site.all() if site_ids is None else Site.filter(id__in=list(site_ids))
        queued = 0
        for site in await sites.order_by("id"):
            tickets = await self.overdue_digest(site.id)
            if tickets:
                queued += await self._send_digest(site, tickets)
        return queued

    async def _send_digest(self, site: Site, tickets: Sequence[TicketView]) -> int:
        today = self._clock.now().astimezone(zone(site.timezone)).date().isoformat()
        people = await Person.filter(roles__site_id=site.id, roles__role=Role.DISPATCHER).distinct().order_by("id")
        queued = 0
        for person in people:
            message = self._send.notices.overdue_digest(site.name, tickets, person.locale)
            key = f"tickets:overdue:{site.id}:{today}:{person.id}"
            if person.telegram_id is not None:
                row = await self._outbox.enqueue(
                    replace(message, chat_id=person.telegram_id), person_id=person.id, dedup_key=key
                )
            elif person.email:
                row = await self._outbox.enqueue(
                    replace(message, chat_id=None, email=person.email),
                    channel=Channel.EMAIL,
                    person_id=person.id,
                    dedup_key=key,
                )
            else:
                continue
            queued += row is not None
        chat_id = self._send.operators_chat(site.operators_chat_id)
        if not people and chat_id is not None:
            message = replace(self._send.notices.overdue_digest(site.name, tickets, None), chat_id=chat_id)
            queued += (
                await self._outbox.enqueue(message, dedup_key=f"tickets:overdue:{site.id}:{today}:chat") is not None
            )
        return queued

    # --- audit ----------------------------------------------------------------------------------

    async def _stale(self, card: TicketCard, actor_id: int, action: DeskAction, origin: str) -> NoReturn:
        """A press the ticket's stage no longer allows: audited as a no-op, and StageConflict with the card."""
        ticket = card.ticket
        await self._audit(action, actor_id, ticket.site_id, ticket.id, origin, noop=True, stage=ticket.stage.value)
        raise StageConflict(card, action)

    async def _audit(
        self,
        action: DeskAction,
        actor_id: int,
        site_id: int | None,
        ticket_id: int | str,
        origin: str,
        *,
        allowed: bool = True,
        noop: bool = False,
        **details: Any,
    ) -> None:
        await audit.record(
            f"ticket.{action.value}" + (".noop" if noop else ""),
            actor_id=actor_id,
            site_id=site_id,
            object_type="ticket",
            object_id=str(ticket_id),
            origin=origin,
            allowed=allowed,
            details=details,
        )


async def _plots_named(sites: Sequence[Site], number: str) -> list[int]:
    wanted = number.strip().casefold()
    rows = await Plot.filter(site_id__in=[s.id for s in sites]).values_list("id", "number")
    return [int(plot_id) for plot_id, plot_number in rows if str(plot_number).casefold() == wanted]


async def _named(rows: QuerySet[Ticket], sites: Sequence[Site], name: str) -> QuerySet[Ticket]:
    """Tickets whose author's name contains every word of ``name``, ignoring case in any alphabet.

    PostgreSQL folds Cyrillic in UPPER (``icontains``) under a UTF-8 locale, so there the database matches.
    SQLite's UPPER and LIKE fold ASCII only: there the names of the sites' authors are matched here."""
    words = name.casefold().split()
    if Ticket._meta.db.capabilities.dialect == "postgres":
        authors = Person.filter(*(Q(name__icontains=word) for word in words)).values("id")
        return rows.filter(author_id__in=Subquery(authors))
    found = await Person.filter(tickets__site_id__in=[s.id for s in sites]).distinct().values_list("id", "name")
    return rows.filter(author_id__in=[int(pid) for pid, full in found if all(w in str(full).casefold() for w in words)])


def _period(site: Site, first: date, last: date) -> Q:
    tz = zone(site.timezone)
    start = datetime.combine(first, time.min, tz)
    end = datetime.combine(last + timedelta(days=1), time.min, tz)
    return Q(site_id=site.id, created_at__gte=start, created_at__lt=end)
