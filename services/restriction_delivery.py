"""Where restriction notices go: the residents bound to the meter (Telegram, or e-mail for those who prefer
it or have no Telegram; the outbox falls back to e-mail when the bot is blocked) and the site's operators'
chat. Rendered by the :class:`~services.restriction_model.RestrictionNotices` port, queued in the outbox
with dedup keys so that a repeated transition sends nothing twice."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from services.db.models import Person, Site
from services.enums import BindingStatus, Channel
from services.errors import Conflict
from services.outbox import OutboxService
from services.restriction_model import (
    OperatorNotice,
    ResidentAnswer,
    ResidentNotice,
    RestrictionDTO,
    RestrictionNotices,
)

log = logging.getLogger(__name__)


def channel_of(person: Person) -> Channel | None:
    """Telegram first (the outbox falls back to e-mail), e-mail for those who prefer it or have no Telegram."""
    if person.channel == Channel.EMAIL and person.email:
        return Channel.EMAIL
    if person.telegram_id is not None:
        return Channel.TELEGRAM
    return Channel.EMAIL if person.email else None


class RestrictionMessenger:
    def __init__(self, outbox: OutboxService, notices: RestrictionNotices, default_chat: int | None) -> None:
        self._outbox = outbox
        self._notices = notices
        self._default_chat = default_chat

    async def operators_chat(self, site_id: int) -> int | None:
        site = await Site.get_or_none(id=site_id).values("operators_chat_id")
        chat: int | None = site["operators_chat_id"] if site else None
        return chat or self._default_chat

    async def to_operators(
        self, restriction: RestrictionDTO, kind: OperatorNotice, answer: ResidentAnswer | None, dedup: str | None
    ) -> bool:
        """Queue a message for the operators' chat (``Conflict`` when the site has none); False: already queued.
        The control question's topic is ``restriction:<id>`` (the card the command's progress may edit)."""
        chat_id = await self.operators_chat(restriction.site_id)
        if chat_id is None:
            log.warning("restriction %s: no operators' chat for site %s", restriction.id, restriction.site_id)
            raise Conflict(f"site {restriction.site_id} has no operators' chat")
        message = replace(self._notices.for_operators(restriction, kind, answer), chat_id=chat_id)
        topic = f"restriction:{restriction.id}" if kind is OperatorNotice.CONTROL else f"restriction:{restriction.id}:a"
        return await self._outbox.enqueue(message, topic=topic, dedup_key=dedup) is not None

    async def tell_residents(self, restriction: RestrictionDTO, notice: ResidentNotice, key: str) -> int:
        """Queue ``notice`` to every resident bound to the meter, once per ``key``; how many were told."""
        people = await Person.filter(
            bindings__meter_id=restriction.meter_id, bindings__status=BindingStatus.ACTIVE
        ).distinct()
        told = 0
        for person in people:
            channel = channel_of(person)
            if channel is None:
                continue
            message = self._notices.for_resident(restriction, notice, person.locale, channel)
            address: dict[str, Any] = (
                {"chat_id": person.telegram_id, "email": ""}
                if channel is Channel.TELEGRAM
                else {"chat_id": None, "email": person.email}
            )
            await self._outbox.enqueue(
                replace(message, **address),
                channel=channel,
                person_id=person.id,
                topic=f"restriction:{restriction.id}:resident",
                dedup_key=f"restriction:{restriction.id}:{key}:{person.id}",
            )
            told += 1
        return told
