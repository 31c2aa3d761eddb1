"""Announcements to a site's residents: drafts, preview, publishing through the outbox, withdrawing.

* **Who.** The chairman, a dispatcher or an admin of the site (or a superuser), re-read from the database
  on every call; a refusal is audited, and so is every change (create, edit, publish, withdraw).
* **To whom.** Everyone with an active binding to a meter of the site, or only to meters of the chosen
  plots. One outbox row per person (``topic`` ``ann:<id>``, ``dedup_key`` ``ann:<id>:<person>``), rendered
  in the person's language by the :class:`AnnouncementNotices` port and queued in the transaction that
  publishes, so a double publish (or two authors at once) queues nothing twice. Telegram first; e-mail for
  those who prefer it or have no Telegram; the delivery worker falls back to e-mail when the bot is blocked.
* **States.** draft → published → withdrawn (a draft may be withdrawn too: deleted). Only drafts are
  edited. Withdrawing takes the announcement off the residents' current list and drops the messages still
  waiting in the outbox.
* **Current.** A published announcement is current for a resident of its site (and plots) until its "works
  until" day has passed in the site's time zone, or, without that date, for :data:`CURRENT_DAYS` days.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from services import audit
from services.announcement_model import (
    PHOTO_ID_MAX,
    AnnouncementDTO,
    AnnouncementItem,
    AnnouncementNotices,
    DeliveryStats,
    Draft,
    PlotRef,
    Preview,
    Published,
    SiteChoice,
    UnknownPlots,
    Withdrawn,
    WrongState,
    check_text,
    natural_order,
    parse_plot_numbers,
    parse_works_until,
    plot_key,
)
from services.clock import Clock
from services.db.models import Announcement, Binding, OutboxMessage, Plot, Site, StaffRole, WebLogin
from services.enums import AnnouncementState, BindingStatus, Channel, OutboxStatus, Role
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.outbox import OutboxService
from services.recipients import Recipient, person_fields, recipient, unique

__all__ = [
    "AUTHORS",
    "CURRENT_DAYS",
    "AnnouncementDTO",
    "AnnouncementItem",
    "AnnouncementNotices",
    "AnnouncementService",
    "DeliveryStats",
    "Draft",
    "PlotRef",
    "Preview",
    "Published",
    "SiteChoice",
    "UnknownPlots",
    "Withdrawn",
    "WrongState",
    "parse_plot_numbers",
    "parse_works_until",
]

AUTHORS: frozenset[Role] = frozenset({Role.CHAIRMAN, Role.DISPATCHER, Role.ADMIN})
CURRENT_DAYS = 30
LIST_LIMIT = 20
CURRENT_LIMIT = 10


def topic(announcement_id: int) -> str:
    return f"ann:{announcement_id}"


class AnnouncementService:
    def __init__(self, clock: Clock, outbox: OutboxService, notices: AnnouncementNotices) -> None:
        self._clock = clock
        self._outbox = outbox
        self._notices = notices

    # --- what an author may do ------------------------------------------------------------------

    async def sites_for_author(self, person_id: int) -> list[SiteChoice]:
        """The sites where the person may write announcements, by name (fresh from the database)."""
        if await WebLogin.exists(person_id=person_id, is_superuser=True, blocked=False):
            query = Site.all()
        else:
            site_ids = await StaffRole.filter(person_id=person_id, role__in=list(AUTHORS)).values_list(
                "site_id", flat=True
            )
            query = Site.filter(id__in=list(site_ids))
        rows = await query.order_by("name", "id").values_list("id", "name")
        return [SiteChoice(int(site_id), str(name)) for site_id, name in rows]

    async def resolve_plots(self, person_id: int, site_id: int, text: str) -> tuple[PlotRef, ...]:
        """The site's plots named by "1, 5, 12-15"; :class:`UnknownPlots` lists numbers it does not have."""
        await self._authorize(person_id, site_id, "announcement.compose", "")
        wanted = parse_plot_numbers(text)
        rows = await Plot.filter(site_id=site_id).values_list("id", "number")
        by_key = {plot_key(str(number)): PlotRef(int(plot_id), str(number)) for plot_id, number in rows}
        unknown = tuple(number for number in wanted if plot_key(number) not in by_key)
        if unknown:
            raise UnknownPlots(unknown)
        found = {by_key[plot_key(number)] for number in wanted}
        return tuple(sorted(found, key=lambda plot: natural_order(plot.number)))

    async def check_works_until(self, site_id: int, text: str) -> date:
        """A "works until" date typed as dd.mm.yyyy, not before today in the site's time zone."""
        day = parse_works_until(text)
        site = await self._site(site_id)
        _check_not_past(day, self._today(site.timezone))
        return day

    # --- drafts ---------------------------------------------------------------------------------

    async def preview(self, person_id: int, draft: Draft, announcement_id: int | None = None) -> Preview:
        """The announcement as residents will get it, and how many of them will."""
        site = await self._site(draft.site_id)
        await self._authorize(person_id, site.id, "announcement.compose", str(announcement_id or ""))
        draft = await self._checked(draft, site)
        row = await Announcement.get_or_none(id=announcement_id) if announcement_id else None
        plots = await self._plots(draft.plot_ids)
        dto = AnnouncementDTO(
            id=announcement_id or 0,
            site_id=site.id,
            site_name=site.name,
            timezone=site.timezone,
            author_id=person_id,
            author_name="",
            text=draft.text,
            photo_file_id=draft.photo_file_id,
            works_until=draft.works_until,
            plots=plots,
            state=AnnouncementState.DRAFT,
            created_at=row.created_at if row else None,
            published_at=None,
            withdrawn_at=None,
        )
        recipients = await self._recipients(site.id, draft.plot_ids)
        return Preview(dto, len(recipients))

    async def create_draft(self, person_id: int, draft: Draft, origin: str = "") -> AnnouncementDTO:
        site = await self._site(draft.site_id)
        await self._authorize(person_id, site.id, "announcement.create", "", origin)
        draft = await self._checked(draft, site)
        async with in_transaction():
            row = await Announcement.create(
                site_id=site.id,
                author_id=person_id,
                text=draft.text,
                photo_file_id=draft.photo_file_id,
                works_until=draft.works_until,
                plot_ids=list(draft.plot_ids) if draft.plot_ids is not None else None,
                created_at=self._clock.now(),
            )
            await self._audit("announcement.create", person_id, site.id, row.id, origin, _details(draft))
        return await self._dto(row.id)

    async def edit_draft(self, person_id: int, announcement_id: int, draft: Draft, origin: str = "") -> AnnouncementDTO:
        """Replace a draft's content (its site stays); :class:`WrongState` once it is published."""
        row = await self._row(announcement_id)
        site = await self._site(row.site_id)  # type: ignore[attr-defined]
        await self._authorize(person_id, site.id, "announcement.edit", str(announcement_id), origin)
        draft = await self._checked(replace(draft, site_id=site.id), site)
        async with in_transaction():
            changed = await Announcement.filter(id=announcement_id, state=AnnouncementState.DRAFT).update(
                text=draft.text,
                photo_file_id=draft.photo_file_id,
                works_until=draft.works_until,
                plot_ids=list(draft.plot_ids) if draft.plot_ids is not None else None,
            )
            if not changed:
                raise WrongState(AnnouncementState((await self._row(announcement_id)).state))
            await self._audit("announcement.edit", person_id, site.id, announcement_id, origin, _details(draft))
        return await self._dto(announcement_id)

    # --- publishing -----------------------------------------------------------------------------

    async def publish(self, person_id: int, announcement_id: int, origin: str = "") -> Published:
        """Publish a draft and queue it for every recipient; a second call changes and queues nothing."""
        row = await self._row(announcement_id)
        site = await self._site(row.site_id)  # type: ignore[attr-defined]
        await self._authorize(person_id, site.id, "announcement.publish", str(announcement_id), origin)
        if row.state == AnnouncementState.DRAFT and row.works_until is not None:
            _check_not_past(row.works_until, self._today(site.timezone))
        now = self._clock.now()
        async with in_transaction():
            changed = await Announcement.filter(id=announcement_id, state=AnnouncementState.DRAFT).update(
                state=AnnouncementState.PUBLISHED, published_at=now
            )
            dto = await self._dto(announcement_id)
            queued = await self._enqueue(dto) if changed else 0
            action = "announcement.publish" if changed else "announcement.publish.noop"
            await self._audit(action, person_id, site.id, announcement_id, origin, {"queued": queued})
        return Published(dto, bool(changed), queued)

    async def withdraw(self, person_id: int, announcement_id: int, origin: str = "") -> Withdrawn:
        """Take a published announcement off (or delete a draft); undelivered messages are dropped."""
        row = await self._row(announcement_id)
        site_id: int = row.site_id  # type: ignore[attr-defined]
        await self._authorize(person_id, site_id, "announcement.withdraw", str(announcement_id), origin)
        live = [AnnouncementState.DRAFT, AnnouncementState.PUBLISHED]
        async with in_transaction():
            changed = await Announcement.filter(id=announcement_id, state__in=live).update(
                state=AnnouncementState.WITHDRAWN, withdrawn_at=self._clock.now()
            )
            cancelled = 0
            if changed:
                pending = OutboxMessage.filter(topic=topic(announcement_id), status=OutboxStatus.PENDING)
                cancelled = await pending.delete()
            action = "announcement.withdraw" if changed else "announcement.withdraw.noop"
            details = {"was": str(row.state), "cancelled": cancelled}
            await self._audit(action, person_id, site_id, announcement_id, origin, details)
        return Withdrawn(await self._dto(announcement_id), bool(changed), cancelled)

    # --- reading --------------------------------------------------------------------------------

    async def get(self, person_id: int, announcement_id: int) -> AnnouncementItem:
        """One announcement with its delivery counts, for someone who may write at its site."""
        row = await self._row(announcement_id)
        site_id: int = row.site_id  # type: ignore[attr-defined]
        await self._authorize(person_id, site_id, "announcement.view", str(announcement_id))
        return AnnouncementItem(await self._dto(announcement_id), await self.delivery_stats(announcement_id))

    async def list_for_author(self, person_id: int, limit: int = LIST_LIMIT) -> list[AnnouncementItem]:
        """Drafts first, then published announcements, newest first, of the sites the person writes for."""
        site_ids = [site.id for site in await self.sites_for_author(person_id)]
        live = [AnnouncementState.DRAFT, AnnouncementState.PUBLISHED]
        rows = (
            await Announcement.filter(site_id__in=site_ids, state__in=live)
            .order_by("-created_at", "-id")
            .limit(limit)
            .select_related("site", "author")
        )
        dtos = await self._dtos(rows)
        stats = await self._stats([dto.id for dto in dtos])
        items = [AnnouncementItem(dto, stats.get(dto.id, DeliveryStats())) for dto in dtos]
        return sorted(items, key=lambda item: item.announcement.state != AnnouncementState.DRAFT)

    async def delivery_stats(self, announcement_id: int) -> DeliveryStats:
        """Sent by Telegram, by e-mail, failed and pending, from the announcement's outbox rows."""
        return (await self._stats([announcement_id])).get(announcement_id, DeliveryStats())

    async def current_for_person(self, person_id: int, limit: int = CURRENT_LIMIT) -> list[AnnouncementDTO]:
        """Published announcements for the person's sites and plots that are still current, newest first."""
        bound = await Binding.filter(person_id=person_id, status=BindingStatus.ACTIVE).values_list(
            "meter__site_id", "meter__plot_id"
        )
        site_ids = {int(site_id) for site_id, _ in bound}
        plot_ids = {int(plot_id) for _, plot_id in bound if plot_id is not None}
        if not site_ids:
            return []
        now = self._clock.now()
        oldest = now - timedelta(days=CURRENT_DAYS)
        earliest_today = (now - timedelta(days=1)).date()  # no time zone is a day behind UTC or more
        rows = await (
            Announcement.filter(site_id__in=list(site_ids), state=AnnouncementState.PUBLISHED)
            .filter(Q(works_until__gte=earliest_today) | Q(works_until__isnull=True, published_at__gte=oldest))
            .order_by("-published_at", "-id")
            .select_related("site", "author")
        )
        current = [
            row
            for row in rows
            if (row.plot_ids is None or plot_ids.intersection(row.plot_ids))
            and _still_current(row, oldest, self._today(row.site.timezone))
        ]
        return await self._dtos(current[:limit])

    # --- internals ------------------------------------------------------------------------------

    async def _enqueue(self, dto: AnnouncementDTO) -> int:
        plot_ids = None if dto.plots is None else tuple(plot.id for plot in dto.plots)
        queued = 0
        for person in await self._recipients(dto.site_id, plot_ids):
            message = self._notices.for_resident(dto, person.locale, person.channel)
            queued_id = await self._outbox.enqueue(
                person.address(message),
                channel=person.channel,
                person_id=person.person_id,
                topic=topic(dto.id),
                dedup_key=f"ann:{dto.id}:{person.person_id}",
            )
            queued += queued_id is not None
        return queued

    async def _recipients(self, site_id: int, plot_ids: Sequence[int] | None) -> list[Recipient]:
        """Each person with an active binding to a meter of the site (of the plots) once."""
        query = Binding.filter(status=BindingStatus.ACTIVE, meter__site_id=site_id)
        if plot_ids is not None:
            query = query.filter(meter__plot_id__in=list(plot_ids))
        rows = await query.order_by("person_id", "id").values(*person_fields("person__"))
        return unique(recipient(row) for row in rows)

    async def _stats(self, announcement_ids: Iterable[int]) -> dict[int, DeliveryStats]:
        topics = {topic(announcement_id): announcement_id for announcement_id in announcement_ids}
        if not topics:
            return {}
        rows = (
            await OutboxMessage.filter(topic__in=list(topics))
            .annotate(n=Count("id"))
            .group_by("topic", "status", "sent_via")
            .values("topic", "status", "sent_via", "n")
        )
        counts: dict[int, Counter[str]] = {}
        for row in rows:
            bucket = _bucket(OutboxStatus(row["status"]), row["sent_via"])
            counts.setdefault(topics[row["topic"]], Counter())[bucket] += int(row["n"])
        return {announcement_id: _stats_of(counter) for announcement_id, counter in counts.items()}

    async def _checked(self, draft: Draft, site: Site) -> Draft:
        photo = draft.photo_file_id.strip()
        if len(photo) > PHOTO_ID_MAX:
            raise InvalidInput("photo", "too_long")
        text = check_text(draft.text, with_photo=bool(photo))
        if draft.works_until is not None:
            _check_not_past(draft.works_until, self._today(site.timezone))
        plot_ids = draft.plot_ids
        if plot_ids is not None:
            plot_ids = tuple(sorted(set(plot_ids)))
            if not plot_ids:
                raise InvalidInput("plots", "empty")
            if await Plot.filter(site_id=site.id, id__in=list(plot_ids)).count() != len(plot_ids):
                raise InvalidInput("plots", "unknown")
        return replace(draft, text=text, photo_file_id=photo, plot_ids=plot_ids)

    async def _authorize(self, person_id: int, site_id: int, action: str, object_id: str, origin: str = "") -> None:
        if await StaffRole.exists(person_id=person_id, site_id=site_id, role__in=list(AUTHORS)):
            return
        if await WebLogin.exists(person_id=person_id, is_superuser=True, blocked=False):
            return
        await audit.record(
            action,
            actor_id=person_id,
            site_id=site_id,
            object_type="announcement",
            object_id=object_id,
            origin=origin,
            allowed=False,
            details={"reason": "no_role"},
        )
        raise PermissionDenied(f"person {person_id} may not write announcements at site {site_id}")

    async def _audit(
        self, action: str, person_id: int, site_id: int, announcement_id: int, origin: str, details: dict[str, Any]
    ) -> None:
        await audit.record(
            action,
            actor_id=person_id,
            site_id=site_id,
            object_type="announcement",
            object_id=str(announcement_id),
            origin=origin,
            details=details,
        )

    def _today(self, timezone: str) -> date:
        try:
            zone = ZoneInfo(timezone)
        except (KeyError, ValueError):
            zone = ZoneInfo("UTC")
        return self._clock.now().astimezone(zone).date()

    async def _site(self, site_id: int) -> Site:
        site = await Site.get_or_none(id=site_id)
        if site is None:
            raise NotFound(f"site {site_id}")
        return site

    async def _row(self, announcement_id: int) -> Announcement:
        row = await Announcement.get_or_none(id=announcement_id)
        if row is None:
            raise NotFound(f"announcement {announcement_id}")
        return row

    async def _plots(self, plot_ids: Sequence[int] | None) -> tuple[PlotRef, ...] | None:
        if plot_ids is None:
            return None
        rows = await Plot.filter(id__in=list(plot_ids)).values_list("id", "number")
        return tuple(sorted((PlotRef(int(i), str(n)) for i, n in rows), key=lambda p: natural_order(p.number)))

    async def _dto(self, announcement_id: int) -> AnnouncementDTO:
        row = await Announcement.get(id=announcement_id).select_related("site", "author")
        return (await self._dtos([row]))[0]

    async def _dtos(self, rows: Sequence[Announcement]) -> list[AnnouncementDTO]:
        """DTOs of rows loaded with their site and author; the plots of all of them in one query."""
        wanted = {plot_id for row in rows for plot_id in (row.plot_ids or ())}
        numbers: dict[int, str] = {}
        if wanted:
            found = await Plot.filter(id__in=list(wanted)).values_list("id", "number")
            numbers = {int(plot_id): str(number) for plot_id, number in found}
        return [_dto(row, numbers) for row in rows]


