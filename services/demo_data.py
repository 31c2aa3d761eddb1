"""The demo СНТ's equipment: who lives on which plot and what meter hangs there. Pure and deterministic.

:func:`plan_meters` deals the plots over the protocols (about 60 % Энергомера meters in the native schema,
half over a ZigBee gateway (УСПД) and half over GSM, the rest devices people buy themselves: Tasmota,
Shelly and zigbee2mqtt), gives each a realistic serial, MAC or IMEI, dates, seal and place, and a
household profile for the history (:mod:`services.demo_history`). Verification dates: a few meters are
due within weeks and one is overdue, so the verification calendar has something to show.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from services.enums import EventClass, MeterKind, Protocol, Severity
from services.registry_csv import luhn_ok

SITE_SLUG = "demo"
SITE_NAME = "СНТ «Рассвет»"
SITE_TIMEZONE = "Europe/Moscow"
SUPPORT_CONTACT = "Правление СНТ «Рассвет»: +7 900 000-00-00, pravlenie@snt-rassvet.example"
CONSENT_TEXT = (
    "Я даю согласие СНТ «Рассвет» на обработку моих персональных данных (ФИО, номер телефона, адрес "
    "электронной почты, идентификатор Telegram, показания приборов учёта) для учёта электроэнергии, "
    "расчётов и уведомлений в соответствии с Федеральным законом № 152-ФЗ «О персональных данных». "
    "Согласие можно отозвать, написав правлению."
)

USPD_SERIAL = "CE805M-21004117"
USPD_MODEL = "Энергомера CE805M (УСПД, ZigBee)"
COORDINATOR_SERIAL = "Z2M-7C2A1B"
COORDINATOR_MODEL = "SONOFF ZBDongle-E (zigbee2mqtt)"
GATEWAYS = ((USPD_SERIAL, USPD_MODEL, "Правление, щитовая"), (COORDINATOR_SERIAL, COORDINATOR_MODEL, "Правление"))

MAIN_SERIAL = "009217035000040"
MAIN_MULTIPLIER = Decimal(40)
"""Current transformers 200/5 A."""

SURNAMES = (
    ("Иванов", "Иванова"), ("Смирнов", "Смирнова"), ("Кузнецов", "Кузнецова"), ("Попов", "Попова"),
    ("Васильев", "Васильева"), ("Петров", "Петрова"), ("Соколов", "Соколова"), ("Михайлов", "Михайлова"),
    ("Новиков", "Новикова"), ("Фёдоров", "Фёдорова"), ("Морозов", "Морозова"), ("Волков", "Волкова"),
    ("Алексеев", "Алексеева"), ("Лебедев", "Лебедева"), ("Семёнов", "Семёнова"), ("Егоров", "Егорова"),
    ("Павлов", "Павлова"), ("Козлов", "Козлова"), ("Степанов", "Степанова"), ("Николаев", "Николаева"),
    ("Орлов", "Орлова"), ("Андреев", "Андреева"), ("Макаров", "Макарова"), ("Никитин", "Никитина"),
)  # fmt: skip
MALE_NAMES = ("Сергей", "Александр", "Владимир", "Николай", "Андрей", "Михаил", "Игорь", "Виктор", "Юрий")
FEMALE_NAMES = ("Ольга", "Елена", "Татьяна", "Наталья", "Ирина", "Светлана", "Галина", "Марина", "Людмила")
PATRONYMICS = (
    ("Петрович", "Петровна"), ("Иванович", "Ивановна"), ("Николаевич", "Николаевна"),
    ("Викторович", "Викторовна"), ("Алексеевич", "Алексеевна"), ("Юрьевич", "Юрьевна"),
)  # fmt: skip
CHAIRMAN_NAME = "Соколов Николай Петрович"
DISPATCHER_NAME = "Кузнецова Марина Андреевна"
RESIDENT_NAME = "Смирнова Ольга Викторовна"

PLACES_POLE = ("Опора ВЛ у участка", "Уличный щит учёта на границе участка", "Щит учёта на фасаде дома")
PLACE_INSIDE = "Внутреннее (в здании)"
PLACE_HOME_PANEL = "Щит в доме"
PLACE_MAIN = "ТП-10/0,4 кВ «Рассвет», РУ-0,4 кВ"


class Profile:
    """How a household uses its plot; the history's consumption follows it."""

    PERMANENT = "permanent"
    """Lives there all year; often heats with electricity."""
    WEEKENDS = "weekends"
    """Friday evening to Sunday evening, plus a summer holiday."""
    SUMMER = "summer"
    """Moves in for May to September."""
    RARE = "rare"
    """Comes now and then; the fridge and the cameras run all the time."""


