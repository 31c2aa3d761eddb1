"""Activation codes (the seeds' ДОМ.ЭнергоКабинет): one per plot, valid a week, single use; redeeming
one binds every meter of the plot to the resident at once, without waiting for the chairman."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from services import binding_throttle as throttle
from services.binding_input import new_code, normalize_code
from services.binding_model import (
    BINDING_RELATED,
    LIVE,
    BindingRefused,
    CodeDTO,
    Redeemed,
    Refusal,
    binding_dto,
    may_decide,
    natural_key,
    refuse,
)
from services.clock import Clock
from services.db.models import ActivationCode, Binding, Meter, Plot
from services.enums import BindingMethod, BindingStatus, MeterKind
from services.errors import NotFound, PermissionDenied

CODE_TTL = timedelta(days=7)


class ActivationCodes:
    def __init__(self, clock: Clock, ttl: timedelta = CODE_TTL) -> None:
        self._clock = clock
        self._ttl = ttl

    async def generate(self, site_id: int, plot_ids: Sequence[int] | None, created_by: int | None) -> list[CodeDTO]:
        """A new code for each plot (``None``: every plot of the site whose code has not been used yet, as
        the seeds' bulk generation does). A plot's earlier unused code stops working."""
        now = self._clock.now()
        if created_by is not None and not await may_decide(created_by, site_id):
            await throttle.record("binding.codes", now, actor_id=created_by, site_id=site_id, allowed=False)
            raise PermissionDenied(f"person {created_by} may not issue codes at site {site_id}")
        query = Plot.filter(site_id=site_id)
        if plot_ids is not None:
            query = query.filter(id__in=list(plot_ids))
        plots = await query
        if plot_ids is None:
            used = await ActivationCode.filter(site_id=site_id, used_at__isnull=False).values_list("plot_id", flat=True)
            used_plots = {int(str(plot_id)) for plot_id in used}
            plots = [plot for plot in plots if plot.id not in used_plots]
        elif len(plots) != len(set(plot_ids)):
            raise NotFound("plot")
        plots.sort(key=lambda plot: natural_key(plot.number))
        codes = [await self._issue(plot, site_id, created_by, now) for plot in plots]
        await throttle.record(
            "binding.codes",
            now,
            actor_id=created_by,
            site_id=site_id,
            origin="web" if created_by is not None else "system",
            details={"plots": [code.plot_number for code in codes]},
        )
        return codes

    async def _issue(self, plot: Plot, site_id: int, created_by: int | None, now: datetime) -> CodeDTO:
        expires = now + self._ttl
        for _ in range(10):
            code = new_code()
            try:
                async with in_transaction():
                    await ActivationCode.filter(plot_id=plot.id, used_at__isnull=True, expires_at__gt=now).update(
                        expires_at=now
                    )
                    await ActivationCode.create(
                        code=code,
                        site_id=site_id,
                        plot_id=plot.id,
                        expires_at=expires,
                        created_by_id=created_by,
                        created_at=now,
                    )
            except IntegrityError:  # the code exists already: draw another
                continue
            return CodeDTO(code=code, site_id=site_id, plot_id=plot.id, plot_number=plot.number, expires_at=expires)
        raise RuntimeError("could not draw a free activation code")

    async def redeem(self, person_id: int, code: str) -> Redeemed:
        """Bind every meter of the code's plot to the resident; the code is used up (exactly once, even
        when two people redeem it at the same moment)."""
        now = self._clock.now()
        await throttle.check(person_id, now)
        normalized = normalize_code(code)
        row = await ActivationCode.get_or_none(code=normalized).select_related("plot", "site")
        if row is None:
            await refuse(person_id, now, Refusal.UNKNOWN_CODE)
        contact = row.site.support_contact
        _check(row, person_id, now, contact)
        meters = await Meter.filter(plot_id=row.plot.id).exclude(kind=MeterKind.MAIN).order_by("serial")
        if not meters:
            raise BindingRefused(Refusal.NO_METERS, contact)
        async with in_transaction():
            taken = await ActivationCode.filter(id=row.id, used_at__isnull=True, expires_at__gt=now).update(
                used_at=now, used_by_id=person_id
            )
            if not taken:  # someone redeemed it a moment ago
                _check(await ActivationCode.get(id=row.id), person_id, now, contact)
                raise BindingRefused(Refusal.CODE_USED, contact)
            ids = [await _bind_now(person_id, meter.id, now) for meter in meters]
            await throttle.record(
                "binding.code_redeemed",
                now,
                actor_id=person_id,
                site_id=row.site.id,
                object_type="plot",
                object_id=str(row.plot.id),
                details={"code_id": row.id, "bindings": ids},
            )
        bindings = await Binding.filter(id__in=ids).order_by("id").select_related(*BINDING_RELATED)
        return Redeemed(row.plot.number, row.site.name, tuple(binding_dto(b) for b in bindings))


def _check(row: ActivationCode, person_id: int, now: datetime, contact: str) -> None:
    if row.used_at is not None:
        used_by = row.used_by_id  # type: ignore[attr-defined]
        raise BindingRefused(Refusal.ALREADY_YOURS if used_by == person_id else Refusal.CODE_USED, contact)
    if row.expires_at <= now:
        raise BindingRefused(Refusal.CODE_EXPIRED, contact)


async def _bind_now(person_id: int, meter_id: int, now: datetime) -> int:
    """An active binding by code: a pending request of the resident becomes it, an active one stays."""
    mine = await Binding.filter(person_id=person_id, meter_id=meter_id, status__in=LIVE).first()
    if mine is not None and mine.status == BindingStatus.ACTIVE:
        return mine.id
    if mine is not None:
        await Binding.filter(id=mine.id).update(status=BindingStatus.ACTIVE, method=BindingMethod.CODE, decided_at=now)
        return mine.id
    created = await Binding.create(
        person_id=person_id,
        meter_id=meter_id,
        status=BindingStatus.ACTIVE,
        method=BindingMethod.CODE,
        decided_at=now,
        created_at=now,
    )
    return created.id
