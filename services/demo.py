"""The demo site: СНТ «Рассвет» with its plots, meters, 90 days of history, events and people.

:func:`seed_demo` is idempotent: when the demo site exists it only reports on it. Otherwise it plans the
equipment (:mod:`services.demo_data`), computes the history (:mod:`services.demo_history`) and writes
it all in one transaction, the bulk rows (readings, hourly and daily aggregates, telemetry samples) as
multi-row ``executemany`` inserts: about 190 000 rows in a few seconds on SQLite. It creates the chairman
and the dispatcher as people with roles but no web logins: the caller gives them logins
(:class:`services.staff.StaffService`), which it can do again with new passwords on every start.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model
from tortoise.transactions import in_transaction

from services import demo_data as data
from services import demo_history as history
from services.clock import Clock
from services.db.models import (
    Account,
    Binding,
    DailyAggregate,
    Gateway,
    HourlyAggregate,
    Meter,
    MeterEvent,
    Person,
    Plot,
    Reading,
    Site,
    StaffRole,
    TelemetrySample,
)
from services.enums import BindingMethod, BindingStatus, Channel, MeterKind, Protocol, ReadingSource, RelayState, Role
from services.fleet import FleetMeter, list_fleet

__all__ = ["DemoInfo", "seed_demo"]

BATCH = 5_000
SAMPLE_HOURS = 7 * 24
"""Telemetry samples (power, voltage, current, frequency) for the last week: the network-quality charts."""
DEBTS = {13: Decimal("3450.00"), 27: Decimal("12780.50")}
"""Plots in debt: something for the restriction workflow to act on."""
STAFF = (("chairman", Role.CHAIRMAN, data.CHAIRMAN_NAME), ("dispatcher", Role.DISPATCHER, data.DISPATCHER_NAME))


@dataclass(frozen=True, slots=True)
class DemoInfo:
    site_id: int
    site_slug: str
    site_name: str
    plots: int
    meters: int
    days: int
    """Complete days of history before today."""
    readings: int
    events: int
    fleet: tuple[FleetMeter, ...]
    """Every meter with its last registers: the live simulator continues from them."""
    staff_people: Mapping[str, int]
    """Suggested login -> person id of the demo's staff (no web logins are created here)."""
    staff_roles: Mapping[str, tuple[tuple[int, Role], ...]]
    staff_names: Mapping[str, str]
    created: bool
    """False when the demo site already existed and nothing was written."""
    elapsed_s: float


@dataclass(frozen=True, slots=True)
class _Meter:
    spec: data.MeterSpec
    series: history.Series
    hours: tuple[history.HourValue, ...]
    days: tuple[history.DayValue, ...]


async def seed_demo(clock: Clock, *, plots: int = 40, days: int = 90, seed: int = 7) -> DemoInfo:
    """Create the demo site with ``plots`` plots and ``days`` days of history, once; deterministic in ``seed``."""
    started = time.perf_counter()
    existing = await Site.get_or_none(slug=data.SITE_SLUG)
    if existing is not None:
        return await _describe(existing, clock, started)
    if plots < 1 or days < 1:
        raise ValueError("the demo needs at least one plot and one day")
    now = clock.now()
    tz = ZoneInfo(data.SITE_TIMEZONE)
    rng = random.Random(seed)
    specs = data.plan_meters(plots, now.astimezone(tz).date(), rng)
    window = history.make_window(now, days, tz, 7 * 60, 23 * 60)
    meters = _compute(specs, window, seed)
    async with in_transaction() as conn:
        site = await _site()
        ids = await _equipment(site.id, specs)
        await _bulk_history(conn, meters, ids, window, random.Random(seed + 2))
        events = await _events(meters, ids, window, random.Random(seed + 3))
        staff = await _people(site.id, ids[specs[min(16, plots - 1)].serial], now)
    fleet = tuple(sorted((_fleet_meter(m) for m in meters), key=lambda f: f.serial))
    return DemoInfo(
        site_id=site.id,
        site_slug=site.slug,
        site_name=site.name,
        plots=plots,
        meters=len(meters),
        days=days,
        readings=sum(_reading_count(m) for m in meters),
        events=events,
        fleet=fleet,
        staff_people=staff,
        staff_roles={login: ((site.id, role),) for login, role, _ in STAFF},
        staff_names={login: name for login, _, name in STAFF},
        created=True,
        elapsed_s=time.perf_counter() - started,
    )


# --- computing -------------------------------------------------------------------------------------


