"""Binding meters through the real Dispatcher: serial + MAC/IMEI, each refusal, throttling, activation
codes, the QR deep link, and the resident's list with rename and unbind."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

import pytest

from services.bindings import BindingRefused, Refusal
from services.db.models import ActivationCode, AuditEntry, Binding, OutboxMessage
from services.enums import BindingMethod, BindingStatus
from services.errors import InvalidInput, PermissionDenied
from tests.residents_harness import (
    GROUP,
    METER_IMEI,
    METER_MAC,
    METER_OTHER_PLOT,
    NEIGHBOUR,
    NOW,
    SUPPORT,
    USER,
    World,
    make_world,
    only,
    resident,
    seed,
)


@pytest.fixture
async def world(db: str) -> World:
    return make_world()


async def ask(world: World, serial: str, identifier: str, *, user_id: int = USER, language: str = "ru") -> str:
    """/bind → by serial → serial → identifier; the bot's last answer."""
    methods = only(await world.send("/bind", user_id=user_id, language_code=language))
    await world.press("bnm:serial", message_id=methods.message_id, user_id=user_id, language_code=language)
    await world.send(serial, user_id=user_id, language_code=language)
    calls = await world.send(identifier, user_id=user_id, language_code=language)
    return calls[0].text


async def live_bindings() -> list[Binding]:
    return await Binding.filter(status__in=[BindingStatus.PENDING, BindingStatus.ACTIVE]).order_by("id")


# --- serial + MAC / IMEI --------------------------------------------------------------------------


async def test_binding_by_serial_and_mac_is_posted_to_the_group(world: World) -> None:
    seeded = await seed()
    await resident(world, email_address="ivan@mail.ru")

    methods = only(await world.send("/bind"))
    assert "Как привязать счётчик?" in methods.text
    assert methods.callback_data == ["bnm:serial", "bnm:code"]
    calls = await world.press("bnm:serial", message_id=methods.message_id)
    assert "серийный номер" in only(calls).text
    assert only(calls).buttons == ["Отмена"]
    assert "MAC-адрес" in only(await world.send(f" {METER_MAC[0]} ")).text

    done = only(await world.send("00-1a-2b-3c-4d-5e"))

    binding = (await live_bindings())[0]
    assert done.text == (
        f"Заявка № {binding.id} на привязку счётчика № {METER_MAC[0]} отправлена председателю. Решение придёт сюда."
    )
    assert (binding.status, binding.method, binding.meter_id) == (  # type: ignore[attr-defined]
        BindingStatus.PENDING,
        BindingMethod.SERIAL,
        seeded.meter_mac.id,
    )
    assert await world.state().get_state() is None

    post = only(await world.deliver())
    assert post.chat_id == GROUP
    for part in (
        f"Заявка № {binding.id} на привязку счётчика",
        "Житель: Иван Петров",
        "Телефон: +79991234567",
        "Эл. почта: ivan@mail.ru",
        "Объект: СНТ «Ромашка»",
        "Участок: 12 (л/с 1201)",
        f"Счётчик: № {METER_MAC[0]}, Энергомера CE208",
        "Способ: серийный номер и MAC/IMEI",
        "Подана: 23.11.2026 12:00",
    ):
        assert part in post.text
    assert post.buttons == ["✅ Подтвердить", "❌ Отклонить"]
    assert post.callback_data == [f"bd:ok:{binding.id}", f"bd:no:{binding.id}"]
    assert await world.outbox.sent_message(f"binding:{binding.id}") == (GROUP, post.message_id)


async def test_binding_by_serial_and_imei_in_english(world: World) -> None:
    seeded = await seed()
    await resident(world, locale="en")

    text = await ask(world, METER_IMEI[0].lower(), "35693803-5643809", language="en")

    binding = (await live_bindings())[0]
    assert text.startswith(f"Request No. {binding.id} to bind meter No. E-900 has been sent to the chairman.")
    assert binding.meter_id == seeded.meter_imei.id  # type: ignore[attr-defined]
    post = only(await world.deliver())
    assert "Способ: серийный номер и MAC/IMEI" in post.text  # the group reads the site's language