@dataclass(frozen=True, slots=True)
class MeterSpec:
    serial: str
    protocol: Protocol
    topic_id: str
    model: str
    kind: MeterKind
    phases: int
    tariffs: int
    multiplier: Decimal
    mac: str
    imei: str
    gateway: str | None
    installed_on: date
    verified_on: date | None
    next_verification_on: date | None
    place: str
    seal: str
    plot: str | None
    account: str | None
    holder: str
    profile: str
    mean_kw: float
    """Mean load while somebody is there (kW)."""
    heating_kw: float
    sauna: bool
    """An electric sauna heater on Saturday evenings."""
    start_kwh: int
    """Register total when the history starts (kWh as the display shows it, before the multiplier)."""


@dataclass(frozen=True, slots=True)
class _Device:
    protocol: Protocol
    model: str
    phases: int
    tariffs: int
    link: str
    """zigbee (MAC, through the УСПД), gsm (IMEI), wifi (MAC) or z2m (IEEE address)"""
    verification_years: int | None


CE208_ZIGBEE = _Device(Protocol.NATIVE, "Энергомера CE208 S7 (ZigBee)", 1, 2, "zigbee", 16)
CE102_ZIGBEE = _Device(Protocol.NATIVE, "Энергомера CE102 S7 (ZigBee)", 1, 1, "zigbee", 16)
CE308_ZIGBEE = _Device(Protocol.NATIVE, "Энергомера CE308 S31 (ZigBee)", 3, 2, "zigbee", 10)
CE208_GSM = _Device(Protocol.NATIVE, "Энергомера CE208 C4 (GSM)", 1, 2, "gsm", 16)
CE308_GSM = _Device(Protocol.NATIVE, "Энергомера CE308 C36 (GSM)", 3, 2, "gsm", 10)
TASMOTA = _Device(Protocol.TASMOTA, "Sonoff POWR320D (Tasmota)", 1, 2, "wifi", None)
SHELLY_EM = _Device(Protocol.SHELLY, "Shelly Pro EM-50", 1, 1, "wifi", None)
SHELLY_3EM = _Device(Protocol.SHELLY, "Shelly Pro 3EM", 3, 1, "wifi", None)
ZIGBEE_DIN = _Device(Protocol.ZIGBEE2MQTT, "Tuya TO-Q-SY1-JZT (zigbee2mqtt)", 1, 1, "z2m", None)

DEVICE_MIX = (
    (CE208_ZIGBEE, 9), (CE102_ZIGBEE, 3), (CE308_ZIGBEE, 2), (CE208_GSM, 6), (CE308_GSM, 1),
    (TASMOTA, 8), (SHELLY_EM, 4), (SHELLY_3EM, 1), (ZIGBEE_DIN, 6),
)  # fmt: skip
"""Per 40 plots: 21 native (14 through the УСПД, 7 over GSM), 8 Tasmota, 5 Shelly, 6 zigbee2mqtt."""

PROFILE_MIX = ((Profile.PERMANENT, 8), (Profile.WEEKENDS, 20), (Profile.SUMMER, 6), (Profile.RARE, 6))


T = TypeVar("T")


def _deal(mix: Sequence[tuple[T, int]], count: int, rng: random.Random) -> list[T]:
    """``count`` items in the proportions of ``mix`` (largest remainder), shuffled."""
    total = sum(weight for _, weight in mix)
    shares = [(item, weight * count / total) for item, weight in mix]
    dealt = [item for item, share in shares for _ in range(int(share))]
    by_remainder = sorted(shares, key=lambda pair: pair[1] - int(pair[1]), reverse=True)
    dealt += [item for item, _ in by_remainder[: count - len(dealt)]]
    rng.shuffle(dealt)
    return dealt


