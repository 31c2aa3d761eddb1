"""The idle lane (handlers.resident.meter_section.build_idle_router) answers exactly as the full walk.

Outside a dialog the meter list, card and readings are tried before every other router; this compares
the Bot API requests and the FSM state left behind with a Dispatcher whose root router lacks the lane,
for each screen the lane can take, in and out of a dialog, in ru and en.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from aiogram.fsm.state import State

from handlers.resident.meter_callbacks import HistoryPage, MeterAct, MeterAction
from handlers.resident.meter_section import build_idle_router
from handlers.resident.profile import ProfileEdit
from handlers.resident.readings_submit import SubmitReadings
from tests.fakes.telegram import Call
from tests.meters_harness import NOW, Estate, World, estate, make_world, meter, reading


def without_lane(world: World) -> World:
    root = world.dp.sub_routers[0]
    lane = root.sub_routers[0]
    assert lane.name == build_idle_router().name, [router.name for router in root.sub_routers]
    root.sub_routers.remove(lane)
    return world


def requests(calls: list[Call]) -> list[tuple[str, dict[str, str]]]:
    """What was asked, but the id of the press (a new one for every update)."""
    return [(call.method, {k: v for k, v in call.params.items() if k != "callback_query_id"}) for call in calls]


@pytest.fixture
async def meter_id(db: str) -> int:
    """Two two-tariff meters with a reading each; the first one's id."""
    home: Estate = await estate()
    ids = []
    for label in ("Дом", "Баня"):
        bound = await meter(home, label=label, tariff_count=2)
        await reading(bound, NOW - timedelta(hours=1), "1234.5", "567.8")
        ids.append(bound.id)
    return ids[0]


MENU = {"ru": ("Мои счётчики", "Показания"), "en": ("My meters", "Readings")}


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("state", [None, SubmitReadings.value, ProfileEdit.name])
async def test_every_screen_of_the_lane_as_the_full_walk(meter_id: int, language: str, state: State | None) -> None:
    lane, walk = make_world(language), without_lane(make_world(language))
    presses = [
        MeterAction(act=MeterAct.LIST).pack(),
        *(MeterAction(act=act, mid=meter_id).pack() for act in (MeterAct.CARD, MeterAct.CURRENT, MeterAct.HISTORY)),
        HistoryPage(mid=meter_id).pack(),
    ]
    for step in [*MENU[language], *presses]:
        answers = []
        for world in (lane, walk):
            await world.state().set_state(state)
            calls = await (world.send(step) if step in MENU[language] else world.press(step))
            answers.append((requests(calls), await world.state().get_state()))
        assert answers[0] == answers[1], step
        assert answers[0][0], f"{step}: no answer"
