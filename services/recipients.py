"""Who gets a notification and through which channel: shared by announcements and reminders.

Telegram first. E-mail when the person prefers it, or has no Telegram, and has an address. A Telegram
message to someone who blocked the bot falls back to e-mail in the delivery worker.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from services.enums import Channel
from services.ports import OutgoingMessage

PERSON_FIELDS = ("id", "telegram_id", "email", "locale", "channel")


def person_fields(prefix: str) -> tuple[str, ...]:
    """The ``values()`` paths a :class:`Recipient` is read from, e.g. ``person__telegram_id``."""
    return tuple(f"{prefix}{name}" for name in PERSON_FIELDS)


@dataclass(frozen=True, slots=True)
class Recipient:
    person_id: int
    telegram_id: int | None
    email: str
    locale: str | None
    prefers_email: bool

    @property
    def channel(self) -> Channel:
        if self.email and (self.telegram_id is None or self.prefers_email):
            return Channel.EMAIL
        return Channel.TELEGRAM

    def address(self, message: OutgoingMessage) -> OutgoingMessage:
        """``message`` addressed to this person on :attr:`channel`."""
        if self.channel is Channel.EMAIL:
            return replace(message, chat_id=None, email=self.email)
        return replace(message, chat_id=self.telegram_id, email="")


def recipient(row: Mapping[str, Any], prefix: str = "person__") -> Recipient:
    return Recipient(
        person_id=int(row[f"{prefix}id"]),
        telegram_id=row[f"{prefix}telegram_id"],
        email=str(row[f"{prefix}email"] or ""),
        locale=row[f"{prefix}locale"],
        prefers_email=row[f"{prefix}channel"] == Channel.EMAIL,
    )


def unique(recipients: Iterable[Recipient]) -> list[Recipient]:
    """Each person once, in the order first seen."""
    first: dict[int, Recipient] = {}
    for item in recipients:
        first.setdefault(item.person_id, item)
    return list(first.values())
