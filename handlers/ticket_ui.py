"""Screen plumbing both sides of the tickets share: keyboards from button tuples, the group post's edit,
sending a ticket's files by Telegram file id, downloading a resident's file, and error texts."""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import (
    CallbackQuery,
    Document,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    PhotoSize,
    ReplyKeyboardMarkup,
)
from aiogram.utils.i18n import get_i18n
from aiogram.utils.i18n import gettext as _

from handlers.i18n import N_
from handlers.ticket_texts import Buttons, desk_buttons, file_caption, group_text, stage_name, when
from services.errors import InvalidInput
from services.ticket_model import MAX_FILE_SIZE, MAX_FILES, AttachmentDTO, AttachmentIn, StageConflict, TicketCard

log = logging.getLogger(__name__)

PHOTO_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})

_INPUT: dict[tuple[str, str], str] = {
    ("text", "empty"): N_("Please describe the request in words."),
    ("text", "too_short"): N_("The description is too short: at least 10 characters, please. What happened, where?"),
    ("text", "too_long"): N_("The description is too long: at most 4000 characters. Attach a document for more."),
    ("comment", "empty"): N_("The comment is empty: write something or send a photo."),
    ("comment", "too_long"): N_("The text is too long: at most 4000 characters."),
    ("reply", "empty"): N_("The reply is empty: write the text, or reply /cancel."),
    ("reply", "too_long"): N_("The text is too long: at most 4000 characters."),
    ("reason", "empty"): N_("The reason cannot be empty."),
    ("reason", "too_long"): N_("The text is too long: at most 1000 characters."),
    ("comment", "too_short"): N_("The comment is empty: write something or send a photo."),
    ("attachment", "type"): N_(
        "This file type is not accepted. Send a photo, or a JPEG, PNG, WEBP, HEIC or PDF document."
    ),
    ("attachment", "empty"): N_("The file is empty."),
    ("assignee", "not_engineer"): N_("This person is not an engineer of the site."),
}


def markup(buttons: Buttons, *, per_row: int = 2) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    rows = [
        [InlineKeyboardButton(text=label, callback_data=data) for label, data in buttons[i : i + per_row]]
        for i in range(0, len(buttons), per_row)
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def input_error(error: InvalidInput) -> str:
    """A ticket's input error in the current language."""
    if (error.field, error.reason) == ("attachment", "too_large"):
        return _("The file is too large: at most {size} MB.").format(size=MAX_FILE_SIZE // (1024 * 1024))
    if (error.field, error.reason) == ("attachment", "too_many"):
        return _("At most {n} files per request.").format(n=MAX_FILES)
    message = _INPUT.get((error.field, error.reason))
    return _(message) if message else _("Please check what you entered and try again.")


def conflict_text(error: StageConflict) -> str:
    """What a stale or double press is told: nothing changed, and where the ticket stands."""
    card = error.card
    stage = stage_name(card.ticket.stage, _)
    event = card.stage_event
    if event is None or not event.author_name:
        return _("Nothing changed: request No. {number} is at the stage “{stage}”.").format(
            number=card.ticket.id, stage=stage
        )
    moment = when(event.at, card.ticket, get_i18n().current_locale)
    return _("Nothing changed: request No. {number} is at the stage “{stage}” ({who}, {when}).").format(
        number=card.ticket.id, stage=stage, who=event.author_name, when=moment
    )


async def refresh_post(bot: Bot, card: TicketCard, language: str, *, skip: tuple[int, int] | None = None) -> None:
    """Edit the ticket's post in the operators' chat to its current state (``skip``: already edited)."""
    post = card.ticket.post
    if post is None or post == skip:
        return
    await edit(bot, post[0], post[1], group_text(card, language), markup(desk_buttons(card, language)))


async def screen(query: CallbackQuery, text: str, keyboard: InlineKeyboardMarkup | None) -> None:
    """Replace the pressed message with a screen (a new message when it cannot be edited). The caller
    answers the query itself, once."""
    message = query.message
    if isinstance(message, Message) and query.bot is not None:
        await edit(query.bot, message.chat.id, message.message_id, text, keyboard)
    elif query.bot is not None:
        await query.bot.send_message(query.from_user.id, text, reply_markup=keyboard)


async def say(query: CallbackQuery, text: str, keyboard: InlineKeyboardMarkup | ReplyKeyboardMarkup | None) -> None:
    """A new message in the chat of the pressed button (the caller answers the query itself)."""
    if query.bot is None:
        return
    chat_id = query.message.chat.id if query.message is not None else query.from_user.id
    await query.bot.send_message(chat_id, text, reply_markup=keyboard)


async def edit(bot: Bot, chat_id: int, message_id: int, text: str, keyboard: InlineKeyboardMarkup | None) -> None:
    """Edit a bot message; an unchanged text is fine, and a message gone or too old is only logged."""
    try:
        await bot.edit_message_text(text=text, chat_id=chat_id, message_id=message_id, reply_markup=keyboard)
    except TelegramBadRequest as error:
        if "not modified" not in error.message:
            log.warning("could not edit message %s in chat %s: %s", message_id, chat_id, error.message)


async def send_files(
    bot: Bot, chat_id: int, files: Sequence[AttachmentDTO], ticket_id: int, language: str, reply_to: int | None
) -> int:
    """Send the files again by their Telegram ids; returns how many went through."""
    sent = 0
    for file in files:
        if not file.file_id:
            continue
        caption = file_caption(file, ticket_id, language)
        try:
            if file.mime_type in PHOTO_TYPES and not file.file_name:
                await bot.send_photo(chat_id, file.file_id, caption=caption, reply_to_message_id=reply_to)
            else:
                await bot.send_document(chat_id, file.file_id, caption=caption, reply_to_message_id=reply_to)
            sent += 1
        except TelegramAPIError:
            log.warning("could not resend file %s of ticket %s", file.id, ticket_id, exc_info=True)
    return sent


def incoming_file(message: Message) -> tuple[str, str, str, int | None] | None:
    """(file id, name, MIME type, size) of the photo or document in a message; a photo has no name."""
    if message.photo:
        photo: PhotoSize = message.photo[-1]
        return photo.file_id, "", "image/jpeg", photo.file_size
    if message.document is not None:
        doc: Document = message.document
        return doc.file_id, doc.file_name or "", doc.mime_type or "", doc.file_size
    return None


async def download(bot: Bot, file_id: str, name: str, mime: str, size: int | None) -> AttachmentIn:
    """The file with its bytes; without them (only the file id) when Telegram would not give them."""
    try:
        buffer = io.BytesIO()
        await bot.download(file_id, destination=buffer)
        data: bytes | None = buffer.getvalue()
    except (TelegramAPIError, OSError):
        log.warning("could not download file %s; keeping only its Telegram id", file_id, exc_info=True)
        data = None
    return AttachmentIn(file_id=file_id, file_name=name, mime_type=mime, size=size, data=data)
