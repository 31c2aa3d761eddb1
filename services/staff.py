"""Staff accounts: admin-web credentials, roles per site, and authentication with throttling.

Every login attempt (ok, failed, locked) and every change to an account is written to the audit log.
Password hashing runs in a worker thread so that argon2 never stalls the event loop.
"""

from __future__ import annotations

import asyncio
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from services import audit
from services.clock import Clock
from services.db.models import Person, Site, StaffRole, WebLogin
from services.enums import Role
from services.errors import Conflict, DomainError, InvalidInput, NotFound, Throttled
from services.login_throttle import OriginLimiter, lock_delay, seconds_until
from services.passwords import hash_password, needs_rehash, verify_password

LOGIN_RE = re.compile(r"[a-z0-9._-]{3,64}")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # argon2 hashes anything, but a megabyte "password" is an attack, not a secret
MAX_NAME = 200


class InvalidCredentials(DomainError):
    """Wrong login or password, or the account is blocked: the caller is never told which."""

    code = "invalid_credentials"


@dataclass(frozen=True, slots=True)
class StaffDTO:
    person_id: int
    login: str  # "" for staff who work only in Telegram
    name: str
    is_superuser: bool
    roles: tuple[tuple[int, Role], ...]
    blocked: bool = False
    site_names: tuple[tuple[int, str], ...] = ()

    def has_role(self, site_id: int, roles: Iterable[Role]) -> bool:
        """A superuser has every role everywhere; others need one of ``roles`` at ``site_id``."""
        if self.is_superuser:
            return True
        wanted = set(roles)
        return any(site == site_id and role in wanted for site, role in self.roles)

    def site_name(self, site_id: int) -> str:
        return dict(self.site_names).get(site_id, str(site_id))

    def roles_by_site(self) -> list[tuple[int, str, tuple[Role, ...]]]:
        """(site id, site name, roles there), ordered by site name."""
        grouped: dict[int, list[Role]] = {}
        for site_id, role in self.roles:
            grouped.setdefault(site_id, []).append(role)
        rows = [(site_id, self.site_name(site_id), tuple(roles)) for site_id, roles in grouped.items()]
        return sorted(rows, key=lambda row: (row[1], row[0]))


def normalize_login(login: str) -> str:
    return login.strip().lower()


def validate_login(login: str) -> str:
    login = normalize_login(login)
    if not LOGIN_RE.fullmatch(login):
        raise InvalidInput("login", "format")
    return login


def validate_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput("password", "too_short")
    if len(password) > MAX_PASSWORD:
        raise InvalidInput("password", "too_long")
    return password


def validate_name(name: str, login: str) -> str:
    name = " ".join(name.split()) or login
    if len(name) > MAX_NAME:
        raise InvalidInput("name", "too_long")
    return name


@cache
def _dummy_hash() -> str:
    """A hash to verify against when the login is unknown, so timing does not reveal which logins exist."""
    return hash_password(secrets.token_urlsafe(16))


async def _verify(password_hash: str, password: str) -> bool:
    return await asyncio.to_thread(verify_password, password_hash, password)


async def _hash(password: str) -> str:
    return await asyncio.to_thread(hash_password, password)


