"""A recording aiogram session: the Bot API requests aiogram really makes, answered like Telegram would.

Nothing leaves the process. Every call is serialized exactly as aiogram's HTTP session does it (the
form fields it would post) and recorded as a :class:`Call`; the answer is a realistic Bot API result
(a Message with an incrementing ``message_id`` in the right chat, ``True``, the bot's User) that goes
through aiogram's own response parsing. Builders make the Update objects Telegram would send.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InputFile, Update

TEST_TOKEN = "123456:TEST-TOKEN-abcdef"
BOT_NAME = "meterbot"
BOT_USERNAME = "meterbot_test_bot"
MESSAGE_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "editMessageText",
        "editMessageReplyMarkup",
        "editMessageCaption",
        "copyMessage",
        "forwardMessage",
    }
)


@dataclass(frozen=True)
class Call:
    """One Bot API request: the method name and its form fields as aiogram serializes them."""

    method: str
    params: dict[str, str]
    files: dict[str, bytes] = field(default_factory=dict)
    result: Any = None
    """What the fake answered (the raw Bot API result: a Message dict, True, ...)."""

    @property
    def message_id(self) -> int:
        """The message_id of the Message this call returned."""
        assert isinstance(self.result, dict), f"{self.method} returned {self.result!r}"
        return int(self.result["message_id"])

    def json(self, key: str) -> Any:
        """A JSON-encoded field decoded (reply_markup, entities, commands, ...), or None."""
        raw = self.params.get(key)
        return None if raw is None else json.loads(raw)

    @property
    def chat_id(self) -> int | None:
        raw = self.params.get("chat_id")
        return None if raw is None else int(raw)

    @property
    def text(self) -> str:
        return self.params.get("text") or self.params.get("caption") or ""

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        markup: dict[str, Any] | None = self.json("reply_markup")
        return markup

    @property
    def buttons(self) -> list[str]:
        """The button labels of the reply or inline keyboard, row by row."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [button["text"] for row in rows for button in row]

    @property
    def callback_data(self) -> list[str]:
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [button["callback_data"] for row in rows for button in row if "callback_data" in button]


def bot_user(token: str) -> dict[str, Any]:
    return {
        "id": int(token.split(":", 1)[0]),
        "is_bot": True,
        "first_name": BOT_NAME,
        "username": BOT_USERNAME,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


def chat_for(chat_id: int) -> dict[str, Any]:
    """A chat as Telegram describes it: positive ids are private chats, negative ones groups."""
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": "User"}
    return {"id": chat_id, "type": "supergroup", "title": "Operators"}


class MessageFactory:
    """Bot API results for the methods that return a Message (shared with the HTTP fake)."""

    def __init__(self) -> None:
        self._ids = itertools.count(1_000)

    def result(self, method: str, params: dict[str, Any], me: dict[str, Any]) -> dict[str, Any] | bool:
        if "inline_message_id" in params and method.startswith("edit"):
            return True
        chat_id = int(params.get("chat_id") or params.get("from_chat_id") or 0)
        message_id = int(params["message_id"]) if method.startswith("edit") else next(self._ids)
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat_for(chat_id),
            "from": me,
        }
        if method.startswith("edit"):
            message["edit_date"] = int(time.time())
        if params.get("text"):
            message["text"] = params["text"]
        if params.get("caption"):
            message["caption"] = params["caption"]
        if method == "sendPhoto":
            unique = f"photo{message_id}"
            message["photo"] = [{"file_id": unique, "file_unique_id": unique, "width": 1280, "height": 720}]
        if method == "sendDocument":
            unique = f"doc{message_id}"
            message["document"] = {"file_id": unique, "file_unique_id": unique}
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        return message


@dataclass
class ScriptedError:
    """An error Telegram would answer with (e.g. 403 blocked, 429 with retry_after)."""

    error_code: int
    description: str
    retry_after: int | None = None

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


