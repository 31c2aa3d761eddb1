"""Ports: what services need from the outside world, implemented by the adapters in ``bot``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """A rendered notification ready for one channel."""

    text: str
    chat_id: int | None = None
    email: str = ""
    subject: str = ""
    html: str = ""
    buttons: tuple[tuple[str, str], ...] = ()
    """Inline buttons as (label, callback data); kept simple for the outbox."""
    attachment: bytes | None = None
    attachment_name: str = ""
    extra: dict[str, str] = field(default_factory=dict)


class DeliveryError(Exception):
    """Base of what a channel may answer instead of delivering."""


class RetryLater(DeliveryError):
    """The channel asks us to wait (Telegram 429 ``retry_after``)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class TemporaryFailure(DeliveryError):
    """A 5xx, a network error, an SMTP server that is down: retry with backoff."""


class RecipientUnreachable(DeliveryError):
    """The person blocked the bot or the chat is gone: fall back to e-mail."""


class Notifier(Protocol):
    async def send(self, message: OutgoingMessage) -> int | None:
        """Deliver to Telegram; return the message id."""
        ...


class Mailer(Protocol):
    async def send(self, message: OutgoingMessage) -> None:
        """Deliver by e-mail."""
        ...