async def test_the_falling_back_operators_chat_from_the_settings(db: str) -> None:
    world = make_world(default_operators_chat_id=-42)
    await seed(operators_chat_id=None)
    await resident(world)

    await ask(world, *METER_MAC)

    assert only(await world.deliver()).chat_id == -42


@pytest.mark.parametrize(
    ("serial", "identifier", "expected", "asks_again"),
    [
        ("999999", METER_MAC[1], "Счётчика с таким серийным номером нет в реестре", True),
        (METER_MAC[0], "00:1A:2B:3C:4D:5F", "не совпадают с данными реестра", True),
        (METER_MAC[0], METER_IMEI[1], "не совпадают с данными реестра", True),
    ],
)
async def test_wrong_serial_or_identifier(
    world: World, serial: str, identifier: str, expected: str, asks_again: bool
) -> None:
    await seed()
    await resident(world)
    methods = only(await world.send("/bind"))
    await world.press("bnm:serial", message_id=methods.message_id)
    await world.send(serial)

    calls = await world.send(identifier)

    assert expected in calls[0].text
    assert f"Поддержка: {SUPPORT}" in calls[0].text
    assert "Введите серийный номер" in calls[1].text  # back to the serial
    assert await live_bindings() == []
    assert await AuditEntry.filter(action="binding.failed", allowed=False).count() == 1


async def test_already_pending_already_yours_and_bound_to_someone_else(world: World) -> None:
    seeded = await seed()
    await resident(world)
    await resident(world, NEIGHBOUR, name="Анна Соседова", phone="+79990000002")

    await ask(world, *METER_MAC)
    assert "Вы уже подали заявку на этот счётчик" in await ask(world, *METER_MAC)

    await Binding.filter(meter_id=seeded.meter_mac.id).update(status=BindingStatus.ACTIVE)
    assert "уже привязан к вам" in await ask(world, *METER_MAC)
    neighbour = await ask(world, *METER_MAC, user_id=NEIGHBOUR)
    assert "уже привязан к другому жителю" in neighbour
    assert SUPPORT in neighbour
    assert len(await live_bindings()) == 1
    assert await AuditEntry.filter(action="binding.failed").count() == 0  # right identifiers are no guess


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("№ 12", "латинских букв и цифр"), ("x" * 65, "слишком длинный")],
)
async def test_malformed_serials_are_asked_again(world: World, typed: str, expected: str) -> None:
    await seed()
    await resident(world)
    methods = only(await world.send("/bind"))
    await world.press("bnm:serial", message_id=methods.message_id)

    assert expected in only(await world.send(typed)).text
    assert "MAC-адрес" in only(await world.send(METER_MAC[0])).text
    assert "не MAC-адрес" in only(await world.send("hello")).text
    assert await AuditEntry.filter(action="binding.failed").count() == 0


async def test_binding_needs_registration_first(world: World) -> None:
    await seed()
    await world.people.get_or_create_by_telegram(USER, "Иван")

    reply = only(await world.send("/bind"))

    assert "Сначала короткая регистрация" in reply.text


# --- throttling -----------------------------------------------------------------------------------


async def test_repeated_failures_are_throttled_with_growing_locks(world: World) -> None:
    await seed()
    person = await resident(world)

    for attempt in range(5):
        assert "нет в реестре" in await ask(world, f"99900{attempt}", METER_MAC[1])
    locked = await ask(world, *METER_MAC)
    assert "Слишком много неудачных попыток" in locked
    assert "через 15 минут" in locked
    assert await live_bindings() == []
    assert await world.state().get_state() is None

    world.clock.set(NOW + timedelta(minutes=14))
    assert "через 1 минуту" in await ask(world, *METER_MAC)
    world.clock.set(NOW + timedelta(minutes=15))
    for attempt in range(5):
        assert "нет в реестре" in await ask(world, f"88800{attempt}", METER_MAC[1])
    assert "через 30 минут" in await ask(world, *METER_MAC)

    await world.people.set_locale(person, "en")
    en = await ask(world, *METER_MAC, language="en")
    assert "Too many failed attempts" in en


