"""The desk of requests and complaints in the admin web: the site's tickets with filters, a ticket's card,
and the dispatcher's actions through the same TicketDesk (its checks, audit and notices) as the chat;
engineers work on their own tickets, readers and strangers change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.operator.ticket_notices import TicketNoticeRenderer
from services import audit
from services.db.models import Binding, OutboxMessage, Ticket, TicketComment
from services.enums import BindingStatus, TicketStage, TicketType
from services.ticket_desk import TicketDesk
from services.ticket_files import LocalFileStore
from services.ticket_model import AttachmentIn
from services.tickets import TicketService
from tests.admin_harness import World, _fast_hashing, make_world, resident, serve

__all__ = ["_fast_hashing"]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
async def world(db: str) -> World:
    return await make_world()


@pytest.fixture
def store(tmp_path: Path) -> LocalFileStore:
    return LocalFileStore(tmp_path / "attachments")


def make_desk(world: World, store: LocalFileStore) -> TicketDesk:
    return TicketDesk(world.clock, world.outbox, TicketNoticeRenderer("ru"), store)


async def filed(
    world: World,
    store: LocalFileStore,
    serial: str = "A100",
    telegram_id: int = 7001,
    name: str = "Пётр Жилец",
    files: tuple[AttachmentIn, ...] = (),
) -> int:
    person = await resident(name, telegram_id, phone="+79005556677")
    meter_id = world.meters[serial]
    await Binding.create(person_id=person, meter_id=meter_id, status=BindingStatus.ACTIVE)
    tickets = TicketService(world.clock, world.outbox, TicketNoticeRenderer("ru"), store)
    plot_id = (await Binding.get(person_id=person).prefetch_related("meter")).meter.plot_id  # type: ignore[attr-defined]
    text = "Когда придёт проверка счётчика?"
    card = await tickets.create(person, TicketType.QUESTION, plot_id, meter_id, text, files)
    return card.ticket.id


async def test_the_list_shows_the_sites_open_tickets_with_filters(world: World, store: LocalFileStore) -> None:
    mine = await filed(world, store)
    far = await filed(world, store, "L900", 7002, "Житель Лесного")
    done = await filed(world, store, "A101", 7003, "Закрытый Жилец")
    await Ticket.filter(id=done).update(stage=TicketStage.DONE)
    desk = make_desk(world, store)
    async with serve(world, "disp", desk=desk) as browser:
        status, page = await browser.get(f"/sites/{world.site}/desk")
        _, every = await browser.get(f"/sites/{world.site}/desk?stage=all")
        _, numbered = await browser.get(f"/sites/{world.site}/desk?stage=all&number={done}")
        _, named = await browser.get(f"/sites/{world.site}/desk?name=пётр")
    assert status == 200
    assert f'id="ticket-{mine}"' in page
    assert f'id="ticket-{far}"' not in page
    assert f'id="ticket-{done}"' not in page
    assert "Пётр Жилец" in page
    assert "23.11.2026" in page
    assert "зарегистрирована" in page
    assert f'id="ticket-{done}"' in every
    assert f'id="ticket-{done}"' in numbered
    assert f'id="ticket-{mine}"' not in numbered
    assert f'id="ticket-{mine}"' in named
    assert f'id="ticket-{done}"' not in named


async def test_the_card_shows_history_files_and_the_deciders_actions(world: World, store: LocalFileStore) -> None:
    photo = AttachmentIn("f1", "счётчик.png", "image/png", len(PNG), PNG)
    ticket_id = await filed(world, store, files=(photo,))
    desk = make_desk(world, store)
    async with serve(world, "chair", desk=desk) as browser:
        status, page = await browser.get(f"/sites/{world.site}/desk/{ticket_id}")
        [link] = [line for line in page.splitlines() if "/files/" in line]
        href = link.split('href="')[1].split('"')[0]
        response = await browser.client.get(href)
        body = await response.read()
    assert status == 200
    assert "Когда придёт проверка счётчика?" in page
    assert "+79005556677" in page
    for form in ("take-form", "assign-form", "start-form", "reply-form", "close-form", "cancel-form"):
        assert form in page
    assert "Eng Staff" in page  # the engineer to assign
    assert response.status == 200
    assert response.content_type == "image/png"
    assert body == PNG


async def test_take_assign_reply_and_close_change_the_ticket(world: World, store: LocalFileStore) -> None:
    ticket_id = await filed(world, store)
    base = f"/sites/{world.site}/desk/{ticket_id}"
    desk = make_desk(world, store)
    async with serve(world, "disp", desk=desk) as browser:
        status, location, _ = await browser.post(f"{base}/take")
        taken = await browser.follow(location)
        await browser.post(f"{base}/assign", {"engineer": str(world.people["eng"])})
        _, location, _ = await browser.post(f"{base}/reply", {"text": "Проверка будет в пятницу"})
        replied = await browser.follow(location)
        _, location, _ = await browser.post(f"{base}/close", {"comment": "Проверили, всё в порядке"})
        closed = await browser.follow(location)
    assert (status, location) == (303, base)
    assert f"Заявка № {ticket_id} принята к рассмотрению." in taken
    assert "Ответ отправлен" in replied
    assert f"Заявка № {ticket_id} выполнена." in closed
    ticket = await Ticket.get(id=ticket_id)
    assert (ticket.stage, ticket.assignee_id) == (TicketStage.DONE, world.people["eng"])  # type: ignore[attr-defined]
    texts = await TicketComment.filter(ticket_id=ticket_id).values_list("text", flat=True)
    assert "Проверка будет в пятницу" in texts
    assert "Проверили, всё в порядке" in texts
    assert await OutboxMessage.filter(chat_id=7001).count() >= 3  # the resident hears of each step
    actions = [e.action for e in await audit.latest(action_prefix="ticket.")]
    assert {"ticket.take", "ticket.assign", "ticket.reply", "ticket.close"} <= set(actions)
    [take] = await audit.latest(action_prefix="ticket.take")
    assert (take.actor_id, take.allowed) == (world.people["disp"], True)


async def test_empty_texts_and_stale_presses_change_nothing(world: World, store: LocalFileStore) -> None:
    ticket_id = await filed(world, store)
    base = f"/sites/{world.site}/desk/{ticket_id}"
    desk = make_desk(world, store)
    async with serve(world, "admin", desk=desk) as browser:
        _, location, _ = await browser.post(f"{base}/cancel", {"reason": "  "})
        empty = await browser.follow(location)
        assert (await Ticket.get(id=ticket_id)).stage == TicketStage.REGISTERED
        await browser.post(f"{base}/cancel", {"reason": "Дубликат заявки"})
        _, location, _ = await browser.post(f"{base}/take")
        stale = await browser.follow(location)
        _, location, _ = await browser.post(f"{base}/assign", {"engineer": str(world.people["disp"])})
    assert "Напишите причину отмены" in empty
    assert f"Заявка № {ticket_id} сейчас: отменена; ничего не изменилось." in stale
    assert (await Ticket.get(id=ticket_id)).stage == TicketStage.CANCELLED
    assert "cancel-form" not in stale


async def test_engineers_work_only_on_their_own_tickets(world: World, store: LocalFileStore) -> None:
    theirs = await filed(world, store)
    other = await filed(world, store, "A101", 7002, "Другой Жилец")
    desk = make_desk(world, store)
    await desk.assign(theirs, world.people["disp"], world.people["eng"], "test")
    async with serve(world, "eng", desk=desk) as browser:
        _, page = await browser.get(f"/sites/{world.site}/desk")
        _, card = await browser.get(f"/sites/{world.site}/desk/{theirs}")
        foreign, _ = await browser.get(f"/sites/{world.site}/desk/{other}")
        take, _, _ = await browser.post(f"/sites/{world.site}/desk/{other}/take")
        start, _, _ = await browser.post(f"/sites/{world.site}/desk/{theirs}/start")
    assert f'id="ticket-{theirs}"' in page
    assert f'id="ticket-{other}"' not in page
    assert "start-form" in card
    assert "close-form" in card
    assert "assign-form" not in card
    assert "cancel-form" not in card
    assert "take-form" not in card
    assert (foreign, take, start) == (404, 404, 303)  # a ticket one may not see is not found (audited)
    assert (await Ticket.get(id=theirs)).stage == TicketStage.IN_WORK
    assert (await Ticket.get(id=other)).stage == TicketStage.REGISTERED
    refused = [e for e in await audit.latest(action_prefix="ticket.") if not e.allowed]
    assert refused
    assert all(e.actor_id == world.people["eng"] for e in refused)


async def test_readers_see_without_forms_and_cannot_act(world: World, store: LocalFileStore) -> None:
    ticket_id = await filed(world, store)
    desk = make_desk(world, store)
    async with serve(world, "reader", desk=desk) as browser:
        _, page = await browser.get(f"/sites/{world.site}/desk")
        _, card = await browser.get(f"/sites/{world.site}/desk/{ticket_id}")
        take, _, _ = await browser.post(f"/sites/{world.site}/desk/{ticket_id}/take")
        reply, _, _ = await browser.post(f"/sites/{world.site}/desk/{ticket_id}/reply", {"text": "Привет"})
    assert f'id="ticket-{ticket_id}"' in page
    assert "Когда придёт проверка счётчика?" in card
    assert '<form method="post" action="/sites' not in card
    assert (take, reply) == (403, 403)
    assert (await Ticket.get(id=ticket_id)).stage == TicketStage.REGISTERED
    assert await TicketComment.filter(ticket_id=ticket_id).count() == 1
    assert len(await audit.latest(action_prefix="access.denied")) == 2


async def test_other_sites_forged_tokens_and_bad_ids(world: World, store: LocalFileStore) -> None:
    ticket_id = await filed(world, store)
    far = await filed(world, store, "L900", 7002, "Житель Лесного")
    desk = make_desk(world, store)
    async with serve(world, "other", desk=desk) as browser:
        page, _ = await browser.get(f"/sites/{world.site}/desk")
        card, _ = await browser.get(f"/sites/{world.site}/desk/{ticket_id}")
        post, _, _ = await browser.post(f"/sites/{world.site}/desk/{ticket_id}/take")
        # a ticket of another site through one's own site's address: not found, as a missing one (audited)
        crossed, _ = await browser.get(f"/sites/{world.other_site}/desk/{ticket_id}")
        crossed_post, _, _ = await browser.post(f"/sites/{world.other_site}/desk/{ticket_id}/take")
        own, _, _ = await browser.post(f"/sites/{world.other_site}/desk/{far}/take")
    async with serve(world, "disp", desk=desk) as browser:
        forged, _, body = await browser.post(f"/sites/{world.site}/desk/{ticket_id}/take", token="forged")
        missing, _ = await browser.get(f"/sites/{world.site}/desk/999999")
        missing_post, _, _ = await browser.post(f"/sites/{world.site}/desk/999999/take")
        wrong_action, _, _ = await browser.post(f"/sites/{world.site}/desk/{ticket_id}/explode")
        bad, _ = await browser.get(f"/sites/{world.site}/desk/abc")
    assert (page, card, post, crossed, crossed_post, own) == (403, 403, 403, 404, 404, 303)
    assert (forged, missing, missing_post, wrong_action, bad) == (403, 404, 404, 404, 404)
    assert "Форма устарела" in body
    assert (await Ticket.get(id=ticket_id)).stage == TicketStage.REGISTERED
    assert (await Ticket.get(id=far)).stage == TicketStage.QUALIFIED


async def test_without_the_desk_the_page_says_so(world: World, store: LocalFileStore) -> None:
    ticket_id = await filed(world, store)
    async with serve(world, "chair") as browser:
        _, page = await browser.get(f"/sites/{world.site}/desk")
        status, _, _ = await browser.post(f"/sites/{world.site}/desk/{ticket_id}/take")
    assert 'id="desk-unavailable"' in page
    assert status == 503
