"""Announcements as residents see them: the notification, the "Announcements" section, the author's preview.

One renderer for all three, so that the preview is exactly what residents get. It works outside any update
(the outbox delivers later), so it translates for an explicit language. Telegram texts are HTML with the
author's text escaped; e-mails get plain text and an HTML part.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape as _escape

from aiogram.types import Message

import locales
from handlers.formatting import format_date, format_dt
from handlers.i18n import DOMAIN
from services.announcements import AnnouncementDTO
from services.enums import Channel
from services.ports import OutgoingMessage

Gettext = Callable[[str], str]


def escape(text: str) -> str:
    """For Telegram's HTML: &, < and > (quotes need no escaping there)."""
    return _escape(text, quote=False)


PLOTS_SHOWN = 30
PHOTO_KEY = "photo_file_id"
"""Where the message carries the photo's Telegram file id (``OutgoingMessage.extra``)."""


def _gettext(language: str) -> Gettext:
    return locales.translations(language, DOMAIN).gettext


def _plain(text: str) -> str:
    return text


def plot_list(announcement: AnnouncementDTO) -> str:
    """ "12, 13, 14" (the first :data:`PLOTS_SHOWN` of them, then "…")."""
    numbers = announcement.plot_numbers
    shown = ", ".join(numbers[:PLOTS_SHOWN])
    return shown + (", …" if len(numbers) > PLOTS_SHOWN else "")


def announcement_text(
    announcement: AnnouncementDTO, language: str, *, quote: Callable[[str], str] = escape, published: bool = False
) -> str:
    """The announcement (HTML unless ``quote`` says otherwise); ``published`` adds its publication time."""
    _ = _gettext(language)
    bold = (lambda text: f"<b>{text}</b>") if quote is escape else _plain
    lines = [
        "📢 " + bold(quote(_("Announcement"))) + " · " + quote(announcement.site_name),
        "",
        quote(announcement.text),
    ]
    notes = []
    if announcement.works_until is not None:
        notes.append("🛠 " + _("Works until {date}").format(date=format_date(announcement.works_until, language)))
    if announcement.plots is not None:
        notes.append("📍 " + _("For plots {plots}").format(plots=quote(plot_list(announcement))))
    if published and announcement.published_at is not None:
        moment = format_dt(announcement.published_at, announcement.timezone, language)
        notes.append("🕒 " + _("Published {time}").format(time=moment))
    return "\n".join(lines + (["", *notes] if notes else []))


def email_html(announcement: AnnouncementDTO, language: str) -> str:
    body = announcement_text(announcement, language).replace("\n", "<br>\n")
    return f"<html><body><p>{body}</p></body></html>"


class AnnouncementNoticeRenderer:
    """The Telegram side's implementation of :class:`services.announcements.AnnouncementNotices`."""

    def __init__(self, default_language: str = locales.DEFAULT_LANGUAGE) -> None:
        self._default = default_language

    def for_resident(self, announcement: AnnouncementDTO, language: str | None, channel: Channel) -> OutgoingMessage:
        language = language or self._default
        _ = _gettext(language)
        subject = _("Announcement: {site}").format(site=announcement.site_name)
        html_part = email_html(announcement, language)
        if channel is Channel.EMAIL:
            text = announcement_text(announcement, language, quote=_plain)
            return OutgoingMessage(text=text, subject=subject, html=html_part)
        extra = {PHOTO_KEY: announcement.photo_file_id} if announcement.photo_file_id else {}
        # subject and html make the e-mail read well when the bot is blocked and the worker falls back to it
        return OutgoingMessage(
            text=announcement_text(announcement, language), subject=subject, html=html_part, extra=extra
        )


CAPTION_MAX = 1024


async def send_announcement(target: Message, text: str, photo_file_id: str) -> None:
    """The announcement in the chat of ``target``: a photo with the text as its caption when it fits."""
    if not photo_file_id:
        await target.answer(text)
    elif len(text) <= CAPTION_MAX:
        await target.answer_photo(photo_file_id, caption=text)
    else:
        await target.answer_photo(photo_file_id)
        await target.answer(text)