async def test_a_success_ends_the_run_of_failures(world: World) -> None:
    await seed()
    await resident(world)
    for attempt in range(4):
        await ask(world, f"99900{attempt}", METER_MAC[1])
    assert "отправлена председателю" in await ask(world, *METER_MAC)

    assert "нет в реестре" in await ask(world, "999990", METER_MAC[1])
    assert "отправлена председателю" in await ask(world, *METER_OTHER_PLOT)


# --- activation codes -----------------------------------------------------------------------------


async def redeem(world: World, code: str, *, user_id: int = USER, language: str = "ru") -> str:
    methods = only(await world.send("/bind", user_id=user_id, language_code=language))
    calls = await world.press("bnm:code", message_id=methods.message_id, user_id=user_id, language_code=language)
    assert "код активации" in only(calls).text or "activation code" in only(calls).text
    return only(await world.send(code, user_id=user_id, language_code=language)).text


async def test_an_activation_code_binds_the_plots_meters_at_once(world: World) -> None:
    seeded = await seed()
    await resident(world)
    [code] = await world.bindings.generate_codes(seeded.site.id, [seeded.plot12.id], seeded.chairman_id)
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{8}", code.code)
    assert code.expires_at == NOW + timedelta(days=7)

    reply = await redeem(world, f"{code.code[:4].lower()}-{code.code[4:].lower()}")

    assert "Готово! Счётчики участка 12 привязаны к вам:" in reply
    assert f"№ {METER_MAC[0]}" in reply
    assert f"№ {METER_IMEI[0]}" in reply
    rows = await live_bindings()
    assert {(b.meter_id, b.status, b.method) for b in rows} == {  # type: ignore[attr-defined]
        (seeded.meter_mac.id, BindingStatus.ACTIVE, BindingMethod.CODE),
        (seeded.meter_imei.id, BindingStatus.ACTIVE, BindingMethod.CODE),
    }
    used = await ActivationCode.get(code=code.code)
    assert used.used_at == NOW
    assert await world.outbox.pending_count() == 0  # nothing for the chairman to decide


@pytest.mark.parametrize("language", ["ru", "en"])
async def test_expired_used_wrong_and_malformed_codes(world: World, language: str) -> None:
    seeded = await seed()
    await resident(world, locale=language)
    await resident(world, NEIGHBOUR, name="Анна Соседова", phone="+79990000002", locale=language)
    [code] = await world.bindings.generate_codes(seeded.site.id, [seeded.plot12.id], None)
    ru = language == "ru"

    wrong = await redeem(world, "ABCD-EFGH", language=language)
    assert ("Такого кода активации нет" if ru else "There is no such activation code") in wrong
    assert await world.state().get_state() is not None  # asked again
    malformed = only(await world.send("12345", language_code=language)).text
    assert ("Код активации состоит из 8" if ru else "An activation code has 8") in malformed

    assert ("привязаны к вам" if ru else "are bound to you") in only(await world.send(code.code)).text
    used = await redeem(world, code.code, user_id=NEIGHBOUR, language=language)
    assert ("уже использован" if ru else "has already been used") in used

    [fresh] = await world.bindings.generate_codes(seeded.site.id, [seeded.plot7.id], None)
    world.clock.set(NOW + timedelta(days=7))
    expired = await redeem(world, fresh.code, user_id=NEIGHBOUR, language=language)
    assert ("Срок действия кода активации истёк" if ru else "has expired") in expired
    assert SUPPORT in expired


async def test_a_code_redeemed_twice_at_once_binds_once(world: World) -> None:
    seeded = await seed()
    first = await resident(world)
    second = await resident(world, NEIGHBOUR, name="Анна Соседова", phone="+79990000002")
    [code] = await world.bindings.generate_codes(seeded.site.id, [seeded.plot7.id], None)

    results = await asyncio.gather(
        world.bindings.redeem_code(first, code.code),
        world.bindings.redeem_code(second, code.code),
        return_exceptions=True,
    )

    assert sum(not isinstance(result, BaseException) for result in results) == 1
    refused = [result for result in results if isinstance(result, BindingRefused)]
    assert [error.reason for error in refused] == [Refusal.CODE_USED]
    assert len(await live_bindings()) == 1