class _Ids:
    """Serials, MACs and IMEIs that never repeat."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = {MAIN_SERIAL}

    def unique(self, make: Callable[[], str]) -> str:
        while (value := make()) in self.used:
            continue
        self.used.add(value)
        return value

    def digits(self, count: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(count))

    def hex_bytes(self, count: int) -> list[str]:
        return [f"{self.rng.randrange(256):02X}" for _ in range(count)]

    def energomera_serial(self) -> str:
        return self.unique(lambda: "0092" + self.digits(11))

    def imei(self) -> str:
        def make() -> str:
            body = "86101104" + self.digits(6)
            return next(body + d for d in "0123456789" if luhn_ok(body + d))

        return self.unique(make)

    def mac(self, oui: str, count: int) -> str:
        return self.unique(lambda: ":".join([oui, *self.hex_bytes(count)]))


def _identity(device: _Device, ids: _Ids, plot: int) -> tuple[str, str, str, str]:
    """(serial, topic id, MAC, IMEI) as each kind of device has them."""
    if device.link == "zigbee":
        serial = ids.energomera_serial()
        return serial, serial, ids.mac("00:12:4B:00", 4), ""
    if device.link == "gsm":
        serial = ids.energomera_serial()
        return serial, serial, "", ids.imei()
    if device.protocol is Protocol.TASMOTA:
        mac = ids.mac("3C:71:BF", 3)
        tail = mac.replace(":", "")[-6:]
        return f"POWR320D-{tail}", f"tasmota_{tail}", mac, ""
    if device.protocol is Protocol.SHELLY:
        mac = ids.mac("A8:03:2A", 3)
        compact = mac.replace(":", "")
        prefix = "shellypro3em" if device.phases == 3 else "shellyproem50"
        return compact, f"{prefix}-{compact.lower()}", mac, ""
    mac = ids.mac("A4:C1:38", 5)
    return "0x" + mac.replace(":", "").lower(), f"plot-{plot}-meter", mac, ""


def _holder(rng: random.Random) -> str:
    male, female = rng.choice(SURNAMES)
    patronymic = rng.choice(PATRONYMICS)
    if rng.random() < 0.5:
        return f"{male} {rng.choice(MALE_NAMES)} {patronymic[0]}"
    return f"{female} {rng.choice(FEMALE_NAMES)} {patronymic[1]}"


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _dates(device: _Device, rng: random.Random, today: date, due: int | None) -> tuple[date, date | None, date | None]:
    """Installation, last and next verification. ``due`` days from today forces the next verification."""
    if device.verification_years is None:
        return today - timedelta(days=rng.randrange(200, 1500)), None, None
    years = device.verification_years
    if due is not None:
        next_on = today + timedelta(days=due)
        verified = add_years(next_on, -years)
    else:
        verified = today - timedelta(days=rng.randrange(400, 365 * 7))
        next_on = add_years(verified, years)
    installed = verified + timedelta(days=rng.randrange(10, 90))
    return installed, verified, next_on


GATEWAY_BY_LINK = {"zigbee": USPD_SERIAL, "z2m": COORDINATOR_SERIAL}

DUE_SOON = (12, 26, 47, -9)
"""Next verification in days from today for the first few Энергомера meters (one is overdue)."""


def plan_meters(plots: int, today: date, rng: random.Random) -> list[MeterSpec]:
    """One individual meter per plot (№1…№plots) and the partnership's main meter, last."""
    ids = _Ids(rng)
    devices = _deal(DEVICE_MIX, plots, rng)
    profiles = _deal(PROFILE_MIX, plots, rng)
    specs: list[MeterSpec] = []
    due = list(DUE_SOON)
    for number, (device, profile) in enumerate(zip(devices, profiles, strict=True), start=1):
        serial, topic, mac, imei = _identity(device, ids, number)
        native = device.protocol is Protocol.NATIVE
        installed, verified, next_on = _dates(device, rng, today, due.pop(0) if native and due else None)
        three_phase = device.phases == 3
        specs.append(
            MeterSpec(
                serial=serial,
                protocol=device.protocol,
                topic_id=topic,
                model=device.model,
                kind=MeterKind.INDIVIDUAL,
                phases=device.phases,
                tariffs=device.tariffs,
                multiplier=Decimal(1),
                mac=mac,
                imei=imei,
                gateway=USPD_SERIAL
                if device.link == "zigbee"
                else COORDINATOR_SERIAL
                if device.link == "z2m"
                else None,
                installed_on=installed,
                verified_on=verified,
                next_verification_on=next_on,
                place=_place(device, rng),
                seal=f"ВМ {ids.digits(6)}" if native else "",
                plot=str(number),
                account=f"10{number:04d}",
                holder=_holder(rng),
                profile=profile,
                mean_kw=rng.uniform(0.45, 1.1) * (1.8 if three_phase else 1.0),
                heating_kw=rng.uniform(1.5, 3.5) if profile == Profile.PERMANENT and rng.random() < 0.6 else 0.0,
                sauna=rng.random() < (0.6 if three_phase else 0.25) and profile != Profile.RARE,
                start_kwh=rng.randrange(2_000, 25_000),
            )
        )
    specs.append(_main_meter(today, plots, ids))
    return specs


