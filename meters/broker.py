"""An in-process MQTT broker (amqtt) for the zero-config demo and the tests.

Production uses Mosquitto; this one exists so that ``meterbot demo`` and ``pytest`` need nothing
installed. It accepts every client, keeps persistent sessions (``clean_session=False``) and queues
QoS 1 messages for them while they are away, in memory: a broker restart forgets them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from amqtt.broker import Broker
from amqtt.plugins.base import BaseAuthPlugin

SESSION_EXPIRY_SECONDS = 7 * 24 * 3600
"""A persistent session nobody came back to for a week is dropped with its queued messages."""

_NOISY_LOGGERS = ("amqtt", "transitions")


class OpenAuthPlugin(BaseAuthPlugin):  # type: ignore[misc]  # amqtt ships no type information
    """Let every client in, as a named session.

    amqtt's own AnonymousAuthPlugin marks sessions anonymous, and amqtt neither keeps an anonymous
    session nor queues QoS 1 messages for it while it is disconnected. The demo broker listens on
    loopback only, so accepting everyone is fine; persistence is what the listener relies on.
    """

    @dataclass
    class Config:
        """No options."""

    async def authenticate(self, *, session: Any) -> bool:
        return True


class EmbeddedBroker:
    """Start and stop an amqtt broker listening on ``host:port``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 1883) -> None:
        self.host = host
        self.port = port
        self._broker: Broker | None = None

    @property
    def url(self) -> str:
        return f"mqtt://{self.host}:{self.port}"

    def config(self) -> dict[str, Any]:
        return {
            "listeners": {"default": {"type": "tcp", "bind": f"{self.host}:{self.port}"}},
            "session_expiry_interval": SESSION_EXPIRY_SECONDS,
            "plugins": {f"{__name__}.{OpenAuthPlugin.__name__}": {}},
        }

    async def start(self) -> None:
        if self._broker is not None:
            return
        for name in _NOISY_LOGGERS:
            logger = logging.getLogger(name)
            if logger.level == logging.NOTSET:
                logger.setLevel(logging.WARNING)
        broker = Broker(self.config())
        await broker.start()
        self._broker = broker

    async def stop(self) -> None:
        broker, self._broker = self._broker, None
        if broker is not None:
            await broker.shutdown()

    async def __aenter__(self) -> EmbeddedBroker:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
