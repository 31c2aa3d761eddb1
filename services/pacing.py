"""Pacing Telegram sends under Telegram's flood limits, so that a limited message is never sent.

Telegram's documented limits for a bot: about 30 messages per second overall, one message per second
in a chat, 20 messages per minute in a group. :class:`TelegramPacer` keeps, for every limit, the sends
it still matters for, and says how long a message to a chat has to wait (:meth:`TelegramPacer.wait`).

Telegram counts a message when it *receives* it, which is somewhere between the moment we start the
request and the moment its answer arrives. A send is therefore recorded twice: :meth:`take` when the
request starts (the earliest Telegram can count it) and :meth:`Ticket.done` when its answer arrives
(the latest). A window ends only after the *answer* of its oldest send plus the window's length, and a
new send starts no earlier, so network jitter can never squeeze two sends closer together on
Telegram's side than the limit allows. The cost is one round trip per window (a few milliseconds to a
local Bot API server).

A 429 answer still arrives now and then (Telegram's limits are not contractual): :meth:`hold` stops the
chat for ``retry_after`` seconds; the outbox reschedules the message itself.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Monotonic = Callable[[], float]

IN_FLIGHT_POLL = 0.005
"""How soon to look again when the window's oldest send has not been answered yet."""


@dataclass(frozen=True, slots=True)
class TelegramLimits:
    global_per_second: int = 30
    chat_interval: float = 1.0
    """Seconds between two messages to one chat."""
    group_per_minute: int = 20
    """Messages per minute to one group (a chat with a negative id)."""
    margin: float = 0.01
    """Seconds added to every window, for clocks that do not tick alike."""
    smoothing: float = 0.5
    """Spread a second's sends: at least ``smoothing / global_per_second`` seconds apart (0: bursts)."""


@dataclass(eq=False, slots=True)
class Ticket:
    """One send: when it started and, once answered, when the answer came."""

    at: float
    answered: bool = False
    _clock: Monotonic = field(default=time.monotonic, repr=False)

    def done(self) -> None:
        """The answer arrived (whatever it said): from now on the send is dated by its answer."""
        if not self.answered:
            self.at = self._clock()
            self.answered = True


class _Window:
    """At most ``count`` sends in any ``seconds``, counted at the answers of the sends."""

    __slots__ = ("count", "seconds", "sends")

    def __init__(self, count: int, seconds: float) -> None:
        self.count = count
        self.seconds = seconds
        self.sends: deque[Ticket] = deque()

    def wait(self, now: float) -> float:
        while self.sends and self.sends[0].answered and now - self.sends[0].at >= self.seconds:
            self.sends.popleft()
        if len(self.sends) < self.count:
            return 0.0
        oldest = self.sends[0]
        if not oldest.answered:
            return IN_FLIGHT_POLL
        return oldest.at + self.seconds - now

    def add(self, ticket: Ticket) -> None:
        self.sends.append(ticket)

    @property
    def idle(self) -> bool:
        return not self.sends


class TelegramPacer:
    """When a message to a chat may go, under :class:`TelegramLimits`. Not thread-safe: one event loop."""

    def __init__(self, limits: TelegramLimits | None = None, clock: Monotonic = time.monotonic) -> None:
        self.limits = limits or TelegramLimits()
        self._clock = clock
        margin = self.limits.margin
        self._global = _Window(self.limits.global_per_second, 1.0 + margin)
        self._spacing = self.limits.smoothing / self.limits.global_per_second
        self._last_start = float("-inf")
        self._chat_last: dict[int, Ticket] = {}
        self._groups: dict[int, _Window] = {}
        self._held: dict[int, float] = {}
        self.sent = 0
        self.throttled = 0

    def now(self) -> float:
        return self._clock()

    def global_wait(self) -> float:
        """Seconds until any message may go (0: now)."""
        now = self._clock()
        return max(self._global.wait(now), self._last_start + self._spacing - now, 0.0)

    def chat_wait(self, chat_id: int) -> float:
        """Seconds until this chat's own limits (per chat, per group, a 429) let a message go."""
        now = self._clock()
        waits = [self._held.get(chat_id, now) - now]
        last = self._chat_last.get(chat_id)
        if last is not None and not last.answered:
            waits.append(IN_FLIGHT_POLL)
        elif last is not None:
            waits.append(last.at + self.limits.chat_interval + self.limits.margin - now)
        group = self._groups.get(chat_id)
        if group is not None:
            waits.append(group.wait(now))
        return max(0.0, *waits)

    def wait(self, chat_id: int) -> float:
        return max(self.global_wait(), self.chat_wait(chat_id))

    def take(self, chat_id: int) -> Ticket:
        """Record a send to ``chat_id`` starting now; call :meth:`Ticket.done` when it is answered."""
        now = self._clock()
        ticket = Ticket(now, _clock=self._clock)
        self._last_start = now
        self._global.add(ticket)
        self._chat_last[chat_id] = ticket
        if chat_id < 0:
            window = self._groups.get(chat_id)
            if window is None:
                window = self._groups[chat_id] = _Window(self.limits.group_per_minute, 60.0 + self.limits.margin)
            window.add(ticket)
        self.sent += 1
        if len(self._chat_last) > 4096:
            self._forget(now)
        return ticket

    def hold(self, chat_id: int, seconds: float) -> None:
        """Telegram answered 429 with ``retry_after``: nothing goes to this chat for that long."""
        self.throttled += 1
        self._held[chat_id] = max(self._held.get(chat_id, 0.0), self._clock() + seconds)

    def _forget(self, now: float) -> None:
        """Drop what no longer limits anything, so that a million chats do not stay in memory."""
        horizon = self.limits.chat_interval + self.limits.margin
        self._chat_last = {c: t for c, t in self._chat_last.items() if not t.answered or now - t.at < horizon}
        self._held = {c: until for c, until in self._held.items() if until > now}
        for chat_id in [c for c, w in self._groups.items() if w.wait(now) == 0.0 and w.idle]:
            del self._groups[chat_id]