class RecordingSession(BaseSession):
    """An aiogram session that records every request and answers it without a network."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[Call] = []
        self._messages = MessageFactory()
        self._errors: dict[str, list[ScriptedError]] = {}

    # --- what tests use -------------------------------------------------------------------------

    def fail_next(self, method: str, error: ScriptedError) -> None:
        """Answer the next call of ``method`` with ``error`` instead of a result."""
        self._errors.setdefault(method, []).append(error)

    def of(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def sent(self, chat_id: int | None = None) -> list[Call]:
        """sendMessage calls, optionally to one chat."""
        return [call for call in self.of("sendMessage") if chat_id is None or call.chat_id == chat_id]

    def last(self, method: str) -> Call:
        calls = self.of(method)
        assert calls, f"no {method} call among {[c.method for c in self.calls]}"
        return calls[-1]

    def clear(self) -> None:
        self.calls.clear()

    # --- BaseSession ----------------------------------------------------------------------------

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,
    ) -> TelegramType:
        call = self._serialize(bot, method)
        queued = self._errors.get(call.method)
        if queued:
            body = queued.pop(0).body()
            status = int(body["error_code"])
        else:
            body, status = {"ok": True, "result": self._result(bot, call)}, 200
        self.calls.append(replace(call, result=body.get("result")))
        response = self.check_response(bot=bot, method=method, status_code=status, content=json.dumps(body))
        return response.result  # type: ignore[return-value]

    async def close(self) -> None:
        return None

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield b""

    # --- internals ------------------------------------------------------------------------------

    def _serialize(self, bot: Bot, method: TelegramMethod[Any]) -> Call:
        """The same fields aiogram's AiohttpSession.build_form_data would post."""
        files: dict[str, InputFile] = {}
        params: dict[str, str] = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files)
            if prepared:  # a str Enum (e.g. ParseMode from the defaults) goes on the wire as its value
                params[key] = str(prepared.value if isinstance(prepared, Enum) else prepared)
        payloads = {key: _read_file(file, bot) for key, file in files.items()}
        return Call(method=method.__api_method__, params=params, files=payloads)

    def _result(self, bot: Bot, call: Call) -> Any:
        if call.method == "getMe":
            return bot_user(bot.token)
        if call.method == "getUpdates":
            return []
        if call.method in MESSAGE_METHODS:
            return self._messages.result(call.method, call.params, bot_user(bot.token))
        return True


def _read_file(file: InputFile, bot: Bot) -> bytes:
    data = getattr(file, "data", None)
    if isinstance(data, bytes):
        return data
    path = getattr(file, "path", None)
    if path is not None:
        with open(path, "rb") as source:
            return source.read()
    return b""


# --- Updates as Telegram sends them -----------------------------------------------------------------

_update_ids = itertools.count(1)
_message_ids = itertools.count(1)


def user_dict(
    user_id: int,
    *,
    first_name: str = "Иван",
    last_name: str | None = None,
    language_code: str | None = "ru",
    username: str | None = None,
) -> dict[str, Any]:
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if last_name:
        user["last_name"] = last_name
    if language_code:
        user["language_code"] = language_code
    if username:
        user["username"] = username
    return user


def _message_dict(user: dict[str, Any], chat_id: int | None) -> dict[str, Any]:
    chat = chat_for(chat_id if chat_id is not None else user["id"])
    if chat["type"] == "private":
        chat = {"id": chat["id"], "type": "private", "first_name": user["first_name"]}
    return {"message_id": next(_message_ids), "date": int(time.time()), "chat": chat, "from": user}


def message_update_dict(
    text: str,
    *,
    user_id: int = 1001,
    chat_id: int | None = None,
    language_code: str | None = "ru",
    first_name: str = "Иван",
    last_name: str | None = None,
) -> dict[str, Any]:
    """A text message (a command gets its bot_command entity, as Telegram adds one)."""
    user = user_dict(user_id, first_name=first_name, last_name=last_name, language_code=language_code)
    message = _message_dict(user, chat_id) | {"text": text}
    if text.startswith("/"):
        command = text.split()[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return {"update_id": next(_update_ids), "message": message}


def callback_update_dict(
    data: str,
    *,
    message_id: int,
    user_id: int = 1001,
    chat_id: int | None = None,
    language_code: str | None = "ru",
    first_name: str = "Иван",
    message_text: str = "",
) -> dict[str, Any]:
    """A press on an inline button under the bot's message ``message_id``."""
    user = user_dict(user_id, first_name=first_name, language_code=language_code)
    chat = chat_for(chat_id if chat_id is not None else user_id)
    message = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": chat,
        "from": bot_user(TEST_TOKEN),
        "text": message_text or "…",
    }
    query = {
        "id": str(next(_update_ids)),
        "from": user,
        "chat_instance": f"ci{chat['id']}",
        "message": message,
        "data": data,
    }
    return {"update_id": next(_update_ids), "callback_query": query}


def contact_update_dict(
    phone: str,
    *,
    user_id: int = 1001,
    language_code: str | None = "ru",
    first_name: str = "Иван",
    own: bool = True,
) -> dict[str, Any]:
    """The user shares a contact (their own by default, as the request_contact button does)."""
    user = user_dict(user_id, first_name=first_name, language_code=language_code)
    contact = {"phone_number": phone, "first_name": first_name, "user_id": user_id if own else user_id + 1}
    return {"update_id": next(_update_ids), "message": _message_dict(user, None) | {"contact": contact}}


def message_update(text: str, **kwargs: Any) -> Update:
    return Update.model_validate(message_update_dict(text, **kwargs))


def callback_update(data: str, **kwargs: Any) -> Update:
    return Update.model_validate(callback_update_dict(data, **kwargs))


def contact_update(phone: str, **kwargs: Any) -> Update:
    return Update.model_validate(contact_update_dict(phone, **kwargs))


async def feed(dp: Dispatcher, bot: Bot, update: Update | dict[str, Any]) -> Any:
    """Run one update through the dispatcher as polling or a webhook would."""
    if isinstance(update, dict):
        update = Update.model_validate(update, context={"bot": bot})
    return await dp.feed_update(bot, update)
