"""Domain errors. Adapters map them to localized messages at the edge; none carries user text."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a use case raises on purpose."""

    code: str = "domain_error"


class NotFound(DomainError):
    code = "not_found"


class PermissionDenied(DomainError):
    code = "permission_denied"


class Conflict(DomainError):
    code = "conflict"


class InvalidInput(DomainError):
    """Input failed validation; ``field`` names what was wrong, ``reason`` is a stable code."""

    code = "invalid_input"

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class Throttled(DomainError):
    code = "throttled"

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(f"retry after {retry_after_seconds}s")
        self.retry_after_seconds = retry_after_seconds