async def test_bulk_generation_skips_used_plots_and_replaces_unused_codes(world: World) -> None:
    seeded = await seed()
    person = await resident(world)
    first = await world.bindings.generate_codes(seeded.site.id, None, seeded.chairman_id)
    assert [code.plot_number for code in first] == ["7", "12"]
    await world.bindings.redeem_code(person, first[1].code)

    again = await world.bindings.generate_codes(seeded.site.id, None, seeded.chairman_id)

    assert [code.plot_number for code in again] == ["7"]
    with pytest.raises(BindingRefused) as caught:
        await world.bindings.redeem_code(person, first[0].code)
    assert caught.value.reason is Refusal.CODE_EXPIRED  # replaced by the new one
    with pytest.raises(PermissionDenied):
        await world.bindings.generate_codes(seeded.site.id, None, person)
    assert await AuditEntry.filter(action="binding.codes", allowed=False, actor_id=person).count() == 1
    with pytest.raises(InvalidInput):
        await world.bindings.redeem_code(person, "0000-0000")  # 0 is not in the alphabet


# --- QR deep link ---------------------------------------------------------------------------------


async def test_a_qr_deep_link_opens_the_binding_with_the_meter_filled_in(world: World) -> None:
    seeded = await seed()
    await resident(world)
    token = await world.bindings.ensure_qr_token(seeded.meter_mac.id)
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,32}", token)
    assert await world.bindings.ensure_qr_token(seeded.meter_mac.id) == token

    confirm = only(await world.send(f"/start {token}"))

    assert "Привязать этот счётчик к вам?" in confirm.text
    assert f"Счётчик: № {METER_MAC[0]}" in confirm.text
    assert "Участок: 12" in confirm.text
    assert confirm.callback_data == ["bq:yes", "bq:no"]

    calls = await world.press("bq:yes", message_id=confirm.message_id)

    assert "отправлена председателю" in only(calls, "editMessageText").text
    [binding] = await live_bindings()
    assert (binding.status, binding.method) == (BindingStatus.PENDING, BindingMethod.QR)
    post = only(await world.deliver())
    assert post.chat_id == GROUP
    assert "Способ: QR-код на счётчике" in post.text


async def test_a_qr_link_declined_or_unknown(world: World) -> None:
    seeded = await seed()
    await resident(world)
    token = await world.bindings.ensure_qr_token(seeded.meter_mac.id)

    confirm = only(await world.send(f"/start {token}"))
    assert only(await world.press("bq:no", message_id=confirm.message_id), "editMessageText").text == (
        "Привязка отменена."
    )
    assert await live_bindings() == []
    assert "QR-код недействителен" in only(await world.send("/start NoSuchToken_123")).text
    assert only(await world.press("bq:yes", message_id=confirm.message_id), "answerCallbackQuery")
    assert await live_bindings() == []


async def test_a_new_resident_follows_a_qr_link_through_registration(world: World) -> None:
    seeded = await seed()
    token = await world.bindings.ensure_qr_token(seeded.meter_imei.id)

    greeting = only(await world.send(f"/start {token}", language_code="en", first_name="John"))
    await world.press("lng:en", message_id=greeting.message_id, language_code="en")
    await world.send("John Smith", language_code="en")
    await world.send("+79991234567", language_code="en")
    consent = (await world.send("Skip", language_code="en"))[-1]
    calls = await world.press("reg:yes", message_id=consent.message_id, language_code="en")

    assert "Registration is complete" in calls[-2].text
    assert "Bind this meter to you?" in calls[-1].text
    assert f"Meter: No. {METER_IMEI[0]}" in calls[-1].text
    await world.press("bq:yes", message_id=calls[-1].message_id, language_code="en")
    assert [b.method for b in await live_bindings()] == [BindingMethod.QR]


# --- the resident's list: several plots, rename, unbind -------------------------------------------


