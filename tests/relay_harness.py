"""The operators' group, a chairman, a dispatcher and a resident talking to the real Dispatcher about a meter's
relay, with the real services: RestrictionService over RelayService, whose publisher is a recording test
double of our own port (``services.relay.RelayPublisher``). The outbox is delivered by the real worker
through the real TelegramNotifier over the recording session; the progress editor edits the same way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Dispatcher

from bot.dispatcher import build_dispatcher
from bot.notifier import TelegramNotifier
from bot.telegram import create_bot
from handlers.operator.relay_progress import RelayProgressEditor
from handlers.operator.restriction_texts import RestrictionNoticeRenderer
from services.clock import FixedClock
from services.db.models import Binding, Meter, Person, Plot, Site, StaffRole
from services.enums import BindingStatus, Protocol, RelayState, Role
from services.ingest import RelayStateIn
from services.outbox import DeliveryWorker, OutboxService
from services.people import PeopleService
from services.relay import CommandDTO, RelayService
from services.restrictions import RestrictionService
from tests.fakes.telegram import (
    TEST_TOKEN,
    Call,
    RecordingSession,
    bot_user,
    callback_update,
    feed,
    message_update,
    message_update_dict,
)

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 12:00 in Moscow, Monday 23.11.2026
GROUP = -100500
CHAIRMAN = 2001
DISPATCHER = 2002
RESIDENT = 1001
STRANGER = 3001
SERIAL = "012345678"
SUPPORT = "+7 (495) 123-45-67, правление"


class Publisher:
    """The relay port's test double: records what would go on the wire."""

    def __init__(self) -> None:
        self.published: list[CommandDTO] = []

    async def publish(self, command: CommandDTO) -> None:
        self.published.append(command)


@dataclass
class Seeded:
    site: Site
    plot: Plot
    meter: Meter
    resident_id: int
    chairman_id: int
    dispatcher_id: int


@dataclass
class World:
    dp: Dispatcher
    bot: Bot
    session: RecordingSession
    clock: FixedClock
    outbox: OutboxService
    relay: RelayService
    restrictions: RestrictionService
    editor: RelayProgressEditor
    publisher: Publisher

    async def send(self, text: str, *, user_id: int = CHAIRMAN, chat_id: int | None = GROUP) -> list[Call]:
        return await self._feed(message_update(text, user_id=user_id, chat_id=chat_id, first_name=_name(user_id)))

    async def reply(self, text: str, reply_to: Call, *, user_id: int = CHAIRMAN) -> list[Call]:
        """An answer to the bot's prompt (a reply, as a bot in privacy mode needs in a group)."""
        chat_id = reply_to.chat_id
        update = message_update_dict(text, user_id=user_id, chat_id=chat_id, first_name=_name(user_id))
        update["message"]["reply_to_message"] = {
            "message_id": reply_to.message_id,
            "date": update["message"]["date"],
            "chat": update["message"]["chat"],
            "from": bot_user(TEST_TOKEN),
            "text": reply_to.text or "…",
        }
        return await self._feed(update)

    async def press(self, data: str, on: Call | tuple[int, int], *, user_id: int = CHAIRMAN) -> list[Call]:
        """A press of ``data`` under the bot's message ``on`` (a call that sent it, or (chat, message id))."""
        chat_id, message_id = (on.chat_id or 0, on.message_id) if isinstance(on, Call) else on
        update = callback_update(data, message_id=message_id, user_id=user_id, chat_id=chat_id)
        return await self._feed(update)

    async def deliver(self) -> list[Call]:
        """Deliver every due outbox row with the real worker; the Bot API calls it made."""
        worker = DeliveryWorker(self.outbox, TelegramNotifier(self.bot), None)
        before = len(self.session.calls)
        for item in await self.outbox.claim_due():
            await worker.deliver(item)
        return self.session.calls[before:]

    async def settle(self) -> list[Call]:
        """Let the progress editor finish its edits; the calls it made."""
        before = len(self.session.calls)
        await self.editor.drain()
        return self.session.calls[before:]

    async def device_reports(self, meter: Meter, state: RelayState, command_id: Any) -> list[Call]:
        """The meter answers a command (native protocol: with our id)."""
        report = RelayStateIn(meter.topic_id, state, command_id, protocol=Protocol.NATIVE)
        await self.relay.on_state_reports([(meter.id, report)])
        return await self.settle()

    async def _feed(self, update: Any) -> list[Call]:
        before = len(self.session.calls)
        await feed(self.dp, self.bot, update)
        await self.editor.drain()
        return self.session.calls[before:]


def _name(user_id: int) -> str:
    return {CHAIRMAN: "Пётр", DISPATCHER: "Анна", RESIDENT: "Иван"}.get(user_id, "Сергей")


def make_world() -> World:
    session = RecordingSession()
    bot = create_bot(TEST_TOKEN, None, session=session)
    clock = FixedClock(NOW)
    outbox = OutboxService(clock)
    publisher = Publisher()
    relay = RelayService(clock, publisher)
    restrictions = RestrictionService(clock, outbox, RestrictionNoticeRenderer("ru"), relay)
    editor = RelayProgressEditor(bot, outbox, "ru")
    restrictions.subscribe(editor)
    dp = build_dispatcher(people=PeopleService(clock), outbox=outbox, clock=clock, restrictions=restrictions)
    return World(dp, bot, session, clock, outbox, relay, restrictions, editor, publisher)


async def seed() -> Seeded:
    """СНТ «Ромашка»: plot 12 with an online native meter bound to Иван; a chairman and a dispatcher."""
    site = await Site.create(slug="romashka", name="СНТ «Ромашка»", operators_chat_id=GROUP, support_contact=SUPPORT)
    plot = await Plot.create(site=site, number="12")
    meter = await Meter.create(
        site=site, plot=plot, serial=SERIAL, model="Энергомера CE208", topic_id=SERIAL, online=True
    )
    resident = await Person.create(telegram_id=RESIDENT, name="Иван Петров", phone="+79991234567", locale="ru")
    await Binding.create(person=resident, meter=meter, status=BindingStatus.ACTIVE)
    chairman = await Person.create(telegram_id=CHAIRMAN, name="Пётр Председатель", locale="ru")
    await StaffRole.create(person=chairman, site=site, role=Role.CHAIRMAN)
    dispatcher = await Person.create(telegram_id=DISPATCHER, name="Анна Диспетчер", locale="ru")
    await StaffRole.create(person=dispatcher, site=site, role=Role.DISPATCHER)
    return Seeded(site, plot, meter, resident.id, chairman.id, dispatcher.id)


def only(calls: Sequence[Call], method: str = "sendMessage") -> Call:
    matching = [call for call in calls if call.method == method]
    assert len(matching) == 1, f"expected one {method}, got {[(c.method, c.text[:60]) for c in calls]}"
    return matching[0]


def button(call: Call, label_part: str) -> str:
    """The callback data of the button whose label contains ``label_part``."""
    rows = (call.reply_markup or {}).get("inline_keyboard") or []
    for row in rows:
        for key in row:
            if label_part in key["text"]:
                return str(key["callback_data"])
    raise AssertionError(f"no button {label_part!r} among {call.buttons}")
