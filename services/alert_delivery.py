"""An alert's messages: queued through the outbox, one per recipient, and edited once delivered.

Each message has the outbox topic ``alert:<id>:<copy>``, where the copy names the recipient: ``g`` (the
operators' chat), ``t<person>`` (private Telegram), ``e<person>`` (e-mail), prefixed by ``x<level>`` for
an escalation. The topic is also the dedup key, so a copy is queued once whatever retries happen, and it
is how the delivered Telegram messages are found again to be edited in place.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from services.alert_model import AlertNotices, AlertView, Audience, MessageEditor
from services.alert_routing import Delivery
from services.db.models import OutboxMessage, Person
from services.enums import Channel, OutboxStatus
from services.outbox import OutboxService

log = logging.getLogger(__name__)

TOPIC_RE = re.compile(r"^alert:(\d+):(?:x(\d+))?([gte])(\d*)$")
WAITING = (OutboxStatus.PENDING, OutboxStatus.SENDING)


def topic_for(alert_id: int, target: str, escalation: int = 0) -> str:
    return f"alert:{alert_id}:" + (f"x{escalation}" if escalation else "") + target


@dataclass(frozen=True, slots=True)
class Copy:
    """A delivered Telegram message of an alert."""

    chat_id: int
    message_id: int
    person_id: int | None
    escalation: int


def parse_topic(topic: str) -> tuple[int, str, int | None] | None:
    """(escalation level, copy kind g|t|e, person id) of an alert topic."""
    match = TOPIC_RE.match(topic)
    if match is None:
        return None
    level, kind, person = match.group(2), match.group(3), match.group(4)
    return int(level or 0), kind, int(person) if person else None


class AlertMessenger:
    def __init__(self, outbox: OutboxService, notices: AlertNotices, editor: MessageEditor | None = None) -> None:
        self._outbox = outbox
        self._notices = notices
        self.editor = editor

    async def send(self, view: AlertView, deliveries: Sequence[Delivery], escalation: int = 0) -> int:
        """Queue one message per delivery; returns how many were new (a copy is never queued twice)."""
        queued = 0
        for delivery in deliveries:
            message = self._notices.alert(view, Audience(delivery.channel, delivery.language, escalation))
            if delivery.channel is Channel.TELEGRAM:
                message = replace(message, chat_id=delivery.chat_id, email="")
            else:
                message = replace(message, chat_id=None, email=delivery.email, buttons=())
            topic = topic_for(view.id, delivery.target, escalation)
            row = await self._outbox.enqueue(
                message, channel=delivery.channel, person_id=delivery.person_id, topic=topic, dedup_key=topic
            )
            queued += row is not None
        return queued

    async def copies(self, alert_id: int) -> tuple[list[Copy], bool]:
        """The delivered Telegram messages of an alert, and whether some are still waiting to go out."""
        rows = await OutboxMessage.filter(topic__startswith=f"alert:{alert_id}:", channel=Channel.TELEGRAM).values_list(
            "topic", "status", "chat_id", "sent_message_id"
        )
        copies: list[Copy] = []
        waiting = False
        for topic, status, chat_id, message_id in rows:
            parsed = parse_topic(topic)
            if parsed is None:
                continue
            if status in WAITING:
                waiting = True
            elif status == OutboxStatus.SENT and chat_id is not None and message_id is not None:
                copies.append(Copy(int(chat_id), int(message_id), parsed[2], parsed[0]))
        return copies, waiting

    async def refresh(self, view: AlertView) -> bool:
        """Edit every delivered copy to show the alert as it is now; False when something must be
        edited again later (a copy not delivered yet, or Telegram asked to wait)."""
        if self.editor is None:
            return True
        copies, waiting = await self.copies(view.id)
        people = {c.person_id for c in copies if c.person_id is not None}
        languages: dict[int, str | None] = dict(
            await Person.filter(id__in=list(people)).values_list("id", "locale") if people else []
        )
        done = not waiting
        for copy in copies:
            language = languages.get(copy.person_id) if copy.person_id is not None else None
            message = self._notices.alert(view, Audience(Channel.TELEGRAM, language, copy.escalation))
            try:
                edited = await self.editor.edit(copy.chat_id, copy.message_id, message)
            except Exception:  # one copy that cannot be edited must not keep the others stale
                log.exception("alert %s: editing message %s in chat %s failed", view.id, copy.message_id, copy.chat_id)
                edited = True
            done = done and edited
        return done
