"""Sites as the admin web shows and edits them: the list with counts, the settings, and their changes.

Creating a site goes through :func:`services.registry.create_site`; every change is audited with the
fields that changed (old and new values), and validation errors are :class:`InvalidInput` with a stable
``field`` and ``reason`` that the web maps to text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tortoise.functions import Count

from services import audit, registry
from services.db.models import Meter, Plot, Site
from services.enums import SiteKind
from services.errors import InvalidInput, NotFound

MINUTES_PER_DAY = 24 * 60
MAX_CONTACT = 200
MAX_CONSENT = 20_000
MAX_NAME = 200


@dataclass(frozen=True, slots=True)
class SiteSummary:
    id: int
    slug: str
    name: str
    kind: SiteKind
    timezone: str
    plots: int
    meters: int


@dataclass(frozen=True, slots=True)
class SiteChanges:
    """What an administrator may change on a site (everything but the slug and the kind)."""

    name: str
    timezone: str
    operators_chat_id: int | None
    day_zone_start_min: int
    night_zone_start_min: int
    reading_window_start_day: int
    reading_window_end_day: int
    support_contact: str
    consent_text: str


@dataclass(frozen=True, slots=True)
class SiteSettings:
    id: int
    slug: str
    kind: SiteKind
    settings: SiteChanges

    @property
    def name(self) -> str:
        return self.settings.name

    @property
    def timezone(self) -> str:
        return self.settings.timezone


def _settings(site: Site) -> SiteSettings:
    changes = SiteChanges(
        name=site.name,
        timezone=site.timezone,
        operators_chat_id=site.operators_chat_id,
        day_zone_start_min=int(site.day_zone_start_min),
        night_zone_start_min=int(site.night_zone_start_min),
        reading_window_start_day=int(site.reading_window_start_day),
        reading_window_end_day=int(site.reading_window_end_day),
        support_contact=site.support_contact,
        consent_text=site.consent_text,
    )
    return SiteSettings(id=site.id, slug=site.slug, kind=SiteKind(site.kind), settings=changes)


def validate(changes: SiteChanges) -> SiteChanges:
    """The changes cleaned up, or :class:`InvalidInput` naming the first field that is wrong."""
    name = " ".join(changes.name.split())
    if not name:
        raise InvalidInput("name", "empty")
    if len(name) > MAX_NAME:
        raise InvalidInput("name", "too_long")
    try:
        ZoneInfo(changes.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput("timezone", "unknown") from None
    if changes.operators_chat_id == 0:
        raise InvalidInput("operators_chat_id", "format")
    for field_name in ("day_zone_start_min", "night_zone_start_min"):
        if not 0 <= getattr(changes, field_name) < MINUTES_PER_DAY:
            raise InvalidInput(field_name, "range")
    if changes.day_zone_start_min == changes.night_zone_start_min:
        raise InvalidInput("night_zone_start_min", "same_as_day")
    for field_name in ("reading_window_start_day", "reading_window_end_day"):
        if not 1 <= getattr(changes, field_name) <= 31:
            raise InvalidInput(field_name, "range")
    contact = changes.support_contact.strip()
    if len(contact) > MAX_CONTACT:
        raise InvalidInput("support_contact", "too_long")
    consent = changes.consent_text.strip().replace("\r\n", "\n")
    if len(consent) > MAX_CONSENT:
        raise InvalidInput("consent_text", "too_long")
    return SiteChanges(
        name=name,
        timezone=changes.timezone,
        operators_chat_id=changes.operators_chat_id,
        day_zone_start_min=changes.day_zone_start_min,
        night_zone_start_min=changes.night_zone_start_min,
        reading_window_start_day=changes.reading_window_start_day,
        reading_window_end_day=changes.reading_window_end_day,
        support_contact=contact,
        consent_text=consent,
    )


class SiteAdminService:
    async def list_sites(self, site_ids: Iterable[int] | None) -> list[SiteSummary]:
        """Sites by name (``None``: every site), each with its plot and meter counts: three queries."""
        query = Site.all() if site_ids is None else Site.filter(id__in=list(site_ids))
        rows = await query.order_by("name", "id").values("id", "slug", "name", "kind", "timezone")
        ids = [row["id"] for row in rows]
        plots = await _counts(Plot, ids)
        meters = await _counts(Meter, ids)
        return [
            SiteSummary(
                id=row["id"],
                slug=row["slug"],
                name=row["name"],
                kind=SiteKind(row["kind"]),
                timezone=row["timezone"],
                plots=plots.get(row["id"], 0),
                meters=meters.get(row["id"], 0),
            )
            for row in rows
        ]

    async def get(self, site_id: int) -> SiteSettings:
        site = await Site.get_or_none(id=site_id)
        if site is None:
            raise NotFound(f"site {site_id}")
        return _settings(site)

    async def create(
        self, slug: str, name: str, timezone: str, kind: str, *, actor_id: int | None, origin: str = ""
    ) -> SiteSettings:
        """A new site with default settings; errors as :func:`services.registry.create_site` raises them."""
        created = await registry.create_site(slug, name, timezone, kind)
        await audit.record(
            "site.create",
            actor_id=actor_id,
            site_id=created.id,
            object_type="site",
            object_id=str(created.id),
            origin=origin,
            details={"slug": created.slug, "name": created.name, "timezone": created.timezone},
        )
        return await self.get(created.id)

    async def update(
        self, site_id: int, changes: SiteChanges, *, actor_id: int | None, origin: str = ""
    ) -> SiteSettings:
        """Store the changes; the audit entry lists each changed field with its old and new value."""
        cleaned = validate(changes)
        before = await self.get(site_id)
        old, new = asdict(before.settings), asdict(cleaned)
        diff: dict[str, Any] = {key: [old[key], value] for key, value in new.items() if old[key] != value}
        if diff:
            await Site.filter(id=site_id).update(**{key: new[key] for key in diff})
        await audit.record(
            "site.update",
            actor_id=actor_id,
            site_id=site_id,
            object_type="site",
            object_id=str(site_id),
            origin=origin,
            details={"changed": {key: _short(values) for key, values in diff.items()}},
        )
        return await self.get(site_id)


def _short(values: list[Any]) -> list[Any]:
    """Old and new value for the audit log, long texts cut."""
    return [value[:200] + "…" if isinstance(value, str) and len(value) > 200 else value for value in values]


async def _counts(model: type[Plot] | type[Meter], site_ids: list[int]) -> dict[int, int]:
    if not site_ids:
        return {}
    rows = (
        await model.filter(site_id__in=site_ids).annotate(n=Count("id")).group_by("site_id").values_list("site_id", "n")
    )
    return {int(site_id): int(n) for site_id, n in rows}
