"""The Telegram implementation of the Notifier port: maps Bot API answers to delivery errors."""

from __future__ import annotations

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters

from services.ports import OutgoingMessage, RecipientUnreachable, RetryLater, TemporaryFailure


class TelegramNotifier:
    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def send(self, message: OutgoingMessage) -> int | None:
        if message.chat_id is None:
            raise RecipientUnreachable("no chat id")
        markup = _markup(message.buttons)
        reply = _reply_to(message.extra.get("reply_to_message_id"))
        try:
            photo_file_id = message.extra.get("photo_file_id")
            if photo_file_id:
                sent = await self._bot.send_photo(
                    message.chat_id,
                    photo_file_id,
                    caption=message.text[:1024],
                    reply_markup=markup,
                    reply_parameters=reply,
                )
            elif message.attachment is not None:
                sent = await self._bot.send_photo(
                    message.chat_id,
                    BufferedInputFile(message.attachment, message.attachment_name or "chart.png"),
                    caption=message.text[:1024],
                    reply_markup=markup,
                    reply_parameters=reply,
                )
            else:
                sent = await self._bot.send_message(
                    message.chat_id, message.text, reply_markup=markup, reply_parameters=reply
                )
        except TelegramRetryAfter as exc:
            raise RetryLater(float(exc.retry_after)) from exc
        except TelegramForbiddenError as exc:
            raise RecipientUnreachable(exc.message) from exc
        except TelegramBadRequest as exc:
            if "chat not found" in exc.message.lower():
                raise RecipientUnreachable(exc.message) from exc
            raise
        except (TelegramServerError, TelegramNetworkError) as exc:
            raise TemporaryFailure(str(exc)) from exc
        return sent.message_id


def _reply_to(message_id: str | None) -> ReplyParameters | None:
    """A reply into a thread (a ticket's group post) that still goes out if that post was deleted."""
    if not message_id or not message_id.isdigit():
        return None
    return ReplyParameters(message_id=int(message_id), allow_sending_without_reply=True)


def _markup(buttons: tuple[tuple[str, str], ...]) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=label, callback_data=data)] for label, data in buttons]
    )
