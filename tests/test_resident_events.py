"""“Events” of a meter through the real Dispatcher: coloured by severity, newest first, paged, filtered."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from services.enums import EventClass, Severity
from services.errors import NotFound
from services.events import EventQueryService, EventRow
from services.meters import MeterPage
from tests.meters_harness import NOW, Estate, World, alert, estate, event, make_world, meter, screen

SEVERITIES = (Severity.ALARM, Severity.WARNING, Severity.INFO)
MARKS = {Severity.ALARM: "🔴", Severity.WARNING: "🟠", Severity.INFO: "🔵"}


@pytest.fixture
async def home(db: str) -> Estate:
    return await estate()


@pytest.fixture
def ru() -> World:
    return make_world("ru")


def marks(text: str) -> list[str]:
    """The severity marks of the listed events, top to bottom."""
    return [line[0] for line in text.splitlines() if line[:1] in {"🔴", "🟠", "🔵"}]


async def fifteen_events(home: Estate) -> tuple[int, list[Severity]]:
    """15 events an hour apart, severities cycling alarm, warning, info; newest first in the result."""
    target = await meter(home, label="Основной", serial="44103814060174")
    severities = []
    for hour in range(15):
        severity = SEVERITIES[hour % 3]
        await event(target, NOW - timedelta(hours=hour), severity, code=f"e{hour}", text=f"событие {hour}")
        severities.append(severity)
    return target.id, severities


async def test_events_newest_first_with_coloured_marks_and_paging(home: Estate, ru: World) -> None:
    meter_id, severities = await fifteen_events(home)

    first = screen(await ru.press(f"mt:e:{meter_id}"))

    assert "<b>События</b>" in first.text
    assert "«Основной», № 44103814060174" in first.text
    assert "Показаны: все." in first.text
    assert marks(first.text) == [MARKS[s] for s in severities[:10]]
    assert "🔴 <b>23.11.2026 12:00</b> · Прочее событие\nсобытие 0" in first.text
    assert first.text.index("событие 0") < first.text.index("событие 9")
    assert "событие 10" not in first.text
    assert "Страница 1 из 2, всего 15." in first.text
    assert first.buttons == ["✓ Все", "🔴 Тревоги", "🟠 Предупреждения", "🔵 Информационные", "▶", "« К счётчику"]
    assert first.callback_data == [
        f"mte:{meter_id}:0:",
        f"mte:{meter_id}:0:alarm",
        f"mte:{meter_id}:0:warning",
        f"mte:{meter_id}:0:info",
        f"mte:{meter_id}:1:",
        f"mt:c:{meter_id}",
    ]

    second = screen(await ru.press(f"mte:{meter_id}:1:"))

    assert marks(second.text) == [MARKS[s] for s in severities[10:]]
    assert "событие 14" in second.text
    assert "Страница 2 из 2" in second.text
    assert second.buttons[4:] == ["◀", "« К счётчику"]


async def test_the_severity_filter(home: Estate, ru: World) -> None:
    meter_id, _ = await fifteen_events(home)

    alarms = screen(await ru.press(f"mte:{meter_id}:0:alarm"))

    assert "Показаны: тревоги." in alarms.text
    assert marks(alarms.text) == ["🔴"] * 5
    assert "Страница 1 из 1, всего 5." in alarms.text
    assert alarms.buttons[:4] == ["Все", "✓ 🔴 Тревоги", "🟠 Предупреждения", "🔵 Информационные"]
    assert "▶" not in alarms.buttons

    info = screen(await ru.press(f"mte:{meter_id}:0:info"))
    assert marks(info.text) == ["🔵"] * 5
    assert re.findall(r"событие \d+", info.text) == ["событие 2", "событие 5", "событие 8", "событие 11", "событие 14"]


async def test_no_events_of_a_kind(home: Estate, ru: World) -> None:
    target = await meter(home)
    await event(target, NOW, Severity.INFO, code="power_on")

    warnings = screen(await ru.press(f"mte:{target.id}:0:warning"))
    assert "Событий такого вида нет." in warnings.text
    assert warnings.buttons[-1] == "« К счётчику"

    everything = screen(await ru.press(f"mte:{target.id}:0:"))
    assert "🔵" in everything.text
    assert "power_on" in everything.text  # an event without text shows its code


async def test_event_text_is_escaped_and_cut(home: Estate, ru: World) -> None:
    target = await meter(home)
    await event(target, NOW, Severity.ALARM, text="<script>" + "x" * 500, event_class=EventClass.TAMPER)

    shown = screen(await ru.press(f"mt:e:{target.id}"))

    assert "&lt;script&gt;" in shown.text
    assert "<script>" not in shown.text
    assert "…" in shown.text
    assert "Вмешательство" in shown.text
    assert len(shown.text) < 600


async def test_events_in_english(home: Estate) -> None:
    en = make_world("en")
    target = await meter(home, label="Main", serial="5")
    await event(
        target, NOW - timedelta(minutes=5), Severity.WARNING, text="Voltage high", event_class=EventClass.THRESHOLD
    )

    shown = screen(await en.press(f"mt:e:{target.id}"))

    assert "Shown: all." in shown.text
    assert "🟠 <b>23.11.2026 11:55</b> · Parameter out of bounds\nVoltage high" in shown.text
    assert shown.buttons[:4] == ["✓ All", "🔴 Alarms", "🟠 Warnings", "🔵 Information"]
    assert "No events" not in shown.text


async def test_a_forged_meter_in_an_events_button_gets_not_found(home: Estate, ru: World) -> None:
    theirs = await meter(home, owner=home.neighbour)
    await event(theirs, NOW, Severity.ALARM, text="secret")

    calls = await ru.press(f"mte:{theirs.id}:0:alarm")

    assert "нет в вашем списке" in alert(calls)
    assert [c.method for c in calls] == ["answerCallbackQuery"]


async def test_a_garbage_severity_is_a_stale_button(home: Estate, ru: World) -> None:
    target = await meter(home)

    calls = await ru.press(f"mte:{target.id}:0:panic")

    assert "устарела" in alert(calls)


async def test_the_service_pages_and_filters(home: Estate) -> None:
    meter_id, _ = await fifteen_events(home)
    service = EventQueryService()

    page: MeterPage[EventRow] = await service.for_person(home.person.id, meter_id, Severity.WARNING, 1, page_size=2)

    assert (page.total, page.page, page.pages) == (5, 1, 3)
    assert [row.code for row in page.items] == ["e7", "e10"]
    assert all(row.severity is Severity.WARNING for row in page.items)
    with pytest.raises(NotFound):
        await service.for_person(home.neighbour.id, meter_id, None, 0)