class StaffService:
    def __init__(self, clock: Clock, *, origin_limiter: OriginLimiter | None = None) -> None:
        self._clock = clock
        self._origins = origin_limiter or OriginLimiter()

    # --- accounts ------------------------------------------------------------------------------

    async def create_admin(self, login: str, password: str, name: str) -> StaffDTO:
        """A superuser (every site, every role) with a web login."""
        login = validate_login(login)
        validate_password(password)
        name = validate_name(name, login)
        password_hash = await _hash(password)
        person_id = await self._create_account(login, password_hash, name, superuser=True, roles=(), telegram_id=None)
        await audit.record(
            "staff.create_admin",
            actor_label="system",
            object_type="person",
            object_id=str(person_id),
            details={"login": login},
        )
        return await self._require(person_id)

    async def create_staff(
        self,
        login: str,
        password: str,
        name: str,
        roles: Sequence[tuple[int, Role]],
        telegram_id: int | None = None,
        *,
        person_id: int | None = None,
        actor_id: int | None = None,
        origin: str = "",
    ) -> StaffDTO:
        """A staff member with roles per site. With ``telegram_id`` or ``person_id`` of a known person
        (say, a resident), the login is added to that person instead of creating a new one."""
        login = validate_login(login)
        validate_password(password)
        name = validate_name(name, login)
        wanted = {(int(site_id), Role(role)) for site_id, role in roles}
        site_ids = {site_id for site_id, _ in wanted}
        if site_ids and await Site.filter(id__in=site_ids).count() != len(site_ids):
            raise InvalidInput("roles", "unknown_site")
        password_hash = await _hash(password)
        person_id = await self._create_account(
            login,
            password_hash,
            name,
            superuser=False,
            roles=sorted(wanted),
            telegram_id=telegram_id,
            person_id=person_id,
        )
        await audit.record(
            "staff.create",
            actor_id=actor_id,
            origin=origin,
            object_type="person",
            object_id=str(person_id),
            details={"login": login, "roles": [[site, role.value] for site, role in sorted(wanted)]},
        )
        return await self._require(person_id)

    async def _create_account(
        self,
        login: str,
        password_hash: str,
        name: str,
        *,
        superuser: bool,
        roles: Sequence[tuple[int, Role]],
        telegram_id: int | None,
        person_id: int | None = None,
    ) -> int:
        if await WebLogin.exists(login=login):
            raise Conflict(f"login {login} exists")
        try:
            async with in_transaction():
                person = None
                if person_id is not None:
                    person = await Person.get_or_none(id=person_id)
                elif telegram_id is not None:
                    person = await Person.get_or_none(telegram_id=telegram_id)
                if person is None:
                    person = await Person.create(name=name, telegram_id=telegram_id)
                elif await WebLogin.exists(person_id=person.id):
                    raise Conflict(f"person {person.id} already has a login")
                elif not person.name:
                    person.name = name
                    await person.save(update_fields=["name"])
                await WebLogin.create(person=person, login=login, password_hash=password_hash, is_superuser=superuser)
                for site_id, role in roles:
                    await StaffRole.get_or_create(person_id=person.id, site_id=site_id, role=role)
        except IntegrityError as exc:  # a concurrent create of the same login
            raise Conflict(f"login {login} exists") from exc
        return person.id

    async def set_password(self, login: str, password: str, *, actor_id: int | None = None, origin: str = "") -> None:
        """Set a new password; also lifts a throttling lock."""
        row = await self._login_row(login)
        validate_password(password)
        row.password_hash = await _hash(password)
        row.failed_attempts = 0
        row.locked_until = None
        await row.save(update_fields=["password_hash", "failed_attempts", "locked_until"])
        await self._audit_account("staff.set_password", row, actor_id, origin)

    async def block(self, login: str, *, actor_id: int | None = None, origin: str = "") -> None:
        row = await self._login_row(login)
        row.blocked = True
        await row.save(update_fields=["blocked"])
        await self._audit_account("staff.block", row, actor_id, origin)

    async def unblock(self, login: str, *, actor_id: int | None = None, origin: str = "") -> None:
        """Unblock the account and lift a throttling lock."""
        row = await self._login_row(login)
        row.blocked = False
        row.failed_attempts = 0
        row.locked_until = None
        await row.save(update_fields=["blocked", "failed_attempts", "locked_until"])
        await self._audit_account("staff.unblock", row, actor_id, origin)

    async def _login_row(self, login: str) -> WebLogin:
        row = await WebLogin.get_or_none(login=normalize_login(login))
        if row is None:
            raise NotFound(f"login {login}")
        return row

    async def _audit_account(self, action: str, row: WebLogin, actor_id: int | None, origin: str) -> None:
        await audit.record(
            action,
            actor_id=actor_id,
            origin=origin,
            object_type="person",
            object_id=str(row.person_id),  # type: ignore[attr-defined]
            details={"login": row.login},
        )

    # --- authentication ------------------------------------------------------------------------

    async def authenticate(self, login: str, password: str, origin: str) -> StaffDTO:
        """Check a login and password.

        Raises ``Throttled`` when the origin made too many failed attempts or the account is locked after
        consecutive failures, ``InvalidCredentials`` for a wrong login or password and for a blocked account.
        """
        now = self._clock.now()
        login = normalize_login(login)[:64]
        wait = self._origins.retry_after(origin, now)
        if wait is not None:
            await self._audit_login("login.throttled", None, login, origin, {"reason": "origin", "retry_after": wait})
            raise Throttled(wait)
        row = await WebLogin.get_or_none(login=login)
        if row is None:
            await _verify(_dummy_hash(), password)
            await self._failed(None, login, origin, now, {"reason": "unknown_login"})
            raise InvalidCredentials()
        person_id: int = row.person_id  # type: ignore[attr-defined]
        if row.locked_until is not None and row.locked_until > now:
            wait = seconds_until(row.locked_until, now)
            await self._audit_login("login.locked", person_id, login, origin, {"retry_after": wait})
            raise Throttled(wait)
        password_ok = await _verify(row.password_hash, password)
        if row.blocked:
            await self._failed(person_id, login, origin, now, {"reason": "blocked", "password_ok": password_ok})
            raise InvalidCredentials()
        if not password_ok:
            locked_until = await self._count_failure(row.id, now)
            details: dict[str, Any] = {"reason": "wrong_password"}
            if locked_until is not None:
                details["locked_until"] = locked_until.isoformat()
            await self._failed(person_id, login, origin, now, details)
            if locked_until is not None:
                raise Throttled(seconds_until(locked_until, now))
            raise InvalidCredentials()
        await self._succeeded(row, password, now)
        await self._audit_login("login.ok", person_id, login, origin, {})
        return await self._require(person_id)

    async def _count_failure(self, login_id: int, now: datetime) -> datetime | None:
        """One more consecutive failure; returns the lock's end when this failure locks the account."""
        async with in_transaction():
            row = await WebLogin.filter(id=login_id).select_for_update().get()
            row.failed_attempts = min(row.failed_attempts + 1, 10_000)
            delay = lock_delay(row.failed_attempts)
            row.locked_until = now + delay if delay is not None else None
            await row.save(update_fields=["failed_attempts", "locked_until"])
        return row.locked_until

    async def _succeeded(self, row: WebLogin, password: str, now: datetime) -> None:
        fields = ["failed_attempts", "locked_until", "last_login_at"]
        row.failed_attempts = 0
        row.locked_until = None
        row.last_login_at = now
        if needs_rehash(row.password_hash):
            row.password_hash = await _hash(password)
            fields.append("password_hash")
        await row.save(update_fields=fields)

    async def _failed(
        self, person_id: int | None, login: str, origin: str, now: datetime, details: dict[str, Any]
    ) -> None:
        self._origins.failed(origin, now)
        await self._audit_login("login.failed", person_id, login, origin, details)

    async def _audit_login(
        self, action: str, person_id: int | None, login: str, origin: str, details: dict[str, Any]
    ) -> None:
        await audit.record(
            action,
            actor_id=person_id,
            actor_label=login,
            origin=origin,
            allowed=action == "login.ok",
            object_type="web_login",
            object_id=login,
            details=details,
        )

    async def record_logout(self, person_id: int, origin: str) -> None:
        await audit.record("logout", actor_id=person_id, origin=origin, object_type="person", object_id=str(person_id))

    # --- reading -------------------------------------------------------------------------------

    async def get(self, person_id: int) -> StaffDTO | None:
        """The person as staff, fresh from the database; None when they have neither a login nor a role."""
        person = await Person.get_or_none(id=person_id)
        if person is None:
            return None
        web_login = await WebLogin.get_or_none(person_id=person_id)
        roles = await self._roles(person_id)
        if web_login is None and not roles:
            return None
        names = await self._site_names(web_login is not None and web_login.is_superuser, roles)
        return StaffDTO(
            person_id=person.id,
            login=web_login.login if web_login else "",
            name=person.name,
            is_superuser=bool(web_login and web_login.is_superuser),
            roles=roles,
            blocked=bool(web_login and web_login.blocked),
            site_names=names,
        )

    async def get_by_login(self, login: str) -> StaffDTO | None:
        row = await WebLogin.get_or_none(login=normalize_login(login))
        return None if row is None else await self.get(row.person_id)  # type: ignore[attr-defined]

    async def roles_of(self, person_id: int) -> tuple[tuple[int, Role], ...]:
        """(site id, role) pairs of a person, fresh from the database."""
        return await self._roles(person_id)

    async def _roles(self, person_id: int) -> tuple[tuple[int, Role], ...]:
        rows = await StaffRole.filter(person_id=person_id).order_by("site_id", "role").values_list("site_id", "role")
        return tuple((int(site_id), Role(role)) for site_id, role in rows)

    async def _site_names(self, superuser: bool, roles: Sequence[tuple[int, Role]]) -> tuple[tuple[int, str], ...]:
        if not superuser and not roles:
            return ()
        query = Site.all() if superuser else Site.filter(id__in=sorted({site_id for site_id, _ in roles}))
        rows = await query.order_by("name").values_list("id", "name")
        return tuple((int(site_id), str(name)) for site_id, name in rows)

    async def _require(self, person_id: int) -> StaffDTO:
        dto = await self.get(person_id)
        if dto is None:
            raise NotFound(f"person {person_id}")
        return dto
