"""“My meters”: the list and the meter card through the real Dispatcher, in ru and en.

Only meters the resident has an active binding to are shown; a forged meter id in a button gets "not
found" and no screen.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

import pytest

from services.enums import BindingStatus, MeterKind, RelayState
from services.meters import MeterQueryService, VerificationStatus
from tests.meters_harness import Estate, World, alert, estate, gateway, make_world, meter, only, screen


@pytest.fixture
async def home(db: str) -> Estate:
    return await estate()


@pytest.fixture
def ru() -> World:
    return make_world("ru")


@pytest.fixture
def en() -> World:
    return make_world("en")


@pytest.mark.parametrize(
    ("language", "button", "expected"),
    [
        ("ru", "Мои счётчики", "У вас пока нет привязанных счётчиков"),
        ("en", "My meters", "You have no bound meters yet"),
    ],
)
async def test_no_meters_explains_how_to_bind_one(home: Estate, language: str, button: str, expected: str) -> None:
    world = make_world(language)
    # A pending request, a rejected one and a neighbour's meter do not count.
    await meter(home, status=BindingStatus.PENDING)
    await meter(home, status=BindingStatus.REJECTED)
    await meter(home, owner=home.neighbour)

    reply = only(await world.send(button))

    assert expected in reply.text
    assert "/bind" in reply.text
    assert reply.callback_data == ["bnd:new"]


async def test_one_meter_is_listed_with_its_label_serial_plot_and_connection(home: Estate, ru: World) -> None:
    first = await meter(home, label="Основной", serial="44103814060174", online=True)

    reply = only(await ru.send("Мои счётчики"))

    assert "<b>Мои счётчики</b>" in reply.text
    assert "У вас 1 счётчик." in reply.text
    assert reply.buttons == ["🟢 Основной · 44103814060174 · уч. 12", "➕ Привязать счётчик"]
    assert reply.callback_data == [f"mt:c:{first.id}", "bnd:new"]


async def test_several_meters_in_the_order_they_were_bound(home: Estate, ru: World) -> None:
    main = await meter(home, label="Дом", serial="1001", online=True)
    bath = await meter(home, serial="1002", online=False, model="Нева 101")
    manual = await meter(home, serial="1003", has_telemetry=False, model="")
    unknown = await meter(home, serial="1004", plot=None, model="")
    await meter(home, serial="1005", status=BindingStatus.UNBOUND)
    await meter(home, serial="1006", owner=home.neighbour)

    reply = only(await ru.send("Мои счётчики"))

    assert "У вас 4 счётчика." in reply.text
    assert reply.buttons[:4] == [
        "🟢 Дом · 1001 · уч. 12",
        "🔴 Нева 101 · 1002 · уч. 12",
        "📝 1003 · уч. 12",
        "⚪ 1004",
    ]
    assert reply.callback_data[:4] == [f"mt:c:{m.id}" for m in (main, bath, manual, unknown)]


async def test_the_list_in_english(home: Estate, en: World) -> None:
    await meter(home, label="Main", serial="1001", online=True)
    await meter(home, serial="1002", online=True)

    reply = only(await en.send("My meters"))

    assert "You have 2 meters." in reply.text
    assert reply.buttons == ["🟢 Main · 1001 · plot 12", "🟢 МИР С-07 · 1002 · plot 12", "➕ Bind a meter"]


async def test_the_card_shows_what_the_seeds_card_shows(home: Estate, ru: World) -> None:
    hub = await gateway(home)
    target = await meter(
        home,
        label="Основной",
        serial="44103814060174",
        mac="00:1A:2B:3C:4D:5E",
        gateway=hub,
        installed_on=date(2020, 1, 21),
        place="Внутреннее (в здании)",
        verified_on=date(2020, 6, 24),
        next_verification_on=date(2036, 6, 24),
        seal_number="ВМ 234798",
        relay_state=RelayState.ON,
        online=True,
        last_seen_at=datetime(2026, 11, 23, 8, 55, tzinfo=UTC),
    )

    card = screen(await ru.press(f"mt:c:{target.id}"))

    text = card.text
    for expected in (
        "<b>Основной</b>",
        "Состояние нагрузки: <b>ВКЛЮЧЕНО</b>",
        "🟢 На связи · последние данные 23.11.2026 11:55",
        "Модель: МИР С-07",
        "Серийный номер: 44103814060174",
        "MAC-адрес: 00:1A:2B:3C:4D:5E",
        "Дата установки: 21.01.2020",
        "Место установки: Внутреннее (в здании)",
        "Тип: индивидуальный (ИПУ), 1 фаза",
        "Тариф: двухтарифный (день/ночь)",
        "Шлюз: GW-0042 (УСПД RTR-8A)",
        "Участок: 12",
        "Лицевой счёт: 13225468216",
        "Объект: СНТ «Ромашка»",
        "Дата последней поверки: 24.06.2020",
        "Дата следующей поверки: 24.06.2036\n",
        "Номер пломбы: ВМ 234798",
    ):
        assert expected in text, expected
    assert "⚠️" not in text
    assert "Коэффициент трансформации" not in text
    assert card.buttons == [
        "🔢 Показания",
        "✍️ Передать показания",
        "📜 История",
        "🔔 События",
        "📊 Графики",
        "✏️ Переименовать",
        "« Назад",
    ]
    assert card.callback_data[:5] == [f"mt:{act}:{target.id}" for act in "rsheg"]
    binding_id = (await MeterQueryService(ru.clock).list_for_person(home.person.id))[0].binding_id
    assert card.callback_data[5:] == [f"bmg:rename:{binding_id}", "mt:l:0"]


async def test_card_of_a_switched_off_meter_due_for_verification(home: Estate, ru: World) -> None:
    target = await meter(
        home,
        relay_state=RelayState.OFF,
        online=False,
        kind=MeterKind.MAIN,
        phases=3,
        tariff_count=1,
        multiplier=40,
        imei="356938035643809",
        next_verification_on=date(2027, 1, 10),  # 48 days after 23.11.2026
    )

    text = screen(await ru.press(f"mt:c:{target.id}")).text

    assert "Состояние нагрузки: <b>ОТКЛЮЧЕНО</b>" in text
    assert "🔴 Нет связи" in text
    assert "IMEI: 356938035643809" in text
    assert "Тип: общий (ОДПУ), 3 фазы" in text
    assert "Тариф: однотарифный" in text
    assert "Коэффициент трансформации: 40" in text
    assert "Дата следующей поверки: 10.01.2027 ⚠️ скоро" in text
    assert "Дата установки: —" in text
    assert "Номер пломбы: —" in text


async def test_card_in_english_with_an_overdue_verification(home: Estate, en: World) -> None:
    target = await meter(home, relay_state=RelayState.ON, has_telemetry=False, next_verification_on=date(2026, 1, 1))

    text = screen(await en.press(f"mt:c:{target.id}")).text

    assert "Load state: <b>ON</b>" in text
    assert "📝 Readings are submitted by hand" in text
    assert "Next verification: 01.01.2026 ❗ overdue" in text
    assert "Seal number: —" in text


async def test_verification_status_edges(home: Estate) -> None:
    service = MeterQueryService(make_world().clock)
    cases = {
        None: VerificationStatus.UNKNOWN,
        date(2026, 11, 22): VerificationStatus.OVERDUE,
        date(2026, 11, 23): VerificationStatus.DUE_SOON,
        date(2027, 1, 22): VerificationStatus.DUE_SOON,  # 60 days
        date(2027, 1, 23): VerificationStatus.OK,
    }
    for next_on, expected in cases.items():
        target = await meter(home, next_verification_on=next_on)
        assert (await service.card(home.person.id, target.id)).verification is expected, next_on


@pytest.mark.parametrize("act", ["c", "r", "s", "h", "e", "g"])
async def test_a_forged_meter_id_gets_not_found(home: Estate, ru: World, act: str) -> None:
    theirs = await meter(home, owner=home.neighbour, serial="SECRET-1")
    pending = await meter(home, status=BindingStatus.PENDING)

    for meter_id in (theirs.id, pending.id, 999_999):
        calls = await ru.press(f"mt:{act}:{meter_id}")

        assert "нет в вашем списке" in alert(calls)
        assert only(calls, "answerCallbackQuery").params["show_alert"] == "true"
        assert [c.method for c in calls] == ["answerCallbackQuery"]
    assert await ru.state().get_state() is None


async def test_back_from_the_card_shows_the_list_again(home: Estate, ru: World) -> None:
    target = await meter(home, label="Основной", online=True)
    await ru.press(f"mt:c:{target.id}")

    listed = screen(await ru.press("mt:l:0"))

    assert "У вас 1 счётчик." in listed.text
    assert listed.callback_data[0] == f"mt:c:{target.id}"


async def test_an_old_menu_keyboard_in_the_other_language_still_opens_the_list(home: Estate, en: World) -> None:
    await meter(home, label="Main")

    reply = only(await en.send("Мои счётчики"))

    assert "You have 1 meter." in reply.text


async def test_the_list_is_one_query_however_many_meters(
    home: Estate, ru: World, caplog: pytest.LogCaptureFixture
) -> None:
    for number in range(6):
        await meter(home, serial=f"Q{number}")
    await ru.send("/help")  # the person is loaded once before we count

    with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
        only(await ru.send("Мои счётчики"))

    queries = [r for r in caplog.records if r.name == "tortoise.db_client" and "SELECT" in r.getMessage().upper()]
    assert 1 <= len(queries) <= 2, [r.getMessage() for r in queries]  # the person, then the list
