"""A resident, a chairman and the operators' group talking to the real Dispatcher, with the real services.

Shared by the registration, binding and approval tests. Telegram is the recording session (the Bot API
requests aiogram really makes); the outbox is delivered by the real DeliveryWorker through the real
TelegramNotifier over the same session, and e-mail through the real SMTP mailer to an aiosmtpd server.
"""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.fsm.context import FSMContext
from aiosmtpd.controller import Controller

from bot.dispatcher import build_dispatcher
from bot.mailer import SmtpMailer
from bot.notifier import TelegramNotifier
from bot.telegram import create_bot
from handlers.operator.notices import BindingNoticeRenderer
from services.bindings import BindingService
from services.clock import FixedClock
from services.db.models import Account, Meter, Person, Plot, Site, StaffRole
from services.enums import Role
from services.outbox import DeliveryWorker, OutboxService
from services.people import PeopleService
from services.profile import ProfileService
from tests.fakes.telegram import (
    TEST_TOKEN,
    Call,
    RecordingSession,
    bot_user,
    callback_update,
    contact_update,
    feed,
    message_update,
    message_update_dict,
)

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 12:00 in Moscow
USER = 1001
NEIGHBOUR = 1002
CHAIRMAN = 2001
STRANGER = 3001
GROUP = -100500
SUPPORT = "+7 (495) 123-45-67, правление"

METER_MAC = ("012345678", "00:1A:2B:3C:4D:5E")
METER_IMEI = ("E-900", "356938035643809")
METER_OTHER_PLOT = ("777001", "AA:BB:CC:DD:EE:01")


class Inbox:
    """aiosmtpd handler keeping what a real SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def smtp_server() -> Iterator[tuple[Inbox, str]]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, f"smtp://127.0.0.1:{port}"
    finally:
        controller.stop()


@dataclass
class Seeded:
    site: Site
    plot12: Plot
    plot7: Plot
    meter_mac: Meter
    meter_imei: Meter
    meter_other: Meter
    chairman_id: int


@dataclass
class World:
    dp: Dispatcher
    bot: Bot
    session: RecordingSession
    clock: FixedClock
    people: PeopleService
    profiles: ProfileService
    bindings: BindingService
    outbox: OutboxService
    smtp_url: str | None = None
    notes: dict[str, Any] = field(default_factory=dict)

    async def send(self, text: str, *, user_id: int = USER, **kwargs: Any) -> list[Call]:
        return await self._feed(message_update(text, user_id=user_id, **kwargs))

    async def press(self, data: str, message_id: int, *, user_id: int = USER, **kwargs: Any) -> list[Call]:
        return await self._feed(callback_update(data, message_id=message_id, user_id=user_id, **kwargs))

    async def share_contact(self, phone: str, *, user_id: int = USER, **kwargs: Any) -> list[Call]:
        return await self._feed(contact_update(phone, user_id=user_id, **kwargs))

    async def reply_in_group(self, text: str, reply_to: int, *, user_id: int, **kwargs: Any) -> list[Call]:
        """A message in the operators' group answering the bot's message ``reply_to`` (as privacy mode needs)."""
        update = message_update_dict(text, user_id=user_id, chat_id=GROUP, **kwargs)
        update["message"]["reply_to_message"] = {
            "message_id": reply_to,
            "date": update["message"]["date"],
            "chat": update["message"]["chat"],
            "from": bot_user(TEST_TOKEN),
            "text": "…",
        }
        return await self._feed(update)

    async def deliver(self) -> list[Call]:
        """Deliver every due outbox row with the real worker; the Bot API calls it made."""
        mailer = SmtpMailer(self.smtp_url, "meterbot@mail.ru", timeout=5) if self.smtp_url else None
        worker = DeliveryWorker(self.outbox, TelegramNotifier(self.bot), mailer)
        before = len(self.session.calls)
        for item in await self.outbox.claim_due():
            await worker.deliver(item)
        return self.session.calls[before:]

    def state(self, user_id: int = USER, chat_id: int | None = None) -> FSMContext:
        return self.dp.fsm.get_context(self.bot, chat_id=chat_id if chat_id is not None else user_id, user_id=user_id)

    async def _feed(self, update: Any) -> list[Call]:
        before = len(self.session.calls)
        await feed(self.dp, self.bot, update)
        return self.session.calls[before:]


def make_world(*, default_operators_chat_id: int | None = None, smtp_url: str | None = None) -> World:
    session = RecordingSession()
    bot = create_bot(TEST_TOKEN, None, session=session)
    clock = FixedClock(NOW)
    people = PeopleService(clock)
    profiles = ProfileService(clock)
    outbox = OutboxService(clock)
    bindings = BindingService(
        clock, outbox, BindingNoticeRenderer("ru"), default_operators_chat_id=default_operators_chat_id
    )
    dp = build_dispatcher(people=people, profiles=profiles, bindings=bindings, outbox=outbox, clock=clock)
    return World(dp, bot, session, clock, people, profiles, bindings, outbox, smtp_url)


async def resident(
    world: World,
    user_id: int = USER,
    *,
    name: str = "Иван Петров",
    phone: str = "+79991234567",
    email_address: str = "",
    locale: str = "ru",
) -> int:
    """A registered resident (as if they had gone through registration); returns the person id."""
    person, _ = await world.people.get_or_create_by_telegram(user_id, name)
    await world.people.set_locale(person.id, locale)
    await world.profiles.register(person.id, name=name, phone=phone, email=email_address)
    return person.id


async def seed(*, operators_chat_id: int | None = GROUP, consent_text: str = "") -> Seeded:
    """СНТ «Ромашка»: plot 12 (account 1201) with a ZigBee and a GSM meter, plot 7 with one meter, and
    its chairman."""
    site = await Site.create(
        slug="romashka",
        name="СНТ «Ромашка»",
        operators_chat_id=operators_chat_id,
        support_contact=SUPPORT,
        consent_text=consent_text,
    )
    plot12 = await Plot.create(site=site, number="12")
    plot7 = await Plot.create(site=site, number="7")
    account = await Account.create(site=site, plot=plot12, number="1201")
    meter_mac = await Meter.create(
        site=site,
        plot=plot12,
        account=account,
        serial=METER_MAC[0],
        mac=METER_MAC[1],
        model="Энергомера CE208",
        topic_id=METER_MAC[0],
    )
    meter_imei = await Meter.create(
        site=site,
        plot=plot12,
        account=account,
        serial=METER_IMEI[0],
        imei=METER_IMEI[1],
        model="Нева МТ 124 GSM",
        topic_id=METER_IMEI[0],
    )
    meter_other = await Meter.create(
        site=site, plot=plot7, serial=METER_OTHER_PLOT[0], mac=METER_OTHER_PLOT[1], topic_id=METER_OTHER_PLOT[0]
    )
    chairman = await Person.create(telegram_id=CHAIRMAN, name="Пётр Председатель", locale="ru")
    await StaffRole.create(person=chairman, site=site, role=Role.CHAIRMAN)
    return Seeded(site, plot12, plot7, meter_mac, meter_imei, meter_other, chairman.id)


def only(calls: list[Call], method: str = "sendMessage") -> Call:
    matching = [call for call in calls if call.method == method]
    assert len(matching) == 1, f"expected one {method}, got {[(c.method, c.text[:60]) for c in calls]}"
    return matching[0]


def reply_keyboard(call: Call) -> list[list[dict[str, Any]]]:
    markup = call.reply_markup or {}
    rows: list[list[dict[str, Any]]] = markup.get("keyboard") or []
    return rows
