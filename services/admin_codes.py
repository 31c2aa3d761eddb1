"""Activation codes and QR stickers as the admin web lists them.

Codes are issued by :meth:`services.bindings.BindingService.generate_codes` and QR tokens by
:meth:`~services.bindings.BindingService.ensure_qr_token`; this module only reads: the codes of a site
with their state, the codes still valid (to print and hand out), and the meters for a sheet of stickers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from tortoise.expressions import Q
from tortoise.functions import Length

from services.clock import Clock
from services.db.models import ActivationCode, Meter, Plot
from services.enums import MeterKind
from services.pagination import Page, clamp_page

PAGE_SIZE = 50
STICKERS_PER_SHEET = 24
MAX_STICKERS = 240


class CodeState(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    USED = "used"


@dataclass(frozen=True, slots=True)
class CodeRow:
    id: int
    code: str
    plot_id: int
    plot_number: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    used_by_name: str | None
    created_by_name: str | None
    state: CodeState


@dataclass(frozen=True, slots=True)
class StickerMeter:
    id: int
    serial: str
    model: str
    label: str
    plot_number: str | None
    qr_token: str | None


_CODE_FIELDS = (
    "id",
    "code",
    "plot_id",
    "plot__number",
    "created_at",
    "expires_at",
    "used_at",
    "used_by__name",
    "created_by__name",
)


class CodesQueryService:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def _row(self, row: dict[str, Any], now: datetime) -> CodeRow:
        if row["used_at"] is not None:
            state = CodeState.USED
        elif row["expires_at"] <= now:
            state = CodeState.EXPIRED
        else:
            state = CodeState.ACTIVE
        return CodeRow(
            id=row["id"],
            code=row["code"],
            plot_id=row["plot_id"],
            plot_number=row["plot__number"],
            created_at=row["created_at"],
            expires_at=row["expires_at"],
            used_at=row["used_at"],
            used_by_name=row["used_by__name"],
            created_by_name=row["created_by__name"],
            state=state,
        )

    def _state_filter(self, query: Any, state: CodeState | None, now: datetime) -> Any:
        if state is CodeState.USED:
            return query.filter(used_at__isnull=False)
        if state is CodeState.EXPIRED:
            return query.filter(used_at__isnull=True, expires_at__lte=now)
        if state is CodeState.ACTIVE:
            return query.filter(used_at__isnull=True, expires_at__gt=now)
        return query

    async def codes(
        self,
        site_id: int,
        *,
        state: CodeState | None = None,
        plot: str = "",
        page: int = 0,
        page_size: int = PAGE_SIZE,
    ) -> Page[CodeRow]:
        """The site's codes, newest first."""
        now = self._clock.now()
        query = self._state_filter(ActivationCode.filter(site_id=site_id), state, now)
        if plot.strip():
            query = query.filter(plot__number=plot.strip())
        total = await query.count()
        page = clamp_page(page, total, page_size)
        rows = (
            await query.order_by("-created_at", "-id").offset(page * page_size).limit(page_size).values(*_CODE_FIELDS)
        )
        return Page(items=tuple(self._row(row, now) for row in rows), total=total, page=page, page_size=page_size)

    async def valid_codes(self, site_id: int, plot_ids: list[int] | None = None) -> list[CodeRow]:
        """Codes that can still be redeemed, in the natural order of the plots: what to print."""
        now = self._clock.now()
        query = self._state_filter(ActivationCode.filter(site_id=site_id), CodeState.ACTIVE, now)
        if plot_ids is not None:
            query = query.filter(plot_id__in=plot_ids)
        rows = (
            await query.annotate(length=Length("plot__number"))
            .order_by("length", "plot__number", "id")
            .values(*_CODE_FIELDS)
        )
        return [self._row(row, now) for row in rows]

    async def plot_id(self, site_id: int, number: str) -> int | None:
        """The id of the site's plot with this number."""
        found = await Plot.filter(site_id=site_id, number=number.strip()).first().values_list("id", flat=True)
        return None if found is None else int(str(found))

    async def sticker_meters(
        self, site_id: int, *, plot: str = "", search: str = "", page: int = 0, page_size: int = STICKERS_PER_SHEET
    ) -> Page[StickerMeter]:
        """Individual meters of the site (one plot, or whose serial contains ``search``), by plot and serial."""
        page_size = min(max(page_size, 1), MAX_STICKERS)
        query = Meter.filter(site_id=site_id, kind=MeterKind.INDIVIDUAL)
        if plot.strip():
            query = query.filter(plot__number=plot.strip())
        if search.strip():
            query = query.filter(Q(serial__icontains=search.strip()[:64]))
        total = await query.count()
        page = clamp_page(page, total, page_size)
        rows = (
            await query.annotate(length=Length("plot__number"))
            .order_by("length", "plot__number", "serial", "id")
            .offset(page * page_size)
            .limit(page_size)
            .values("id", "serial", "model", "label", "plot__number", "qr_token")
        )
        items = tuple(
            StickerMeter(
                id=row["id"],
                serial=row["serial"],
                model=row["model"],
                label=row["label"],
                plot_number=row["plot__number"],
                qr_token=row["qr_token"],
            )
            for row in rows
        )
        return Page(items=items, total=total, page=page, page_size=page_size)
