"""People as the bot knows them: found or created by Telegram id, with their language."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError

from services.clock import Clock
from services.db.models import Person
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


class PeopleService:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def get_by_telegram(self, telegram_id: int) -> PersonDTO | None:
        person = await Person.get_or_none(telegram_id=telegram_id)
        return None if person is None else _dto(person)

    async def get_or_create_by_telegram(self, telegram_id: int, name: str) -> tuple[PersonDTO, bool]:
        """The person with this Telegram id; created (with ``name``) when new. ``True`` means created."""
        existing = await Person.get_or_none(telegram_id=telegram_id)
        if existing is not None:
            return _dto(existing), False
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