async def test_several_meters_on_several_plots_are_listed_grouped(world: World) -> None:
    seeded = await seed()
    person = await resident(world)
    [code] = await world.bindings.generate_codes(seeded.site.id, [seeded.plot12.id], None)
    await world.bindings.redeem_code(person, code.code)
    await ask(world, *METER_OTHER_PLOT)

    listing = only(await world.send("/bindings"))

    text = listing.text
    assert text.index("<b>Участок 7</b>") < text.index("<b>Участок 12</b> · л/с 1201")
    assert f"• № {METER_OTHER_PLOT[0]}: ⏳ ждёт подтверждения председателя" in text
    assert f"• № {METER_MAC[0]}, Энергомера CE208: ✅ привязан" in text
    assert f"• № {METER_IMEI[0]}, Нева МТ 124 GSM: ✅ привязан" in text
    assert "✖️ Отозвать" in listing.buttons
    assert listing.buttons.count("✖️ Отвязать") == 2
    assert listing.buttons[-1] == "➕ Привязать счётчик"
    assert listing.callback_data[-1] == "bnd:new"


async def test_rename_and_unbind(world: World) -> None:
    seeded = await seed()
    person = await resident(world)
    [code] = await world.bindings.generate_codes(seeded.site.id, [seeded.plot12.id], None)
    await world.bindings.redeem_code(person, code.code)
    mac = await Binding.get(meter_id=seeded.meter_mac.id)
    listing = only(await world.send("/bindings"))

    prompt = only(await world.press(f"bmg:rename:{mac.id}", message_id=listing.message_id))
    assert "Введите новое название счётчика" in prompt.text
    assert "слишком длинное" in only(await world.send("Очень длинное название для счётчика в бане")).text
    calls = await world.send("Основной")
    assert calls[0].text == f"Название изменено: «Основной», № {METER_MAC[0]}."
    assert f"• «Основной», № {METER_MAC[0]}" in calls[1].text
    assert (await Binding.get(id=mac.id)).label == "Основной"

    confirm = only(await world.press(f"bmg:unbind:{mac.id}", message_id=calls[1].message_id))
    assert "Отвязать счётчик «Основной»" in confirm.text
    kept = only(await world.press(f"bmg:keep:{mac.id}", message_id=confirm.message_id), "editMessageText")
    assert "«Основной»" in kept.text
    assert (await Binding.get(id=mac.id)).status == BindingStatus.ACTIVE

    done = only(await world.press(f"bmg:confirm:{mac.id}", message_id=confirm.message_id), "editMessageText")
    assert done.text.startswith(f"Счётчик «Основной», № {METER_MAC[0]} отвязан.")
    assert "«Основной»" not in done.text.split("\n", 1)[1]
    row = await Binding.get(id=mac.id)
    assert (row.status, row.unbound_at) == (BindingStatus.UNBOUND, NOW)
    assert await AuditEntry.exists(action="binding.unbind", actor_id=person, object_id=str(mac.id))

    again = only(await world.press(f"bmg:confirm:{mac.id}", message_id=confirm.message_id), "answerCallbackQuery")
    assert "уже нет в вашем списке" in again.params["text"]


async def test_someone_elses_binding_cannot_be_touched(world: World) -> None:
    seeded = await seed()
    await resident(world)
    neighbour = await resident(world, NEIGHBOUR, name="Анна Соседова", phone="+79990000002")
    [code] = await world.bindings.generate_codes(seeded.site.id, [seeded.plot7.id], None)
    await world.bindings.redeem_code(neighbour, code.code)
    theirs = await Binding.get(person_id=neighbour)

    for action in ("rename", "unbind", "confirm"):
        answer = only(await world.press(f"bmg:{action}:{theirs.id}", message_id=5), "answerCallbackQuery")
        assert answer.params["show_alert"] == "true"
    row = await Binding.get(id=theirs.id)
    assert (row.status, row.label) == (BindingStatus.ACTIVE, "")


async def test_withdrawing_a_pending_request(world: World) -> None:
    await seed()
    await resident(world)
    await ask(world, *METER_MAC)
    [binding] = await live_bindings()
    listing = only(await world.send("/bindings"))

    confirm = only(await world.press(f"bmg:unbind:{binding.id}", message_id=listing.message_id))
    assert "Отозвать заявку на привязку счётчика" in confirm.text
    done = only(await world.press(f"bmg:confirm:{binding.id}", message_id=confirm.message_id), "editMessageText")

    assert done.text.startswith("Заявка отозвана.")
    assert "нет привязанных счётчиков" in done.text
    assert await OutboxMessage.filter(topic=f"binding:{binding.id}").count() == 1  # the group post, no more
