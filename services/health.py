"""What each running component says about itself, for ``/healthz`` and the log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum


class ComponentState(StrEnum):
    DISABLED = "disabled"
    STARTING = "starting"
    UP = "up"
    DOWN = "down"


@dataclass(frozen=True, slots=True)
class ComponentStatus:
    state: ComponentState
    detail: str = ""
    since: datetime = field(default_factory=lambda: datetime.now(UTC))


class HealthRegistry:
    """A tiny in-memory board: components write their state, ``/healthz`` reads it."""

    def __init__(self) -> None:
        self._status: dict[str, ComponentStatus] = {}

    def set(self, component: str, state: ComponentState, detail: str = "") -> None:
        current = self._status.get(component)
        if current is not None and current.state == state and current.detail == detail:
            return
        self._status[component] = ComponentStatus(state, detail)

    def get(self, component: str) -> ComponentStatus:
        return self._status.get(component, ComponentStatus(ComponentState.DISABLED))

    def snapshot(self) -> dict[str, ComponentStatus]:
        return dict(self._status)
