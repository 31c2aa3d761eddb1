"""Failed deliveries in the admin web: administrators and dispatchers see what the outbox gave up on and
send it again, one or all shown; everyone else is refused, and a retry is audited."""

from __future__ import annotations

import pytest
from aiohttp import FormData

from services import audit
from services.db.models import OutboxMessage
from services.enums import Channel, OutboxStatus
from services.ports import OutgoingMessage
from tests.admin_harness import World, _fast_hashing, make_world, resident, serve

__all__ = ["_fast_hashing"]


@pytest.fixture
async def world(db: str) -> World:
    return await make_world()


async def failed(
    world: World, text: str, *, chat_id: int | None = None, email: str = "", person: int | None = None
) -> int:
    channel = Channel.EMAIL if email else Channel.TELEGRAM
    message = OutgoingMessage(text, chat_id=chat_id, email=email)
    item_id = await world.outbox.enqueue(message, channel=channel, person_id=person)
    assert item_id is not None
    await world.outbox.mark_failed(item_id, 8, "Forbidden: bot was blocked by the user")
    return item_id


async def status_of(item_id: int) -> OutboxStatus:
    return OutboxStatus((await OutboxMessage.get(id=item_id)).status)


async def test_the_page_lists_failed_deliveries_with_recipients(world: World) -> None:
    person = await resident("Анна Жительница", 9001)
    first = await failed(world, "Показания приняты", chat_id=9001, person=person)
    second = await failed(world, "Счёт за ноябрь", email="anna@example.org")
    await world.outbox.enqueue(OutgoingMessage("В пути", chat_id=9002))
    async with serve(world, "root") as browser:  # staff of a site see its deliveries only: test_admin_review
        status, page = await browser.get("/outbox")
    assert status == 200
    assert f'id="delivery-{first}"' in page
    assert f'id="delivery-{second}"' in page
    assert page.index(f'id="delivery-{second}"') < page.index(f'id="delivery-{first}"')
    assert "Анна Жительница" in page
    assert "anna@example.org" in page
    assert "bot was blocked by the user" in page
    assert "В пути" not in page
    assert "23.11.2026" in page
    assert 'id="retry-shown"' in page


async def test_retry_one_and_all_shown(world: World) -> None:
    first = await failed(world, "Первое", chat_id=9001)
    second = await failed(world, "Второе", chat_id=9002)
    third = await failed(world, "Третье", chat_id=9003)
    async with serve(world, "root") as browser:
        status, location, _ = await browser.post(f"/outbox/{first}/retry")
        one = await browser.follow(location)
        _, location, _ = await browser.post(f"/outbox/{first}/retry")
        again = await browser.follow(location)
        form = [("id", str(second)), ("id", str(third)), ("id", str(first))]
        _, location, _ = await browser.post("/outbox/retry", FormData(form))
        shown = await browser.follow(location)
    assert (status, location) == (303, "/outbox")
    assert "Уведомление снова в очереди." in one
    assert "ничего не изменилось" in again
    assert "2 уведомления снова в очереди." in shown
    assert 'id="outbox-empty"' in shown
    assert [await status_of(i) for i in (first, second, third)] == [OutboxStatus.PENDING] * 3
    row = await OutboxMessage.get(id=second)
    assert row.attempts == 0
    entries = await audit.latest(action_prefix="outbox.retry")
    assert [(e.object_id, e.actor_id) for e in entries] == [
        (f"{second},{third}", world.people["root"]),
        (str(first), world.people["root"]),
    ]


async def test_only_administrators_and_dispatchers(world: World) -> None:
    item_id = await failed(world, "Первое", chat_id=9001)
    results = {}
    for login in ("chair", "eng", "reader", "other", "root"):
        async with serve(world, login) as browser:
            page, _ = await browser.get("/outbox")
            results[login] = page
            if login in ("chair", "eng", "reader"):
                post, _, _ = await browser.post(f"/outbox/{item_id}/retry")
                assert post == 403
    async with serve(world, "disp") as browser:
        forged, _, body = await browser.post(f"/outbox/{item_id}/retry", token="forged")
        bad, _, _ = await browser.post("/outbox/abc/retry")
    assert results == {"chair": 403, "eng": 403, "reader": 403, "other": 200, "root": 200}
    assert (forged, bad) == (403, 404)
    assert "Форма устарела" in body
    assert await status_of(item_id) == OutboxStatus.FAILED
    assert len(await audit.latest(action_prefix="access.denied")) == 6


async def test_the_menu_shows_the_queues_by_role(world: World) -> None:
    pages = {}
    for login in ("disp", "eng", "reader"):
        async with serve(world, login) as browser:
            _, pages[login] = await browser.get(f"/sites/{world.site}/meters")
    for section in ("desk", "alerts", "restrictions", "outbox"):
        assert f'data-section="{section}"' in pages["disp"], section
    assert 'data-section="desk"' in pages["eng"]
    assert 'data-section="restrictions"' not in pages["eng"]
    assert 'data-section="outbox"' not in pages["eng"]
    assert 'data-section="restrictions"' in pages["reader"]
    assert 'data-section="outbox"' not in pages["reader"]
