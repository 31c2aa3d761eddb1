"""Managing staff accounts from the admin web: who an administrator sees and may change, and roles per site.

Rules (re-checked from the database on every call, whatever the page showed):

* A superuser manages everyone but other superusers' blocks and passwords are theirs too; nobody blocks
  themselves.
* An administrator of a site sees the staff with a role at any site they administer, gives and takes
  roles at those sites, and blocks, unblocks or resets the password of an account only when every role of
  that account is at a site they administer (never a superuser's).
* "Reader" is exclusive at a site, as in the seeds: together with other roles it replaces them.

Refusals raise :class:`PermissionDenied` and are audited; changes are audited by :class:`StaffService`
(accounts) or here (``staff.roles`` with the roles before and after).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from tortoise.transactions import in_transaction

from services import audit
from services.db.models import Person, Site, StaffRole, WebLogin
from services.enums import Role
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.staff import StaffDTO, StaffService

ROLE_ORDER: tuple[Role, ...] = (Role.ADMIN, Role.CHAIRMAN, Role.DISPATCHER, Role.ENGINEER, Role.READER)


@dataclass(frozen=True, slots=True)
class SiteRole:
    site_id: int
    site_name: str
    role: Role


@dataclass(frozen=True, slots=True)
class StaffRow:
    person_id: int
    login: str
    name: str
    is_superuser: bool
    blocked: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    roles: tuple[SiteRole, ...]
    manageable: bool
    """The account (block, password) may be changed by the one who asked."""

    def roles_at(self, site_id: int) -> tuple[Role, ...]:
        return tuple(item.role for item in self.roles if item.site_id == site_id)


def normalize_roles(roles: Iterable[Role]) -> tuple[Role, ...]:
    """Roles at one site in a fixed order; a reader is only a reader."""
    wanted = set(roles)
    if Role.READER in wanted:
        return (Role.READER,)
    return tuple(role for role in ROLE_ORDER if role in wanted)


class StaffAdminService:
    def __init__(self, staff: StaffService) -> None:
        self._staff = staff

    # --- who may do what --------------------------------------------------------------------------

    async def _actor(self, actor_id: int) -> StaffDTO:
        actor = await self._staff.get(actor_id)
        if actor is None or actor.blocked:
            raise PermissionDenied(f"person {actor_id} is not active staff")
        return actor

    @staticmethod
    def _admin_sites(actor: StaffDTO) -> set[int] | None:
        """Sites where the actor manages staff; None for a superuser (all of them)."""
        if actor.is_superuser:
            return None
        return {site for site, role in actor.roles if role is Role.ADMIN}

    async def managed_sites(self, actor_id: int) -> list[tuple[int, str]]:
        """(id, name) of the sites where the actor manages staff, by name."""
        actor = await self._actor(actor_id)
        sites = self._admin_sites(actor)
        query = Site.all() if sites is None else Site.filter(id__in=sorted(sites))
        rows = await query.order_by("name", "id").values_list("id", "name")
        return [(int(site_id), str(name)) for site_id, name in rows]

    @staticmethod
    def _may_manage_account(actor: StaffDTO, admin_sites: set[int] | None, row: StaffRow) -> bool:
        if admin_sites is None:
            return True
        if row.is_superuser or not row.roles:
            return False
        return all(item.site_id in admin_sites for item in row.roles)

    async def _deny(
        self, actor_id: int, action: str, person_id: int | None, origin: str, site_id: int | None = None
    ) -> None:
        await audit.record(
            action,
            actor_id=actor_id,
            site_id=site_id,
            object_type="person",
            object_id=str(person_id or ""),
            origin=origin,
            allowed=False,
            details={"reason": "not_an_administrator_of_the_account"},
        )
        raise PermissionDenied(f"person {actor_id} may not {action} person {person_id}")

    # --- reading ----------------------------------------------------------------------------------

    async def list_staff(self, actor_id: int) -> list[StaffRow]:
        """The staff the actor sees, by name (three queries)."""
        actor = await self._actor(actor_id)
        sites = self._admin_sites(actor)
        if sites is None:
            ids = set(await StaffRole.all().values_list("person_id", flat=True))
            ids |= set(await WebLogin.all().values_list("person_id", flat=True))
        else:
            ids = set(await StaffRole.filter(site_id__in=sorted(sites)).values_list("person_id", flat=True))
        return await self._rows(actor, sites, [int(str(i)) for i in ids])

    async def get(self, actor_id: int, person_id: int) -> StaffRow:
        """One account the actor sees; NotFound for anyone else."""
        actor = await self._actor(actor_id)
        sites = self._admin_sites(actor)
        rows = await self._rows(actor, sites, [person_id])
        if not rows or (sites is not None and not any(item.site_id in sites for item in rows[0].roles)):
            raise NotFound(f"person {person_id}")
        return rows[0]

    async def _rows(self, actor: StaffDTO, sites: set[int] | None, person_ids: Collection[int]) -> list[StaffRow]:
        if not person_ids:
            return []
        ids = sorted(person_ids)
        people = await Person.filter(id__in=ids).values("id", "name")
        logins = {
            row["person_id"]: row
            for row in await WebLogin.filter(person_id__in=ids).values(
                "person_id", "login", "is_superuser", "blocked", "locked_until", "last_login_at"
            )
        }
        roles: dict[int, list[SiteRole]] = {}
        for person_id, site_id, site_name, role in (
            await StaffRole.filter(person_id__in=ids)
            .order_by("site__name", "site_id")
            .values_list("person_id", "site_id", "site__name", "role")
        ):
            roles.setdefault(int(person_id), []).append(SiteRole(int(site_id), str(site_name), Role(role)))
        result: list[StaffRow] = []
        for person in people:
            login = logins.get(person["id"])
            if login is None and person["id"] not in roles:
                continue
            person_roles = sorted(
                roles.get(person["id"], []), key=lambda r: (r.site_name, r.site_id, ROLE_ORDER.index(r.role))
            )
            row = StaffRow(
                person_id=person["id"],
                login=login["login"] if login else "",
                name=person["name"],
                is_superuser=bool(login and login["is_superuser"]),
                blocked=bool(login and login["blocked"]),
                locked_until=login["locked_until"] if login else None,
                last_login_at=login["last_login_at"] if login else None,
                roles=tuple(person_roles),
                manageable=False,
            )
            manageable = bool(row.login) and row.person_id != actor.person_id
            manageable = manageable and self._may_manage_account(actor, sites, row)
            result.append(replace(row, manageable=manageable))
        return sorted(result, key=lambda r: (r.name.casefold(), r.login, r.person_id))

    # --- changes ----------------------------------------------------------------------------------

    async def create(
        self,
        actor_id: int,
        login: str,
        password: str,
        name: str,
        roles: Sequence[tuple[int, Role]],
        *,
        origin: str = "",
    ) -> StaffRow:
        """A new account with roles at sites the actor administers (at least one unless a superuser asks)."""
        actor = await self._actor(actor_id)
        sites = self._admin_sites(actor)
        by_site: dict[int, set[Role]] = {}
        for site_id, role in roles:
            by_site.setdefault(int(site_id), set()).add(Role(role))
        if sites is not None and (not by_site or not set(by_site) <= sites):
            await self._deny(actor_id, "staff.create", None, origin)
        wanted = [(site_id, role) for site_id, site_roles in by_site.items() for role in normalize_roles(site_roles)]
        created = await self._staff.create_staff(login, password, name, wanted, actor_id=actor_id, origin=origin)
        return await self.get_any(actor_id, created.person_id)

    async def set_site_roles(
        self, actor_id: int, person_id: int, site_id: int, roles: Iterable[Role], *, origin: str = ""
    ) -> StaffRow:
        """Replace the person's roles at one site (none: the person leaves the site)."""
        actor = await self._actor(actor_id)
        sites = self._admin_sites(actor)
        if sites is not None and site_id not in sites:
            await self._deny(actor_id, "staff.roles", person_id, origin, site_id)
        if not await Site.exists(id=site_id):
            raise NotFound(f"site {site_id}")
        target = await self._rows(actor, None, [person_id])
        if not target:
            raise NotFound(f"person {person_id}")
        if target[0].is_superuser:
            raise InvalidInput("roles", "superuser")
        wanted = normalize_roles(roles)
        before = target[0].roles_at(site_id)
        async with in_transaction():
            await StaffRole.filter(person_id=person_id, site_id=site_id).exclude(role__in=list(wanted)).delete()
            for role in wanted:
                await StaffRole.get_or_create(person_id=person_id, site_id=site_id, role=role)
        await audit.record(
            "staff.roles",
            actor_id=actor_id,
            site_id=site_id,
            object_type="person",
            object_id=str(person_id),
            origin=origin,
            details={"before": [r.value for r in before], "after": [r.value for r in wanted]},
        )
        rows = await self._rows(actor, sites, [person_id])
        if not rows:  # no role left at all and no login: not staff any more
            raise NotFound(f"person {person_id}")
        return rows[0]

    async def _account(self, actor_id: int, person_id: int, action: str, origin: str) -> StaffRow:
        """The account when the actor may change it; refused (and audited) otherwise."""
        actor = await self._actor(actor_id)
        sites = self._admin_sites(actor)
        rows = await self._rows(actor, sites, [person_id])
        if not rows:
            raise NotFound(f"person {person_id}")
        if person_id == actor_id:
            raise InvalidInput("person", "self")
        if not rows[0].manageable:
            await self._deny(actor_id, action, person_id, origin)
        return rows[0]

    async def block(self, actor_id: int, person_id: int, *, origin: str = "") -> StaffRow:
        row = await self._account(actor_id, person_id, "staff.block", origin)
        await self._staff.block(row.login, actor_id=actor_id, origin=origin)
        return await self.get_any(actor_id, person_id)

    async def unblock(self, actor_id: int, person_id: int, *, origin: str = "") -> StaffRow:
        row = await self._account(actor_id, person_id, "staff.unblock", origin)
        await self._staff.unblock(row.login, actor_id=actor_id, origin=origin)
        return await self.get_any(actor_id, person_id)

    async def set_password(self, actor_id: int, person_id: int, password: str, *, origin: str = "") -> StaffRow:
        row = await self._account(actor_id, person_id, "staff.set_password", origin)
        await self._staff.set_password(row.login, password, actor_id=actor_id, origin=origin)
        return await self.get_any(actor_id, person_id)

    async def get_any(self, actor_id: int, person_id: int) -> StaffRow:
        actor = await self._actor(actor_id)
        rows = await self._rows(actor, self._admin_sites(actor), [person_id])
        if not rows:
            raise NotFound(f"person {person_id}")
        return rows[0]
