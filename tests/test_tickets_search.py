"""/tickets: open requests by stage with overdue first, search by number, plot, resident's name (any case,
any alphabet), period and stage; who may list; and the daily digest of overdue requests, once a day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scheduler.tickets import flag_overdue_tickets
from services.db.models import AuditEntry, OutboxMessage, Person, Site, Ticket
from services.enums import Role, TicketStage, TicketType
from services.ticket_desk import LIST_LIMIT
from services.ticket_model import STAGE_ORDER, TicketQuery, TicketView
from tests.fakes.telegram import Call
from tests.residents_harness import GROUP, NOW, USER, Seeded, only, seed
from tests.tickets_harness import DISPATCHER, ENGINEER, FOREIGN_DISPATCHER, Desk, bound_resident, make_desk, staff

NEIGHBOUR, THIRD = 1002, 1003


@pytest.fixture
async def desk(db: str, tmp_path: Path) -> Desk:
    return make_desk(tmp_path)


@pytest.fixture
async def world(desk: Desk) -> dict[str, int]:
    """Four tickets of three residents: №a (plot 7, 01.11, overdue), №b (plot 12, 10.11, in work),
    №c (plot 12, 23.11, registered), №d (plot 7, 15.11, done)."""
    seeded: Seeded = await seed()
    await staff(seeded.site, DISPATCHER, "Дарья Диспетчер", Role.DISPATCHER)
    engineer = await staff(seeded.site, ENGINEER, "Егор Инженер", Role.ENGINEER)
    other = await Site.create(slug="other", name="СНТ «Лютик»", operators_chat_id=-777)
    await staff(other, FOREIGN_DISPATCHER, "Чужой Диспетчер", Role.DISPATCHER)
    ivanov = await bound_resident(desk, [seeded.meter_other], name="Иванов Иван")
    petrova = await bound_resident(desk, [seeded.meter_mac], user_id=NEIGHBOUR, name="Петрова Анна")
    sidorov = await bound_resident(desk, [seeded.meter_imei], user_id=THIRD, name="Сидоров Олег")

    async def file(person: int, meter_id: int, plot_id: int, at: datetime, kind: TicketType) -> int:
        desk.clock.set(at)
        card = await desk.tickets.create(person, kind, plot_id, meter_id, "Текст заявки для поиска.")
        return card.ticket.id

    a = await file(
        ivanov, seeded.meter_other.id, seeded.plot7.id, datetime(2026, 11, 1, 9, tzinfo=UTC), TicketType.THEFT
    )
    b = await file(
        petrova, seeded.meter_mac.id, seeded.plot12.id, datetime(2026, 11, 10, 9, tzinfo=UTC), TicketType.CONNECTION
    )
    c = await file(sidorov, seeded.meter_imei.id, seeded.plot12.id, NOW, TicketType.QUESTION)
    d = await file(
        ivanov, seeded.meter_other.id, seeded.plot7.id, datetime(2026, 11, 15, 9, tzinfo=UTC), TicketType.OTHER
    )
    desk.clock.set(NOW)
    chairman = seeded.chairman_id
    await desk.desk.assign(b, chairman, engineer, "test")
    await desk.desk.start(b, engineer, "test")
    await desk.desk.close(d, chairman, "Сделано", "test")
    await OutboxMessage.all().delete()
    return {"a": a, "b": b, "c": c, "d": d}


async def tickets(desk: Desk, args: str = "", *, user_id: int = DISPATCHER, chat_id: int | None = GROUP) -> Call:
    text = f"/tickets {args}".strip()
    return only(await desk.send(text, user_id=user_id, chat_id=chat_id))


def numbers(call: Call) -> list[str]:
    return [label.replace("⏰ ", "") for label in call.buttons]


async def test_open_requests_by_stage_overdue_first(desk: Desk, world: dict[str, int]) -> None:
    listing = await tickets(desk)

    a, b, c = world["a"], world["b"], world["c"]
    assert listing.buttons == [f"⏰ № {a}", f"№ {c}", f"№ {b}"]
    text = listing.text
    assert "Открытые заявки</b> · СНТ «Ромашка»" in text
    assert "3 заявки, просрочено: 1" in text
    assert (
        text.index("🆕 Регистрация")
        < text.index(f"⏰ № {a} · 01.11.2026 · Хищение")
        < text.index(f"№ {c} · 23.11.2026")
    )
    assert text.index(f"№ {c} · 23.11.2026") < text.index("🛠 В работе") < text.index(f"№ {b} · 10.11.2026")
    assert "Иванов Иван — до 04.11.2026" in text
    assert f"№ {world['d']}" not in text
    assert "Поиск: /tickets 123" in text


async def test_overdue_first_within_a_stage(desk: Desk, world: dict[str, int]) -> None:
    await Ticket.filter(id=world["a"]).update(stage=TicketStage.IN_WORK)  # overdue, and in work like №b

    listing = await tickets(desk)

    assert numbers(listing) == [f"№ {world['c']}", f"№ {world['a']}", f"№ {world['b']}"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("{b}", ["b"]),
        ("№{d}", ["d"]),
        ("участок 12", ["c", "b"]),
        ("plot 7", ["a", "d"]),
        ("иванов", ["a", "d"]),
        ("ПЕТРОВА анна", ["b"]),
        ("Олег", ["c"]),
        ("01.11.2026-10.11.2026", ["a", "b"]),
        ("15.11.2026", ["d"]),
        ("в работе", ["b"]),
        ("Выполнена", ["d"]),
        ("Кузнецов", []),
    ],
)
async def test_search(desk: Desk, world: dict[str, int], args: str, expected: list[str]) -> None:
    found = await tickets(desk, args.format(**world))

    assert numbers(found) == [f"№ {world[key]}" for key in expected]
    assert ("Ничего не найдено." in found.text) is (not expected)
    assert "Результаты поиска" in found.text


async def test_a_bad_period_is_explained(desk: Desk, world: dict[str, int]) -> None:
    for args in ("31.02.2026", "20.11.2026-01.11.2026"):
        reply = await tickets(desk, args)
        assert "Не удалось прочитать даты" in reply.text


async def test_only_staff_of_the_chat_s_sites_may_list(desk: Desk, world: dict[str, int]) -> None:
    for user_id in (USER, FOREIGN_DISPATCHER):
        refused = await tickets(desk, user_id=user_id)
        assert refused.text == "Извините, список заявок доступен только сотрудникам объекта."
    assert await AuditEntry.filter(action="ticket.view", allowed=False).count() == 2

    foreign = await tickets(desk, user_id=FOREIGN_DISPATCHER, chat_id=-777)
    assert "СНТ «Лютик»" in foreign.text
    assert "Открытых заявок нет" in foreign.text


async def test_an_engineer_lists_their_own_in_a_private_chat(desk: Desk, world: dict[str, int]) -> None:
    mine = await tickets(desk, user_id=ENGINEER, chat_id=None)

    assert numbers(mine) == [f"№ {world['b']}"]
    card = only(await desk.press(f"tk:view:{world['b']}", mine.message_id, user_id=ENGINEER))
    assert f"Заявка № {world['b']}" in card.text
    assert "Петрова Анна" in card.text
    assert card.buttons == ["💬 Ответить", "✅ Закрыть"]
    other = only(await desk.press(f"tk:view:{world['c']}", mine.message_id, user_id=ENGINEER), "answerCallbackQuery")
    assert "недоступно" in other.params["text"]


async def test_a_card_from_the_list_has_the_desk_buttons(desk: Desk, world: dict[str, int]) -> None:
    listing = await tickets(desk)

    card = only(await desk.press(f"tk:view:{world['c']}", listing.message_id, user_id=DISPATCHER, chat_id=GROUP))

    assert card.chat_id == GROUP
    assert "Сидоров Олег" in card.text
    assert "История" in card.text
    assert card.buttons[:3] == ["📋 Взять", "🛠 В работу", "👷 Назначить"]
    calls = await desk.press(f"tk:take:{world['c']}", card.message_id, user_id=DISPATCHER, chat_id=GROUP)
    edited = only(calls, "editMessageText")
    assert int(edited.params["message_id"]) == card.message_id
    assert "📋 Квалификация — Дарья Диспетчер" in edited.text


async def test_the_overdue_digest_goes_to_each_dispatcher_once_a_day(desk: Desk, world: dict[str, int]) -> None:
    await staff(await Site.get(slug="romashka"), 2102, "Денис Диспетчер", Role.DISPATCHER, locale="en")

    assert await flag_overdue_tickets(desk.desk) == 2
    assert await flag_overdue_tickets(desk.desk) == 0  # the same day: nothing new
    digests = await OutboxMessage.all().order_by("id")
    assert [d.chat_id for d in digests] == [DISPATCHER, 2102]
    ru, en = digests[0].payload["text"], digests[1].payload["text"]
    assert "Просроченные заявки · СНТ «Ромашка»" in ru
    assert "1 заявка не рассмотрена в срок." in ru
    assert f"⏰ № {world['a']} · 01.11.2026 · Хищение электросетевого оборудования" in ru
    assert f"№ {world['b']}" not in ru
    assert "Overdue requests" in en

    desk.clock.set(NOW + timedelta(days=1))
    assert await flag_overdue_tickets(desk.desk) == 2  # a new day, a new digest
    delivered = await desk.deliver()
    assert [c.chat_id for c in delivered] == [DISPATCHER, 2102, DISPATCHER, 2102]


async def test_without_dispatchers_the_digest_goes_to_the_group(desk: Desk, world: dict[str, int]) -> None:
    await Person.filter(telegram_id=DISPATCHER).delete()

    assert await desk.desk.flag_overdue() == 1
    assert await desk.desk.flag_overdue() == 0
    [digest] = await OutboxMessage.all()
    assert digest.chat_id == GROUP


async def test_nothing_overdue_nothing_sent(desk: Desk, world: dict[str, int]) -> None:
    await desk.desk.close(world["a"], (await Person.get(telegram_id=DISPATCHER)).id, "Нашли кабель", "test")
    await OutboxMessage.all().delete()

    assert await desk.desk.overdue_digest((await Site.get(slug="romashka")).id) == []
    assert await flag_overdue_tickets(desk.desk) == 0


async def test_pages_are_ordered_and_counted_by_the_database(desk: Desk, world: dict[str, int]) -> None:
    """Stage, overdue first, review date (filing when there is none), id; the same across pages."""
    site_id, author_id = await Ticket.get(id=world["a"]).values_list("site_id", "author_id")
    dispatcher = await Person.get(telegram_id=DISPATCHER)
    stages = list(TicketStage)
    await Ticket.bulk_create(
        Ticket(
            site_id=site_id,
            author_id=author_id,
            ticket_type=TicketType.QUESTION,
            text=f"№{n}",
            stage=stages[n % len(stages)],
            due_at=None if n % 7 == 0 else NOW + timedelta(days=(n * 5) % 11 - 5),
            created_at=NOW - timedelta(hours=n),
        )
        for n in range(70)
    )
    query = TicketQuery(stages=tuple(TicketStage), site_id=site_id)
    pages = [await desk.desk.search(dispatcher.id, query, offset=offset) for offset in (0, LIST_LIMIT, 2 * LIST_LIMIT)]
    listed = [view for page in pages for view in page.items]

    def key(view: TicketView) -> tuple[int, bool, datetime, int]:
        return STAGE_ORDER.index(view.stage), not view.overdue, view.due_at or view.created_at, view.id

    assert [page.total for page in pages] == [74, 74, 74]
    assert len(listed) == 74
    assert [view.id for view in listed] == [view.id for view in sorted(listed, key=key)]
    assert pages[0].overdue == sum(view.overdue for view in listed)
    assert pages[0].overdue > 1
    beyond = await desk.desk.search(dispatcher.id, query, offset=200)
    assert (beyond.items, beyond.total) == ((), 74)
