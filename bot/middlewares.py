"""Outer middlewares: who is writing (a Person from the database), then which language to answer in."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User
from aiogram.utils.i18n import I18nMiddleware

import locales
from services.people import PeopleService, PersonDTO

PERSON_KEY = "person"


class PersonMiddleware(BaseMiddleware):
    """Loads (or creates) the Person behind the Telegram user and puts it in ``data["person"]``."""

    def __init__(self, people: PeopleService) -> None:
        self._people = people

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        if user is not None and not user.is_bot:
            person, _created = await self._people.get_or_create_by_telegram(user.id, user.full_name)
            data[PERSON_KEY] = person
        return await handler(event, data)


def telegram_language(code: str | None) -> str | None:
    """A supported language for a Telegram ``language_code`` ("en-GB" -> "en"), or None."""
    if not code:
        return None
    language = locales.normalize_language(code)
    return language if code.lower().startswith(language) else None


class LocaleMiddleware(I18nMiddleware):
    """The person's chosen language, else their Telegram app's language, else the default."""

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        person: PersonDTO | None = data.get(PERSON_KEY)
        if person is not None and person.locale in self.i18n.available_locales:
            return person.locale
        user: User | None = data.get("event_from_user")
        language = telegram_language(user.language_code if user is not None else None)
        if language is not None and language in self.i18n.available_locales:
            return language
        return self.i18n.default_locale
