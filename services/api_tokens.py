"""Tokens of the JSON API for integrations (billing, 1C): issue, check, list, revoke.

A token is ``mb_`` followed by 43 characters of ``secrets.token_urlsafe(32)`` (256 random bits). Only its
SHA-256 is stored, with its first characters (``prefix``) to tell tokens apart in lists; the token itself is
shown once, when it is issued. A request is authenticated by looking up the hash (a unique index) and
comparing it in constant time.

Who manages tokens: a superuser, any token (one for every site too: no ``site_ids``); an administrator of
a site, tokens for sites they administer (at least one, all of them theirs) — and sees and revokes only
such tokens. A reader role at a site overrides the administrator role there, as everywhere in the admin
web. Issuing and revoking are audited (``api_token.issued``, ``api_token.revoked``), refusals too.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from services import audit
from services.clock import Clock
from services.db.models import ApiToken, Site
from services.enums import Role
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.staff import StaffDTO

TOKEN_PREFIX = "mb_"  # noqa: S105 - the marker every token starts with, not a secret
SHOWN_CHARS = 11
"""``mb_`` and the next 8 characters: enough to tell tokens apart, far too few to guess the rest."""
MAX_TOKEN_LENGTH = 200
MAX_NAME = 100
TOUCH_EVERY = timedelta(minutes=1)
"""``last_used_at`` is written at most this often per token, not on every request."""

_FIELDS = (
    "id",
    "name",
    "prefix",
    "site_ids",
    "can_write",
    "created_by__name",
    "created_at",
    "revoked_at",
    "last_used_at",
)


@dataclass(frozen=True, slots=True)
class ApiPrincipal:
    """Who is calling the API: the token's scope."""

    token_id: int
    name: str
    prefix: str
    site_ids: frozenset[int] | None
    """The sites the token sees; None: every site."""
    can_write: bool

    def sees(self, site_id: int) -> bool:
        return self.site_ids is None or site_id in self.site_ids

    @property
    def label(self) -> str:
        """How the audit log names the caller."""
        return f"api:{self.prefix}… {self.name}"


@dataclass(frozen=True, slots=True)
class ApiTokenDTO:
    id: int
    name: str
    prefix: str
    sites: tuple[tuple[int, str], ...]
    """(id, name) of its sites; empty: every site."""
    can_write: bool
    created_by: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    @property
    def all_sites(self) -> bool:
        return not self.sites

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str
    """The secret itself: shown once, never stored."""
    info: ApiTokenDTO


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def admin_sites(actor: StaffDTO) -> set[int] | None:
    """Sites whose tokens the actor manages; None for a superuser (every site, and all-site tokens)."""
    if actor.is_superuser:
        return None
    readers = {site for site, role in actor.roles if role is Role.READER}
    return {site for site, role in actor.roles if role is Role.ADMIN and site not in readers}


def _may_manage(sites: set[int] | None, token_sites: Iterable[int]) -> bool:
    wanted = set(token_sites)
    if sites is None:
        return True
    return bool(wanted) and wanted <= sites


