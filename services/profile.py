"""Residents' registration and profile: name, phone, e-mail, language, preferred channel, consent.

Every rule raises :class:`~services.errors.InvalidInput` with the field and a stable reason code; the
adapters map the pair to a localized message. Registration stores nothing until the resident agrees to
the processing of personal data: name, phone, e-mail and the consent time are written in one step.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from email_validator import EmailNotValidError
from email_validator import validate_email as _check_email
from tortoise.transactions import in_transaction

from services import audit
from services.clock import Clock
from services.db.models import Person, Site
from services.enums import Channel
from services.errors import InvalidInput, NotFound
from services.people import SUPPORTED_LOCALES

NAME_MIN = 2
NAME_MAX = 100
EMAIL_MAX = 254

_PHONE_SEPARATORS = re.compile(r"[\s\-().\u2010-\u2015]")
_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True, slots=True)
class ProfileDTO:
    id: int
    telegram_id: int | None
    name: str
    phone: str
    email: str
    locale: str | None
    channel: Channel
    consent_at: datetime | None

    @property
    def registered(self) -> bool:
        """Registration is complete once the resident agreed to the processing of personal data."""
        return self.consent_at is not None


# --- rules ----------------------------------------------------------------------------------------


def validate_name(raw: str) -> str:
    """Letters of any alphabet, spaces and hyphens, 2-100 characters; runs of spaces collapse.

    Reasons: ``too_short``, ``too_long``, ``characters`` (a digit, a symbol, or a hyphen at an edge).
    """
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    if len(name) < NAME_MIN:
        raise InvalidInput("name", "too_short")
    if len(name) > NAME_MAX:
        raise InvalidInput("name", "too_long")
    if not all(char.isalpha() or char in " -" for char in name):
        raise InvalidInput("name", "characters")
    if not (name[0].isalpha() and name[-1].isalpha()) or "--" in name:
        raise InvalidInput("name", "characters")
    return name


def normalize_phone(raw: str) -> str:
    """A phone number in E.164: ``+7XXXXXXXXXX`` for Russia (typed as 8…, 7…, +7… or 10 digits starting
    with 9, with any spaces, dashes, dots or brackets), ``+<country><number>`` for other countries.

    Reasons: ``format`` (letters, a wrong length, no country code for a foreign number).
    """
    compact = _PHONE_SEPARATORS.sub("", raw.strip())
    international = compact.startswith(("+", "00"))
    digits = compact[1:] if compact.startswith("+") else compact[2:] if compact.startswith("00") else compact
    if not _DIGITS.fullmatch(digits):
        raise InvalidInput("phone", "format")
    if international:
        if digits.startswith("7"):
            if len(digits) != 11:
                raise InvalidInput("phone", "format")
        elif not 8 <= len(digits) <= 15 or digits.startswith("0"):
            raise InvalidInput("phone", "format")
        return "+" + digits
    if len(digits) == 11 and digits[0] in "78":
        return "+7" + digits[1:]
    if len(digits) == 10 and digits[0] == "9":
        return "+7" + digits
    raise InvalidInput("phone", "format")


def normalize_email(raw: str) -> str:
    """A syntactically valid address with a real-looking domain (no DNS lookups); the domain is
    lower-cased. Reasons: ``format``, ``too_long``."""
    candidate = raw.strip()
    if len(candidate) > EMAIL_MAX:
        raise InvalidInput("email", "too_long")
    try:
        checked = _check_email(candidate, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidInput("email", "format") from exc
    if len(checked.normalized) > EMAIL_MAX:
        raise InvalidInput("email", "too_long")
    return str(checked.normalized)


def _dto(person: Person) -> ProfileDTO:
    return ProfileDTO(
        id=person.id,
        telegram_id=person.telegram_id,
        name=person.name,
        phone=person.phone,
        email=person.email,
        locale=person.locale,
        channel=Channel(person.channel),
        consent_at=person.consent_at,
    )


# --- use cases ------------------------------------------------------------------------------------


class ProfileService:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def get(self, person_id: int) -> ProfileDTO:
        return _dto(await self._person(person_id))

    async def consent_text(self, site_id: int | None = None) -> str:
        """The consent text of ``site_id``, or of the only site there is; "" means: use the default text."""
        if site_id is not None:
            site = await Site.get_or_none(id=site_id)
            return site.consent_text.strip() if site else ""
        texts = await Site.all().limit(2).values_list("consent_text", flat=True)
        return str(texts[0]).strip() if len(texts) == 1 else ""

    async def register(
        self, person_id: int, *, name: str, phone: str, email: str = "", consent_site_id: int | None = None
    ) -> ProfileDTO:
        """Store the resident's data together with the consent; validates every field again."""
        values = {"name": validate_name(name), "phone": normalize_phone(phone)}
        values["email"] = normalize_email(email) if email.strip() else ""
        now = self._clock.now()
        async with in_transaction():
            person = await self._person(person_id)
            await Person.filter(id=person_id).update(**values, consent_at=now)
            if not values["email"] and person.channel == Channel.EMAIL:
                await Person.filter(id=person_id).update(channel=Channel.TELEGRAM)
        await audit.record(
            "profile.consent",
            actor_id=person_id,
            site_id=consent_site_id,
            object_type="person",
            object_id=str(person_id),
            origin="telegram",
            details={"at": now.isoformat()},
        )
        return await self.get(person_id)

    async def set_name(self, person_id: int, name: str) -> ProfileDTO:
        return await self._update(person_id, name=validate_name(name))

    async def set_phone(self, person_id: int, phone: str) -> ProfileDTO:
        return await self._update(person_id, phone=normalize_phone(phone))

    async def set_email(self, person_id: int, email: str) -> ProfileDTO:
        """Set the address; an empty one removes it, and e-mail as the preferred channel goes with it."""
        if not email.strip():
            return await self._update(person_id, email="", channel=Channel.TELEGRAM)
        return await self._update(person_id, email=normalize_email(email))

    async def set_locale(self, person_id: int, locale: str) -> ProfileDTO:
        if locale not in SUPPORTED_LOCALES:
            raise InvalidInput("locale", "unsupported")
        return await self._update(person_id, locale=locale)

    async def set_channel(self, person_id: int, channel: Channel | str) -> ProfileDTO:
        """Telegram or e-mail; e-mail needs an address (reason ``email_missing``)."""
        try:
            wanted = Channel(channel)
        except ValueError as exc:
            raise InvalidInput("channel", "unsupported") from exc
        if wanted is Channel.EMAIL and not (await self._person(person_id)).email:
            raise InvalidInput("channel", "email_missing")
        return await self._update(person_id, channel=wanted)

    async def _update(self, person_id: int, **values: object) -> ProfileDTO:
        if not await Person.filter(id=person_id).update(**values):
            raise NotFound(f"person {person_id}")
        return await self.get(person_id)

    async def _person(self, person_id: int) -> Person:
        person = await Person.get_or_none(id=person_id)
        if person is None:
            raise NotFound(f"person {person_id}")
        return person
