"""Broker URLs, MQTT clients made from them, and the reconnect backoff shared by the listener and
the simulator.

The listener's client (:meth:`Endpoint.subscriber`) acknowledges QoS 1 messages itself
(:class:`ManualAcks`), once what they carry is stored. For that to be fast the broker must let many
messages wait for their acknowledgement: MQTT 5 lets the client say how many (Receive Maximum), so the
listener speaks MQTT 5 where the broker does (:meth:`Endpoint.speaks_mqtt5`) and MQTT 3.1.1 elsewhere
(the embedded amqtt broker), where the broker's own window applies (Mosquitto: ``max_inflight_messages``,
20 by default).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import ssl
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import aiomqtt
from aiomqtt.exceptions import MqttConnectError
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

if TYPE_CHECKING:
    from paho.mqtt.client import SocketLike

SCHEMES = {"mqtt": (1883, False), "tcp": (1883, False), "mqtts": (8883, True), "ssl": (8883, True)}
RECEIVE_MAXIMUM = 65_535
"""MQTT 5: how many QoS 1 messages the broker may send the listener before it acknowledges any (the
protocol's maximum): acknowledgements wait for a database commit, a few tenths of a second."""
SESSION_EXPIRY_SECONDS = 7 * 24 * 3600
"""MQTT 5: how long the broker keeps the listener's session (and queues its messages) while it is away."""
UNSUPPORTED_PROTOCOL = 132
"""MQTT 5 CONNACK reason code "Unsupported Protocol Version" (an MQTT 3.1.1 broker's refusal reads so)."""


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where the broker is and how to log in: parsed from ``mqtt[s]://user:pass@host:port``."""

    host: str
    port: int
    tls: bool = False
    username: str | None = None
    password: str | None = None

    @classmethod
    def from_url(cls, url: str) -> Endpoint:
        parts = urlsplit(url)
        if parts.scheme not in SCHEMES:
            raise ValueError(f"unsupported MQTT URL scheme {parts.scheme!r}; use mqtt:// or mqtts://")
        default_port, tls = SCHEMES[parts.scheme]
        return cls(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or default_port,
            tls=tls,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )

    @property
    def safe_url(self) -> str:
        """The URL for logs: the user name is kept, the password never printed."""
        user = f"{self.username}@" if self.username else ""
        return f"{'mqtts' if self.tls else 'mqtt'}://{user}{self.host}:{self.port}"

    def client(
        self,
        identifier: str,
        *,
        clean_session: bool = True,
        will: aiomqtt.Will | None = None,
        keepalive: int = 30,
    ) -> aiomqtt.Client:
        return aiomqtt.Client(
            self.host,
            self.port,
            username=self.username,
            password=self.password,
            identifier=identifier,
            clean_session=clean_session,
            will=will,
            keepalive=keepalive,
            timeout=10,
            tls_context=ssl.create_default_context() if self.tls else None,
        )

    def subscriber(self, identifier: str, deliver: Callable[[aiomqtt.Message], None], *, mqtt5: bool) -> aiomqtt.Client:
        """The listener's client: a persistent session, every message handed to ``deliver`` as soon as
        it is read (:func:`direct_inbox`), acknowledgements left to :class:`ManualAcks`."""
        common = {
            "username": self.username,
            "password": self.password,
            "identifier": identifier,
            "keepalive": 30,
            "timeout": 10,
            "tls_context": ssl.create_default_context() if self.tls else None,
            "queue_type": direct_inbox(deliver),
        }
        if not mqtt5:
            client = aiomqtt.Client(self.host, self.port, clean_session=False, **common)  # type: ignore[arg-type]
        else:
            properties = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
            properties.SessionExpiryInterval = SESSION_EXPIRY_SECONDS
            properties.ReceiveMaximum = RECEIVE_MAXIMUM
            client = aiomqtt.Client(
                self.host,
                self.port,
                protocol=aiomqtt.ProtocolVersion.V5,
                clean_start=False,
                properties=properties,
                **common,  # type: ignore[arg-type]
            )
        read_ahead(client)
        return client

    async def speaks_mqtt5(self) -> bool:
        """Whether the broker takes MQTT 5, asked with a throw-away anonymous connection (an MQTT 3.1.1
        broker refuses it at once; one that wants a password still answers in MQTT 5). Raises
        ``aiomqtt.MqttError`` when the broker cannot be reached."""
        probe = aiomqtt.Client(
            self.host,
            self.port,
            identifier=f"meterbot-probe-{uuid.uuid4().hex[:12]}",
            protocol=aiomqtt.ProtocolVersion.V5,
            timeout=10,
            tls_context=ssl.create_default_context() if self.tls else None,
        )
        try:
            async with probe:
                return True
        except MqttConnectError as exc:
            return bool(getattr(exc.rc, "value", exc.rc) != UNSUPPORTED_PROTOCOL)


def direct_inbox(deliver: Callable[[aiomqtt.Message], None]) -> type[asyncio.Queue[aiomqtt.Message]]:
    """An aiomqtt ``queue_type`` that queues nothing: each message goes to ``deliver`` as paho reads it,
    in order, in the event loop's thread. Reading ``client.messages`` costs a task and a wake-up per
    message, as much as everything else the listener does with it; this costs a function call.
    ``client.messages`` then only ends (with ``MqttError``) when the connection is lost."""

    class DirectInbox(asyncio.Queue[aiomqtt.Message]):
        def put_nowait(self, item: aiomqtt.Message) -> None:
            deliver(item)

    return DirectInbox


READ_AHEAD = 16 * 1024
"""Bytes the listener's socket asks the kernel for at once (:class:`ReadAheadSocket`): about 130
telemetry messages, a few milliseconds of work before the event loop gets its turn back."""


class ReadAheadSocket(socket.socket):
    """A TCP socket that reads what the kernel has (up to :data:`READ_AHEAD` bytes) in one system call
    and hands it out as asked, saying how much is left in ``pending()``.

    paho-mqtt reads each packet with three system calls (its first byte, its length, the rest) and
    aiomqtt reads one packet each time the event loop finds the socket readable: at thousands of
    messages a second that is an event-loop turn and three system calls per message. aiomqtt's reader
    keeps reading while the socket reports ``pending()`` bytes (meant for TLS sockets, which buffer the
    same way), so with this socket one turn reads every packet of a chunk.

    One chunk a turn: once a chunk is handed out, the next read from the kernel says "nothing yet"
    until ``pending()`` has answered 0 (aiomqtt's reader asks that before it gives the turn back), so
    a broker that keeps sending cannot hold the event loop; what the kernel still has makes the socket
    readable again at the next turn."""

    __slots__ = ("_ahead", "_offset", "_spent")

    def __init__(self, sock: socket.socket) -> None:
        super().__init__(sock.family, sock.type, sock.proto, sock.detach())
        self._ahead = b""
        self._offset = 0
        self._spent = False

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        if flags:
            return super().recv(bufsize, flags)
        ahead, offset = self._ahead, self._offset
        if offset >= len(ahead):
            if self._spent:
                raise BlockingIOError("this turn's chunk is handed out")
            ahead = super().recv(READ_AHEAD)  # BlockingIOError when nothing is there; b"" at the end
            if not ahead:
                return ahead
            self._ahead, offset, self._spent = ahead, 0, True
        end = min(offset + bufsize, len(ahead))
        self._offset = end
        return ahead[offset:end]

    def pending(self) -> int:
        """Bytes read from the kernel and not handed out yet; 0 also ends the turn (see above)."""
        left = len(self._ahead) - self._offset
        if not left:
            self._spent = False
        return left


def read_ahead(client: aiomqtt.Client) -> None:
    """Make the client's plain TCP connections :class:`ReadAheadSocket` (TLS and websockets keep theirs).
    Reaches paho-mqtt's socket factory, a private method; tests/test_mqtt_read_ahead.py checks that
    the client still takes it."""
    paho = client._client  # private: see the docstring
    create = paho._create_socket

    def create_read_ahead() -> SocketLike:
        sock = create()
        return ReadAheadSocket(sock) if type(sock) is socket.socket and sock.type == socket.SOCK_STREAM else sock

    paho._create_socket = create_read_ahead  # type: ignore[method-assign]


class ManualAcks:
    """QoS 1 acknowledgements sent when the application says so, not on arrival (paho-mqtt's
    ``manual_ack``): a message the broker sees acknowledged is one meterbot has stored, and anything
    else is delivered again after a crash. aiomqtt 2.5 has no API for it yet (empicano/aiomqtt#345),
    so this reaches its paho client; set up before connecting, as queued messages arrive at once."""

    def __init__(self, client: aiomqtt.Client) -> None:
        self._paho = client._client  # private: see the class docstring
        self._paho.manual_ack_set(True)
        self._quickack_at = 0.0

    def ack(self, mid: int, qos: int) -> None:
        if qos > 0:
            self._paho.ack(mid, qos)

    def received(self) -> None:
        """Call after each message read: keeps TCP acknowledging at once (Linux ``TCP_QUICKACK``).
        With MQTT acknowledgements held back, the kernel otherwise delays its TCP ACK (up to 40 ms),
        and a broker with Nagle's algorithm on (Mosquitto's default) holds its next message until then.
        Messages closer together than :data:`QUICKACK_GAP` need no help (and a system call each would
        cost more than it saves)."""
        now = time.monotonic()
        if now - self._quickack_at < QUICKACK_GAP:
            return
        self._quickack_at = now
        sock = self._paho.socket()
        if _QUICKACK is not None and isinstance(sock, socket.socket):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)


_QUICKACK: int | None = getattr(socket, "TCP_QUICKACK", None)
QUICKACK_GAP = 0.002
"""Seconds since the last one below which ``TCP_QUICKACK`` is not set again."""


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential backoff with jitter: about ``initial`` seconds, doubling up to ``cap``."""

    initial: float = 1.0
    cap: float = 30.0
    jitter: float = 0.2

    def delay(self, attempt: int) -> float:
        base: float = min(self.cap, self.initial * 2.0 ** min(attempt, 30))
        return min(self.cap, base * random.uniform(1 - self.jitter, 1 + self.jitter))