T = TypeVar("T")


@dataclass(slots=True)
class _Queued(Generic[T]):
    item: T
    since: float


class SendQueue(Generic[T]):
    """Claimed messages waiting for their chat, first in first out per chat, picked by readiness.

    A chat that must wait does not hold up the others (no head-of-line blocking): :meth:`pop_ready`
    takes the oldest message of the first chat that may receive one now. Messages without a chat
    (``None``: e-mail) are not paced. One message per chat is in flight at a time.
    """

    def __init__(self, pacer: TelegramPacer) -> None:
        self.pacer = pacer
        self._chats: dict[int | None, deque[_Queued[T]]] = {}
        self._in_flight: set[int] = set()
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, chat_id: int | None, item: T) -> None:
        self._chats.setdefault(chat_id, deque()).append(_Queued(item, self.pacer.now()))
        self._size += 1

    def busy_chats(self) -> set[int]:
        """Chats with a message waiting here or in flight: claim nothing more for them yet."""
        return {chat for chat in self._chats if chat is not None} | self._in_flight

    def pop_ready(self) -> tuple[T, int | None, Ticket | None] | float:
        """The next message that may go now, with its chat and the pacer's ticket (None for e-mail);
        otherwise the seconds until one may (``inf`` when nothing is queued)."""
        wait = float("inf")
        global_wait = self.pacer.global_wait()
        for chat_id, queue in self._chats.items():
            if chat_id is None:
                return self._pop(chat_id, queue), None, None
            if chat_id in self._in_flight:
                continue
            chat_wait = self.pacer.chat_wait(chat_id)
            if chat_wait <= 0.0 and global_wait <= 0.0:
                self._in_flight.add(chat_id)
                return self._pop(chat_id, queue), chat_id, self.pacer.take(chat_id)
            wait = min(wait, max(chat_wait, global_wait))
        if wait == float("inf") and self._size:
            wait = IN_FLIGHT_POLL  # every waiting chat has a message in flight
        return wait

    def finished(self, chat_id: int | None) -> None:
        """The message popped for ``chat_id`` has been answered (or given up)."""
        if chat_id is not None:
            self._in_flight.discard(chat_id)

    def take_stale(self, older_than: float) -> list[T]:
        """Remove and return messages that have waited here ``older_than`` seconds or more."""
        now = self.pacer.now()
        stale: list[T] = []
        for chat_id in list(self._chats):
            queue = self._chats[chat_id]
            while queue and now - queue[0].since >= older_than:
                stale.append(queue.popleft().item)
            if not queue:
                del self._chats[chat_id]
        self._size -= len(stale)
        return stale

    def take_all(self) -> list[T]:
        items = [queued.item for queue in self._chats.values() for queued in queue]
        self._chats.clear()
        self._size = 0
        return items

    def _pop(self, chat_id: int | None, queue: deque[_Queued[T]]) -> T:
        queued = queue.popleft()
        if not queue:
            del self._chats[chat_id]
        self._size -= 1
        return queued.item
