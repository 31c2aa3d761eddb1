"""Current readings, submitting readings per tariff, and the readings history, through the real Dispatcher.

Submission rules (window, tariffs, not below the previous reading, the jump confirmation, one manual
reading per day) are also checked on the service directly where a chat would only repeat them.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from services import audit
from services.clock import FixedClock
from services.db.models import Binding, DailyAggregate, Meter, Reading
from services.enums import ReadingSource
from services.errors import InvalidInput, NotFound
from services.readings import (
    BelowPrevious,
    JumpNeedsConfirmation,
    ManualReadingsNotAllowed,
    ReadingsService,
    SubmissionWindowClosed,
    parse_register_value,
    submission_window,
)
from tests.fakes.telegram import feed
from tests.meters_harness import (
    NOW,
    USER,
    Estate,
    World,
    alert,
    estate,
    make_world,
    manual_readings,
    meter,
    only,
    reading,
    screen,
)

MONTH = timedelta(days=30)


@pytest.fixture
async def home(db: str) -> Estate:
    return await estate()


@pytest.fixture
def ru() -> World:
    return make_world("ru")


async def manual_meter(home: Estate, **fields: Any) -> Meter:
    """A two-tariff meter without telemetry, last read a month ago at 1000 / 500 kWh."""
    target = await meter(home, label="Основной", serial="44103814060174", has_telemetry=False, **fields)
    await reading(target, NOW - MONTH, "1000", "500", source=ReadingSource.MANUAL)
    return target


async def consumed(target: Meter) -> Decimal:
    """What the daily aggregates of the meter add up to."""
    totals = await DailyAggregate.filter(meter=target).values_list("total", flat=True)
    return sum((Decimal(total) for total in totals), Decimal(0))


# --- current readings -------------------------------------------------------------------------------


async def test_readings_of_the_only_meter_per_tariff_with_time_and_source(home: Estate, ru: World) -> None:
    target = await meter(home, label="Основной", serial="44103814060174")
    await reading(target, NOW - timedelta(days=1), "1200", "600")
    await reading(target, NOW - timedelta(minutes=30), "1234.5", "567.8")

    reply = only(await ru.send("Показания"))

    assert "<b>Текущие показания</b>" in reply.text
    assert "«Основной», № 44103814060174" in reply.text
    assert "Т1 (день): <b>1\xa0234,5\xa0кВт·ч</b>" in reply.text
    assert "Т2 (ночь): <b>567,8\xa0кВт·ч</b>" in reply.text
    assert "Всего: <b>1\xa0802,3\xa0кВт·ч</b>" in reply.text
    assert "🕒 23.11.2026 11:30 · автоматически от счётчика" in reply.text
    assert reply.buttons == ["📜 История", "« К счётчику"]  # a telemetry meter: nothing to submit
    assert reply.callback_data == [f"mth:{target.id}:0", f"mt:c:{target.id}"]


async def test_readings_in_english_for_a_manual_single_tariff_meter(home: Estate) -> None:
    en = make_world("en")
    target = await meter(home, serial="777", tariff_count=1, has_telemetry=False)
    await Reading.create(meter=target, ts=NOW - timedelta(days=2), total=Decimal("15000.25"), source="manual", flags=2)

    reply = only(await en.send("Readings"))

    assert "Reading: <b>15,000.25\xa0kWh</b>" in reply.text
    assert "Total" not in reply.text
    assert "🕒 21.11.2026 12:00 · submitted by hand" in reply.text
    assert reply.buttons == ["✍️ Submit readings", "📜 History", "« To the meter"]


async def test_with_several_meters_readings_first_asks_which(home: Estate, ru: World) -> None:
    first = await meter(home, label="Дом", serial="1", online=True)
    second = await meter(home, label="Баня", serial="2", online=True)
    await reading(second, NOW - timedelta(hours=1), "10", "5")

    chooser = only(await ru.send("Показания"))
    assert chooser.text == "Показания какого счётчика?"
    assert chooser.callback_data == [f"mt:r:{first.id}", f"mt:r:{second.id}"]

    shown = screen(await ru.press(f"mt:r:{second.id}", chooser.message_id))
    assert "«Баня», № 2" in shown.text
    assert "Всего: <b>15\xa0кВт·ч</b>" in shown.text


async def test_a_meter_without_readings_says_so(home: Estate, ru: World) -> None:
    await meter(home, has_telemetry=False)

    reply = only(await ru.send("Показания"))

    assert "Показаний пока нет." in reply.text
    assert "Передайте первые кнопкой ниже." in reply.text


async def test_no_meters_for_readings_points_to_bind(home: Estate, ru: World) -> None:
    reply = only(await ru.send("Показания"))

    assert "/bind" in reply.text


# --- submitting -------------------------------------------------------------------------------------


async def test_submit_both_tariffs_with_comma_decimals_and_get_a_receipt(home: Estate, ru: World) -> None:
    target = await manual_meter(home)

    opened = await ru.press(f"mt:s:{target.id}")
    first = only(opened)
    assert "<b>Передача показаний</b>" in first.text
    assert "Показания принимаются до 25.11.2026 включительно." in first.text
    assert "Т1 (день): отправьте число с дисплея счётчика, например 1234,5." in first.text
    assert "Предыдущее: 1\xa0000\xa0кВт·ч от 24.10.2026 12:00." in first.text
    assert first.buttons == ["Отмена"]

    second = only(await ru.send("1 050,5"))
    assert second.text.startswith("Т2 (ночь): отправьте число")
    assert "Предыдущее: 500\xa0кВт·ч" in second.text

    receipt = only(await ru.send("520,25"))

    text = receipt.text
    assert "✅ <b>Показания приняты</b>" in text
    assert "Т1 (день): <b>1\xa0050,5\xa0кВт·ч</b> (+50,5\xa0кВт·ч)" in text
    assert "Т2 (ночь): <b>520,25\xa0кВт·ч</b> (+20,25\xa0кВт·ч)" in text
    assert "Всего: <b>1\xa0570,75\xa0кВт·ч</b>" in text
    assert "Расход с 24.10.2026 12:00: 70,75\xa0кВт·ч." in text
    assert "Передано 23.11.2026 12:00." in text
    assert receipt.buttons[0] == "Мои счётчики"  # the main menu is back
    assert await ru.state().get_state() is None

    stored = await manual_readings(target)
    assert [(r.t1, r.t2, r.total) for r in stored[1:]] == [(Decimal("1050.5"), Decimal("520.25"), Decimal("1570.75"))]
    assert stored[1].ts == NOW
    assert stored[1].submitted_by_id == home.person.id  # type: ignore[attr-defined]
    assert await consumed(target) == Decimal("70.75")  # the aggregates include the new reading
    entry = (await audit.latest(action_prefix="reading."))[0]
    assert (entry.action, entry.actor_id, entry.object_id) == ("reading.submitted", home.person.id, str(target.id))
    assert entry.details["values"] == {"t1": "1050.500", "t2": "520.250"}


async def test_submit_in_english(home: Estate) -> None:
    en = make_world("en")
    target = await manual_meter(home)
    await en.press(f"mt:s:{target.id}")
    await en.send("1050.5")

    receipt = only(await en.send("1 520"))

    assert "✅ <b>Readings accepted</b>" in receipt.text
    assert "T2 (night): <b>1,520\xa0kWh</b> (+1,020\xa0kWh)" in receipt.text
    assert "Consumption since 24.10.2026 12:00: 1,070.5\xa0kWh." in receipt.text


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("двенадцать", "Это не число"),
        ("12a", "Это не число"),
        ("1.234,5", "Это не число"),
        ("-5", "не может быть отрицательным"),
        ("1050,1234", "не больше трёх"),
        ("999999999999", "Слишком большое число"),
        ("999", "Т1 (день): показание не может быть меньше предыдущего (1\xa0000\xa0кВт·ч)"),
    ],
)
async def test_wrong_values_are_explained_and_asked_again(home: Estate, ru: World, typed: str, expected: str) -> None:
    target = await manual_meter(home)
    await ru.press(f"mt:s:{target.id}")

    reply = only(await ru.send(typed))

    assert expected in reply.text
    assert "Т1 (день): отправьте число" in reply.text  # asked again
    assert (await ru.state().get_data())["values"] == {}
    assert len(await manual_readings(target)) == 1

    # and the dialog goes on
    only(await ru.send("1000"))
    assert "Показания приняты" in only(await ru.send("500")).text


async def test_a_photo_instead_of_a_number_is_answered(home: Estate, ru: World) -> None:
    target = await manual_meter(home)
    await ru.press(f"mt:s:{target.id}")
    update = {
        "update_id": 777_001,
        "message": {
            "message_id": 9,
            "date": 0,
            "chat": {"id": USER, "type": "private", "first_name": "Иван"},
            "from": {"id": USER, "is_bot": False, "first_name": "Иван", "language_code": "ru"},
            "photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}],
        },
    }
    before = len(ru.session.calls)
    await feed(ru.dp, ru.bot, update)

    assert "Отправьте показание числом" in only(ru.session.calls[before:]).text


async def test_cancel_leaves_the_dialog_without_storing(home: Estate, ru: World) -> None:
    target = await manual_meter(home)
    await ru.press(f"mt:s:{target.id}")
    await ru.send("1100")

    reply = only(await ru.send("Отмена"))

    assert "Действие отменено" in reply.text
    assert await ru.state().get_state() is None
    assert len(await manual_readings(target)) == 1


async def test_a_menu_button_in_the_middle_of_the_dialog_leaves_it(home: Estate, ru: World) -> None:
    target = await manual_meter(home)
    await ru.press(f"mt:s:{target.id}")

    reply = only(await ru.send("Показания"))

    assert "<b>Текущие показания</b>" in reply.text
    assert await ru.state().get_state() is None
    assert len(await manual_readings(target)) == 1


async def test_outside_the_window_the_dialog_does_not_start(home: Estate) -> None:
    world = make_world("ru", now=datetime(2026, 11, 10, 9, 0, tzinfo=UTC))
    target = await manual_meter(home)

    reply = only(await world.press(f"mt:s:{target.id}"))

    assert reply.text == (
        "Показания принимаются с 20 по 25 число каждого месяца. Следующий приём: 20.11.2026 – 25.11.2026."
    )
    assert await world.state().get_state() is None


async def test_the_window_is_in_the_site_time_zone(db: str) -> None:
    home = await estate(timezone="Asia/Vladivostok")  # UTC+10
    target = await manual_meter(home)
    service = ReadingsService(FixedClock(datetime(2026, 11, 25, 15, 0, tzinfo=UTC)))  # 26.11 01:00 there

    with pytest.raises(SubmissionWindowClosed) as closed:
        await service.form(home.person.id, target.id)

    assert closed.value.window.opens_on == date(2026, 12, 20)
    assert (closed.value.field, closed.value.reason) == ("window", "closed")


async def test_a_telemetry_meter_is_refused_unless_the_site_allows(home: Estate, ru: World) -> None:
    target = await meter(home)
    await reading(target, NOW - MONTH, "1000", "500")

    refused = only(await ru.press(f"mt:s:{target.id}"))
    assert "передаёт показания сам" in refused.text
    assert await ru.state().get_state() is None

    home.site.manual_readings_for_telemetry = True
    await home.site.save()
    allowed = only(await ru.press(f"mt:s:{target.id}"))
    assert "Т1 (день): отправьте число" in allowed.text


async def test_a_jump_is_confirmed_then_stored(home: Estate, ru: World) -> None:
    target = await meter(home, has_telemetry=False)
    for months_ago, t1 in ((4, 1000), (3, 1100), (2, 1200), (1, 1300)):  # about 100 kWh a month
        await reading(target, NOW - months_ago * MONTH, str(t1), "0", source=ReadingSource.MANUAL)
    await ru.press(f"mt:s:{target.id}")
    await ru.send("2300")

    warning = only(await ru.send("0"))

    assert "⚠️ По этим показаниям расход с 24.10.2026 12:00 составил 1\xa0000\xa0кВт·ч" in warning.text
    assert "около 101,458\xa0кВт·ч в месяц" in warning.text
    assert warning.buttons == ["✅ Да, верны", "✖️ Нет, отменить"]
    assert warning.callback_data == [f"mtj:{target.id}:1", f"mtj:{target.id}:0"]
    assert len(await manual_readings(target)) == 4

    reminder = only(await ru.send("2300"))
    assert "Ответьте кнопками выше" in reminder.text

    calls = await ru.press(f"mtj:{target.id}:1", warning.message_id)

    assert only(calls, "editMessageReplyMarkup")
    assert "Показания приняты" in only(calls).text
    assert (await manual_readings(target))[-1].total == Decimal(2300)
    assert (await audit.latest(action_prefix="reading."))[0].details["confirmed_jump"] is True

    stale = await ru.press(f"mtj:{target.id}:1", warning.message_id)
    assert "устарела" in alert(stale)
    assert len(await manual_readings(target)) == 5


async def test_a_jump_cancelled_stores_nothing(home: Estate, ru: World) -> None:
    target = await manual_meter(home)  # no history before the previous reading: 3000 kWh a month bound
    await ru.press(f"mt:s:{target.id}")
    await ru.send("5000")

    warning = only(await ru.send("500"))
    assert "намного больше обычного" in warning.text

    calls = await ru.press(f"mtj:{target.id}:0", warning.message_id)

    assert "Показания не переданы" in only(calls).text
    assert await ru.state().get_state() is None
    assert len(await manual_readings(target)) == 1
    assert await consumed(target) == 0


async def test_a_second_submission_the_same_day_replaces_the_first(home: Estate, ru: World) -> None:
    target = await manual_meter(home)
    for t1 in ("1100", "1090"):  # a typo corrected: lower than the first attempt, not than the reading before
        opened = only(await ru.press(f"mt:s:{target.id}"))
        await ru.send(t1)
        receipt = only(await ru.send("510"))
    assert "Сегодня вы уже передавали показания" in opened.text
    assert "Они заменили показания, переданные сегодня ранее." in receipt.text
    assert "(+90\xa0кВт·ч)" in receipt.text

    stored = await manual_readings(target)
    assert [r.total for r in stored] == [Decimal(1500), Decimal(1600)]


async def test_a_newer_reading_arriving_meanwhile_restarts_the_dialog(home: Estate, ru: World) -> None:
    target = await manual_meter(home)
    await ru.press(f"mt:s:{target.id}")
    await ru.send("1100")
    await reading(target, NOW - timedelta(hours=1), "1150", "550", source=ReadingSource.IMPORT)

    reply = only(await ru.send("540"))

    assert "показание не может быть меньше предыдущего (1\xa0150\xa0кВт·ч)" in reply.text
    assert "Предыдущее: 1\xa0150\xa0кВт·ч от 23.11.2026 11:00." in reply.text
    assert (await ru.state().get_data())["values"] == {}


async def test_unbound_while_typing_stores_nothing(home: Estate, ru: World) -> None:
    target = await manual_meter(home)
    await ru.press(f"mt:s:{target.id}")
    await ru.send("1100")
    await Binding.filter(meter=target).update(status="unbound")

    reply = only(await ru.send("510"))

    assert "нет в вашем списке" in reply.text
    assert await ru.state().get_state() is None
    assert len(await manual_readings(target)) == 1


# --- the service's rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("1234,5", "1234.5"), ("1 234.5", "1234.5"), ("1\xa0234,567", "1234.567"), ("0", "0"), ("+12", "12")],
)
def test_register_values_as_people_type_them(text: str, value: str) -> None:
    assert parse_register_value(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("abc", "not_a_number"),
        ("1e5", "not_a_number"),
        ("12,3,4", "not_a_number"),
        ("-1", "negative"),
        ("0,0001", "too_many_decimals"),
        ("100000000000", "too_large"),
    ],
)
def test_register_values_refused(text: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_register_value(text)
    assert error.value.reason == reason


@pytest.mark.parametrize(
    ("today", "start", "end", "is_open", "opens", "closes"),
    [
        (date(2026, 11, 20), 20, 25, True, date(2026, 11, 20), date(2026, 11, 25)),
        (date(2026, 11, 26), 20, 25, False, date(2026, 12, 20), date(2026, 12, 25)),
        (date(2026, 12, 3), 25, 5, True, date(2026, 11, 25), date(2026, 12, 5)),
        (date(2026, 12, 27), 25, 5, True, date(2026, 12, 25), date(2027, 1, 5)),
        (date(2026, 12, 10), 25, 5, False, date(2026, 12, 25), date(2027, 1, 5)),
        (date(2027, 2, 28), 28, 31, True, date(2027, 2, 28), date(2027, 2, 28)),
    ],
)
def test_submission_windows(today: date, start: int, end: int, is_open: bool, opens: date, closes: date) -> None:
    window = submission_window(today, start, end)
    assert (window.is_open, window.opens_on, window.closes_on) == (is_open, opens, closes)


async def test_the_service_checks_everything_again(home: Estate) -> None:
    target = await manual_meter(home)
    service = ReadingsService(FixedClock(NOW))
    person = home.person.id

    with pytest.raises(InvalidInput) as missing:
        await service.submit(person, target.id, {"t1": Decimal(1100)})
    assert (missing.value.field, missing.value.reason) == ("t2", "missing")
    with pytest.raises(InvalidInput) as unexpected:
        await service.submit(person, target.id, {"t1": Decimal(1100), "t2": Decimal(600), "t3": Decimal(1)})
    assert unexpected.value.reason == "unexpected"
    with pytest.raises(BelowPrevious) as below:
        await service.submit(person, target.id, {"t1": Decimal(1100), "t2": Decimal(499)})
    assert (below.value.field, below.value.reason, below.value.previous) == ("t2", "below_previous", Decimal(500))
    with pytest.raises(NotFound):
        await service.submit(home.neighbour.id, target.id, {"t1": Decimal(1100), "t2": Decimal(600)})
    with pytest.raises(JumpNeedsConfirmation) as jump:
        await service.submit(person, target.id, {"t1": Decimal(5000), "t2": Decimal(600)})
    assert (jump.value.consumption, jump.value.threshold, jump.value.average_monthly) == (
        Decimal("4100.000"),
        Decimal("3000.000"),
        None,
    )
    assert len(await manual_readings(target)) == 1

    result = await service.submit(person, target.id, {"t1": Decimal(5000), "t2": Decimal(600)}, confirmed_jump=True)
    assert result.consumption == Decimal(4100)


async def test_a_double_press_stores_one_reading(home: Estate) -> None:
    target = await manual_meter(home)
    service = ReadingsService(FixedClock(NOW))
    values = {"t1": Decimal(1100), "t2": Decimal(510)}

    first, second = await asyncio.gather(
        service.submit(home.person.id, target.id, values), service.submit(home.person.id, target.id, values)
    )

    assert (first.replaced, second.replaced) == (False, True)
    assert first.reading_id == second.reading_id
    assert [r.total for r in await manual_readings(target)] == [Decimal(1500), Decimal(1610)]


async def test_telemetry_meters_refuse_manual_readings_in_the_service(home: Estate) -> None:
    target = await meter(home)
    with pytest.raises(ManualReadingsNotAllowed):
        await ReadingsService(FixedClock(NOW)).form(home.person.id, target.id)


async def test_the_multiplier_scales_consumption_not_registers(home: Estate) -> None:
    target = await manual_meter(home, multiplier=40)
    result = await ReadingsService(FixedClock(NOW)).submit(
        home.person.id, target.id, {"t1": Decimal("1001.5"), "t2": Decimal(501)}
    )
    assert result.total == Decimal("1502.5")
    assert [figure.consumption for figure in result.tariffs] == [Decimal(60), Decimal(40)]
    assert result.consumption == Decimal(100)


# --- history ----------------------------------------------------------------------------------------


async def test_history_is_a_paged_table_newest_first(home: Estate, ru: World) -> None:
    target = await meter(home, label="Основной", serial="44103814060174")
    for day in range(25):
        source = ReadingSource.MANUAL if day == 24 else ReadingSource.TELEMETRY
        await reading(target, NOW - timedelta(days=24 - day), str(1000 + day), str(500 + day / 2), source=source)

    first = screen(await ru.press(f"mt:h:{target.id}"))

    assert "<b>История показаний</b>" in first.text
    table = first.text.split("<pre>")[1].split("</pre>")[0].splitlines()
    assert table[0].split() == ["Дата", "и", "время", "Т1", "Т2"]
    assert table[1] == "23.11.2026 12:00  1\xa0024    512 Р"
    assert table[2] == "22.11.2026 12:00  1\xa0023  511,5 А"
    assert len(table) == 11
    assert "А: автоматически от счётчика · Р: передано вручную" in first.text
    assert "Страница 1 из 3, всего 25." in first.text
    assert first.buttons == ["▶", "« К счётчику"]
    assert first.callback_data == [f"mth:{target.id}:1", f"mt:c:{target.id}"]

    second = screen(await ru.press(f"mth:{target.id}:1"))
    assert "Страница 2 из 3" in second.text
    assert "13.11.2026 12:00" in second.text
    assert second.buttons == ["◀", "▶", "« К счётчику"]

    last = screen(await ru.press(f"mth:{target.id}:2"))
    rows = last.text.split("<pre>")[1].split("</pre>")[0].splitlines()[1:]
    assert [row[:10] for row in rows] == ["03.11.2026", "02.11.2026", "01.11.2026", "31.10.2026", "30.10.2026"]
    assert last.buttons == ["◀", "« К счётчику"]
    assert "Р:" not in last.text  # the legend names only the sources on the page

    beyond = screen(await ru.press(f"mth:{target.id}:7"))  # a stale page shows the last one
    assert "Страница 3 из 3" in beyond.text


async def test_history_in_english_with_estimated_values(home: Estate) -> None:
    en = make_world("en")
    target = await meter(home, tariff_count=1, serial="9")
    await Reading.create(meter=target, ts=NOW - timedelta(days=1), total=Decimal("1234.5"), flags=2)

    shown = screen(await en.press(f"mt:h:{target.id}"))

    table = shown.text.split("<pre>")[1].split("</pre>")[0].splitlines()
    assert table[0].split() == ["Date", "and", "time", "Reading"]
    assert table[1] == "22.11.2026 12:00  1,234.5* A"
    assert "A: automatically from the meter · *: estimated" in shown.text
    assert "Page 1 of 1, 1 in all." in shown.text


async def test_empty_history(home: Estate, ru: World) -> None:
    target = await meter(home)

    shown = screen(await ru.press(f"mth:{target.id}:0"))

    assert "Показаний пока нет." in shown.text
    assert shown.buttons == ["« К счётчику"]
