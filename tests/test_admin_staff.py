"""Staff management in the admin web: who sees whom, new accounts with roles per site, roles changed per
site (a reader is only a reader), block/unblock (a blocked account cannot sign in), new passwords; every
change and refusal audited."""

from __future__ import annotations

import pytest

from services import audit
from services.db.models import StaffRole, WebLogin
from services.enums import Role
from tests.admin_harness import PASSWORD, World, _fast_hashing, make_world, serve

__all__ = ["_fast_hashing"]


@pytest.fixture
async def world(db: str) -> World:
    return await make_world()


async def roles_of(world: World, login: str) -> set[tuple[int, str]]:
    rows = await StaffRole.filter(person_id=world.people[login]).values_list("site_id", "role")
    return {(int(site), str(role)) for site, role in rows}


async def test_an_administrator_sees_the_staff_of_their_site_only(world: World) -> None:
    async with serve(world, "admin") as browser:
        status, page = await browser.get("/staff")
        hidden, _ = await browser.get(f"/staff/{world.people['other']}")
    assert status == 200
    for name in ("Admin Staff", "Chair Staff", "Disp Staff", "Eng Staff", "Reader Staff"):
        assert name in page
    assert "Other Staff" not in page
    assert ">Root<" not in page
    assert hidden == 404
    async with serve(world, "root") as browser:
        _, everyone = await browser.get("/staff")
    assert "Other Staff" in everyone
    assert "Root" in everyone


@pytest.mark.parametrize("login", ["chair", "disp", "eng", "reader"])
async def test_staff_pages_are_for_administrators(world: World, login: str) -> None:
    target = world.people["eng"]
    async with serve(world, login) as browser:
        listing, _ = await browser.get("/staff")
        status, _, _ = await browser.post(f"/staff/{target}/block", {})
        created, _, _ = await browser.post("/staff", {"login": "intruder", "password": PASSWORD})
    assert (listing, status, created) == (403, 403, 403)
    assert not await WebLogin.get(login="eng").values_list("blocked", flat=True)
    assert not await WebLogin.exists(login="intruder")
    assert len(await audit.latest(action_prefix="access.denied")) == 3


async def test_create_an_account_with_roles_and_sign_in_with_it(world: World) -> None:
    form = {
        "login": "Petrov",
        "name": "Пётр Петров",
        "password": "a long enough password",
        f"role-{world.site}-dispatcher": "1",
        f"role-{world.site}-engineer": "1",
        f"role-{world.other_site}-admin": "1",  # not this administrator's site: ignored
    }
    async with serve(world, "admin") as browser:
        status, location, _ = await browser.post("/staff", form)
        assert status == 303
        page = await browser.follow(location)
    assert "Учётная запись petrov создана." in page
    login = await WebLogin.get(login="petrov")
    assert await roles_of(world, "admin") == {(world.site, "admin")}
    rows = await StaffRole.filter(person_id=login.person_id).values_list("site_id", "role")  # type: ignore[attr-defined]
    assert {(int(s), str(r)) for s, r in rows} == {(world.site, "dispatcher"), (world.site, "engineer")}
    entry = (await audit.latest(action_prefix="staff.create"))[0]
    assert (entry.actor_id, entry.details["login"]) == (world.people["admin"], "petrov")
    async with serve(world) as browser:
        await browser.sign_in("petrov", "a long enough password")
        _, meters = await browser.get(f"/sites/{world.site}/meters")
    assert "Disp Staff" not in meters
    assert "Пётр Петров" in meters


async def test_a_new_account_is_checked(world: World) -> None:
    async with serve(world, "admin") as browser:
        no_role, _, body1 = await browser.post("/staff", {"login": "x-user", "password": PASSWORD})
        short, _, body2 = await browser.post(
            "/staff", {"login": "x-user", "password": "short", f"role-{world.site}-engineer": "1"}
        )
        taken, _, body3 = await browser.post(
            "/staff", {"login": "eng", "password": PASSWORD, f"role-{world.site}-engineer": "1"}
        )
        bad, _, body4 = await browser.post(
            "/staff", {"login": "Иван", "password": PASSWORD, f"role-{world.site}-engineer": "1"}
        )
    assert (no_role, short, taken, bad) == (400, 400, 400, 400)
    assert "хотя бы одну роль" in body1
    assert "не короче 10 символов" in body2
    assert "Этот логин занят." in body3
    assert "Логин: от 3 до 64 латинских букв" in body4
    assert not await WebLogin.exists(login="x-user")


