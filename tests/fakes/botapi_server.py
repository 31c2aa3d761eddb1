"""A Bot API-compatible HTTP server on aiohttp, for running the bot as a real process against it.

It serves ``/bot<token>/<method>`` on 127.0.0.1 (a free port) the way api.telegram.org does: form,
multipart or JSON parameters in, ``{"ok": true, "result": ...}`` out. ``getUpdates`` long-polls with
Telegram's offset semantics over updates that tests push with :meth:`FakeBotAPI.push_update`. Every
request is recorded; :meth:`FakeBotAPI.wait_for` awaits one. Telegram's flood limits (1 message/s per
chat, 20/min per group, 30/s overall, answered with 429 and ``retry_after``) are an option, off by
default, for benchmarks of the outbox sender.

    async with FakeBotAPI() as api:
        env["MB_TELEGRAM_API_URL"] = api.url
        api.push_update(message_update_dict("/start"))
        reply = await api.wait_for("sendMessage", lambda r: r.chat_id == 1001)
"""

from __future__ import annotations

import asyncio
import json
import math
import socket
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from aiogram.types import Update
from aiohttp import web

from tests.fakes.telegram import MESSAGE_METHODS, Call, MessageFactory, ScriptedError, bot_user

THROTTLED_PREFIXES = ("send", "edit", "copyMessage", "forwardMessage")


@dataclass(frozen=True)
class RateLimits:
    """Telegram's documented flood limits for bots."""

    per_chat_per_second: float = 1.0
    group_per_minute: int = 20
    global_per_second: int = 30


@dataclass(frozen=True)
class ServedRequest(Call):
    """A recorded request with how it was answered."""

    token: str = ""
    status: int = 200
    at: float = 0.0


@dataclass
class RateLimiter:
    limits: RateLimits
    clock: Callable[[], float] = time.monotonic
    _recent: deque[float] = field(default_factory=deque)
    _last_in_chat: dict[int, float] = field(default_factory=dict)
    _group_recent: dict[int, deque[float]] = field(default_factory=dict)

    def admit(self, chat_id: int) -> int | None:
        """None when the message may go now (and it is counted), else the seconds to wait."""
        now = self.clock()
        while self._recent and now - self._recent[0] >= 1.0:
            self._recent.popleft()
        waits: list[float] = []
        if len(self._recent) >= self.limits.global_per_second:
            waits.append(self._recent[0] + 1.0 - now)
        last = self._last_in_chat.get(chat_id)
        interval = 1.0 / self.limits.per_chat_per_second
        if last is not None and now - last < interval:
            waits.append(last + interval - now)
        group = self._group_recent.setdefault(chat_id, deque()) if chat_id < 0 else None
        if group is not None:
            while group and now - group[0] >= 60.0:
                group.popleft()
            if len(group) >= self.limits.group_per_minute:
                waits.append(group[0] + 60.0 - now)
        if waits:
            return max(1, math.ceil(max(waits)))
        self._recent.append(now)
        self._last_in_chat[chat_id] = now
        if group is not None:
            group.append(now)
        return None


def _as_int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


