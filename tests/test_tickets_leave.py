"""A main-menu button pressed at any step of a ticket dialog leaves it and opens that section.

aiogram reads the FSM state once per update, so after the dialog is left the handlers behind the leaving
one still see the old state: these tests drive every step through the real Dispatcher and assert that
no dialog handler answers the button (no error, no prompt, no state set again).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.resident.ticket_new import NewTicket
from handlers.resident.tickets import TicketComment
from handlers.ticket_callbacks import Draft, My, NewPlace, NewType
from services.consumption import ConsumptionService
from services.enums import TicketType
from services.meters import MeterQueryService
from tests.fakes.telegram import Call
from tests.residents_harness import only, seed
from tests.tickets_harness import Desk, bound_resident, make_desk

STATES = {
    "comment": TicketComment.text,
    "type": NewTicket.type,
    "place": NewTicket.place,
    "text": NewTicket.text,
    "files": NewTicket.files,
    "confirm": NewTicket.confirm,
}
BUTTONS = [
    ("ru", "Мои счётчики", "<b>Мои счётчики</b>"),
    ("en", "My meters", "<b>My meters</b>"),
    ("ru", "Профиль", "<b>Профиль</b>"),
    ("en", "Profile", "<b>Profile</b>"),
]


@pytest.fixture
async def desk(db: str, tmp_path: Path) -> Desk:
    desk = make_desk(tmp_path)
    desk.world.dp["meter_queries"] = MeterQueryService(desk.clock, ConsumptionService(desk.clock))  # "My meters"
    return desk


async def reach(desk: Desk, step: str, lang: str) -> None:
    """Walk a resident with two meters to ``step`` of a dialog, answering each prompt in ``lang``."""
    seeded = await seed()
    person_id = await bound_resident(desk, [seeded.meter_other, seeded.meter_mac], locale=lang)
    if step == "comment":
        card = await desk.tickets.create(
            person_id, TicketType.QUESTION, seeded.plot7.id, seeded.meter_other.id, "Вопрос про тариф ночью."
        )
        await desk.press(My(act="comment", tid=card.ticket.id).pack(), 1, language_code=lang)
        return
    walk = [
        ("type", My(act="new").pack()),
        ("place", NewType(type=TicketType.QUESTION).pack()),
        ("text", NewPlace(index=0).pack()),
        ("files", "Счётчик перестал передавать показания."),
        ("confirm", Draft(act="done").pack()),
    ]
    for name, action in walk:
        if name == "files":
            await desk.send(action, language_code=lang)
        else:
            await desk.press(action, 1, language_code=lang)
        if name == step:
            return


@pytest.mark.parametrize("step", list(STATES))
@pytest.mark.parametrize(
    ("lang", "label", "title"), BUTTONS, ids=["ru-meters", "en-meters", "ru-profile", "en-profile"]
)
async def test_a_menu_button_in_a_dialog_opens_its_section(
    desk: Desk, step: str, lang: str, label: str, title: str
) -> None:
    await reach(desk, step, lang)
    assert await desk.world.state().get_state() == STATES[step].state

    calls: list[Call] = await desk.send(label, language_code=lang)

    reply = only(calls)
    assert title in reply.text
    assert await desk.world.state().get_state() is None
    assert await desk.world.state().get_data() == {}
