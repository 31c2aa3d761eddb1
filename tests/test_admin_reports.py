"""Reports in the admin web: each report as CSV and XLSX with values computed from seeded aggregates,
Russian (and English) column names, the site's time zone; who may download; bad input; a long report as a
job with its progress while other pages keep answering."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import openpyxl
import pytest

from admin_web.keys import ADMIN_KEY
from services import report_queries
from services.db.models import DailyAggregate, MeterEvent, Person, Plot, Restriction
from services.enums import EventClass, Quality, RelayAction, RestrictionReason, RestrictionState, Severity
from services.report_model import ReportFormat, ReportKind, ReportRequest, SiteInfo
from services.reports import ReportService
from tests.admin_harness import Browser, World, _fast_hashing, make_world, serve

__all__ = ["_fast_hashing"]

D = Decimal


@pytest.fixture
async def world(db: str) -> World:
    world = await make_world()
    await seed(world)
    return world


def october() -> Iterator[date]:
    for n in range(31):
        yield date(2026, 10, 1) + timedelta(days=n)


async def seed(world: World) -> None:
    """A100: the whole of October (3 kWh a day: 2 in T1, 1 in T2) after registers 100/50/150 at the end of
    September; A101: only 1–10 October (1.5 a day), no September; MAIN1: 5 kWh every day of October."""
    a100, a101, main = (world.meters[s] for s in ("A100", "A101", "MAIN1"))
    end = {"end_t1": D(100), "end_t2": D(50), "end_total": D(150)}
    rows = [DailyAggregate(meter_id=a100, day=date(2026, 9, 30), t1=D(2), t2=D(1), total=D(3), **end)]
    for n, day in enumerate(october(), start=1):
        end = {"end_t1": D(100 + 2 * n), "end_t2": D(50 + n), "end_total": D(150 + 3 * n)}
        rows.append(DailyAggregate(meter_id=a100, day=day, t1=D(2), t2=D(1), total=D(3), **end))
        rows.append(DailyAggregate(meter_id=main, day=day, total=D(5), end_total=D(1000 + 5 * n)))
        if n <= 10:
            end = {"end_t1": D(n), "end_t2": D("0.5") * n, "end_total": D("1.5") * n}
            quality = Quality.ESTIMATED if n == 10 else Quality.MEASURED
            rows.append(
                DailyAggregate(meter_id=a101, day=day, t1=D(1), t2=D("0.5"), total=D("1.5"), quality=quality, **end)
            )
    await DailyAggregate.bulk_create(rows)


def xlsx_rows(body: bytes) -> tuple[Any, list[tuple[Any, ...]]]:
    book = openpyxl.load_workbook(io.BytesIO(body))
    sheet = book.active
    return sheet, [tuple(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(body: bytes, delimiter: str = ";") -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))


async def download(browser: Browser, site: int, query: str) -> tuple[int, str, bytes, str]:
    response = await browser.client.get(f"/sites/{site}/reports/file?{query}", allow_redirects=False)
    return (
        response.status,
        response.headers.get("Content-Disposition", ""),
        await response.read(),
        response.headers.get("Location", ""),
    )


def reports_of(browser: Browser) -> ReportService:
    app = browser.client.app
    assert app is not None
    return app[ADMIN_KEY].reports


async def test_monthly_readings_xlsx_and_csv(world: World) -> None:
    async with serve(world, "disp") as browser:
        status, disposition, body, _ = await download(browser, world.site, "kind=readings&month=2026-10&format=xlsx")
        csv_status, csv_disposition, csv_body, _ = await download(
            browser, world.site, "kind=readings&month=10.2026&format=csv"
        )
    assert status == 200
    assert 'filename="readings-2026-10-romashka.xlsx"' in disposition
    sheet, rows = xlsx_rows(body)
    header = rows[0]
    assert header[:5] == ("Участок", "Лицевой счёт", "Серийный номер ПУ", "Модель", "Вид ПУ")
    assert "Т1 на начало месяца, кВт·ч" in header
    assert "Расход всего, кВт·ч" in header
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    by_serial = {row[2]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert [row[2] for row in rows[1:]] == ["A100", "A101", "MAIN1"]  # plot 1 first, the plotless main last
    a100 = by_serial["A100"]
    assert a100["Т1 на начало месяца, кВт·ч"] == 100
    assert a100["Т2 на начало месяца, кВт·ч"] == 50
    assert a100["Т1 на конец месяца, кВт·ч"] == 162
    assert a100["Т2 на конец месяца, кВт·ч"] == 81
    assert a100["Сумма на конец месяца, кВт·ч"] == 243
    assert a100["Расход Т1, кВт·ч"] == 62
    assert a100["Расход Т2, кВт·ч"] == 31
    assert a100["Расход всего, кВт·ч"] == 93
    assert isinstance(a100["Расход всего, кВт·ч"], int | float)  # a number, not text
    assert a100["Дата снятия показаний"] == datetime(2026, 10, 31)
    assert a100["Качество данных"] == "измерено"
    assert a100["Лицевой счёт"] == "0101"
    a101 = by_serial["A101"]
    assert a101["Т1 на начало месяца, кВт·ч"] is None
    assert a101["Т1 на конец месяца, кВт·ч"] == 10
    assert a101["Расход всего, кВт·ч"] == 15
    assert a101["Качество данных"] == "оценка"
    assert by_serial["MAIN1"]["Вид ПУ"] == "ОДПУ (общий)"
    assert a100["Вид ПУ"] == "ИПУ"
    cell = next(c for c in sheet[2] if c.column_letter == "L")  # consumption T1 of the first meter
    assert cell.number_format == "0.000"

    assert csv_status == 200
    assert 'filename="readings-2026-10-romashka.csv"' in csv_disposition
    lines = csv_rows(csv_body)
    assert lines[0][2] == "Серийный номер ПУ"
    first = dict(zip(lines[0], lines[1], strict=True))
    assert first["Т1 на конец месяца, кВт·ч"] == "162,000"
    assert first["Расход всего, кВт·ч"] == "93,000"
    assert first["Дата снятия показаний"] == "31.10.2026"


async def test_readings_of_one_plot_and_in_english(world: World) -> None:
    async with serve(world, "admin") as browser:
        _, _, body, _ = await download(
            browser, world.site, f"kind=readings&month=2026-10&format=csv&plot={world.plots['1']}"
        )
        await browser.post("/lang", {"lang": "en", "next": "/"})
        _, _, english, _ = await download(browser, world.site, "kind=readings&month=2026-10&format=csv")
    assert [line[2] for line in csv_rows(body)[1:]] == ["A100", "A101"]
    lines = csv_rows(english, ",")
    assert lines[0][2] == "Meter serial number"
    assert dict(zip(lines[0], lines[1], strict=True))["Consumption total, kWh"] == "93.000"


async def test_consumption_per_plot(world: World) -> None:
    query = "kind=plots&from=2026-10-01&to=2026-10-31&format="
    async with serve(world, "chair") as browser:
        _, disposition, body, _ = await download(browser, world.site, query + "xlsx")
        _, _, csv_body, _ = await download(browser, world.site, query + "csv")
    assert 'filename="plots-2026-10-01-2026-10-31-romashka.xlsx"' in disposition
    _, rows = xlsx_rows(body)
    assert rows[0] == (
        "Участок",
        "Адрес",
        "Количество ПУ",
        "Расход Т1, кВт·ч",
        "Расход Т2, кВт·ч",
        "Расход всего, кВт·ч",
        "Счётчико-суток без данных",
    )
    assert rows[1] == ("1", "ул. Садовая, 1", 2, 72, 36, 108, 21)
    assert rows[2][:3] == ("2", "ул. Садовая, 2", 0)
    assert rows[3][0] == "10"
    assert csv_rows(csv_body)[1] == ["1", "ул. Садовая, 1", "2", "72,000", "36,000", "108,000", "21"]


async def test_imbalance_per_day_and_month(world: World) -> None:
    async with serve(world, "eng") as browser:
        _, _, days, _ = await download(
            browser, world.site, "kind=imbalance&from=2026-10-01&to=2026-10-31&granularity=day&format=xlsx"
        )
        _, _, months, _ = await download(
            browser, world.site, "kind=imbalance&from=2026-10-01&to=2026-11-02&granularity=month&format=csv"
        )
    _, rows = xlsx_rows(days)
    assert rows[0] == (
        "День",
        "Головные ПУ (ОДПУ), кВт·ч",
        "Индивидуальные ПУ, кВт·ч",
        "Небаланс, кВт·ч",
        "Небаланс, %",
        "ИПУ без данных",
    )
    assert len(rows) == 32
    assert rows[1] == (datetime(2026, 10, 1), 5, 4.5, 0.5, 10, 0)
    assert rows[15] == (datetime(2026, 10, 15), 5, 3, 2, 40, 1)
    lines = csv_rows(months)
    assert lines[0][0] == "Месяц"
    # October: main 155, individual 93 + 15 = 108; November (two days): nothing from anyone
    assert lines[1] == ["01.10.2026", "155,000", "108,000", "47,000", "30,3", "21"]
    assert lines[2] == ["01.11.2026", "", "0,000", "", "", "4"]


async def test_restriction_journal(world: World) -> None:
    operator = await Person.create(name="Диспетчер Петров")
    made = await Restriction.create(
        meter_id=world.meters["A100"],
        action=RelayAction.OFF,
        reason=RestrictionReason.DEBT,
        debt_amount=D("1234.50"),
        notify_resident=True,
        notice_on=date(2026, 10, 5),
        state=RestrictionState.DONE,
        executed_at=datetime(2026, 10, 20, 7, 30, tzinfo=UTC),
        operator=operator,
    )
    await Restriction.filter(id=made.id).update(created_at=datetime(2026, 10, 1, 9, tzinfo=UTC))
    query = "kind=restrictions&from=2026-10-01&to=2026-10-31&format="
    async with serve(world, "reader") as browser:
        _, _, body, _ = await download(browser, world.site, query + "xlsx")
        _, _, csv_body, _ = await download(browser, world.site, query + "csv&plot=" + str(world.plots["2"]))
    _, rows = xlsx_rows(body)
    assert rows[0][:6] == ("№", "Участок", "Серийный номер ПУ", "Операция", "Причина", "Сумма долга, руб.")
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Сумма долга, руб."] == 1234.5
    assert row["Дата уведомления"] == datetime(2026, 10, 5)
    assert row["Фактическая дата"] == datetime(2026, 10, 20, 10, 30)  # Moscow time
    assert row["Операция"] == "ограничение"
    assert row["Состояние"] == "выполнено"
    assert row["Завершение"] == "ограничение действует"
    assert row["Исполнитель"] == "Диспетчер Петров"
    assert len(csv_rows(csv_body)) == 1  # plot 2 has none: the header only


async def test_verification_due(world: World) -> None:
    await world_meter_update(world, "A101", next_verification_on=date(2026, 12, 15), verified_on=date(2018, 12, 15))
    async with serve(world, "admin") as browser:
        _, disposition, body, _ = await download(
            browser, world.site, "kind=verification&from=2026-12-01&to=2026-12-31&format=xlsx"
        )
        _, _, csv_body, _ = await download(
            browser, world.site, "kind=verification&from=2026-12-01&to=2027-12-31&format=csv"
        )
    assert "verification-2026-12-01-2026-12-31-romashka.xlsx" in disposition
    _, rows = xlsx_rows(body)
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Серийный номер ПУ"] == "A101"
    assert row["Дата следующей поверки"] == datetime(2026, 12, 15)
    assert row["Дата поверки"] == datetime(2018, 12, 15)
    assert [line[2] for line in csv_rows(csv_body)[1:]] == ["A101", "A100", "MAIN1"]  # by date, then plot


async def world_meter_update(world: World, serial: str, **fields: Any) -> None:
    from services.db.models import Meter

    await Meter.filter(id=world.meters[serial]).update(**fields)


async def test_event_journal(world: World) -> None:
    events = [
        ("A100", datetime(2026, 10, 31, 21, 30, tzinfo=UTC), "cover_open", EventClass.TAMPER, Severity.ALARM),
        ("MAIN1", datetime(2026, 10, 2, 8, 0, tzinfo=UTC), "clock_set", EventClass.OTHER, Severity.INFO),
        ("A101", datetime(2026, 9, 30, 21, 30, tzinfo=UTC), "voltage_high", EventClass.THRESHOLD, Severity.WARNING),
        ("L900", datetime(2026, 10, 2, 8, 0, tzinfo=UTC), "far_away", EventClass.TAMPER, Severity.ALARM),
    ]
    for serial, ts, code, event_class, severity in events:
        await MeterEvent.create(
            meter_id=world.meters[serial], ts=ts, code=code, event_class=event_class, severity=severity, text="т"
        )
    async with serve(world, "disp") as browser:
        _, _, body, _ = await download(browser, world.site, "kind=events&from=2026-10-01&to=2026-10-31&format=xlsx")
        _, _, csv_body, _ = await download(browser, world.site, "kind=events&from=2026-10-01&to=2026-11-30&format=csv")
    _, rows = xlsx_rows(body)
    # 30.09 21:30 UTC is 1 October 00:30 in Moscow: in; 31.10 21:30 UTC is 1 November in Moscow: out
    assert [(r[2], r[6]) for r in rows[1:]] == [("MAIN1", "clock_set"), ("A101", "voltage_high")]
    row = dict(zip(rows[0], rows[2], strict=True))
    assert row["Дата и время"] == datetime(2026, 10, 1, 0, 30)
    assert row["Класс события"] == "Нарушение границы параметра"
    assert row["Важность"] == "Предупреждение"
    assert row["Из мониторинга"] == "нет"
    lines = csv_rows(csv_body)
    assert lines[1][:3] == ["01.11.2026 00:30", "1", "A100"]


async def test_who_may_download(world: World) -> None:
    query = "kind=readings&month=2026-10&format=csv"
    async with serve(world, "reader") as browser:
        page_status, page = await browser.get(f"/sites/{world.site}/reports")
        status, _, _, _ = await download(browser, world.site, query)
    assert page_status == 200
    assert 'data-section="reports"' in page
    assert 'id="report-form"' in page
    assert status == 200
    async with serve(world, "other") as browser:
        refused_page, _ = await browser.get(f"/sites/{world.site}/reports")
        refused_file, _, _, _ = await download(browser, world.site, query)
        own, _, _, _ = await download(browser, world.other_site, query)
    assert refused_page == 403
    assert refused_file == 403
    assert own == 200
    async with serve(world, "root") as browser:
        status, _, _, _ = await download(browser, world.site, query)
    assert status == 200
    async with serve(world) as browser:
        status, _, _, location = await download(browser, world.site, query)
    assert status == 303
    assert location.startswith("/login")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kind=plots&from=2026-10-31&to=2026-10-01&format=csv", "Период заканчивается раньше, чем начинается."),
        ("kind=plots&from=2024-01-01&to=2026-10-01&format=csv", "Период слишком длинный"),
        ("kind=plots&from=2026-10-01&to=&format=csv", "Укажите месяц"),
        ("kind=readings&month=2026-13&format=csv", "Укажите месяц"),
        ("kind=plots&from=2026-10-01&to=2026-10-31&format=pdf", "Выберите формат файла"),
        ("kind=everything&from=2026-10-01&to=2026-10-31&format=csv", "Выберите отчёт из списка."),
        ("kind=plots&from=2026-10-01&to=2026-10-31&format=csv&plot=abc", "Такого участка на этом объекте нет."),
    ],
)
async def test_bad_input_is_a_message_on_the_page(world: World, query: str, message: str) -> None:
    async with serve(world, "admin") as browser:
        status, disposition, body, _ = await download(browser, world.site, query)
    page = body.decode()
    assert status == 400
    assert not disposition
    assert message in page
    assert 'id="report-error"' in page
    assert 'id="report-form"' in page


async def test_a_plot_of_another_site_is_refused(world: World) -> None:
    far = await Plot.create(site_id=world.other_site, number="7")
    async with serve(world, "admin") as browser:
        status, _, body, _ = await download(
            browser, world.site, f"kind=events&from=2026-10-01&to=2026-10-31&format=csv&plot={far.id}"
        )
    assert status == 400
    assert "Такого участка на этом объекте нет." in body.decode()


async def test_a_long_report_runs_as_a_job_with_progress(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_queries, "CHUNK", 1)  # three chunks for the three meters
    reached, release = asyncio.Event(), asyncio.Event()
    paced = 0

    async def gate() -> None:
        nonlocal paced
        paced += 1
        if paced == 1:
            reached.set()
            await release.wait()

    async with serve(world, "reader") as browser:
        reports = reports_of(browser)
        reports.background_rows = 2
        reports.pace = gate
        status, _, _, location = await download(browser, world.site, "kind=readings&month=2026-10&format=xlsx")
        assert status == 303
        assert location.startswith(f"/sites/{world.site}/reports/jobs/")
        await asyncio.wait_for(reached.wait(), 10)
        page_status, page = await browser.get(location)
        state = await (await browser.client.get(location + "/status")).json()
        other_status, _ = await browser.get(f"/sites/{world.site}/meters")  # the app keeps answering
        early, _ = await browser.get(location + "/file")
        release.set()
        await reports.jobs.wait(location.rsplit("/", 1)[1])
        done = await (await browser.client.get(location + "/status")).json()
        _, ready_page = await browser.get(location)
        file_response = await browser.client.get(location + "/file")
        disposition = file_response.headers["Content-Disposition"]
        body = await file_response.read()
    assert page_status == 200
    assert 'http-equiv="refresh"' in page
    assert 'id="report-progress"' in page
    assert "33%" in page
    assert state == {"state": "running", "percent": 33, "done": 1, "total": 3, "name": state["name"], "url": None}
    assert other_status == 200
    assert early == 404
    assert done["state"] == "done"
    assert done["percent"] == 100
    assert done["url"] == location + "/file"
    assert 'id="report-job-download"' in ready_page
    assert "http-equiv" not in ready_page
    assert "readings-2026-10-romashka.xlsx" in disposition
    _, rows = xlsx_rows(body)
    assert [r[2] for r in rows[1:]] == ["A100", "A101", "MAIN1"]


async def test_a_job_is_its_owners_and_expires(world: World) -> None:
    async with serve(world, "admin") as browser:
        reports = reports_of(browser)
        reports.background_rows = 0
        _, _, _, location = await download(browser, world.site, "kind=readings&month=2026-10&format=csv")
        await reports.jobs.wait(location.rsplit("/", 1)[1])
        mine, _ = await browser.get(location + "/file")
        await browser.sign_in("chair")
        theirs, _ = await browser.get(location)
        theirs_file, _ = await browser.get(location + "/file")
        await browser.sign_in("admin")
        world.clock.set(world.clock.now() + timedelta(hours=2))
        expired, _ = await browser.get(location)
    assert mine == 200
    assert theirs == 404
    assert theirs_file == 404
    assert expired == 404


async def test_at_most_three_jobs_at_once_and_a_failed_one_says_so(world: World) -> None:
    release = asyncio.Event()

    async def hold() -> None:
        await release.wait()

    query = "kind=readings&month=2026-10&format=csv"
    async with serve(world, "admin") as browser:
        reports = reports_of(browser)
        reports.background_rows = 0
        reports.pace = hold
        started = [await download(browser, world.site, query) for _ in range(3)]
        status, _, body, _ = await download(browser, world.site, query)
        release.set()
        for *_, location in started:
            await reports.jobs.wait(location.rsplit("/", 1)[1])

        async def broken() -> None:
            raise RuntimeError("the database went away")

        reports.pace = broken
        _, _, _, failed = await download(browser, world.site, query)
        await reports.jobs.wait(failed.rsplit("/", 1)[1])
        _, page = await browser.get(failed)
        state = await (await browser.client.get(failed + "/status")).json()
    assert [s[0] for s in started] == [303, 303, 303]
    assert status == 429
    assert "У вас уже готовятся несколько отчётов" in body.decode()
    assert 'id="report-job-failed"' in page
    assert state["state"] == "failed"
    assert state["url"] is None


async def rows_of(request: ReportRequest) -> list[Any]:
    site = SiteInfo(request.site_id, "romashka", "СНТ «Ромашка»", "Europe/Moscow")
    return [row async for chunk in report_queries.produce(request, site) for row in chunk.rows]


async def test_small_pages_give_the_same_rows(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Meters listed and events read a page at a time (events at the same moment too) as in one go."""
    moment = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
    for n, serial in enumerate(["A100", "A101", "MAIN1", "A100", "A101", "MAIN1", "A100"]):
        at = moment if n < 5 else moment - timedelta(hours=n)
        await MeterEvent.create(
            meter_id=world.meters[serial], ts=at, code=f"c{n}", event_class=EventClass.OTHER, severity=Severity.INFO
        )
    readings = ReportRequest(world.site, ReportKind.READINGS, date(2026, 10, 1), date(2026, 10, 31), ReportFormat.CSV)
    events = ReportRequest(world.site, ReportKind.EVENTS, date(2026, 10, 1), date(2026, 10, 31), ReportFormat.CSV)
    whole = (await rows_of(readings), await rows_of(events))
    monkeypatch.setattr(report_queries, "CHUNK", 1)  # events four at a time
    monkeypatch.setattr(report_queries, "METER_PAGE", 1)
    paged = (await rows_of(readings), await rows_of(events))
    assert [r[2] for r in whole[0]] == ["A100", "A101", "MAIN1"]
    assert len(whole[1]) == 7
    assert paged == whole