def _site_ids(raw: Any) -> tuple[int, ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(sorted({int(item) for item in raw if isinstance(item, int) and not isinstance(item, bool)}))


class ApiTokenService:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    # --- the API side -----------------------------------------------------------------------------

    async def authenticate(self, token: str) -> ApiPrincipal | None:
        """The active token's scope, or None for anything else (unknown, revoked, malformed)."""
        if not token.startswith(TOKEN_PREFIX) or len(token) > MAX_TOKEN_LENGTH:
            return None
        digest = hash_token(token)
        row = (
            await ApiToken.filter(token_hash=digest, revoked_at__isnull=True)
            .first()
            .values("id", "name", "prefix", "site_ids", "can_write", "token_hash", "last_used_at")
        )
        if row is None or not hmac.compare_digest(str(row["token_hash"]), digest):
            return None
        now = self._clock.now()
        last = row["last_used_at"]
        if last is None or now - last >= TOUCH_EVERY:
            await ApiToken.filter(id=row["id"]).update(last_used_at=now)
        sites = _site_ids(row["site_ids"])
        return ApiPrincipal(
            token_id=int(row["id"]),
            name=str(row["name"]),
            prefix=str(row["prefix"]),
            site_ids=frozenset(sites) if sites else None,
            can_write=bool(row["can_write"]),
        )

    # --- the management pages ---------------------------------------------------------------------

    async def sites_for(self, actor: StaffDTO) -> list[tuple[int, str]]:
        """(id, name) of the sites the actor may give a token, by name."""
        sites = admin_sites(actor)
        query = Site.all() if sites is None else Site.filter(id__in=sorted(sites))
        rows = await query.order_by("name", "id").values_list("id", "name")
        return [(int(site_id), str(name)) for site_id, name in rows]

    async def visible(self, actor: StaffDTO) -> list[ApiTokenDTO]:
        """The tokens the actor manages: active ones first, newest first (two queries)."""
        sites = admin_sites(actor)
        rows = await ApiToken.all().order_by("-created_at", "-id").values(*_FIELDS)
        visible = [row for row in rows if _may_manage(sites, _site_ids(row["site_ids"]))]
        names = await _site_names(site for row in visible for site in _site_ids(row["site_ids"]))
        tokens = [_dto(row, names) for row in visible]
        return sorted(tokens, key=lambda token: not token.active)

    async def issue(
        self, actor: StaffDTO, name: str, site_ids: Collection[int], can_write: bool, *, origin: str = ""
    ) -> IssuedToken:
        """A new token. InvalidInput("name", "empty" | "too_long"), InvalidInput("sites", "empty" |
        "unknown_site"); PermissionDenied (audited) for a site the actor does not administer."""
        name = " ".join(name.split())
        if not name:
            raise InvalidInput("name", "empty")
        if len(name) > MAX_NAME:
            raise InvalidInput("name", "too_long")
        chosen = sorted(set(site_ids))
        sites = admin_sites(actor)
        if not chosen and sites is not None:
            raise InvalidInput("sites", "empty")
        if not _may_manage(sites, chosen):
            await self._deny(actor, "api_token.issue", "", origin, {"sites": chosen})
            raise PermissionDenied(f"person {actor.person_id} may not issue a token for sites {chosen}")
        if len(await Site.filter(id__in=chosen).values_list("id", flat=True)) != len(chosen):
            raise InvalidInput("sites", "unknown_site")
        token = new_token()
        created = await ApiToken.create(
            name=name,
            token_hash=hash_token(token),
            prefix=token[:SHOWN_CHARS],
            site_ids=chosen,
            can_write=can_write,
            created_by_id=actor.person_id,
        )
        await audit.record(
            "api_token.issued",
            actor_id=actor.person_id,
            actor_label=actor.login,
            site_id=chosen[0] if len(chosen) == 1 else None,
            object_type="api_token",
            object_id=str(created.id),
            origin=origin,
            details={"name": name, "prefix": created.prefix, "sites": chosen, "can_write": can_write},
        )
        return IssuedToken(token, await self._get(created.id))

    async def revoke(self, actor: StaffDTO, token_id: int, *, origin: str = "") -> ApiTokenDTO:
        """Revoke at once; revoking a revoked token changes nothing. NotFound for a token the actor does not
        manage (audited as a refusal when it exists)."""
        row = await ApiToken.filter(id=token_id).first().values("id", "site_ids", "revoked_at")
        if row is None:
            raise NotFound(f"api token {token_id}")
        if not _may_manage(admin_sites(actor), _site_ids(row["site_ids"])):
            await self._deny(actor, "api_token.revoke", str(token_id), origin, {})
            raise NotFound(f"api token {token_id}")
        if row["revoked_at"] is None:
            changed = await ApiToken.filter(id=token_id, revoked_at__isnull=True).update(revoked_at=self._clock.now())
            if changed:
                await audit.record(
                    "api_token.revoked",
                    actor_id=actor.person_id,
                    actor_label=actor.login,
                    object_type="api_token",
                    object_id=str(token_id),
                    origin=origin,
                )
        return await self._get(token_id)

    async def _get(self, token_id: int) -> ApiTokenDTO:
        row = await ApiToken.filter(id=token_id).first().values(*_FIELDS)
        if row is None:  # pragma: no cover - just written
            raise NotFound(f"api token {token_id}")
        return _dto(row, await _site_names(_site_ids(row["site_ids"])))

    async def _deny(self, actor: StaffDTO, action: str, object_id: str, origin: str, details: dict[str, Any]) -> None:
        await audit.record(
            action,
            actor_id=actor.person_id,
            actor_label=actor.login,
            object_type="api_token",
            object_id=object_id,
            origin=origin,
            allowed=False,
            details=details,
        )


async def _site_names(site_ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(site_ids))
    if not wanted:
        return {}
    rows = await Site.filter(id__in=wanted).values_list("id", "name")
    return {int(site_id): str(name) for site_id, name in rows}


def _dto(row: dict[str, Any], names: dict[int, str]) -> ApiTokenDTO:
    sites = _site_ids(row["site_ids"])
    return ApiTokenDTO(
        id=int(row["id"]),
        name=str(row["name"]),
        prefix=str(row["prefix"]),
        sites=tuple((site, names.get(site, f"#{site}")) for site in sites),
        can_write=bool(row["can_write"]),
        created_by=str(row["created_by__name"] or ""),
        created_at=row["created_at"],
        revoked_at=row["revoked_at"],
        last_used_at=row["last_used_at"],
    )