def _compute(specs: Sequence[data.MeterSpec], window: history.Window, seed: int) -> list[_Meter]:
    temps = history.temperatures(window, random.Random(seed + 1))
    series: list[history.Series] = []
    for index, spec in enumerate(specs[:-1]):
        loads = history.household_load(spec, window, temps, random.Random(seed * 1000 + index))
        series.append(history.registers(spec, [kwh * 1000 for kwh in loads], window))
    main_units = history.main_meter_units([history.increments(s) for s in series])
    main = specs[-1]
    series.append(history.registers(main, main_units, window, int(main.multiplier)))
    series = _with_gaps(series, specs, window)
    result = []
    for spec, one in zip(specs, series, strict=True):
        hours = history.hourly(one, window)
        result.append(_Meter(spec, one, tuple(hours), tuple(history.daily(one, hours, window))))
    return result


def _with_gaps(
    series: list[history.Series], specs: Sequence[data.MeterSpec], window: history.Window
) -> list[history.Series]:
    """Two meters lose their link for a night and a day (from 21:00 to 02:00 the day after next)."""
    candidates = [i for i, spec in enumerate(specs) if spec.kind is MeterKind.INDIVIDUAL]
    if window.hours < 24 * 10 or len(candidates) < 2:
        return series
    chosen = (candidates[len(candidates) // 3], candidates[(2 * len(candidates)) // 3])
    for fraction, index in zip((3, 2), chosen, strict=True):
        midnight = window.local[0] + timedelta(days=window.hours // 24 // fraction)
        a = _index_of(window, midnight - timedelta(hours=3))
        b = _index_of(window, midnight + timedelta(hours=26))
        series[index] = history.Series(series[index].t1, series[index].t2, series[index].multiplier, (a, b))
    return series


def _index_of(window: history.Window, local: datetime) -> int:
    return int((local - window.instants[0]) / history.HOUR)


def _reading_count(meter: _Meter) -> int:
    gap = meter.series.gap
    return len(meter.series.t1) - (gap[1] - gap[0] - 1 if gap else 0)


def _kwh(units: int | None) -> Decimal | None:
    return None if units is None else Decimal(units).scaleb(-3)


def _fleet_meter(meter: _Meter) -> FleetMeter:
    spec, series = meter.spec, meter.series
    last = (series.t1[-1],) if series.t2 is None else (series.t1[-1], series.t2[-1])
    return FleetMeter(
        serial=spec.serial,
        protocol=spec.protocol,
        topic_id=spec.topic_id,
        kind=spec.kind,
        phases=spec.phases,
        tariff_count=spec.tariffs,
        registers=tuple(Decimal(units).scaleb(-3) for units in last),
    )


# --- writing ---------------------------------------------------------------------------------------


async def _site() -> Site:
    return await Site.create(
        slug=data.SITE_SLUG,
        name=data.SITE_NAME,
        timezone=data.SITE_TIMEZONE,
        operators_chat_id=None,
        consent_text=data.CONSENT_TEXT,
        support_contact=data.SUPPORT_CONTACT,
    )


async def _equipment(site_id: int, specs: Sequence[data.MeterSpec]) -> dict[str, int]:
    """Gateways, plots, accounts and meters; returns meter ids by serial."""
    gateways = {
        serial: (await Gateway.create(site_id=site_id, serial=serial, model=model, place=place)).id
        for serial, model, place in data.GATEWAYS
    }
    ids: dict[str, int] = {}
    for number, spec in enumerate(specs, start=1):
        plot_id = account_id = None
        if spec.plot is not None:
            line = (number - 1) // 10 + 1
            plot = await Plot.create(
                site_id=site_id, number=spec.plot, address=f"{line}-я линия, участок {spec.plot}", area_m2=600
            )
            plot_id = plot.id
            debt = DEBTS.get(number, Decimal(0))
            account = await Account.create(
                site_id=site_id, plot_id=plot_id, number=spec.account, holder_name=spec.holder, debt=debt
            )
            account_id = account.id
        meter = await Meter.create(
            site_id=site_id,
            plot_id=plot_id,
            account_id=account_id,
            gateway_id=gateways.get(spec.gateway) if spec.gateway else None,
            **_meter_fields(spec),
        )
        ids[spec.serial] = meter.id
    return ids


def _meter_fields(spec: data.MeterSpec) -> dict[str, Any]:
    return {
        "serial": spec.serial,
        "mac": spec.mac,
        "imei": spec.imei,
        "model": spec.model,
        "kind": spec.kind,
        "phases": spec.phases,
        "tariff_count": spec.tariffs,
        "multiplier": spec.multiplier,
        "installed_on": spec.installed_on,
        "place": spec.place,
        "verified_on": spec.verified_on,
        "next_verification_on": spec.next_verification_on,
        "seal_number": spec.seal,
        "protocol": spec.protocol,
        "topic_id": spec.topic_id,
        "relay_state": RelayState.ON,
        "online": True,
    }


async def _insert(conn: BaseDBAsyncClient, model: type[Model], columns: Sequence[str], rows: Iterable[Any]) -> None:
    """Multi-row INSERT of plain values, ``BATCH`` rows per ``executemany``: no model instances."""
    known = set(model._meta.fields_db_projection.values())
    unknown = [column for column in columns if column not in known]
    if unknown:
        raise RuntimeError(f"{model.__name__} has no columns {unknown}")
    postgres = conn.capabilities.dialect == "postgres"
    marks = ", ".join(f"${i}" if postgres else "?" for i in range(1, len(columns) + 1))
    names = ", ".join(f'"{column}"' for column in columns)
    sql = f'INSERT INTO "{model._meta.db_table}" ({names}) VALUES ({marks})'  # noqa: S608 (names are the model's)
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        await conn.execute_many(sql, batch)


async def _bulk_history(
    conn: BaseDBAsyncClient,
    meters: Sequence[_Meter],
    ids: Mapping[str, int],
    window: history.Window,
    rng: random.Random,
) -> None:
    reading_columns = ("meter_id", "ts", "t1", "t2", "total", "source", "flags", "received_at")
    await _insert(conn, Reading, reading_columns, (row for m in meters for row in _readings(m, ids, window)))
    hourly_columns = ("meter_id", "hour", "t1", "t2", "t3", "t4", "total", "quality")
    await _insert(conn, HourlyAggregate, hourly_columns, (row for m in meters for row in _hourly(m, ids, window)))
    daily_columns = ("meter_id", "day", "t1", "t2", "t3", "t4", "total", "end_t1", "end_t2", "end_total", "quality")
    await _insert(conn, DailyAggregate, daily_columns, (row for m in meters for row in _daily(m, ids)))
    sample_columns = (
        "meter_id", "ts", "power_w", "voltage_a", "voltage_b", "voltage_c",
        "current_a", "current_b", "current_c", "frequency_hz",
    )  # fmt: skip
    await _insert(conn, TelemetrySample, sample_columns, _samples(meters, ids, window, rng))


def _readings(meter: _Meter, ids: Mapping[str, int], window: history.Window) -> Iterable[tuple[Any, ...]]:
    series, meter_id = meter.series, ids[meter.spec.serial]
    received = timedelta(seconds=4)
    source = ReadingSource.TELEMETRY.value
    for i, ts in enumerate(window.instants):
        if series.has_reading(i):
            t2 = series.t2[i] if series.t2 is not None else None
            yield meter_id, ts, _kwh(series.t1[i]), _kwh(t2), _kwh(series.total(i)), source, 0, ts + received


def _hourly(meter: _Meter, ids: Mapping[str, int], window: history.Window) -> Iterable[tuple[Any, ...]]:
    meter_id, zero = ids[meter.spec.serial], Decimal("0.000")
    for h in meter.hours:
        hour = window.instants[h.index]
        yield meter_id, hour, _kwh(h.t1), _kwh(h.t2), zero, zero, _kwh(h.t1 + h.t2), h.quality.value


def _daily(meter: _Meter, ids: Mapping[str, int]) -> Iterable[tuple[Any, ...]]:
    meter_id, zero = ids[meter.spec.serial], Decimal("0.000")
    for d in meter.days:
        end_t1, end_t2, end_total = d.end
        yield (
            meter_id, d.day, _kwh(d.t1), _kwh(d.t2), zero, zero, _kwh(d.t1 + d.t2),
            _kwh(end_t1), _kwh(end_t2), _kwh(end_total), d.quality.value,
        )  # fmt: skip


def _samples(
    meters: Sequence[_Meter], ids: Mapping[str, int], window: history.Window, rng: random.Random
) -> Iterable[tuple[Any, ...]]:
    """Hourly power, voltage (sagging with the site's load), current and frequency for the last week."""
    first = max(1, window.hours + 1 - SAMPLE_HOURS)
    plots = [m for m in meters if m.spec.kind is MeterKind.INDIVIDUAL]
    site_load = [sum(m.hours[i - 1].t1 + m.hours[i - 1].t2 for m in plots) for i in range(first, window.hours + 1)]
    peak = max(site_load, default=1) or 1
    for meter in meters:
        meter_id, phases = ids[meter.spec.serial], meter.spec.phases
        for k, i in enumerate(range(first, window.hours + 1)):
            if not meter.series.has_reading(i):
                continue
            h = meter.hours[i - 1]
            power = (h.t1 + h.t2) * rng.uniform(0.85, 1.15)  # units per hour = W on average
            sag = 14 * site_load[k] / peak
            volts = [round(236 - sag + rng.gauss(0, 1.2), 1) for _ in range(phases)]
            amps = [round(power / phases / (v * 0.95), 2) for v in volts]
            padded_v = [*volts, None, None][:3]
            padded_a = [*amps, None, None][:3]
            frequency = round(50 + rng.gauss(0, 0.02), 2)
            yield (meter_id, window.instants[i], round(power, 1), *padded_v, *padded_a, frequency)


async def _events(meters: Sequence[_Meter], ids: Mapping[str, int], window: history.Window, rng: random.Random) -> int:
    """A few events of every class and severity in the last month, most recent last; and the monitoring's
    note of each communication gap."""
    end = window.instants[-1]
    native = [m.spec.serial for m in meters if m.spec.protocol is Protocol.NATIVE]
    everyone = [m.spec.serial for m in meters]
    span = min(30 * 24 * 60, window.hours * 60)
    rows: list[MeterEvent] = []
    for spec in data.EVENTS:
        for _ in range(spec.count):
            serial = rng.choice(native if spec.native_only else everyone)
            ts = end - timedelta(minutes=rng.randrange(5, span), seconds=rng.randrange(60))
            rows.append(MeterEvent(meter_id=ids[serial], ts=ts, code=spec.code, event_class=spec.event_class,
                                   severity=spec.severity, text=spec.text))  # fmt: skip
            if spec.follow is not None:
                code, severity, text, minutes = spec.follow
                rows.append(MeterEvent(meter_id=ids[serial], ts=ts + timedelta(minutes=minutes), code=code,
                                       event_class=spec.event_class, severity=severity, text=text))  # fmt: skip
    code, event_class, severity, text = data.SILENCE
    for meter in meters:
        if meter.series.gap is not None:
            ts = window.instants[meter.series.gap[0]] + timedelta(minutes=65)
            rows.append(MeterEvent(meter_id=ids[meter.spec.serial], ts=ts, code=code, event_class=event_class,
                                   severity=severity, text=text, from_monitoring=True))  # fmt: skip
    await MeterEvent.bulk_create(rows, batch_size=BATCH)
    return len(rows)


async def _people(site_id: int, pending_meter_id: int, now: datetime) -> dict[str, int]:
    """The chairman and the dispatcher with their roles, and a resident whose binding request waits."""
    people: dict[str, int] = {}
    for login, role, name in STAFF:
        person = await Person.create(name=name, phone="+79000000000", email=f"{login}@snt-rassvet.example", locale="ru")
        await StaffRole.create(person_id=person.id, site_id=site_id, role=role)
        people[login] = person.id
    resident = await Person.create(
        name=data.RESIDENT_NAME,
        email="smirnova@snt-rassvet.example",
        locale="ru",
        channel=Channel.EMAIL,
        consent_at=now - timedelta(hours=3),
    )
    await Binding.create(
        person_id=resident.id, meter_id=pending_meter_id, status=BindingStatus.PENDING, method=BindingMethod.SERIAL
    )
    return people


# --- an existing demo --------------------------------------------------------------------------------


async def _describe(site: Site, clock: Clock, started: float) -> DemoInfo:
    """What is there, for a second start of the demo: nothing is written."""
    meter_ids = list(await Meter.filter(site_id=site.id).values_list("id", flat=True))
    today = clock.now().astimezone(ZoneInfo(site.timezone)).date()
    first: date = today
    oldest = await DailyAggregate.filter(meter_id__in=meter_ids).order_by("day").first()
    if oldest is not None:
        first = oldest.day
    roles = await StaffRole.filter(site_id=site.id, role__in=[role for _, role, _ in STAFF]).values(
        "person_id", "role", "person__name"
    )
    logins = {role: login for login, role, _ in STAFF}
    staff_people = {logins[Role(r["role"])]: r["person_id"] for r in roles}
    staff_names = {logins[Role(r["role"])]: r["person__name"] for r in roles}
    return DemoInfo(
        site_id=site.id,
        site_slug=site.slug,
        site_name=site.name,
        plots=await Plot.filter(site_id=site.id).count(),
        meters=len(meter_ids),
        days=(today - first).days,
        readings=await Reading.filter(meter_id__in=meter_ids).count() if meter_ids else 0,
        events=await MeterEvent.filter(meter_id__in=meter_ids).count() if meter_ids else 0,
        fleet=tuple(await list_fleet(site.id)),
        staff_people=staff_people,
        staff_roles={login: ((site.id, Role(role)),) for role, login in logins.items() if login in staff_people},
        staff_names=staff_names,
        created=False,
        elapsed_s=time.perf_counter() - started,
    )