async def test_roles_per_site_and_the_reader_replaces_the_others(world: World) -> None:
    target = world.people["eng"]
    async with serve(world, "admin") as browser:
        status, _, _ = await browser.post(
            f"/staff/{target}/roles",
            {"site": str(world.site), f"role-{world.site}-engineer": "1", f"role-{world.site}-dispatcher": "1"},
        )
        assert status == 303
        assert await roles_of(world, "eng") == {(world.site, "engineer"), (world.site, "dispatcher")}
        await browser.post(
            f"/staff/{target}/roles",
            {"site": str(world.site), f"role-{world.site}-reader": "1", f"role-{world.site}-dispatcher": "1"},
        )
        assert await roles_of(world, "eng") == {(world.site, "reader")}
        elsewhere, _, _ = await browser.post(
            f"/staff/{target}/roles", {"site": str(world.other_site), f"role-{world.other_site}-admin": "1"}
        )
    assert elsewhere == 403
    assert await roles_of(world, "eng") == {(world.site, "reader")}
    entries = await audit.latest(action_prefix="staff.roles")
    assert [(e.allowed, e.details.get("after")) for e in entries] == [
        (False, None),
        (True, ["reader"]),
        (True, ["dispatcher", "engineer"]),
    ]


async def test_block_unblock_and_a_new_password(world: World) -> None:
    target = world.people["disp"]
    async with serve(world, "disp") as victim, serve(world, "admin") as browser:
        status, _, _ = await browser.post(f"/staff/{target}/block", {})
        assert status == 303
        page = await browser.follow(f"/staff/{target}")
        assert "заблокирован" in page
        assert 'id="unblock-form"' in page
        # the blocked person's open session ends at the next click, and signing in fails
        assert (await victim.get("/"))[0] == 303
        token = await victim.token()
        refused = await victim.client.post(
            "/login", data={"csrf_token": token, "login": "disp", "password": PASSWORD}, allow_redirects=False
        )
        assert "Неверный логин или пароль." in await refused.text()
        await browser.post(f"/staff/{target}/unblock", {})
        await browser.post(f"/staff/{target}/password", {"password": "a brand new password"})
        _short, location, _ = await browser.post(f"/staff/{target}/password", {"password": "short"})
        assert "не короче 10 символов" in await browser.follow(location)
    async with serve(world) as fresh:
        await fresh.sign_in("disp", "a brand new password")
    actions = [e.action for e in await audit.latest(action_prefix="staff.")]
    assert actions[:3] == ["staff.set_password", "staff.unblock", "staff.block"]


async def test_nobody_blocks_themselves_and_site_admins_leave_superusers_alone(world: World) -> None:
    async with serve(world, "admin") as browser:
        self_status, location, _ = await browser.post(f"/staff/{world.people['admin']}/block", {})
        message = await browser.follow(location)
        root_status, _, _ = await browser.post(f"/staff/{world.people['root']}/block", {})
    assert self_status == 303
    assert "Со своей учётной записью так нельзя." in message
    assert root_status == 403  # refused and audited
    assert not await WebLogin.filter(blocked=True).exists()


async def test_an_account_with_roles_at_other_sites_is_not_blocked_by_one_sites_admin(world: World) -> None:
    await StaffRole.create(person_id=world.people["eng"], site_id=world.other_site, role=Role.ENGINEER)
    async with serve(world, "admin") as browser:
        page = await browser.follow(f"/staff/{world.people['eng']}")
        status, _, _ = await browser.post(f"/staff/{world.people['eng']}/block", {})
    assert 'id="block-form"' not in page
    assert "Роли на объектах, которыми вы не управляете:" in page
    assert status == 403
    [entry] = await audit.latest(action_prefix="staff.block")
    assert not entry.allowed