def _place(device: _Device, rng: random.Random) -> str:
    if device.protocol is not Protocol.NATIVE:
        return PLACE_HOME_PANEL
    return rng.choice(PLACES_POLE) if rng.random() < 0.8 else PLACE_INSIDE


def _main_meter(today: date, plots: int, ids: _Ids) -> MeterSpec:
    verified = today - timedelta(days=800)
    return MeterSpec(
        serial=MAIN_SERIAL,
        protocol=Protocol.NATIVE,
        topic_id=MAIN_SERIAL,
        model="Энергомера CE308 S31 (ZigBee), ТТ 200/5",
        kind=MeterKind.MAIN,
        phases=3,
        tariffs=2,
        multiplier=MAIN_MULTIPLIER,
        mac=ids.mac("00:12:4B:00", 4),
        imei="",
        gateway=USPD_SERIAL,
        installed_on=verified + timedelta(days=30),
        verified_on=verified,
        next_verification_on=add_years(verified, 10),
        place=PLACE_MAIN,
        seal=f"ВМ {ids.digits(6)}",
        plot=None,
        account=None,
        holder="",
        profile="",
        mean_kw=0.0,
        heating_kw=0.0,
        sauna=False,
        start_kwh=plots * 250,
    )


@dataclass(frozen=True, slots=True)
class EventSpec:
    code: str
    event_class: EventClass
    severity: Severity
    text: str
    count: int
    native_only: bool
    """Only an Энергомера meter has a cover sensor, a self-test and a relay journal."""
    follow: tuple[str, Severity, str, int] | None = None
    """(code, severity, text, minutes later) of the event that ends this one."""


EVENTS = (
    EventSpec("self_test_failed", EventClass.INTEGRITY, Severity.ALARM, "Self-test failed: memory checksum", 1, True),
    EventSpec("config_changed", EventClass.INTEGRITY, Severity.WARNING, "Parameters changed via optical port", 2, True),
    EventSpec("clock_adjusted", EventClass.INTEGRITY, Severity.INFO, "Clock adjusted by the gateway", 3, True),
    EventSpec(
        "cover_open", EventClass.TAMPER, Severity.ALARM, "Terminal cover opened", 2, True,
        ("cover_closed", Severity.INFO, "Terminal cover closed", 7),
    ),
    EventSpec("magnet", EventClass.TAMPER, Severity.ALARM, "Magnetic field detected", 1, True),
    EventSpec("reverse_energy", EventClass.TAMPER, Severity.WARNING, "Reverse energy flow", 1, True),
    EventSpec("overload", EventClass.THRESHOLD, Severity.ALARM, "Power above the 15 kW limit", 1, False),
    EventSpec(
        "voltage_high", EventClass.THRESHOLD, Severity.WARNING, "Voltage above 253 V", 2, False,
        ("voltage_normal", Severity.INFO, "Voltage back within 207-253 V", 20),
    ),
    EventSpec("voltage_low", EventClass.THRESHOLD, Severity.WARNING, "Voltage below 207 V", 2, False),
    EventSpec("relay_fault", EventClass.OTHER, Severity.ALARM, "Relay did not switch", 1, True),
    EventSpec(
        "power_off", EventClass.OTHER, Severity.WARNING, "Supply voltage lost", 2, False,
        ("power_restored", Severity.INFO, "Power restored", 43),
    ),
    EventSpec("firmware_updated", EventClass.OTHER, Severity.INFO, "Firmware updated", 1, False),
)  # fmt: skip
SILENCE = ("silence", EventClass.OTHER, Severity.WARNING, "No data for more than an hour")
"""What meterbot's own monitoring records for a communication gap (services/monitoring.py's code)."""
