"""The registry of a site as staff read it: plots, accounts, residents (with their bindings and channels)
and gateways. Each list is a page: one count, one page query and at most one more for what the page's rows
hold, whatever the size of the site (no query per row).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count, Length

from services.db.models import Account, Binding, Gateway, Meter, Person, Plot
from services.enums import BindingMethod, BindingStatus, Channel
from services.pagination import Page, clamp_page

PAGE_SIZE = 50
SEARCH_MAX = 64
LIVE = (BindingStatus.PENDING, BindingStatus.ACTIVE)


@dataclass(frozen=True, slots=True)
class PlotRow:
    id: int
    number: str
    address: str
    area_m2: Decimal | None
    meters: int
    accounts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AccountRow:
    id: int
    number: str
    holder_name: str
    plot_number: str | None
    debt: Decimal
    meters: int


@dataclass(frozen=True, slots=True)
class ResidentBinding:
    binding_id: int
    meter_id: int
    serial: str
    plot_number: str | None
    status: BindingStatus
    method: BindingMethod
    since: datetime


@dataclass(frozen=True, slots=True)
class ResidentRow:
    person_id: int
    name: str
    phone: str
    email: str
    telegram_id: int | None
    channel: Channel
    bot_blocked: bool
    consent_at: datetime | None
    bindings: tuple[ResidentBinding, ...]


@dataclass(frozen=True, slots=True)
class GatewayRow:
    id: int
    serial: str
    model: str
    place: str
    last_seen_at: datetime | None
    meters: int
    online: int


def _search(text: str | None) -> str:
    return (text or "").strip()[:SEARCH_MAX]


async def _page(query: Any, page: int, page_size: int) -> tuple[Any, int, int]:
    total = await query.count()
    page = clamp_page(page, total, page_size)
    return query.offset(page * page_size).limit(page_size), total, page


class RegistryQueryService:
    async def plots(
        self, site_id: int, search: str | None = None, page: int = 0, page_size: int = PAGE_SIZE
    ) -> Page[PlotRow]:
        """Plots in natural order of their numbers (2 before 10), with meter counts and accounts."""
        query = Plot.filter(site_id=site_id)
        text = _search(search)
        if text:
            query = query.filter(Q(number__icontains=text) | Q(address__icontains=text))
        paged, total, page = await _page(query, page, page_size)
        rows = (
            await paged.annotate(length=Length("number"))
            .order_by("length", "number", "id")
            .values("id", "number", "address", "area_m2")
        )
        ids = [row["id"] for row in rows]
        meters = await _count_by(Meter.filter(plot_id__in=ids), "plot_id") if ids else {}
        accounts: dict[int, list[str]] = {}
        if ids:
            for plot_id, number in (
                await Account.filter(plot_id__in=ids).order_by("number").values_list("plot_id", "number")
            ):
                accounts.setdefault(int(plot_id), []).append(str(number))
        items = tuple(
            PlotRow(
                id=row["id"],
                number=row["number"],
                address=row["address"],
                area_m2=row["area_m2"],
                meters=meters.get(row["id"], 0),
                accounts=tuple(accounts.get(row["id"], ())),
            )
            for row in rows
        )
        return Page(items=items, total=total, page=page, page_size=page_size)

    async def accounts(
        self, site_id: int, search: str | None = None, page: int = 0, page_size: int = PAGE_SIZE
    ) -> Page[AccountRow]:
        query = Account.filter(site_id=site_id)
        text = _search(search)
        if text:
            query = query.filter(Q(number__icontains=text) | Q(holder_name__icontains=text))
        paged, total, page = await _page(query, page, page_size)
        rows = (
            await paged.annotate(length=Length("number"))
            .order_by("length", "number", "id")
            .values("id", "number", "holder_name", "debt", "plot__number")
        )
        ids = [row["id"] for row in rows]
        meters = await _count_by(Meter.filter(account_id__in=ids), "account_id") if ids else {}
        items = tuple(
            AccountRow(
                id=row["id"],
                number=row["number"],
                holder_name=row["holder_name"],
                plot_number=row["plot__number"],
                debt=Decimal(row["debt"] or 0),
                meters=meters.get(row["id"], 0),
            )
            for row in rows
        )
        return Page(items=items, total=total, page=page, page_size=page_size)

    async def residents(
        self, site_id: int, search: str | None = None, page: int = 0, page_size: int = PAGE_SIZE
    ) -> Page[ResidentRow]:
        """People with a pending or active binding to a meter of the site, by name, each with those
        bindings and how they can be reached."""
        bound = Binding.filter(meter__site_id=site_id, status__in=LIVE).values("person_id")
        people = Person.filter(id__in=Subquery(bound))
        text = _search(search)
        if text:
            people = people.filter(Q(name__icontains=text) | Q(phone__icontains=text) | Q(email__icontains=text))
        paged, total, page = await _page(people, page, page_size)
        rows: list[dict[str, Any]] = await paged.order_by("name", "id").values(
            "id", "name", "phone", "email", "telegram_id", "channel", "bot_blocked_at", "consent_at"
        )
        page_ids = [row["id"] for row in rows]
        bindings: dict[int, list[ResidentBinding]] = {}
        if page_ids:
            found = (
                await Binding.filter(person_id__in=page_ids, meter__site_id=site_id, status__in=LIVE)
                .order_by("meter__serial", "id")
                .values(
                    "id",
                    "person_id",
                    "meter_id",
                    "meter__serial",
                    "meter__plot__number",
                    "status",
                    "method",
                    "created_at",
                )
            )
            for row in found:
                bindings.setdefault(row["person_id"], []).append(
                    ResidentBinding(
                        binding_id=row["id"],
                        meter_id=row["meter_id"],
                        serial=row["meter__serial"],
                        plot_number=row["meter__plot__number"],
                        status=BindingStatus(row["status"]),
                        method=BindingMethod(row["method"]),
                        since=row["created_at"],
                    )
                )
        items = tuple(
            ResidentRow(
                person_id=row["id"],
                name=row["name"],
                phone=row["phone"],
                email=row["email"],
                telegram_id=row["telegram_id"],
                channel=Channel(row["channel"]),
                bot_blocked=row["bot_blocked_at"] is not None,
                consent_at=row["consent_at"],
                bindings=tuple(bindings.get(row["id"], ())),
            )
            for row in rows
        )
        return Page(items=items, total=total, page=page, page_size=page_size)

    async def gateways(self, site_id: int, page: int = 0, page_size: int = PAGE_SIZE) -> Page[GatewayRow]:
        query = Gateway.filter(site_id=site_id)
        paged, total, page = await _page(query, page, page_size)
        rows = await paged.order_by("serial", "id").values("id", "serial", "model", "place", "last_seen_at")
        ids = [row["id"] for row in rows]
        meters = await _count_by(Meter.filter(gateway_id__in=ids), "gateway_id") if ids else {}
        online = await _count_by(Meter.filter(gateway_id__in=ids, online=True), "gateway_id") if ids else {}
        items = tuple(
            GatewayRow(
                id=row["id"],
                serial=row["serial"],
                model=row["model"],
                place=row["place"],
                last_seen_at=row["last_seen_at"],
                meters=meters.get(row["id"], 0),
                online=online.get(row["id"], 0),
            )
            for row in rows
        )
        return Page(items=items, total=total, page=page, page_size=page_size)


async def _count_by(query: Any, column: str) -> dict[int, int]:
    rows = await query.annotate(n=Count("id")).group_by(column).values_list(column, "n")
    return {int(key): int(n) for key, n in rows if key is not None}