class FakeBotAPI:
    def __init__(self, *, token: str | None = None, rate_limits: RateLimits | None = None) -> None:
        """``token``: answer 401 to any other token; ``rate_limits``: enforce flood limits (default off)."""
        self.token = token
        self.limiter = RateLimiter(rate_limits) if rate_limits is not None else None
        self.requests: list[ServedRequest] = []
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._messages = MessageFactory()
        self._errors: dict[str, list[ScriptedError]] = {}
        self._changed = asyncio.Condition()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle ------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> str:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = int(sock.getsockname()[1])
        await web.SockSite(self._runner, sock).start()
        return self.url

    async def stop(self) -> None:
        async with self._changed:
            self._closing = True
            self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotAPI:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    # --- what tests use -------------------------------------------------------------------------

    def push_update(self, update: dict[str, Any] | Update) -> int:
        """Queue an update for getUpdates; a missing or stale update_id is replaced. Returns the id."""
        if isinstance(update, Update):
            raw = update.model_dump(mode="json", exclude_none=True, by_alias=True)
        else:
            raw = dict(update)
        if int(raw.get("update_id") or 0) < self._next_update_id:
            raw["update_id"] = self._next_update_id
        self._next_update_id = int(raw["update_id"]) + 1
        self._updates.append(raw)
        asyncio.get_running_loop().create_task(self._notify())
        return int(raw["update_id"])

    def fail_next(self, method: str, error: ScriptedError) -> None:
        """Answer the next call of ``method`` with ``error`` (e.g. 403 "bot was blocked by the user")."""
        self._errors.setdefault(method, []).append(error)

    def of(self, method: str) -> list[ServedRequest]:
        return [request for request in self.requests if request.method == method]

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[ServedRequest], bool] | None = None,
        timeout: float = 5.0,
    ) -> ServedRequest:
        """The first recorded (or next) successful request of ``method`` matching ``predicate``."""

        def find() -> ServedRequest | None:
            for request in self.requests:
                ok = request.method == method and request.status == 200
                if ok and (predicate is None or predicate(request)):
                    return request
            return None

        try:
            async with asyncio.timeout(timeout), self._changed:
                await self._changed.wait_for(lambda: find() is not None)
        except TimeoutError:
            seen = [f"{r.method}:{r.status}" for r in self.requests]
            raise AssertionError(f"no matching {method} within {timeout}s; requests so far: {seen}") from None
        found = find()
        assert found is not None
        return found

    # --- HTTP -----------------------------------------------------------------------------------

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _handle(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        params, files = await self._read_params(request)
        if self.token is not None and token != self.token:
            body: dict[str, Any] = {"ok": False, "error_code": 401, "description": "Unauthorized"}
        elif method.lower() == "getupdates":
            # Recorded on arrival (its result is not kept): a long poll is "the bot is polling".
            await self._record(ServedRequest(method=method, params=params, token=token, at=time.monotonic()))
            return web.json_response({"ok": True, "result": await self._get_updates(params)})
        else:
            body = self._answer(token, method, params)
        status = 200 if body["ok"] else int(body["error_code"])
        result = body.get("result")
        at = time.monotonic()
        await self._record(ServedRequest(method, params, files, result, token=token, status=status, at=at))
        return web.json_response(body, status=status)

    async def _record(self, served: ServedRequest) -> None:
        async with self._changed:
            self.requests.append(served)
            self._changed.notify_all()

    @staticmethod
    async def _read_params(request: web.Request) -> tuple[dict[str, str], dict[str, bytes]]:
        params: dict[str, str] = dict(request.query)
        files: dict[str, bytes] = {}
        if request.content_type == "application/json":
            payload = await request.json()
            for key, value in payload.items():
                params[key] = value if isinstance(value, str) else json.dumps(value)
        elif request.can_read_body:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = value.file.read()
                else:
                    params[key] = str(value)
        return params, files

    async def _get_updates(self, params: dict[str, str]) -> list[dict[str, Any]]:
        offset, limit = _as_int(params.get("offset")), _as_int(params.get("limit")) or 100
        timeout = float(params.get("timeout") or 0)
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        if not self._updates and timeout > 0 and not self._closing:
            try:
                async with asyncio.timeout(timeout), self._changed:
                    await self._changed.wait_for(lambda: bool(self._updates) or self._closing)
            except TimeoutError:
                pass
        return self._updates[:limit]

    def _answer(self, token: str, method: str, params: dict[str, str]) -> dict[str, Any]:
        queued = self._errors.get(method)
        if queued:
            return queued.pop(0).body()
        if self.limiter is not None and method.startswith(THROTTLED_PREFIXES) and "chat_id" in params:
            retry_after = self.limiter.admit(_as_int(params["chat_id"]))
            if retry_after is not None:
                return ScriptedError(429, f"Too Many Requests: retry after {retry_after}", retry_after).body()
        if method in {"sendMessage", "editMessageText"} and not params.get("text"):
            return ScriptedError(400, "Bad Request: message text is empty").body()
        if method.startswith("send") and not params.get("chat_id"):
            return ScriptedError(400, "Bad Request: chat_id is empty").body()
        if method == "getMe":
            return {"ok": True, "result": bot_user(token)}
        if method in MESSAGE_METHODS:
            return {"ok": True, "result": self._messages.result(method, params, bot_user(token))}
        return {"ok": True, "result": True}