def _dto(row: Announcement, numbers: dict[int, str]) -> AnnouncementDTO:
    plots = None
    if row.plot_ids is not None:
        refs = (PlotRef(plot_id, numbers[plot_id]) for plot_id in row.plot_ids if plot_id in numbers)
        plots = tuple(sorted(refs, key=lambda plot: natural_order(plot.number)))
    return AnnouncementDTO(
        id=row.id,
        site_id=row.site.id,
        site_name=row.site.name,
        timezone=row.site.timezone,
        author_id=row.author.id if row.author is not None else None,
        author_name=row.author.name if row.author is not None else "",
        text=row.text,
        photo_file_id=row.photo_file_id,
        works_until=row.works_until,
        plots=plots,
        state=AnnouncementState(row.state),
        created_at=row.created_at,
        published_at=row.published_at,
        withdrawn_at=row.withdrawn_at,
    )


def _stats_of(counter: Counter[str]) -> DeliveryStats:
    return DeliveryStats(
        telegram=counter["telegram"], email=counter["email"], failed=counter["failed"], pending=counter["pending"]
    )


def _bucket(status: OutboxStatus, sent_via: str | None) -> str:
    if status is OutboxStatus.SENT:
        return "email" if sent_via == Channel.EMAIL else "telegram"
    if status is OutboxStatus.FAILED:
        return "failed"
    return "pending"


def _check_not_past(day: date, today: date) -> None:
    if day < today:
        raise InvalidInput("works_until", "past")


def _still_current(row: Announcement, oldest: datetime, today: date) -> bool:
    if row.works_until is not None:
        return bool(row.works_until >= today)
    return row.published_at is not None and row.published_at >= oldest


def _details(draft: Draft) -> dict[str, Any]:
    return {
        "text": draft.text[:200],
        "photo": bool(draft.photo_file_id),
        "works_until": draft.works_until.isoformat() if draft.works_until else None,
        "plot_ids": list(draft.plot_ids) if draft.plot_ids is not None else None,
    }
