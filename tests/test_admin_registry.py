"""The registry in the admin web: sites and their settings, plots, accounts, residents, gateways, the meter
list (filters, sorting, pages), the meter page and the CSV import; each role, readers and strangers."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from aiohttp import FormData

from services import audit
from services.db.models import AuditEntry, Binding, Meter, MeterEvent, Person, Plot, QuarantineEntry, Reading, Site
from services.enums import BindingStatus, EventClass, Protocol, RelayState, Severity
from tests.admin_harness import T0, World, _fast_hashing, make_world, resident, serve

__all__ = ["_fast_hashing"]

STAFF_AT_SITE = ("admin", "chair", "disp", "eng", "reader", "root")


@pytest.fixture
async def world(db: str) -> World:
    return await make_world()


def registry_pages(world: World) -> list[str]:
    site, meter = world.site, world.meters["A100"]
    return [
        f"/sites/{site}",
        f"/sites/{site}/plots",
        f"/sites/{site}/accounts",
        f"/sites/{site}/residents",
        f"/sites/{site}/gateways",
        f"/sites/{site}/meters",
        f"/sites/{site}/meters/{meter}",
    ]


async def test_every_role_at_the_site_reads_the_registry(world: World) -> None:
    for login in STAFF_AT_SITE:
        async with serve(world, login) as browser:
            for path in registry_pages(world):
                status, body = await browser.get(path)
                assert status == 200, (login, path)
                assert "СНТ «Ромашка»" in body


async def test_another_sites_staff_is_refused_and_it_is_audited(world: World) -> None:
    async with serve(world, "other") as browser:
        for path in registry_pages(world):
            status, body = await browser.get(path)
            assert status == 403, path
            assert "Доступ запрещён" in body
            assert "A100" not in body
        own, _ = await browser.get(f"/sites/{world.other_site}/meters")
        assert own == 200
    denied = await audit.latest(action_prefix="access.denied")
    assert {entry.object_id for entry in denied} == set(registry_pages(world))
    assert all(entry.actor_id == world.people["other"] and not entry.allowed for entry in denied)


async def test_signed_out_visitors_go_to_the_login_page(world: World) -> None:
    async with serve(world) as browser:
        status, _ = await browser.get(f"/sites/{world.site}/meters")
        response = await browser.client.get(f"/sites/{world.site}/meters", allow_redirects=False)
    assert status == 303
    assert response.headers["Location"].startswith("/login?next=")


async def test_the_menu_shows_what_the_role_allows(world: World) -> None:
    async with serve(world, "eng") as browser:
        _, engineer = await browser.get(f"/sites/{world.site}/meters")
    async with serve(world, "reader") as browser:
        _, reader = await browser.get(f"/sites/{world.site}/meters")
    async with serve(world, "admin") as browser:
        _, admin = await browser.get("/")
    assert 'data-section="import"' in engineer
    assert 'data-section="bindings"' not in engineer
    assert 'data-section="import"' not in reader
    assert 'data-section="codes"' not in reader
    assert 'data-section="bindings"' in reader  # readers see the queue, without buttons
    for section in ("meters", "bindings", "codes", "events", "import", "staff", "audit", "quarantine"):
        assert f'data-section="{section}"' in admin, section


async def test_an_administrator_edits_the_site_and_it_is_audited(world: World) -> None:
    form = {
        "name": "СНТ «Ромашка-2»",
        "timezone": "Asia/Yekaterinburg",
        "operators_chat_id": "-1001234567890",
        "day_zone_start": "06:30",
        "night_zone_start": "22:00",
        "window_start": "25",
        "window_end": "5",
        "support_contact": "+7 900 000-00-00",
        "consent_text": "Я согласен на обработку данных.",
    }
    async with serve(world, "admin") as browser:
        status, location, _ = await browser.post(f"/sites/{world.site}", form)
        assert (status, location) == (303, f"/sites/{world.site}")
        page = await browser.follow(location)
    assert "Сохранено." in page
    site = await Site.get(id=world.site)
    assert (site.name, site.timezone, site.operators_chat_id) == (
        "СНТ «Ромашка-2»",
        "Asia/Yekaterinburg",
        -1001234567890,
    )
    assert (site.day_zone_start_min, site.night_zone_start_min) == (390, 1320)
    assert (site.reading_window_start_day, site.reading_window_end_day) == (25, 5)
    assert (site.support_contact, site.consent_text) == ("+7 900 000-00-00", "Я согласен на обработку данных.")
    [entry] = await audit.latest(action_prefix="site.update")
    assert entry.actor_id == world.people["admin"]
    assert entry.details["changed"]["timezone"] == ["Europe/Moscow", "Asia/Yekaterinburg"]
    assert entry.details["changed"]["day_zone_start_min"] == [420, 390]


BAD_SETTINGS = (
    ("timezone", "Mars/Olympus", "Неизвестный часовой пояс"),
    ("night_zone_start", "07:00", "Ночная зона не может начинаться одновременно с дневной."),
    ("operators_chat_id", "group", "ID чата операторов — число"),
    ("window_end", "40", "Дни окна — от 1 до 31."),
    ("name", "   ", "Введите название объекта."),
)


async def test_a_bad_setting_is_explained_and_nothing_changes(world: World) -> None:
    good = {
        "name": "СНТ «Ромашка»",
        "timezone": "Europe/Moscow",
        "day_zone_start": "07:00",
        "night_zone_start": "23:00",
        "window_start": "20",
        "window_end": "25",
    }
    async with serve(world, "admin") as browser:
        for field, value, message in BAD_SETTINGS:
            status, _, body = await browser.post(f"/sites/{world.site}", {**good, field: value})
            assert status == 400, field
            assert message in body
    site = await Site.get(id=world.site)
    assert (site.timezone, site.night_zone_start_min, site.reading_window_end_day) == ("Europe/Moscow", 1380, 25)
    assert not await audit.latest(action_prefix="site.update")


async def test_only_administrators_change_the_site(world: World) -> None:
    logins = ("chair", "disp", "eng", "reader")
    for login in logins:
        async with serve(world, login) as browser:
            _, page = await browser.get(f"/sites/{world.site}")
            assert 'id="site-form"' not in page
            assert 'id="site-facts"' in page
            status, _, _ = await browser.post(f"/sites/{world.site}", {"name": "Захвачено", "timezone": "UTC"})
        assert status == 403
    assert (await Site.get(id=world.site)).name == "СНТ «Ромашка»"
    denied = await audit.latest(action_prefix="access.denied")
    assert sorted((e.actor_id, e.site_id, e.allowed, e.details["method"]) for e in denied) == sorted(
        (world.people[login], world.site, False, "POST") for login in logins
    )


async def test_a_forged_csrf_token_changes_nothing(world: World) -> None:
    async with serve(world, "admin") as browser:
        status, _, body = await browser.post(f"/sites/{world.site}", {"name": "Подделка"}, token="forged-token")
    assert status == 403
    assert "Форма устарела" in body
    assert (await Site.get(id=world.site)).name == "СНТ «Ромашка»"
    assert not await audit.latest(action_prefix="site.")


async def test_a_superuser_creates_a_site_and_a_site_admin_cannot(world: World) -> None:
    form = {"slug": "berezka", "name": "СНТ «Берёзка»", "timezone": "Europe/Samara", "kind": "snt"}
    async with serve(world, "admin") as browser:
        _, page = await browser.get("/sites")
        assert 'id="site-create-form"' not in page
        status, _, _ = await browser.post("/sites", form)
        assert status == 403
    async with serve(world, "root") as browser:
        status, location, _ = await browser.post("/sites", form)
        assert status == 303
        page = await browser.follow(location)
        again, _, body = await browser.post("/sites", form)
    assert "Объект создан" in page
    assert again == 400
    assert "Объект с таким кратким именем уже есть." in body
    site = await Site.get(slug="berezka")
    assert (site.name, site.timezone) == ("СНТ «Берёзка»", "Europe/Samara")
    assert [e.action for e in await audit.latest(action_prefix="site.")] == ["site.create"]


async def test_plots_accounts_and_gateways_with_their_counts(world: World) -> None:
    async with serve(world, "reader") as browser:
        _, plots = await browser.get(f"/sites/{world.site}/plots")
        _, found = await browser.get(f"/sites/{world.site}/plots?search=10")
        _, accounts = await browser.get(f"/sites/{world.site}/accounts")
        _, gateways = await browser.get(f"/sites/{world.site}/gateways")
    # natural order: 1, 2, 10; plot 1 has two meters and the account 0101
    assert plots.index("ул. Садовая, 1<") < plots.index("ул. Садовая, 2<") < plots.index("ул. Садовая, 10<")
    assert "0101" in plots
    assert 'meters?plot=1">2</a>' in plots
    assert "ул. Садовая, 10" in found
    assert "ул. Садовая, 2<" not in found
    assert "Иванов И. И." in accounts
    assert "GW-1" in gateways
    assert "УСПД-1" in gateways
    assert "1 (1)" in gateways


async def test_residents_with_their_bindings_and_channels(world: World) -> None:
    ivan = await resident("Иван Жилец", 5001, phone="+79001112233", email="ivan@example.ru", consent_at=T0)
    olga = await resident("Ольга Ждёт", 5002, bot_blocked_at=T0)
    await Binding.create(person_id=ivan, meter_id=world.meters["A100"], status=BindingStatus.ACTIVE)
    await Binding.create(person_id=olga, meter_id=world.meters["A101"], status=BindingStatus.PENDING)
    gone = await resident("Бывший Жилец", 5003)
    await Binding.create(person_id=gone, meter_id=world.meters["A101"], status=BindingStatus.UNBOUND)
    far = await resident("Житель Лесного", 5004)
    await Binding.create(person_id=far, meter_id=world.meters["L900"], status=BindingStatus.ACTIVE)
    async with serve(world, "disp") as browser:
        _, page = await browser.get(f"/sites/{world.site}/residents")
        _, searched = await browser.get(f"/sites/{world.site}/residents?search=ivan@")
    assert "Иван Жилец" in page
    assert "+79001112233" in page
    assert "ivan@example.ru" in page
    assert "23.11.2026 12:00" in page  # consent, in Moscow time
    assert "Ольга Ждёт" in page
    assert "ждёт решения" in page
    assert "заблокировал бота" in page
    assert "Бывший Жилец" not in page
    assert "Житель Лесного" not in page
    assert "Иван Жилец" in searched
    assert "Ольга Ждёт" not in searched


async def add_meters(world: World, count: int) -> None:
    plot = await Plot.get(id=world.plots["2"])
    await Meter.bulk_create(
        [
            Meter(
                site_id=world.site,
                plot=plot,
                serial=f"B{n:03d}",
                topic_id=f"b{n:03d}",
                model="Энергомера CE102",
                protocol=Protocol.SHELLY,
                online=n % 2 == 0,
                last_seen_at=T0 - timedelta(minutes=n),
            )
            for n in range(count)
        ]
    )


async def test_meter_filters(world: World) -> None:
    await add_meters(world, 3)
    base = f"/sites/{world.site}/meters"
    cases = {
        "?plot=1": {"A100", "A101"},
        "?model=Нева+МТ": {"A101"},
        "?protocol=tasmota": {"A101"},
        "?kind=main": {"MAIN1"},
        "?online=online": {"A100", "B000", "B002"},
        "?online=offline": {"A101", "B001"},
        "?online=unknown": {"MAIN1"},
        "?relay=off": {"A101"},
        "?relay=unknown": {"MAIN1", "B000", "B001", "B002"},
        "?search=b00": {"B000", "B001", "B002"},
        "?plot=2&online=offline&protocol=shelly": {"B001"},
        "?protocol=nonsense": {"A100", "A101", "MAIN1", "B000", "B001", "B002"},
    }
    async with serve(world, "eng") as browser:
        for query, expected in cases.items():
            status, body = await browser.get(base + query)
            assert status == 200
            shown = {serial for serial in ("A100", "A101", "MAIN1", "B000", "B001", "B002") if f">{serial}</a>" in body}
            assert shown == expected, query
        _, page = await browser.get(base + "?model=Нева+МТ")
    assert '<option value="Нева МТ" selected>' in page
    assert "Найдено: 1" in page


async def test_meter_sorting_and_pages(world: World) -> None:
    await add_meters(world, 60)
    base = f"/sites/{world.site}/meters"
    async with serve(world, "chair") as browser:
        _, first = await browser.get(base)
        _, second = await browser.get(base + "?page=2")
        _, beyond = await browser.get(base + "?page=99")
        _, newest = await browser.get(base + "?sort=last_seen&desc=1&size=25&plot=2")
        _, by_serial_desc = await browser.get(base + "?sort=serial&desc=1")
    assert "Найдено: 63" in first
    assert "Страница 1 из 2" in first
    assert ">A100</a>" in first
    assert ">B047</a>" in first
    assert ">B048</a>" not in first
    assert ">B048</a>" in second
    assert ">MAIN1</a>" in second
    assert ">A100</a>" not in second
    assert "Страница 2 из 2" in beyond  # a stale page number shows the last page
    assert 'rel="next"' in first
    assert "page=2" in first
    assert newest.index(">B000</a>") < newest.index(">B001</a>") < newest.index(">B024</a>")
    assert ">B025</a>" not in newest
    assert "Страница 1 из 3" in newest
    assert by_serial_desc.index(">MAIN1</a>") < by_serial_desc.index(">B059</a>") < by_serial_desc.index(">B011</a>")
    assert ">A100</a>" not in by_serial_desc
    assert 'aria-sort="descending"' in by_serial_desc


async def test_the_meter_page(world: World) -> None:
    meter_id = world.meters["A100"]
    await Meter.filter(id=meter_id).update(last_seen_at=T0, label="Дом", multiplier=Decimal(30))
    await Reading.create(
        meter_id=meter_id, ts=T0 - timedelta(hours=1), t1=Decimal("1234.5"), t2=Decimal("200"), total=Decimal("1434.5")
    )
    await MeterEvent.create(
        meter_id=meter_id, ts=T0, code="cover_open", event_class=EventClass.TAMPER, severity=Severity.ALARM
    )
    ivan = await resident("Иван Жилец", 5001)
    await Binding.create(person_id=ivan, meter_id=meter_id, status=BindingStatus.ACTIVE)
    async with serve(world, "reader") as browser:
        status, page = await browser.get(f"/sites/{world.site}/meters/{meter_id}")
        other, _ = await browser.get(f"/sites/{world.site}/meters/{world.meters['L900']}")
        missing, _ = await browser.get(f"/sites/{world.site}/meters/999999")
    assert status == 200
    assert (other, missing) == (404, 404)
    assert "Прибор учёта A100 · Дом" in page
    for text in ("Меркурий 201", "0101", "Иванов И. И.", "00:12:4B:00:01:02:03:04", "GW-1", "01.01.2027"):
        assert text in page, text
    assert "1\xa0234,5 кВт·ч" in page
    assert "1\xa0434,5 кВт·ч" in page
    assert "23.11.2026 11:00" in page  # the reading's time in Moscow
    assert "23.11.2026 12:00" in page  # last seen
    assert "Вмешательство" in page
    assert "cover_open" in page
    assert "Аварийное" in page
    assert "Иван Жилец" in page
    assert "действует" in page
    assert 'id="meter-charts"' in page
    assert "Наклейка QR этого прибора" not in page  # readers print no stickers


async def test_the_meter_page_in_english(world: World) -> None:
    async with serve(world, "admin") as browser:
        token = await browser.token("/")
        await browser.client.post("/lang", data={"csrf_token": token, "lang": "en", "next": "/"})
        _, page = await browser.get(f"/sites/{world.site}/meters/{world.meters['MAIN1']}")
    assert "Meter MAIN1" in page
    assert "main (common)" in page
    assert "No readings yet." in page
    assert "Прибор" not in page


def csv_upload(text: str, name: str = "meters.csv") -> FormData:
    form = FormData()
    form.add_field("file", text.encode("utf-8"), filename=name, content_type="text/csv")
    return form


async def test_csv_import_reports_counts_and_every_bad_line(world: World) -> None:
    text = (
        "serial;plot;model;imei;protocol\n"
        "C001;5;Нева;;native\n"
        "C002;5;Нева;352098104177653;native\n"  # a wrong check digit
        "A100;1;Меркурий 201;;native\n"
        "C003;6;Нева;;modbus\n"  # an unknown protocol
    )
    async with serve(world, "eng") as browser:
        status, _page = await browser.get(f"/sites/{world.site}/import")
        assert status == 200
        status, _, body = await browser.post(f"/sites/{world.site}/import", csv_upload(text))
    assert status == 200
    assert 'id="count-imported">1<' in body
    assert 'id="count-unchanged">1<' in body
    assert 'id="count-rejected">2<' in body
    assert '<td class="num">3</td>' in body
    assert "IMEI — не 15 цифр или неверная контрольная цифра." in body
    assert '<td class="num">5</td>' in body
    assert "Протокол не native, tasmota, shelly или zigbee2mqtt." in body
    assert await Meter.exists(serial="C001", site_id=world.site)
    assert not await Meter.exists(serial="C003")
    assert await QuarantineEntry.filter(topic__startswith="meters.csv:").count() == 2
    [entry] = await audit.latest(action_prefix="registry.import.web")
    assert (entry.actor_id, entry.site_id, entry.details["imported"]) == (world.people["eng"], world.site, 1)


async def test_csv_lines_for_another_site_refuse_the_file(world: World) -> None:
    text = "site;serial;plot\nromashka;D001;3\nlesnoe;D002;4\n"
    async with serve(world, "admin") as browser:
        _, _, body = await browser.post(f"/sites/{world.site}/import", csv_upload(text))
    assert 'id="count-rejected">1<' in body
    assert "В строке указан другой объект" in body
    assert not await Meter.exists(serial__in=["D001", "D002"])


async def test_csv_import_of_another_sites_meter_is_refused(world: World) -> None:
    async with serve(world, "eng") as browser:
        _, _, body = await browser.post(f"/sites/{world.site}/import", csv_upload("serial;plot\nL900;1\n"))
    assert "Прибор с этим серийным номером принадлежит другому объекту." in body
    assert (await Meter.get(serial="L900")).site_id == world.other_site  # type: ignore[attr-defined]


async def test_csv_import_is_for_engineers_and_administrators(world: World) -> None:
    for login in ("chair", "disp", "reader", "other"):
        async with serve(world, login) as browser:
            page, _ = await browser.get(f"/sites/{world.site}/import")
            status, _, _ = await browser.post(f"/sites/{world.site}/import", csv_upload("serial\nE001\n"))
        assert (page, status) == (403, 403), login
        assert await AuditEntry.filter(action="access.denied", actor_id=world.people[login]).count() == 2
    assert not await Meter.exists(serial="E001")


async def test_csv_import_without_a_file_asks_for_one(world: World) -> None:
    async with serve(world, "eng") as browser:
        status, location, _ = await browser.post(f"/sites/{world.site}/import", {})
        page = await browser.follow(location)
    assert status == 303
    assert "Выберите файл CSV для импорта." in page


async def test_relay_state_labels(world: World) -> None:
    await Meter.filter(id=world.meters["A100"]).update(relay_state=RelayState.OFF)
    async with serve(world, "disp") as browser:
        _, page = await browser.get(f"/sites/{world.site}/meters?relay=off")
    assert page.count("отключено</span>") == 2
    assert await Person.filter(name="Disp Staff").exists()
