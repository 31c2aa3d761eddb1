"""The alerts of a site as a paged list for staff (the admin web's queue): newest first, with filters."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from services.alert_model import LIVE_STATES, AlertView, load_views
from services.db.models import Alert
from services.enums import AlertState, EventClass, Severity
from services.pagination import Page, clamp_page


@dataclass(frozen=True, slots=True)
class AlertFilter:
    """Every criterion given must match; without states: the live ones (active and acknowledged)."""

    severity: Severity | None = None
    event_class: EventClass | None = None
    states: Collection[AlertState] = LIVE_STATES


async def alert_page(site_id: int, wanted: AlertFilter, page: int, page_size: int = 25) -> Page[AlertView]:
    rows = Alert.filter(meter__site_id=site_id, state__in=list(wanted.states))
    if wanted.severity is not None:
        rows = rows.filter(severity=wanted.severity)
    if wanted.event_class is not None:
        rows = rows.filter(event_class=wanted.event_class)
    total = await rows.count()
    page = clamp_page(page, total, page_size)
    found = rows.order_by("-last_at", "-id").offset(page * page_size).limit(page_size)
    ids = [int(row.id) for row in await found.only("id")]
    views = await load_views(ids)
    return Page(tuple(views[alert_id] for alert_id in ids), total, page, page_size)
