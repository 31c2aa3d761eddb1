"""CallbackData factories: short prefixes, ids only (Telegram allows 64 bytes)."""

from __future__ import annotations

from typing import Literal

from aiogram.filters.callback_data import CallbackData

Language = Literal["ru", "en"]


class LanguageCallback(CallbackData, prefix="lng"):
    """A press on a language button; anything but a supported code fails to parse."""

    code: Language


class RelayStart(CallbackData, prefix="rly"):
    """Start the relay off/on flow for a meter (the button under an alert or a meter card)."""

    meter_id: int
