"""The e-mail implementation of the Mailer port (aiosmtplib): HTML + plain text, optional attachment."""

from __future__ import annotations

from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

import aiosmtplib

from services.ports import OutgoingMessage, RecipientUnreachable, TemporaryFailure


class SmtpMailer:
    def __init__(self, smtp_url: str, sender: str, *, timeout: float = 30.0) -> None:
        parts = urlsplit(smtp_url)
        self._host = parts.hostname or "localhost"
        self._tls = parts.scheme == "smtps"
        self._port = parts.port or (465 if self._tls else 25)
        self._username = unquote(parts.username) if parts.username else None
        self._password = unquote(parts.password) if parts.password else None
        self._sender = sender
        self._timeout = timeout

    async def send(self, message: OutgoingMessage) -> None:
        if not message.email:
            raise RecipientUnreachable("no e-mail address")
        email = EmailMessage()
        email["From"] = self._sender
        email["To"] = message.email
        email["Subject"] = message.subject or message.text.split("\n", 1)[0][:120]
        email.set_content(message.text)
        if message.html:
            email.add_alternative(message.html, subtype="html")
        if message.attachment is not None:
            email.add_attachment(
                message.attachment,
                maintype="image",
                subtype="png",
                filename=message.attachment_name or "chart.png",
            )
        try:
            await aiosmtplib.send(
                email,
                hostname=self._host,
                port=self._port,
                username=self._username,
                password=self._password,
                use_tls=self._tls,
                timeout=self._timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise RecipientUnreachable(str(exc)) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise TemporaryFailure(str(exc)) from exc
