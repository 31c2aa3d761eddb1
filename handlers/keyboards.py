"""Keyboard builders. Labels are message ids, translated when the keyboard is built."""

from __future__ import annotations

from typing import get_args

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder, ReplyKeyboardBuilder
from babel import Locale

from handlers.callbacks import Language, LanguageCallback
from handlers.i18n import N_

MY_METERS = N_("My meters")
READINGS = N_("Readings")
CHARTS = N_("Charts")
REQUESTS = N_("Requests")
ANNOUNCEMENTS = N_("Announcements")
PROFILE = N_("Profile")
LANGUAGE = N_("Language")
HELP = N_("Help")
CANCEL = N_("Cancel")

MAIN_MENU: tuple[tuple[str, ...], ...] = (
    (MY_METERS, READINGS),
    (CHARTS, REQUESTS, ANNOUNCEMENTS),
    (PROFILE, LANGUAGE, HELP),
)


class InlineKeyboard(InlineKeyboardBuilder):
    """aiogram's inline keyboard builder without its deep copies.

    The builder deep-copies every button built so far on each ``button()`` and again in ``as_markup()``:
    for a card of seven buttons that was a tenth of a button press's time (docs/benchmarks.md). Here
    the rows are copied, and the buttons, made fresh for every keyboard, are shared.
    """

    def export(self) -> list[list[InlineKeyboardButton]]:
        return [list(row) for row in self._markup]


COMING_SOON: tuple[str, ...] = ()
"""Menu items whose feature is not built yet; a feature removes its item here when it takes the button."""


def _reply(rows: tuple[tuple[str, ...], ...], placeholder: str | None) -> ReplyKeyboardMarkup:
    builder = ReplyKeyboardBuilder()
    for row in rows:
        builder.row(*(KeyboardButton(text=_(item)) for item in row))
    return builder.as_markup(resize_keyboard=True, is_persistent=True, input_field_placeholder=placeholder)


def main_menu() -> ReplyKeyboardMarkup:
    return _reply(MAIN_MENU, placeholder=_("Choose a section"))


def cancel_keyboard() -> ReplyKeyboardMarkup:
    """The keyboard of a dialog step: a single Cancel button."""
    return _reply(((CANCEL,),), placeholder=None)


def language_name(code: str, *, capitalize: bool = True) -> str:
    """The language's own name from CLDR: "Русский", "English" (or "русский" inside a sentence)."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:] if capitalize else name


def language_keyboard(current: str | None = None) -> InlineKeyboardMarkup:
    builder = InlineKeyboard()
    for code in get_args(Language):
        mark = "✓ " if code == current else ""
        builder.button(text=mark + language_name(code), callback_data=LanguageCallback(code=code))
    return builder.as_markup()
