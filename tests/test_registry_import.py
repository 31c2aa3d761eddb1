"""The meter registry CSV import: good lines in, bad lines reported (and quarantined), never half-written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from services import registry
from services.db.models import Account, Gateway, Meter, Plot, QuarantineEntry
from services.enums import MeterKind, Protocol, QuarantineSource, SiteKind
from services.errors import Conflict, InvalidInput
from services.registry import ImportReport, create_site, import_meters_csv

HEADER = "site;plot;account;serial;mac;imei;model;kind;phases;tariffs;multiplier;installed_on;protocol;topic_id;gateway"
GOOD = [
    "rassvet;1;100001;009218054001001;00:12:4B:00:1A:2B:3C:01;;Энергомера CE208;individual;1;2;1;21.01.2020;native;;GW-1",  # noqa: E501
    "rassvet;2;100002;009218054001002;;356938035643809;Энергомера CE208 GSM;ИПУ;1;2;;2021-05-03;;;",
    "rassvet;;;009218054009999;;;Энергомера CE308;ОДПУ;3;2;40;01.04.2019;native;;",
    "rassvet;3;100003;POWR320D-3C71BF;;;Sonoff POWR320D;;1;1;;;tasmota;tasmota_3C71BF;",
]


def csv_text(*lines: str, header: str = HEADER) -> str:
    return "\n".join((header, *lines)) + "\n"


def reasons(report: ImportReport) -> list[tuple[int, str]]:
    return [(error.line, error.reason_code) for error in report.errors]


@pytest.fixture
async def site(db: str) -> int:
    return (await create_site("rassvet", "СНТ «Рассвет»", "Europe/Moscow", SiteKind.SNT)).id


async def nothing_written() -> bool:
    counts = [await model.all().count() for model in (Meter, Plot, Account, Gateway, QuarantineEntry)]
    return counts == [0, 0, 0, 0, 0]


async def test_good_file_imports_every_field(site: int) -> None:
    report = await import_meters_csv(csv_text(*GOOD))

    assert (report.imported, report.updated, report.errors) == (4, 0, ())
    zigbee = await Meter.get(serial="009218054001001").prefetch_related("plot", "account", "gateway")
    assert zigbee.site_id == site  # type: ignore[attr-defined]
    assert (zigbee.plot.number, zigbee.account.number, zigbee.gateway.serial) == ("1", "100001", "GW-1")
    assert (zigbee.mac, zigbee.protocol, zigbee.topic_id) == ("00:12:4B:00:1A:2B:3C:01", Protocol.NATIVE, zigbee.serial)
    assert (zigbee.tariff_count, zigbee.installed_on) == (2, date(2020, 1, 21))
    gsm = await Meter.get(serial="009218054001002")
    assert (gsm.imei, gsm.kind, gsm.installed_on) == ("356938035643809", MeterKind.INDIVIDUAL, date(2021, 5, 3))
    main = await Meter.get(serial="009218054009999")
    assert (main.kind, main.phases, Decimal(main.multiplier), main.plot_id) == (  # type: ignore[attr-defined]
        MeterKind.MAIN,
        3,
        Decimal(40),
        None,
    )
    plug = await Meter.get(serial="POWR320D-3C71BF")
    assert (plug.protocol, plug.topic_id, plug.tariff_count) == (Protocol.TASMOTA, "tasmota_3C71BF", 1)
    assert await Gateway.filter(serial="GW-1", site_id=site).count() == 1
    assert await QuarantineEntry.all().count() == 0


BAD_LINES = [
    ("rassvet;4;;;;;;;;;;;;;", "missing_serial"),
    ("rassvet;4;;bad serial!;;;;;;;;;;;", "bad_serial"),
    ("rassvet;4;;S-MAC;00:12:4B:ZZ;;;;;;;;;;", "bad_mac"),
    ("rassvet;4;;S-IMEI;;356938035643808;;;;;;;;;", "bad_imei"),
    ("rassvet;4;;S-KIND;;;;private;;;;;;;", "bad_kind"),
    ("rassvet;4;;S-PH;;;;;2;;;;;;", "bad_phases"),
    ("rassvet;4;;S-TAR;;;;;;5;;;;;", "bad_tariffs"),
    ("rassvet;4;;S-MUL;;;;;;;-1;;;;", "bad_multiplier"),
    ("rassvet;4;;S-DATE;;;;;;;;31.02.2020;;;", "bad_date"),
    ("rassvet;4;;S-PROTO;;;;;;;;;modbus;;", "unknown_protocol"),
    ("rassvet;4;;S-TOPIC;;;;;;;;;shelly;;", "missing_topic"),
    ("rassvet;4;;S-TOPIC2;;;;;;;;;native;a/#;", "bad_topic"),
    ("nowhere;4;;S-SITE;;;;;;;;;;;", "unknown_site"),
    ("rassvet;4;;009218054001001;;;;;;;;;;;", "duplicate_in_file"),
    ("rassvet;4;;S-TAKEN;;;;;;;;;tasmota;tasmota_3C71BF;", "topic_taken"),
    ("rassvet;4;;S-MACT;00124b001a2b3c01;;;;;;;;;;", "mac_taken"),
    ("rassvet;4;;S-EXTRA;;;;;;;1;5;;;;GW-1", "extra_columns"),
    ("rassvet;" + "9" * 40 + ";;S-LONG;;;;;;;;;;;", "too_long"),
]


async def test_each_bad_line_is_reported_with_its_line_and_reason(site: int) -> None:
    lines = [*GOOD, *(line for line, _ in BAD_LINES)]
    report = await import_meters_csv(csv_text(*lines), source_name="registry.csv")

    expected = [(len(GOOD) + 2 + index, reason) for index, (_, reason) in enumerate(BAD_LINES)]
    assert reasons(report) == expected
    assert (report.imported, report.updated) == (len(GOOD), 0)
    assert await Meter.all().count() == len(GOOD)
    quarantined = await QuarantineEntry.all().order_by("id").values_list("source", "topic", "payload", "reason")
    assert len(quarantined) == len(BAD_LINES)
    source, topic, payload, reason = quarantined[0]
    assert (source, topic, payload) == (QuarantineSource.CSV, f"registry.csv:{len(GOOD) + 2}", BAD_LINES[0][0])
    assert reason.startswith("missing_serial: ")


async def test_a_line_with_several_problems_reports_each(site: int) -> None:
    report = await import_meters_csv(csv_text("rassvet;1;;S1;xx;123;;;7;;0;;;;"))

    assert reasons(report) == [(2, "bad_mac"), (2, "bad_imei"), (2, "bad_phases"), (2, "bad_multiplier")]
    assert report.rejected_lines == 1
    assert await QuarantineEntry.all().count() == 1


async def test_reimport_updates_without_duplicates_and_keeps_empty_cells(site: int) -> None:
    await import_meters_csv(csv_text(*GOOD))
    changed = GOOD[0].replace(";1;2;1;21.01.2020;", ";1;1;1;21.01.2020;").replace("rassvet;1;100001;", "rassvet;;;")
    header = HEADER.replace("site;", "")
    report = await import_meters_csv(
        csv_text(*(line.removeprefix("rassvet;") for line in [changed, *GOOD[1:]]), header=header),
        default_site_slug="rassvet",
    )

    assert (report.imported, report.updated, report.unchanged, report.errors) == (0, 1, 3, ())
    assert await Meter.all().count() == len(GOOD)
    meter = await Meter.get(serial="009218054001001").prefetch_related("plot")
    assert meter.tariff_count == 1
    assert meter.plot.number == "1"  # an empty cell keeps what is stored
    assert await Plot.all().count() == 3
    assert await Account.all().count() == 3


async def test_russian_headers_semicolons_and_bom(site: int) -> None:
    text = (
        "Объект; Участок ;Лицевой счёт;Серийный номер;МАС-адрес;Модель;Вид;Коэффициент трансформации;"
        "Дата установки;Дата поверки;Дата следующей поверки;Место установки;Номер пломбы\r\n"
        "rassvet;№ 7;100007;009218054001007;00-12-4b-00-1a-2b-3c-07;Энергомера CE102;ИПУ;1,5;"
        "03.06.2018;03.06.2018;03.06.2034;Опора ВЛ;ВМ 234798\r\n"
    )
    report = await import_meters_csv(text.encode("utf-8-sig"))

    assert (report.imported, report.errors) == (1, ())
    meter = await Meter.get(serial="009218054001007").prefetch_related("plot", "account")
    assert (meter.plot.number, meter.account.number, meter.mac) == ("7", "100007", "00:12:4B:00:1A:2B:3C:07")
    assert (Decimal(meter.multiplier), meter.verified_on, meter.next_verification_on) == (
        Decimal("1.5"),
        date(2018, 6, 3),
        date(2034, 6, 3),
    )
    assert (meter.place, meter.seal_number) == ("Опора ВЛ", "ВМ 234798")


async def test_windows_1251_file(site: int) -> None:
    text = "Серийный номер;Участок;Модель\n009218054001008;8;Энергомера CE102 R5\n"
    report = await import_meters_csv(text.encode("cp1251"), default_site_slug="rassvet")

    assert (report.imported, report.errors) == (1, ())
    assert (await Meter.get(serial="009218054001008")).model == "Энергомера CE102 R5"


async def test_comma_delimiter_with_a_quoted_decimal_comma(site: int) -> None:
    text = 'serial,site,multiplier,kind\n# the main meter\n009218054009998,rassvet,"2,5",main\n'
    report = await import_meters_csv(text)

    assert (report.imported, report.errors) == (1, ())
    assert Decimal((await Meter.get(serial="009218054009998")).multiplier) == Decimal("2.5")


@pytest.mark.parametrize(
    ("text", "reason", "line"),
    [
        ("", "empty_file", 0),
        ("\ufeff \n\n", "empty_file", 0),
        (HEADER + "\n", "empty_file", 0),
        ("rassvet;1;009218054001001\nrassvet;2;009218054001002\n", "missing_header", 1),
        ("site;plot;mac\nrassvet;1;00:12:4B:00:1A:2B:3C:01\n", "missing_serial_column", 1),
        ("serial;plot;multipler\n009218054001001;1;40\n", "unknown_column", 1),
        ("# registry\nserial;plot;Участок\n009218054001001;1;2\n", "duplicate_column", 2),
        ("serial;plot\n0092\x00;1\n", "bad_csv", 0),
        ('serial;plot\n009218054001001;1\n"009218054001002;2\n009218054001003;3\n', "bad_csv", 3),
        ('serial;plot\n009218054001001;"1"2\n', "bad_csv", 2),
    ],
)
async def test_a_broken_file_is_one_error_and_nothing_is_written(site: int, text: str, reason: str, line: int) -> None:
    report = await import_meters_csv(text, default_site_slug="rassvet")

    assert reasons(report) == [(line, reason)]
    assert (report.imported, report.updated) == (0, 0)
    assert await nothing_written()


async def test_an_unknown_default_site_is_one_error(site: int) -> None:
    report = await import_meters_csv("serial\n009218054001001\n", default_site_slug="nope")

    assert reasons(report) == [(0, "unknown_site")]
    assert await nothing_written()


async def test_lines_without_a_site_need_a_default(site: int) -> None:
    report = await import_meters_csv("serial;plot\n009218054001001;1\n")

    assert reasons(report) == [(2, "missing_site")]


async def test_a_known_meter_needs_no_site(site: int) -> None:
    await import_meters_csv(csv_text(*GOOD))
    report = await import_meters_csv("serial;seal\n009218054001001;ВМ 000001\n")

    assert (report.updated, report.errors) == (1, ())
    meter = await Meter.get(serial="009218054001001")
    assert (meter.seal_number, meter.tariff_count, meter.model) == ("ВМ 000001", 2, "Энергомера CE208")


async def test_the_same_serial_twice_imports_the_first_line(site: int) -> None:
    text = csv_text(GOOD[0], GOOD[0].replace("rassvet;1;100001;", "rassvet;9;100009;"))
    report = await import_meters_csv(text)

    assert report.imported == 1
    assert reasons(report) == [(3, "duplicate_in_file")]
    assert "line 2" in report.errors[0].detail
    assert (await Meter.get(serial="009218054001001").prefetch_related("plot")).plot.number == "1"


async def test_mixed_protocols_and_topic_rules(site: int) -> None:
    text = csv_text(
        "rassvet;11;;SHELLY-A8032AB12C34;;;Shelly Pro EM-50;;1;1;;;shelly;shellyproem50-a8032ab12c34;",
        "rassvet;12;;0XA4C1380F2B9D1E55;0xa4c1380f2b9d1e55;;Tuya;;1;1;;;z2m;Участок 12/счётчик;",
        "rassvet;13;;009218054001013;;;CE208;;1;2;;;native;;",
        "rassvet;14;;SHELLY-2;;;Shelly;;1;1;;;shelly;shelly pro;",
        "rassvet;15;;SHELLY-3;;;Shelly;;1;1;;;shelly;shellyproem50-a8032ab12c34;",
    )
    report = await import_meters_csv(text)

    assert reasons(report) == [(5, "bad_topic"), (6, "topic_taken")]
    assert report.imported == 3
    rows = sorted(await Meter.all().values_list("serial", "protocol", "topic_id", "mac"))
    assert rows == [
        ("009218054001013", Protocol.NATIVE, "009218054001013", ""),
        ("0XA4C1380F2B9D1E55", Protocol.ZIGBEE2MQTT, "Участок 12/счётчик", "A4:C1:38:0F:2B:9D:1E:55"),
        ("SHELLY-A8032AB12C34", Protocol.SHELLY, "shellyproem50-a8032ab12c34", ""),
    ]


async def test_topic_and_identity_conflicts_with_stored_meters(site: int) -> None:
    await import_meters_csv(csv_text(*GOOD))
    other = await create_site("other", "СНТ «Другое»")
    text = csv_text(
        "rassvet;20;;NEW-1;;;;;;;;;native;009218054001002;",
        "rassvet;21;;NEW-2;;356938035643809;;;;;;;;;",
        "other;22;;009218054001001;;;;;;;;;;;",
        "other;23;;NEW-3;;;;;;;;;;;GW-1",
        "rassvet;2;100003;NEW-4;;;;;;;;;;;",
    )
    report = await import_meters_csv(text)

    assert reasons(report) == [
        (2, "topic_taken"),
        (3, "imei_taken"),
        (4, "serial_other_site"),
        (5, "gateway_other_site"),
        (6, "account_other_plot"),
    ]
    assert await Meter.filter(site_id=other.id).count() == 0


async def test_a_failure_midway_writes_nothing(site: int, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    original = registry._create_meter

    async def failing(*args: object, **kwargs: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("disk full")
        await original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(registry, "_create_meter", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        await import_meters_csv(csv_text(*GOOD, "rassvet;4;;;;;;;;;;;;;"))

    assert calls == 3
    assert await nothing_written()


async def test_the_example_file_has_eight_good_and_two_bad_lines(site: int, project_root: Path) -> None:
    raw = (project_root / "docs" / "examples" / "meters.csv").read_bytes()
    await create_site("demo", "СНТ «Рассвет»")

    report = await import_meters_csv(raw, source_name="meters.csv")

    assert report.imported == 8
    assert report.rejected_lines == 2
    assert {error.reason_code for error in report.errors} == {"bad_imei", "unknown_protocol"}


async def test_create_site_checks_its_input(db: str) -> None:
    dto = await create_site(" Romashka ", "  СНТ   «Ромашка» ", "Asia/Yekaterinburg", "snt")

    assert (dto.slug, dto.name, dto.timezone) == ("romashka", "СНТ «Ромашка»", "Asia/Yekaterinburg")
    assert dto.kind is SiteKind.SNT
    assert (await registry.get_site("romashka")).id == dto.id
    with pytest.raises(Conflict):
        await create_site("romashka", "Again")
    for kwargs, field in [
        ({"slug": "Bad slug"}, "slug"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"name": " "}, "name"),
        ({"kind": "castle"}, "kind"),
    ]:
        arguments = {"slug": "x", "name": "X", "timezone": "UTC", "kind": "snt"} | kwargs
        with pytest.raises(InvalidInput) as caught:
            await create_site(**arguments)
        assert caught.value.field == field
