"""Binding residents to meters: requests (serial + MAC/IMEI, QR deep link), the chairman's decision,
activation codes, and the resident's own list with rename and unbind.

A request by serial or QR is ``pending`` until someone with the chairman, dispatcher or admin role at the
meter's site approves or rejects it (re-checked from the database on every press; a decision is a
conditional update, so a double press or two chairmen at once decide once). An activation code binds the
plot's meters at once. Notifications go through the outbox in the same transaction as the change they
announce, rendered by the :class:`BindingNotices` port that the Telegram side implements: services never
produce text, and the admin web's approvals notify the resident the same way.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from services import binding_throttle as throttle
from services.activation_codes import CODE_TTL, ActivationCodes
from services.binding_input import (
    IdentifierKind,
    normalize_serial,
    parse_identifier,
    registry_imei,
    registry_mac,
    validate_label,
)
from services.binding_model import (
    BINDING_RELATED,
    LIVE,
    BindingDTO,
    BindingNotices,
    BindingRefused,
    BindingRequest,
    CodeDTO,
    Decision,
    MeterBrief,
    PlotBindings,
    Redeemed,
    Refusal,
    binding_dto,
    binding_request,
    may_decide,
    meter_brief,
    natural_key,
    refuse,
)
from services.clock import Clock
from services.db.models import Binding, Meter, Site
from services.enums import BindingMethod, BindingStatus, Channel
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.outbox import OutboxService

__all__ = [
    "BindingDTO",
    "BindingNotices",
    "BindingRefused",
    "BindingRequest",
    "BindingService",
    "CodeDTO",
    "Decision",
    "MeterBrief",
    "PlotBindings",
    "Redeemed",
    "Refusal",
]

log = logging.getLogger(__name__)

REASON_MAX = 500
QR_TOKEN_BYTES = 16  # 22 url-safe characters


class BindingService:
    def __init__(
        self,
        clock: Clock,
        outbox: OutboxService,
        notices: BindingNotices,
        *,
        default_operators_chat_id: int | None = None,
        code_ttl: timedelta = CODE_TTL,
    ) -> None:
        self._clock = clock
        self._outbox = outbox
        self._notices = notices
        self._default_chat = default_operators_chat_id
        self._codes = ActivationCodes(clock, code_ttl)

    # --- requests -------------------------------------------------------------------------------

    async def request(self, person_id: int, serial: str, identifier: str) -> BindingDTO:
        """Ask to bind the meter with this serial and MAC or IMEI, as printed on its label."""
        now = self._clock.now()
        await throttle.check(person_id, now)
        wanted_serial = normalize_serial(serial)
        wanted = parse_identifier(identifier)
        meter = await self._meter_by_serial(wanted_serial)
        if meter is None:
            await refuse(person_id, now, Refusal.UNKNOWN_SERIAL, details={"serial": wanted_serial})
        on_label = registry_mac(meter.mac) if wanted.kind is IdentifierKind.MAC else registry_imei(meter.imei)
        if on_label != wanted.value:
            await refuse(person_id, now, Refusal.MISMATCH, meter, details={"kind": wanted.kind.value})
        return await self._create_request(person_id, meter, BindingMethod.SERIAL, now)

    async def preview_qr(self, person_id: int, token: str) -> MeterBrief:
        """The meter a QR deep link names, for the resident to confirm; refused like a request would be."""
        now = self._clock.now()
        await throttle.check(person_id, now)
        meter = await self._meter_by_qr(person_id, token, now)
        await self._check_free(person_id, meter)
        return meter_brief(meter)

    async def request_by_qr(self, person_id: int, token: str) -> BindingDTO:
        """Ask to bind the meter of a QR deep link; the chairman still decides."""
        now = self._clock.now()
        await throttle.check(person_id, now)
        meter = await self._meter_by_qr(person_id, token, now)
        return await self._create_request(person_id, meter, BindingMethod.QR, now)

    async def ensure_qr_token(self, meter_id: int) -> str:
        """The meter's QR token (the deep link's start payload), created on first use."""
        for _ in range(5):
            meter = await Meter.get_or_none(id=meter_id)
            if meter is None:
                raise NotFound(f"meter {meter_id}")
            if meter.qr_token:
                return meter.qr_token
            token = secrets.token_urlsafe(QR_TOKEN_BYTES)
            try:
                await Meter.filter(id=meter_id, qr_token__isnull=True).update(qr_token=token)
            except IntegrityError:  # an astronomically unlikely collision: draw again
                continue
        raise RuntimeError(f"could not give meter {meter_id} a QR token")

    async def _meter_by_serial(self, serial: str) -> Meter | None:
        related = ("site", "plot", "account")
        meter = await Meter.get_or_none(serial=serial).select_related(*related)
        return meter or await Meter.filter(serial__iexact=serial).select_related(*related).first()

    async def _meter_by_qr(self, person_id: int, token: str, now: datetime) -> Meter:
        token = token.strip()
        meter = None
        if 0 < len(token) <= 32:
            meter = await Meter.get_or_none(qr_token=token).select_related("site", "plot", "account")
        if meter is None:
            await refuse(person_id, now, Refusal.UNKNOWN_QR)
        return meter

    async def _check_free(self, person_id: int, meter: Meter) -> None:
        """Refuse when the resident already has this meter or asked for it, or someone else has it."""
        live = await Binding.filter(meter_id=meter.id, status__in=LIVE).values_list("person_id", "status")
        for owner, status in live:
            if owner == person_id:
                reason = Refusal.ALREADY_YOURS if status == BindingStatus.ACTIVE else Refusal.PENDING
                raise BindingRefused(reason, meter.site.support_contact)
        if any(status == BindingStatus.ACTIVE for _, status in live):
            raise BindingRefused(Refusal.BOUND_TO_OTHER, meter.site.support_contact)

    async def _create_request(self, person_id: int, meter: Meter, method: BindingMethod, now: datetime) -> BindingDTO:
        async with in_transaction():
            await Meter.filter(id=meter.id).select_for_update().first()  # serializes requests for one meter
            await self._check_free(person_id, meter)
            created = await Binding.create(person_id=person_id, meter_id=meter.id, method=method, created_at=now)
            request = await self._load(created.id)
            await self._post_to_operators(request, meter.site)
            await throttle.record(
                "binding.requested",
                now,
                actor_id=person_id,
                site_id=meter.site.id,
                object_type="binding",
                object_id=str(created.id),
                details={"meter": meter.serial, "method": method.value},
            )
        return request.binding

    async def _post_to_operators(self, request: BindingRequest, site: Site) -> None:
        chat_id = site.operators_chat_id or self._default_chat
        if chat_id is None:
            log.warning("binding %s: no operators' chat for site %s", request.binding.id, site.id)
            return
        message = replace(self._notices.for_operators(request), chat_id=chat_id)
        binding_id = request.binding.id
        await self._outbox.enqueue(message, topic=f"binding:{binding_id}", dedup_key=f"binding:{binding_id}:request")

    # --- decisions ------------------------------------------------------------------------------

    async def get_request(self, binding_id: int) -> BindingRequest:
        return await self._load(binding_id)

    async def check_decider(self, binding_id: int, actor_person_id: int, origin: str) -> BindingRequest:
        """The request, when the actor may decide on it; PermissionDenied (audited) otherwise."""
        request = await self._load(binding_id)
        await self._authorize(request, actor_person_id, origin, "binding.decide")
        return request

    async def approve(self, binding_id: int, actor_person_id: int, origin: str) -> Decision:
        return await self._decide(binding_id, actor_person_id, origin, BindingStatus.ACTIVE, "")

    async def reject(self, binding_id: int, actor_person_id: int, reason: str, origin: str) -> Decision:
        reason = " ".join(reason.split())
        if not reason:
            raise InvalidInput("reason", "empty")
        if len(reason) > REASON_MAX:
            raise InvalidInput("reason", "too_long")
        return await self._decide(binding_id, actor_person_id, origin, BindingStatus.REJECTED, reason)

    async def pending(self, site_ids: Iterable[int] | None = None) -> list[BindingRequest]:
        """Requests waiting for a decision, oldest first (the admin web's queue)."""
        query = Binding.filter(status=BindingStatus.PENDING)
        if site_ids is not None:
            query = query.filter(meter__site_id__in=list(site_ids))
        rows = await query.order_by("created_at", "id").select_related(*BINDING_RELATED)
        return [binding_request(row) for row in rows]

    async def _decide(self, binding_id: int, actor: int, origin: str, status: BindingStatus, reason: str) -> Decision:
        request = await self._load(binding_id)
        action = "binding.approve" if status is BindingStatus.ACTIVE else "binding.reject"
        await self._authorize(request, actor, origin, action)
        now = self._clock.now()
        async with in_transaction():
            changed = await Binding.filter(id=binding_id, status=BindingStatus.PENDING).update(
                status=status, decided_by_id=actor, decided_at=now, reject_reason=reason
            )
            request = await self._load(binding_id)
            if changed:
                await self._notify_resident(request)
            await throttle.record(
                action if changed else f"{action}.noop",
                now,
                actor_id=actor,
                site_id=request.binding.meter.site_id,
                object_type="binding",
                object_id=str(binding_id),
                origin=origin,
                details={"status": request.binding.status.value, **({"reason": reason} if reason else {})},
            )
        return Decision(request=request, changed=bool(changed))

    async def _authorize(self, request: BindingRequest, actor: int, origin: str, action: str) -> None:
        site_id = request.binding.meter.site_id
        if await may_decide(actor, site_id):
            return
        await throttle.record(
            action,
            self._clock.now(),
            actor_id=actor,
            site_id=site_id,
            object_type="binding",
            object_id=str(request.binding.id),
            origin=origin,
            allowed=False,
            details={"reason": "no_role"},
        )
        raise PermissionDenied(f"person {actor} may not decide on bindings at site {site_id}")

    async def _notify_resident(self, request: BindingRequest) -> None:
        resident, binding_id = request.resident, request.binding.id
        status = request.binding.status.value
        if resident.telegram_id is not None:
            message = replace(self._notices.for_resident(request, Channel.TELEGRAM), chat_id=resident.telegram_id)
            await self._outbox.enqueue(
                message,
                person_id=resident.id,
                topic=f"binding:{binding_id}:resident",
                dedup_key=f"binding:{binding_id}:{status}:telegram",
            )
        if resident.email:
            message = replace(self._notices.for_resident(request, Channel.EMAIL), chat_id=None, email=resident.email)
            await self._outbox.enqueue(
                message,
                channel=Channel.EMAIL,
                person_id=resident.id,
                topic=f"binding:{binding_id}:resident",
                dedup_key=f"binding:{binding_id}:{status}:email",
            )

    # --- activation codes -----------------------------------------------------------------------

    async def generate_codes(
        self, site_id: int, plot_ids: Sequence[int] | None, created_by: int | None
    ) -> list[CodeDTO]:
        """One-week, single-use codes per plot; see :meth:`ActivationCodes.generate`."""
        return await self._codes.generate(site_id, plot_ids, created_by)

    async def redeem_code(self, person_id: int, code: str) -> Redeemed:
        """Bind at once every meter of the code's plot; see :meth:`ActivationCodes.redeem`."""
        return await self._codes.redeem(person_id, code)

    # --- the resident's own bindings ------------------------------------------------------------

    async def my_bindings(self, person_id: int) -> list[PlotBindings]:
        """Pending and active bindings, grouped by site, plot and account, in the order people expect."""
        rows = await Binding.filter(person_id=person_id, status__in=LIVE).select_related(*BINDING_RELATED)
        groups: dict[tuple[str, str, str], list[BindingDTO]] = {}
        for row in rows:
            dto = binding_dto(row)
            key = (dto.meter.site_name, dto.meter.plot_number, dto.meter.account_number)
            groups.setdefault(key, []).append(dto)

        def order(key: tuple[str, str, str]) -> tuple[str, tuple[int, int, str], tuple[int, int, str]]:
            return key[0], natural_key(key[1]), natural_key(key[2])

        return [
            PlotBindings(site, plot, account, tuple(sorted(items, key=lambda b: (b.label or b.meter.serial, b.id))))
            for (site, plot, account), items in sorted(groups.items(), key=lambda item: order(item[0]))
        ]

    async def get_binding(self, binding_id: int, person_id: int) -> BindingDTO:
        """One of the resident's pending or active bindings (NotFound for anyone else's)."""
        return binding_dto(await self._own(binding_id, person_id))

    async def rename(self, binding_id: int, person_id: int, label: str) -> BindingDTO:
        name = validate_label(label)
        await self._own(binding_id, person_id)
        await Binding.filter(id=binding_id).update(label=name)
        return binding_dto(await self._own(binding_id, person_id))

    async def unbind(self, binding_id: int, person_id: int) -> BindingDTO:
        """End an active binding or withdraw a pending request."""
        binding = await self._own(binding_id, person_id)
        now = self._clock.now()
        changed = await Binding.filter(id=binding_id, status__in=LIVE).update(
            status=BindingStatus.UNBOUND, unbound_at=now
        )
        if not changed:
            raise NotFound(f"binding {binding_id}")
        await throttle.record(
            "binding.unbind",
            now,
            actor_id=person_id,
            site_id=binding.meter.site.id,
            object_type="binding",
            object_id=str(binding_id),
            details={"meter": binding.meter.serial, "was": str(binding.status)},
        )
        binding = await Binding.get(id=binding_id).select_related(*BINDING_RELATED)
        return binding_dto(binding)

    async def _own(self, binding_id: int, person_id: int) -> Binding:
        binding = (
            await Binding.filter(id=binding_id, person_id=person_id, status__in=LIVE)
            .select_related(*BINDING_RELATED)
            .first()
        )
        if binding is None:
            raise NotFound(f"binding {binding_id}")
        return binding

    async def _load(self, binding_id: int) -> BindingRequest:
        binding = await Binding.get_or_none(id=binding_id).select_related(*BINDING_RELATED)
        if binding is None:
            raise NotFound(f"binding {binding_id}")
        return binding_request(binding)
