"""Announcements and reminders through the real Dispatcher, the real services and the real delivery worker.

Telegram is the recording session; the outbox is delivered by the real DeliveryWorker through the real
TelegramNotifier over that session, and e-mail through the real SMTP mailer to an aiosmtpd server.

The estate: СНТ «Ромашка» (Moscow time, readings accepted on days 20–25) with plots 1, 5, 12–15 and 20:
Anna (plot 1), Boris (plot 12, will block the bot), Vera (plots 5 and 13, English), Gleb (plot 14, prefers
e-mail) and Dina, who is still waiting for her binding on plot 15; its chairman, dispatcher, engineer and
reader; and a second site, СНТ «Лесное», with a resident of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update

from bot.dispatcher import build_dispatcher
from bot.mailer import SmtpMailer
from bot.notifier import TelegramNotifier
from bot.telegram import create_bot
from handlers.resident.announcement_texts import AnnouncementNoticeRenderer
from handlers.resident.reminder_notices import ReminderNoticeRenderer
from services.announcements import AnnouncementService
from services.clock import FixedClock
from services.consumption import ConsumptionService
from services.db.models import Binding, Meter, Person, Plot, Site, StaffRole
from services.enums import BindingStatus, Channel, Role
from services.meters import MeterQueryService
from services.outbox import DeliveryWorker, OutboxService
from services.people import PeopleService
from services.readings import ReadingsService
from services.reminders import ReminderService
from tests.fakes.telegram import TEST_TOKEN, Call, RecordingSession, callback_update, feed, message_update_dict
from tests.residents_harness import Inbox, smtp_server

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 12:00 in Moscow, inside the readings window (20–25)
ANNA, BORIS, VERA, GLEB, DINA, FAR = 1001, 1002, 1003, 1004, 1005, 1009
CHAIRMAN, DISPATCHER, ENGINEER, READER, STRANGER = 2001, 2002, 2003, 2004, 3001

__all__ = ["Inbox", "smtp_server"]


@dataclass
class Estate:
    site: Site
    other_site: Site
    plots: dict[str, Plot]
    meters: dict[str, Meter]
    people: dict[int, Person]


@dataclass
class World:
    dp: Dispatcher
    bot: Bot
    session: RecordingSession
    clock: FixedClock
    outbox: OutboxService
    announcements: AnnouncementService
    reminders: ReminderService
    smtp_url: str | None = None
    notes: dict[str, Any] = field(default_factory=dict)

    async def send(self, text: str, *, user_id: int, language_code: str = "ru") -> list[Call]:
        return await self._feed(message_update_dict(text, user_id=user_id, language_code=language_code))

    async def send_photo(self, file_id: str, *, user_id: int, caption: str = "") -> list[Call]:
        update = message_update_dict("photo", user_id=user_id)
        message = update["message"]
        del message["text"]
        message["photo"] = [
            {"file_id": f"{file_id}-small", "file_unique_id": f"{file_id}s", "width": 90, "height": 90},
            {"file_id": file_id, "file_unique_id": f"{file_id}u", "width": 1280, "height": 960},
        ]
        if caption:
            message["caption"] = caption
        return await self._feed(update)

    async def press(self, data: str, message_id: int, *, user_id: int) -> list[Call]:
        return await self._feed(callback_update(data, message_id=message_id, user_id=user_id))

    async def deliver(self, *, blocked: frozenset[int] = frozenset()) -> list[Call]:
        """Deliver every due outbox row with the real worker; chats in ``blocked`` answer 403 as Telegram
        does for a user who blocked the bot. Returns the Bot API calls made."""
        from tests.fakes.telegram import ScriptedError

        mailer = SmtpMailer(self.smtp_url, "meterbot@mail.ru", timeout=5) if self.smtp_url else None
        worker = DeliveryWorker(self.outbox, TelegramNotifier(self.bot), mailer)
        before = len(self.session.calls)
        for _ in range(3):  # a fallback to e-mail becomes due again at once
            items = await self.outbox.claim_due()
            if not items:
                break
            for item in items:
                if item.channel is Channel.TELEGRAM and item.message.chat_id in blocked:
                    error = ScriptedError(403, "Forbidden: bot was blocked by the user")
                    self.session.fail_next("sendMessage", error)
                    self.session.fail_next("sendPhoto", error)
                await worker.deliver(item)
        return self.session.calls[before:]

    async def _feed(self, update: dict[str, Any]) -> list[Call]:
        before = len(self.session.calls)
        await feed(self.dp, self.bot, Update.model_validate(update, context={"bot": self.bot}))
        return self.session.calls[before:]


def make_world(*, smtp_url: str | None = None, now: datetime = NOW) -> World:
    session = RecordingSession()
    bot = create_bot(TEST_TOKEN, None, session=session)
    clock = FixedClock(now)
    outbox = OutboxService(clock)
    consumption = ConsumptionService(clock)
    announcements = AnnouncementService(clock, outbox, AnnouncementNoticeRenderer("ru"))
    reminders = ReminderService(clock, outbox, ReminderNoticeRenderer("ru"))
    dp = build_dispatcher(
        people=PeopleService(clock),
        clock=clock,
        outbox=outbox,
        announcements=announcements,
        readings=ReadingsService(clock, consumption),
        meter_queries=MeterQueryService(clock, consumption),
    )
    return World(dp, bot, session, clock, outbox, announcements, reminders, smtp_url)


async def person(telegram_id: int | None, name: str, **fields: Any) -> Person:
    return await Person.create(telegram_id=telegram_id, name=name, locale=fields.pop("locale", "ru"), **fields)


async def estate() -> Estate:
    site = await Site.create(
        slug="romashka", name="СНТ «Ромашка»", reading_window_start_day=20, reading_window_end_day=25
    )
    other = await Site.create(slug="lesnoe", name="СНТ «Лесное»")
    plots = {number: await Plot.create(site=site, number=number) for number in ("1", "5", "12", "13", "14", "15", "20")}
    plots["far"] = await Plot.create(site=other, number="1")
    meters: dict[str, Meter] = {}
    for number in ("1", "5", "12", "13", "14", "15", "20"):
        serial = f"RM-{number}"
        meters[number] = await Meter.create(
            site=site, plot=plots[number], serial=serial, topic_id=serial, model="Нева МТ 124", has_telemetry=False
        )
    meters["far"] = await Meter.create(site=other, plot=plots["far"], serial="LS-1", topic_id="LS-1")
    people = {
        ANNA: await person(ANNA, "Анна Соколова", email="anna@mail.ru"),
        BORIS: await person(BORIS, "Борис Орлов", email="boris@mail.ru"),
        VERA: await person(VERA, "Vera Smith", locale="en"),
        GLEB: await person(GLEB, "Глеб Иванов", email="gleb@mail.ru", channel=Channel.EMAIL),
        DINA: await person(DINA, "Дина Петрова"),
        FAR: await person(FAR, "Фёдор Лесной"),
    }
    for telegram_id, number in ((ANNA, "1"), (BORIS, "12"), (VERA, "5"), (VERA, "13"), (GLEB, "14"), (FAR, "far")):
        await Binding.create(person=people[telegram_id], meter=meters[number], status=BindingStatus.ACTIVE)
    await Binding.create(person=people[DINA], meter=meters["15"], status=BindingStatus.PENDING)
    await Binding.create(person=people[ANNA], meter=meters["20"], status=BindingStatus.UNBOUND)
    for telegram_id, name, role in (
        (CHAIRMAN, "Пётр Председатель", Role.CHAIRMAN),
        (DISPATCHER, "Ольга Диспетчер", Role.DISPATCHER),
        (ENGINEER, "Иван Инженер", Role.ENGINEER),
        (READER, "Роман Читатель", Role.READER),
    ):
        people[telegram_id] = await person(telegram_id, name)
        await StaffRole.create(person=people[telegram_id], site=site, role=role)
    people[STRANGER] = await person(STRANGER, "Посторонний")
    return Estate(site, other, plots, meters, people)


@contextmanager
def mail() -> Iterator[tuple[Inbox, str]]:
    with smtp_server() as server:
        yield server


def texts_to(calls: list[Call], chat_id: int) -> list[str]:
    return [call.text for call in calls if call.chat_id == chat_id and call.method in {"sendMessage", "sendPhoto"}]


def last_message(calls: list[Call]) -> Call:
    sent = [call for call in calls if call.method in {"sendMessage", "sendPhoto", "editMessageText"}]
    assert sent, f"no message among {[c.method for c in calls]}"
    return sent[-1]
