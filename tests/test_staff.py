"""Staff accounts and authentication: validation, throttling, blocking, auditing."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, time, timedelta

import pytest
from argon2 import PasswordHasher

from services import audit, passwords
from services.clock import FixedClock
from services.db.models import Person, Site, WebLogin
from services.enums import Role
from services.errors import Conflict, InvalidInput, Throttled
from services.login_throttle import OriginLimiter, lock_delay
from services.staff import InvalidCredentials, StaffService

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def staff(clock: FixedClock) -> StaffService:
    return StaffService(clock)


# argon2id with small parameters keeps the suite fast; the production parameters are argon2-cffi's
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "_hasher", FAST_HASHER)


@pytest.fixture(autouse=True)
def _sqlite_time_adapter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Work-around until services/db binds TimeField on SQLite (Tortoise registers no adapter for it)."""
    monkeypatch.setitem(sqlite3.adapters, (time, sqlite3.PrepareProtocol), time.isoformat)


async def _site(slug: str = "romashka", name: str = "СНТ Ромашка") -> int:
    # zone starts given explicitly: the model's string defaults for TimeField fail on insert
    day, night = time(7, tzinfo=UTC), time(23, tzinfo=UTC)
    return (await Site.create(slug=slug, name=name, day_zone_start=day, night_zone_start=night)).id


async def test_create_admin_makes_a_superuser(db: str, staff: StaffService) -> None:
    dto = await staff.create_admin("  Admin ", PASSWORD, "Пётр Петрович")
    assert (dto.login, dto.name, dto.is_superuser, dto.blocked, dto.roles) == (
        "admin",
        "Пётр Петрович",
        True,
        False,
        (),
    )
    row = await WebLogin.get(login="admin")
    assert row.password_hash.startswith("$argon2id$")
    assert PASSWORD not in row.password_hash
    assert await staff.get(dto.person_id) == dto
    assert await staff.get_by_login("ADMIN") == dto
    entries = await audit.latest(action_prefix="staff.")
    assert [(e.action, e.object_id) for e in entries] == [("staff.create_admin", str(dto.person_id))]


