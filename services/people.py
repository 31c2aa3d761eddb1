"""People as the bot knows them: found or created by Telegram id, with their language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError

from services.clock import Clock
from services.db.models import Person
from services.db.prepared import Prepared
from services.enums import Channel
from services.errors import InvalidInput, NotFound

SUPPORTED_LOCALES: frozenset[str] = frozenset({"ru", "en"})


@dataclass(frozen=True, slots=True)
class PersonDTO:
    id: int
    telegram_id: int | None
    name: str
    phone: str
    email: str
    locale: str | None
    channel: Channel


def _dto(person: Person) -> PersonDTO:
    return PersonDTO(
        id=person.id,
        telegram_id=person.telegram_id,
        name=person.name,
        phone=person.phone,
        email=person.email,
        locale=person.locale,
        channel=Channel(person.channel),
    )


_PERSON_FIELDS = ("id", "telegram_id", "name", "phone", "email", "locale", "channel")
_BY_TELEGRAM = Prepared(lambda telegram_id: Person.filter(telegram_id=telegram_id).values(*_PERSON_FIELDS), arity=1)
"""Looked up for every update the bot receives."""


def _row_dto(row: dict[str, Any]) -> PersonDTO:
    return PersonDTO(
        id=row["id"],
        telegram_id=row["telegram_id"],
        name=row["name"],
        phone=row["phone"],
        email=row["email"],
        locale=row["locale"],
        channel=Channel(row["channel"]),
    )


class PeopleService:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def get_by_telegram(self, telegram_id: int) -> PersonDTO | None:
        person = await Person.get_or_none(telegram_id=telegram_id)
        return None if person is None else _dto(person)

    async def get_or_create_by_telegram(self, telegram_id: int, name: str) -> tuple[PersonDTO, bool]:
        """The person with this Telegram id; created (with ``name``) when new. ``True`` means created."""
        rows = await _BY_TELEGRAM.fetch(telegram_id)
        if rows:
            return _row_dto(rows[0]), False
        try:
            created = await Person.create(telegram_id=telegram_id, name=name[:200], created_at=self._clock.now())
        except IntegrityError:  # a concurrent update from the same user created it first
            return _dto(await Person.get(telegram_id=telegram_id)), False
        return _dto(created), True

    async def set_locale(self, person_id: int, locale: str) -> PersonDTO:
        if locale not in SUPPORTED_LOCALES:
            raise InvalidInput("locale", "unsupported")
        updated = await Person.filter(id=person_id).update(locale=locale)
        if not updated:
            raise NotFound(f"person {person_id}")
        return _dto(await Person.get(id=person_id))
