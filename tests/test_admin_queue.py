"""The binding-requests queue in the admin web: approve and reject through the same service and audit as
the operators' chat, the resident notified; a decided request changes nothing; only deciders decide."""

from __future__ import annotations

import pytest

from services import audit
from services.db.models import Binding, OutboxMessage
from services.enums import BindingMethod, BindingStatus
from tests.admin_harness import World, _fast_hashing, make_world, resident, serve

__all__ = ["_fast_hashing"]


@pytest.fixture
async def world(db: str) -> World:
    return await make_world()


async def pending(world: World, serial: str = "A100", telegram_id: int = 5001, name: str = "Иван Жилец") -> int:
    person = await resident(name, telegram_id, phone="+79001112233")
    binding = await Binding.create(person_id=person, meter_id=world.meters[serial], method=BindingMethod.SERIAL)
    return binding.id


async def test_the_queue_lists_pending_requests_of_the_site(world: World) -> None:
    first = await pending(world)
    await pending(world, "L900", 5002, "Житель Лесного")
    done = await Binding.create(
        person_id=await resident("Решённый", 5003), meter_id=world.meters["A101"], status=BindingStatus.ACTIVE
    )
    async with serve(world, "disp") as browser:
        status, page = await browser.get(f"/sites/{world.site}/bindings")
    assert status == 200
    assert f'id="binding-{first}"' in page
    assert f'id="binding-{done.id}"' not in page
    assert "Иван Жилец" in page
    assert "+79001112233" in page
    assert "Житель Лесного" not in page
    assert "Меркурий 201" in page
    assert "23.11.2026" in page
    assert 'class="approve-form"' in page


async def test_approve_notifies_the_resident_and_is_audited(world: World) -> None:
    binding_id = await pending(world)
    async with serve(world, "chair") as browser:
        status, location, _ = await browser.post(f"/sites/{world.site}/bindings/{binding_id}/approve", {})
        page = await browser.follow(location)
    assert status == 303
    assert "Подтверждено: прибор A100. Житель получит уведомление." in page
    assert 'id="queue-empty"' in page
    binding = await Binding.get(id=binding_id)
    assert (binding.status, binding.decided_by_id) == (BindingStatus.ACTIVE, world.people["chair"])  # type: ignore[attr-defined]
    assert await OutboxMessage.filter(topic=f"binding:{binding_id}:resident", chat_id=5001).exists()
    [entry] = await audit.latest(action_prefix="binding.approve")
    assert (entry.actor_id, entry.allowed, entry.object_id) == (world.people["chair"], True, str(binding_id))


async def test_reject_needs_a_reason_and_passes_it_on(world: World) -> None:
    binding_id = await pending(world)
    path = f"/sites/{world.site}/bindings/{binding_id}/reject"
    async with serve(world, "admin") as browser:
        _, location, _ = await browser.post(path, {"reason": "   "})
        empty = await browser.follow(location)
        assert (await Binding.get(id=binding_id)).status == BindingStatus.PENDING
        _, location, _ = await browser.post(path, {"reason": "Участок 1 не ваш"})
        page = await browser.follow(location)
    assert "Напишите причину отказа" in empty
    assert "Отклонено: прибор A100." in page
    binding = await Binding.get(id=binding_id)
    assert (binding.status, binding.reject_reason) == (BindingStatus.REJECTED, "Участок 1 не ваш")
    [entry] = await audit.latest(action_prefix="binding.reject")
    assert entry.details["reason"] == "Участок 1 не ваш"


async def test_a_request_decided_already_changes_nothing(world: World) -> None:
    binding_id = await pending(world)
    async with serve(world, "disp") as browser:
        await browser.post(f"/sites/{world.site}/bindings/{binding_id}/approve", {})
        notices = await OutboxMessage.all().count()
        _, location, _ = await browser.post(f"/sites/{world.site}/bindings/{binding_id}/reject", {"reason": "Поздно"})
        page = await browser.follow(location)
        _, _, _ = await browser.post(f"/sites/{world.site}/bindings/{binding_id}/approve", {})
    assert "уже принято решение; ничего не изменилось" in page
    binding = await Binding.get(id=binding_id)
    assert (binding.status, binding.reject_reason) == (BindingStatus.ACTIVE, "")
    assert await OutboxMessage.all().count() == notices
    assert [e.action for e in await audit.latest(action_prefix="binding.")][:2] == [
        "binding.approve.noop",
        "binding.reject.noop",
    ]


async def test_readers_see_the_queue_without_buttons_and_cannot_decide(world: World) -> None:
    binding_id = await pending(world)
    async with serve(world, "reader") as browser:
        status, page = await browser.get(f"/sites/{world.site}/bindings")
        approve, _, _ = await browser.post(f"/sites/{world.site}/bindings/{binding_id}/approve", {})
        reject, _, _ = await browser.post(f"/sites/{world.site}/bindings/{binding_id}/reject", {"reason": "x"})
    assert status == 200
    assert f'id="binding-{binding_id}"' in page
    assert "approve-form" not in page
    assert "reject-form" not in page
    assert (approve, reject) == (403, 403)
    assert (await Binding.get(id=binding_id)).status == BindingStatus.PENDING
    assert len(await audit.latest(action_prefix="access.denied")) == 2


async def test_engineers_and_other_sites_cannot_decide(world: World) -> None:
    binding_id = await pending(world)
    far = await pending(world, "L900", 5002, "Житель Лесного")
    async with serve(world, "eng") as browser:
        page, _ = await browser.get(f"/sites/{world.site}/bindings")
        engineer, _, _ = await browser.post(f"/sites/{world.site}/bindings/{binding_id}/approve", {})
    async with serve(world, "other") as browser:
        other, _, _ = await browser.post(f"/sites/{world.site}/bindings/{binding_id}/approve", {})
        # a request of another site through one's own site's address is not found
        crossed, _, _ = await browser.post(f"/sites/{world.other_site}/bindings/{binding_id}/approve", {})
        own, _, _ = await browser.post(f"/sites/{world.other_site}/bindings/{far}/approve", {})
    assert (page, engineer, other, crossed, own) == (403, 403, 403, 404, 303)
    assert (await Binding.get(id=binding_id)).status == BindingStatus.PENDING
    assert (await Binding.get(id=far)).status == BindingStatus.ACTIVE


async def test_a_forged_token_decides_nothing(world: World) -> None:
    binding_id = await pending(world)
    async with serve(world, "chair") as browser:
        status, _, body = await browser.post(f"/sites/{world.site}/bindings/{binding_id}/approve", {}, token="x")
    assert status == 403
    assert "Форма устарела" in body
    assert (await Binding.get(id=binding_id)).status == BindingStatus.PENDING


async def test_without_the_binding_service_the_queue_says_so(world: World) -> None:
    binding_id = await pending(world)
    async with serve(world, "chair", with_bindings=False) as browser:
        _, page = await browser.get(f"/sites/{world.site}/bindings")
        status, _, _ = await browser.post(f"/sites/{world.site}/bindings/{binding_id}/approve", {})
    assert 'id="queue-unavailable"' in page
    assert status == 503
