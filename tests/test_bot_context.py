"""aiogram objects still know their Bot after create_bot flattens pydantic's post-init chain."""

from __future__ import annotations

from typing import Any

from aiogram.methods import SendMessage
from aiogram.types import InlineKeyboardButton, Message, TelegramObject, Update
from pydantic import PrivateAttr

from bot.bot_context import _post_init, flatten_bot_context
from bot.telegram import create_bot
from tests.fakes.telegram import TEST_TOKEN, RecordingSession, message_update_dict

MESSAGE = {
    "message_id": 7,
    "date": 1,
    "chat": {"id": 5, "type": "private", "first_name": "Иван"},
    "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "mt:c:1"}]]},
}


def test_create_bot_flattens_and_every_nested_object_gets_the_bot() -> None:
    bot = create_bot(TEST_TOKEN, None, session=RecordingSession())
    assert Message.model_post_init is _post_init
    message = Message.model_validate(MESSAGE, context={"bot": bot})
    assert message.bot is bot
    assert message.chat.bot is bot
    assert message.reply_markup is not None
    assert message.reply_markup.inline_keyboard[0][0].bot is bot
    update = Update.model_validate(message_update_dict("hi"), context={"bot": bot})
    assert update.bot is bot
    assert update.message is not None
    assert update.message.from_user is not None
    assert update.message.from_user.bot is bot


def test_without_a_context_the_bot_is_none_and_can_be_bound_later() -> None:
    flatten_bot_context()
    button = InlineKeyboardButton(text="x", callback_data="y")
    assert button.bot is None
    bot = create_bot(TEST_TOKEN, None, session=RecordingSession())
    assert button.as_(bot).bot is bot
    assert button.model_copy(update={"text": "z"}).bot is bot
    assert SendMessage(chat_id=1, text="x").bot is None


class _Extra(TelegramObject):
    """A class with a private attribute of its own keeps pydantic's post-init (which sets its default)."""

    _seen: int = PrivateAttr(default=3)


class _OwnInit(TelegramObject):
    def model_post_init(self, context: Any, /) -> None:
        super().model_post_init(context)


def test_classes_with_more_private_state_or_their_own_post_init_are_left_alone() -> None:
    flatten_bot_context()
    assert _Extra.model_post_init is not _post_init
    assert _Extra()._seen == 3
    assert _OwnInit.model_post_init is not _post_init
    assert _OwnInit.model_validate({}, context={"bot": "b"}).bot == "b"
