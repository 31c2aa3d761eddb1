"""Broker URLs, MQTT clients made from them, and the reconnect backoff shared by the listener and
the simulator."""

from __future__ import annotations

import random
import ssl
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import aiomqtt

SCHEMES = {"mqtt": (1883, False), "tcp": (1883, False), "mqtts": (8883, True), "ssl": (8883, True)}


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


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential backoff with jitter: about ``initial`` seconds, doubling up to ``cap``."""

    initial: float = 1.0
    cap: float = 30.0
    jitter: float = 0.2

    def delay(self, attempt: int) -> float:
        base: float = min(self.cap, self.initial * 2.0 ** min(attempt, 30))
        return min(self.cap, base * random.uniform(1 - self.jitter, 1 + self.jitter))
