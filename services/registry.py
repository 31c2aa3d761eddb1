"""The meter registry: sites, and the CSV import of meters (one line per meter).

:func:`import_meters_csv` checks every line (:mod:`services.registry_csv` for what a line alone can tell,
here for what needs the database), then writes the good lines and puts the bad ones in quarantine, all
in one transaction: an import is never half-written. Meters are matched by serial; an empty cell keeps
what is stored. docs/import.md is the user's description of the format and of every reason code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tortoise.transactions import in_transaction

from services import audit
from services.db.models import Account, Gateway, Meter, Plot, QuarantineEntry, Site
from services.enums import MeterKind, Protocol, QuarantineSource, SiteKind
from services.errors import Conflict, InvalidInput, NotFound
from services.registry_csv import BadLine, LineError, MeterRow, ParsedFile, Reason, decode, parse_registry

__all__ = ["ImportReport", "LineError", "Reason", "SiteDTO", "create_site", "get_site", "import_meters_csv"]

_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


# --- sites ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SiteDTO:
    id: int
    slug: str
    name: str
    timezone: str
    kind: SiteKind


def _site_dto(site: Site) -> SiteDTO:
    return SiteDTO(id=site.id, slug=site.slug, name=site.name, timezone=site.timezone, kind=SiteKind(site.kind))


async def create_site(
    slug: str, name: str, timezone: str = "Europe/Moscow", kind: SiteKind | str = SiteKind.SNT
) -> SiteDTO:
    """A new site. Errors: :class:`InvalidInput` (``slug``/``name``/``timezone``/``kind``), :class:`Conflict`."""
    slug = slug.strip().lower()
    if not _SLUG.fullmatch(slug):
        raise InvalidInput("slug", "format")
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise InvalidInput("name", "empty" if not name else "too_long")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput("timezone", "unknown") from None
    try:
        site_kind = SiteKind(kind)
    except ValueError:
        raise InvalidInput("kind", "unknown") from None
    async with in_transaction():
        if await Site.exists(slug=slug):
            raise Conflict(f"site {slug} exists")
        site = await Site.create(slug=slug, name=name, timezone=timezone, kind=site_kind)
    return _site_dto(site)


async def get_site(slug: str) -> SiteDTO:
    site = await Site.get_or_none(slug=slug.strip().lower())
    if site is None:
        raise NotFound(f"site {slug}")
    return _site_dto(site)


# --- the import -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportReport:
    imported: int
    """New meters."""
    updated: int
    """Known meters (by serial) that the file changed."""
    errors: tuple[LineError, ...]
    """Every problem, in line order; a line with several problems has several entries."""
    unchanged: int = 0
    """Known meters that the file repeats as stored."""

    @property
    def rejected_lines(self) -> int:
        return len({error.line for error in self.errors})


@dataclass(frozen=True, slots=True)
class _Known:
    """A meter as stored, with what the checks need."""

    id: int
    site_id: int
    protocol: Protocol
    topic_id: str
    mac: str
    imei: str


@dataclass
class _Context:
    """What the database already holds, plus what earlier lines of the file claim."""

    sites: dict[str, int]
    meters: dict[str, _Known]
    topics: dict[tuple[Protocol, str], str] = field(default_factory=dict)
    macs: dict[str, str] = field(default_factory=dict)
    imeis: dict[str, str] = field(default_factory=dict)
    gateways: dict[str, tuple[int, int]] = field(default_factory=dict)
    """gateway serial -> (id, site id)"""
    accounts: dict[tuple[int, str], str | None] = field(default_factory=dict)
    """(site id, account number) -> its plot number"""
    file_serials: dict[str, int] = field(default_factory=dict)
    file_claims: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    """(what, value) -> (line, serial) for topics, MACs and IMEIs claimed by earlier lines"""


@dataclass(frozen=True, slots=True)
class _Planned:
    row: MeterRow
    site_id: int
    protocol: Protocol
    topic_id: str


async def import_meters_csv(
    text: str | bytes, *, default_site_slug: str | None = None, source_name: str = ""
) -> ImportReport:
    """Import the meter registry from CSV text (or bytes: UTF-8 with or without a BOM, or Windows-1251).

    Lines without a site take ``default_site_slug``. A problem with the whole file (empty, no header, no
    serial column, unknown columns, an unknown default site) is a single error (line 0 or the header's
    line) and nothing is written. Otherwise good lines are upserted by serial and each bad line goes to the
    quarantine with its reasons, in one transaction; a database failure rolls all of it back and raises.
    """
    if isinstance(text, bytes):
        try:
            text = decode(text)
        except UnicodeDecodeError:
            return ImportReport(0, 0, (LineError(0, Reason.BAD_ENCODING.value, "neither UTF-8 nor Windows-1251"),))
    default_site = default_site_slug.strip().lower() if default_site_slug else None
    parsed = parse_registry(text)
    if parsed.fatal is not None:
        return ImportReport(0, 0, (parsed.fatal,))
    if default_site is not None and not await Site.exists(slug=default_site):
        detail = f"the default site {default_site!r} does not exist"
        return ImportReport(0, 0, (LineError(0, Reason.UNKNOWN_SITE.value, detail),))
    async with in_transaction():
        context = await _load_context(parsed)
        planned, late_bad = _check_rows(parsed.rows, context, default_site)
        bad = sorted((*parsed.bad, *late_bad), key=lambda line: line.line)
        imported, updated, unchanged = await _write(planned, context)
        await _quarantine(bad, source_name)
        await audit.record(
            "registry.import",
            actor_label="csv",
            object_type="file",
            object_id=source_name,
            details={"imported": imported, "updated": updated, "unchanged": unchanged, "rejected": len(bad)},
        )
    errors = tuple(error for line in bad for error in line.errors)
    return ImportReport(imported=imported, updated=updated, errors=errors, unchanged=unchanged)


# --- checks against the database and the earlier lines -------------------------------------------


async def _load_context(parsed: ParsedFile) -> _Context:
    rows = parsed.rows
    sites = {slug: site_id for site_id, slug in await Site.all().values_list("id", "slug")}
    context = _Context(sites=sites, meters={})
    for row in await Meter.all().values("id", "site_id", "serial", "protocol", "topic_id", "mac", "imei"):
        known = _Known(row["id"], row["site_id"], Protocol(row["protocol"]), row["topic_id"], row["mac"], row["imei"])
        context.meters[row["serial"]] = known
        context.topics[(known.protocol, known.topic_id)] = row["serial"]
        if known.mac:
            context.macs[known.mac] = row["serial"]
        if known.imei:
            context.imeis[known.imei] = row["serial"]
    gateway_serials = {row.gateway for row in rows if row.gateway}
    if gateway_serials:
        found = await Gateway.filter(serial__in=gateway_serials).values_list("id", "serial", "site_id")
        context.gateways = {serial: (gateway_id, site_id) for gateway_id, serial, site_id in found}
    accounts = {row.account for row in rows if row.account}
    if accounts:
        found_accounts = await Account.filter(number__in=accounts).values_list("site_id", "number", "plot__number")
        context.accounts = {(site_id, number): plot for site_id, number, plot in found_accounts}
    return context


def _check_rows(
    rows: Iterable[MeterRow], context: _Context, default_site: str | None
) -> tuple[list[_Planned], list[BadLine]]:
    planned: list[_Planned] = []
    bad: list[BadLine] = []
    for row in rows:
        try:
            plan = _plan(row, context, default_site)
        except _LineRejected as exc:
            bad.append(BadLine(row.line, row.text, (LineError(row.line, exc.reason.value, exc.detail),)))
            continue
        _claim(plan, context)
        planned.append(plan)
    return planned, bad


class _LineRejected(Exception):
    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def _plan(row: MeterRow, context: _Context, default_site: str | None) -> _Planned:
    first = context.file_serials.get(row.serial)
    if first is not None:
        raise _LineRejected(Reason.DUPLICATE_IN_FILE, f"serial {row.serial} is already on line {first}")
    known = context.meters.get(row.serial)
    site_id = _site_of(row, known, context, default_site)
    if known is not None and known.site_id != site_id:
        raise _LineRejected(Reason.SERIAL_OTHER_SITE, f"meter {row.serial} belongs to another site")
    protocol, topic = _effective_topic(row, known)
    _check_claim(context, row, "topic", f"{protocol.value}:{topic}", context.topics.get((protocol, topic)))
    if row.mac:
        _check_claim(context, row, "mac", row.mac, context.macs.get(row.mac))
    if row.imei:
        _check_claim(context, row, "imei", row.imei, context.imeis.get(row.imei))
    if row.gateway:
        gateway = context.gateways.get(row.gateway)
        if gateway is not None and gateway[1] != site_id:
            raise _LineRejected(Reason.GATEWAY_OTHER_SITE, f"gateway {row.gateway} belongs to another site")
    if row.account and row.plot:
        plot = context.accounts.get((site_id, row.account))
        if plot is not None and plot != row.plot:
            detail = f"account {row.account} belongs to plot {plot}, not {row.plot}"
            raise _LineRejected(Reason.ACCOUNT_OTHER_PLOT, detail)
    return _Planned(row=row, site_id=site_id, protocol=protocol, topic_id=topic)


def _site_of(row: MeterRow, known: _Known | None, context: _Context, default_site: str | None) -> int:
    """The line's site, else the default site, else (for a known meter) the meter's own."""
    slug = row.site or default_site
    if slug is None:
        if known is not None:
            return known.site_id
        raise _LineRejected(Reason.MISSING_SITE, "no site cell and no default site")
    site_id = context.sites.get(slug)
    if site_id is None:
        raise _LineRejected(Reason.UNKNOWN_SITE, f"site {slug!r} does not exist")
    return site_id


def _effective_topic(row: MeterRow, known: _Known | None) -> tuple[Protocol, str]:
    protocol = row.protocol or (known.protocol if known else Protocol.NATIVE)
    if row.topic_id:
        return protocol, row.topic_id
    if known is not None and known.protocol is protocol:
        return protocol, known.topic_id
    if protocol is Protocol.NATIVE:
        return protocol, row.serial
    raise _LineRejected(Reason.MISSING_TOPIC, f"a {protocol.value} meter needs its topic_id")


_TAKEN = {"topic": Reason.TOPIC_TAKEN, "mac": Reason.MAC_TAKEN, "imei": Reason.IMEI_TAKEN}


def _check_claim(context: _Context, row: MeterRow, what: str, value: str, stored_by: str | None) -> None:
    if stored_by is not None and stored_by != row.serial:
        raise _LineRejected(_TAKEN[what], f"{what} {value} is used by meter {stored_by}")
    claimed = context.file_claims.get((what, value))
    if claimed is not None and claimed[1] != row.serial:
        raise _LineRejected(_TAKEN[what], f"{what} {value} is given to meter {claimed[1]} on line {claimed[0]}")


def _claim(plan: _Planned, context: _Context) -> None:
    row = plan.row
    context.file_serials[row.serial] = row.line
    context.file_claims[("topic", f"{plan.protocol.value}:{plan.topic_id}")] = (row.line, row.serial)
    if row.mac:
        context.file_claims[("mac", row.mac)] = (row.line, row.serial)
    if row.imei:
        context.file_claims[("imei", row.imei)] = (row.line, row.serial)
    if row.account and row.plot:
        context.accounts.setdefault((plan.site_id, row.account), row.plot)
    if row.gateway:
        context.gateways.setdefault(row.gateway, (0, plan.site_id))


# --- writing ----------------------------------------------------------------------------------------

_METER_FIELDS = (
    ("mac", "mac"),
    ("imei", "imei"),
    ("model", "model"),
    ("kind", "kind"),
    ("phases", "phases"),
    ("tariffs", "tariff_count"),
    ("multiplier", "multiplier"),
    ("installed_on", "installed_on"),
    ("verified_on", "verified_on"),
    ("next_verification_on", "next_verification_on"),
    ("place", "place"),
    ("seal", "seal_number"),
    ("label", "label"),
)


class _Ids:
    """Plots, accounts and gateways by natural key, created on first use."""

    def __init__(self) -> None:
        self.plots: dict[tuple[int, str], int] = {}
        self.accounts: dict[tuple[int, str], int] = {}
        self.gateways: dict[str, int] = {}

    async def plot(self, site_id: int, number: str) -> int:
        key = (site_id, number)
        if key not in self.plots:
            plot, _ = await Plot.get_or_create(site_id=site_id, number=number)
            self.plots[key] = plot.id
        return self.plots[key]

    async def account(self, site_id: int, number: str, plot_id: int | None) -> int:
        key = (site_id, number)
        if key not in self.accounts:
            account, created = await Account.get_or_create(
                site_id=site_id, number=number, defaults={"plot_id": plot_id}
            )
            if not created and getattr(account, "plot_id", None) is None and plot_id is not None:
                await Account.filter(id=account.id).update(plot_id=plot_id)
            self.accounts[key] = account.id
        return self.accounts[key]

    async def gateway(self, site_id: int, serial: str) -> int:
        if serial not in self.gateways:
            gateway, _ = await Gateway.get_or_create(serial=serial, defaults={"site_id": site_id})
            self.gateways[serial] = gateway.id
        return self.gateways[serial]


async def _wanted_fields(plan: _Planned, ids: _Ids) -> dict[str, Any]:
    row = plan.row
    wanted: dict[str, Any] = {"protocol": plan.protocol, "topic_id": plan.topic_id}
    for attribute, column in _METER_FIELDS:
        value = getattr(row, attribute)
        if value is not None:
            wanted[column] = value
    plot_id = await ids.plot(plan.site_id, row.plot) if row.plot else None
    if plot_id is not None:
        wanted["plot_id"] = plot_id
    if row.account:
        wanted["account_id"] = await ids.account(plan.site_id, row.account, plot_id)
    if row.gateway:
        wanted["gateway_id"] = await ids.gateway(plan.site_id, row.gateway)
    return wanted


def _changes(meter: Meter, wanted: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for column, value in wanted.items():
        current = getattr(meter, column)
        if isinstance(value, Decimal) and current is not None:
            current = Decimal(current)
        if current != value:
            changes[column] = value
    return changes


async def _write(planned: Sequence[_Planned], context: _Context) -> tuple[int, int, int]:
    ids = _Ids()
    imported = updated = unchanged = 0
    known_ids = [known.id for plan in planned if (known := context.meters.get(plan.row.serial)) is not None]
    stored = {meter.id: meter for meter in await Meter.filter(id__in=known_ids)} if known_ids else {}
    for plan in planned:
        wanted = await _wanted_fields(plan, ids)
        known = context.meters.get(plan.row.serial)
        if known is None:
            await _create_meter(plan, wanted)
            imported += 1
            continue
        changes = _changes(stored[known.id], wanted)
        if changes:
            await Meter.filter(id=known.id).update(**changes)
            updated += 1
        else:
            unchanged += 1
    return imported, updated, unchanged


async def _create_meter(plan: _Planned, wanted: dict[str, Any]) -> None:
    defaults: dict[str, Any] = {"kind": MeterKind.INDIVIDUAL}
    await Meter.create(site_id=plan.site_id, serial=plan.row.serial, **(defaults | wanted))


async def _quarantine(bad: Sequence[BadLine], source_name: str) -> None:
    if not bad:
        return
    prefix = f"{source_name}:" if source_name else "line "
    await QuarantineEntry.bulk_create(
        [
            QuarantineEntry(
                source=QuarantineSource.CSV,
                topic=f"{prefix}{line.line}"[:300],
                payload=line.text.replace("\x00", ""),
                reason="; ".join(f"{e.reason_code}: {e.detail}" for e in line.errors)[:300],
            )
            for line in bad
        ]
    )
