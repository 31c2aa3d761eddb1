"""Errors that stop the process with one line for the operator."""

from __future__ import annotations


class StartupError(Exception):
    """Start-up cannot go on; the message is one line for the operator."""
