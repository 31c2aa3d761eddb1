"""Who may order restrictions where, which meters a ``/relay`` query names, and the site facts the chat
needs (its operators' chat, its plots, its time zone). Fresh from the database on every call."""

from __future__ import annotations

from datetime import date, datetime

from services.db.models import Binding, Meter, Plot, Restriction, Site, StaffRole, WebLogin
from services.enums import BindingStatus, RelayAction, RestrictionReason, RestrictionState, Role
from services.relay import RELAY_ROLES
from services.restriction_model import OPEN, MeterTarget, local_day

JOURNAL_ROLES = frozenset({Role.CHAIRMAN, Role.DISPATCHER, Role.ADMIN, Role.READER})
TARGETS_MAX = 10


async def is_superuser(person_id: int) -> bool:
    return await WebLogin.exists(person_id=person_id, is_superuser=True, blocked=False)


async def may_order(person_id: int, site_id: int) -> bool:
    """Chairman, dispatcher or admin at the site, or a superuser."""
    if await StaffRole.exists(person_id=person_id, site_id=site_id, role__in=list(RELAY_ROLES)):
        return True
    return await is_superuser(person_id)


async def order_sites(person_id: int) -> list[int]:
    """The sites where the person may order restrictions."""
    if await is_superuser(person_id):
        return [row["id"] for row in await Site.all().order_by("name").values("id")]
    rows = await StaffRole.filter(person_id=person_id, role__in=list(RELAY_ROLES)).values("site_id")
    return sorted({row["site_id"] for row in rows})


async def journal_sites(person_id: int) -> list[tuple[int, str]]:
    """(id, name) of the sites whose journal the person may read (staff but engineers; superusers)."""
    if await is_superuser(person_id):
        rows = await Site.all().values("id", "name")
    else:
        roles = list(JOURNAL_ROLES)
        query = Site.filter(staff_roles__person_id=person_id, staff_roles__role__in=roles).distinct()
        rows = await query.values("id", "name")
    return sorted(((row["id"], row["name"]) for row in rows), key=lambda site: (site[1], site[0]))


async def find_meters(sites: list[int], query: str, chat_id: int | None) -> list[int]:
    """Meters at ``sites`` (only the site of ``chat_id`` when it is an operators' chat) whose serial or plot
    number is ``query``."""
    if chat_id is not None:
        here = [row["id"] for row in await Site.filter(operators_chat_id=chat_id).values("id")]
        if here:
            sites = [s for s in sites if s in here]
    text = " ".join(query.split())
    if not sites or not text:
        return []
    by_serial = await Meter.filter(site_id__in=sites, serial__iexact=text).order_by("serial").values("id")
    by_plot = await Meter.filter(site_id__in=sites, plot__number__iexact=text).order_by("serial").values("id")
    return list(dict.fromkeys(row["id"] for row in [*by_serial, *by_plot]))[:TARGETS_MAX]


async def meter_target(meter_id: int) -> MeterTarget:
    meter = await Meter.get(id=meter_id).select_related("site", "plot")
    residents = await Binding.filter(meter_id=meter_id, status=BindingStatus.ACTIVE).count()
    open_ids = [row["id"] for row in await Restriction.filter(meter_id=meter_id, state__in=OPEN).values("id")]
    return MeterTarget(
        meter_id=meter.id,
        site_id=meter.site.id,
        site_name=meter.site.name,
        serial=meter.serial,
        model=meter.model,
        plot_number=meter.plot.number if meter.plot is not None else "",
        relay_state=meter.relay_state,
        online=meter.online,
        residents=residents,
        open_restriction=open_ids[0] if open_ids else None,
    )


async def last_reason(meter_id: int) -> RestrictionReason | None:
    """Why the meter's power was last switched off (what restoring it lifts)."""
    row = (
        await Restriction.filter(meter_id=meter_id, action=RelayAction.OFF, state=RestrictionState.DONE)
        .order_by("-executed_at", "-id")
        .first()
        .values("reason")
    )
    return RestrictionReason(row["reason"]) if row else None


async def meter_site(meter_id: int) -> int | None:
    meter = await Meter.get_or_none(id=meter_id).values("site_id")
    return meter["site_id"] if meter else None


async def site_timezone(site_id: int) -> str | None:
    site = await Site.get_or_none(id=site_id).values("timezone")
    return site["timezone"] if site else None


async def meter_today(meter_id: int, now: datetime) -> date:
    """The day ``now`` is at the meter's site."""
    meter = await Meter.get_or_none(id=meter_id).values("site__timezone")
    return local_day(now, meter["site__timezone"] if meter else "UTC")


async def site_of_chat(chat_id: int) -> int | None:
    """The site whose operators' chat this is."""
    site = await Site.filter(operators_chat_id=chat_id).order_by("id").first().values("id")
    return site["id"] if site else None


async def plot_id(site_id: int, number: str) -> int | None:
    plot = await Plot.filter(site_id=site_id, number__iexact=" ".join(number.split())).first().values("id")
    return plot["id"] if plot else None