@pytest.mark.parametrize(
    ("login", "password", "field", "reason"),
    [
        ("ab", PASSWORD, "login", "format"),
        ("bad login", PASSWORD, "login", "format"),
        ("ivan@snt", PASSWORD, "login", "format"),
        ("x" * 65, PASSWORD, "login", "format"),
        ("ivan", "short pwd", "password", "too_short"),
        ("ivan", "x" * 2000, "password", "too_long"),
    ],
)
async def test_create_admin_validates(
    db: str, staff: StaffService, login: str, password: str, field: str, reason: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        await staff.create_admin(login, password, "Иван")
    assert (caught.value.field, caught.value.reason) == (field, reason)
    assert await Person.all().count() == 0


async def test_create_admin_refuses_a_duplicate_login(db: str, staff: StaffService) -> None:
    await staff.create_admin("admin", PASSWORD, "Первый")
    with pytest.raises(Conflict):
        await staff.create_admin("Admin", "another password", "Второй")
    assert await Person.all().count() == 1


async def test_create_staff_with_roles_and_an_existing_telegram_person(db: str, staff: StaffService) -> None:
    first, second = await _site(), await _site("lesnoe", "СНТ Лесное")
    resident = await Person.create(telegram_id=777, name="Мария")
    dto = await staff.create_staff(
        "maria",
        PASSWORD,
        "",
        [(first, Role.DISPATCHER), (second, Role.READER), (first, Role.DISPATCHER)],
        telegram_id=777,
    )
    assert dto.person_id == resident.id
    assert dto.name == "Мария"
    assert dto.roles == ((first, Role.DISPATCHER), (second, Role.READER))
    assert await staff.roles_of(resident.id) == dto.roles
    assert dto.has_role(first, [Role.DISPATCHER, Role.CHAIRMAN])
    assert not dto.has_role(second, [Role.DISPATCHER])
    assert dto.roles_by_site() == [
        (second, "СНТ Лесное", (Role.READER,)),
        (first, "СНТ Ромашка", (Role.DISPATCHER,)),
    ]
    with pytest.raises(Conflict):
        await staff.create_staff("maria2", PASSWORD, "", [], 777)


async def test_create_staff_refuses_an_unknown_site(db: str, staff: StaffService) -> None:
    with pytest.raises(InvalidInput) as caught:
        await staff.create_staff("ivan", PASSWORD, "Иван", [(4242, Role.CHAIRMAN)])
    assert caught.value.field == "roles"
    assert await WebLogin.all().count() == 0


async def test_authenticate_ok_updates_last_login_and_audits(db: str, staff: StaffService) -> None:
    created = await staff.create_admin("admin", PASSWORD, "Админ")
    dto = await staff.authenticate("Admin", PASSWORD, "10.1.2.3")
    assert dto == created
    row = await WebLogin.get(login="admin")
    assert row.last_login_at == T0
    [entry] = await audit.latest(action_prefix="login.")
    assert (entry.action, entry.actor_id, entry.origin) == ("login.ok", dto.person_id, "10.1.2.3")
    assert entry.allowed


async def test_wrong_password_streak_locks_with_growing_delay(db: str, staff: StaffService, clock: FixedClock) -> None:
    await staff.create_admin("admin", PASSWORD, "Админ")
    for _ in range(4):
        with pytest.raises(InvalidCredentials):
            await staff.authenticate("admin", "wrong password", "10.0.0.1")
    with pytest.raises(Throttled) as caught:
        await staff.authenticate("admin", "wrong password", "10.0.0.1")
    assert caught.value.retry_after_seconds == 60
    # locked: even the right password is not checked
    clock.set(T0 + timedelta(seconds=30))
    with pytest.raises(Throttled) as caught:
        await staff.authenticate("admin", PASSWORD, "10.0.0.2")
    assert caught.value.retry_after_seconds == 30
    # after the lock one more failure locks again, for longer
    clock.set(T0 + timedelta(seconds=61))
    with pytest.raises(Throttled) as caught:
        await staff.authenticate("admin", "wrong again", "10.0.0.1")
    assert caught.value.retry_after_seconds == 5 * 60
    clock.set(T0 + timedelta(minutes=7))
    assert (await staff.authenticate("admin", PASSWORD, "10.0.0.1")).login == "admin"
    row = await WebLogin.get(login="admin")
    assert (row.failed_attempts, row.locked_until) == (0, None)
    actions = [e.action for e in reversed(await audit.latest(action_prefix="login."))]
    assert actions == ["login.failed"] * 5 + ["login.locked", "login.failed", "login.ok"]


async def test_blocked_account_cannot_sign_in_and_the_audit_says_why(db: str, staff: StaffService) -> None:
    await staff.create_admin("admin", PASSWORD, "Админ")
    await staff.block("admin", actor_id=None, origin="cli")
    with pytest.raises(InvalidCredentials):
        await staff.authenticate("admin", PASSWORD, "10.0.0.1")
    [entry] = await audit.latest(action_prefix="login.")
    assert (entry.action, entry.allowed, entry.details["reason"], entry.details["password_ok"]) == (
        "login.failed",
        False,
        "blocked",
        True,
    )
    assert (await staff.get_by_login("admin")).blocked  # type: ignore[union-attr]
    await staff.unblock("admin")
    assert (await staff.authenticate("admin", PASSWORD, "10.0.0.1")).login == "admin"


async def test_unknown_login_is_invalid_credentials(db: str, staff: StaffService) -> None:
    with pytest.raises(InvalidCredentials):
        await staff.authenticate("nobody", PASSWORD, "10.0.0.1")
    [entry] = await audit.latest(action_prefix="login.")
    assert (entry.actor_id, entry.actor_label, entry.details["reason"]) == (None, "nobody", "unknown_login")


async def test_one_origin_cannot_spray_many_logins(db: str, clock: FixedClock) -> None:
    staff = StaffService(clock, origin_limiter=OriginLimiter(limit=3, window=timedelta(minutes=10)))
    await staff.create_admin("admin", PASSWORD, "Админ")
    for login in ("anna", "boris", "vera"):
        with pytest.raises(InvalidCredentials):
            await staff.authenticate(login, "guess guess", "203.0.113.9")
    with pytest.raises(Throttled) as caught:
        await staff.authenticate("admin", PASSWORD, "203.0.113.9")
    assert caught.value.retry_after_seconds == 600
    # another origin is not affected, and the window slides
    assert (await staff.authenticate("admin", PASSWORD, "198.51.100.1")).login == "admin"
    clock.set(T0 + timedelta(minutes=10))
    assert (await staff.authenticate("admin", PASSWORD, "203.0.113.9")).login == "admin"


async def test_set_password_replaces_the_old_one_and_lifts_a_lock(
    db: str, staff: StaffService, clock: FixedClock
) -> None:
    await staff.create_admin("admin", PASSWORD, "Админ")
    for _ in range(5):
        with pytest.raises((InvalidCredentials, Throttled)):
            await staff.authenticate("admin", "wrong password", "10.0.0.1")
    with pytest.raises(InvalidInput):
        await staff.set_password("admin", "short")
    await staff.set_password("admin", "a brand new secret")
    with pytest.raises(InvalidCredentials):
        await staff.authenticate("admin", PASSWORD, "10.0.0.2")
    assert (await staff.authenticate("admin", "a brand new secret", "10.0.0.2")).login == "admin"


async def test_a_weak_old_hash_is_upgraded_on_login(db: str, staff: StaffService) -> None:
    await staff.create_admin("admin", PASSWORD, "Админ")
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
    await WebLogin.filter(login="admin").update(password_hash=weak)
    await staff.authenticate("admin", PASSWORD, "10.0.0.1")
    upgraded = (await WebLogin.get(login="admin")).password_hash
    assert upgraded != weak
    assert not FAST_HASHER.check_needs_rehash(upgraded)


async def test_get_is_none_for_a_person_without_login_or_roles(db: str, staff: StaffService) -> None:
    person = await Person.create(name="Житель")
    assert await staff.get(person.id) is None
    assert await staff.get(999_999) is None


async def test_audit_record_survives_a_missing_site(db: str) -> None:
    await audit.record("probe", site_id=999_999, actor_label="x" * 500, details={"a": 1})
    [entry] = await audit.latest(action_prefix="probe")
    assert entry.details["a"] == 1
    assert len(entry.actor_label) == 200


def test_lock_schedule() -> None:
    assert [lock_delay(n) for n in (1, 4)] == [None, None]
    assert [lock_delay(n) for n in (5, 6, 7, 8, 30)] == [
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=15),
        timedelta(hours=1),
        timedelta(hours=1),
    ]
