"""Alerts with the real services, the real Dispatcher and the real delivery: shared by the alert tests.

Telegram is the recording session (the Bot API requests aiogram really makes); the outbox is delivered by
the real DeliveryWorker through the real TelegramNotifier over the same session, and e-mail by the real
SMTP mailer to an aiosmtpd server; alert messages are edited through the real TelegramAlertEditor.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from aiogram import Bot, Dispatcher

from bot.dispatcher import build_dispatcher
from bot.mailer import SmtpMailer
from bot.notifier import TelegramNotifier
from bot.telegram import create_bot
from handlers.operator.alert_texts import AlertNoticeRenderer
from handlers.operator.alerts import TelegramAlertEditor
from services.alert_subscriptions import SubscriptionService
from services.alerts import AlertService
from services.clock import FixedClock
from services.consumption import ConsumptionService
from services.db.models import Binding, Meter, Person, Plot, Site, StaffRole, Subscription, WebLogin
from services.enums import BindingStatus, EventClass, MeterKind, Role, Severity
from services.ingest_model import EventIn
from services.outbox import DeliveryWorker, OutboxService
from services.people import PeopleService
from tests.fakes.telegram import TEST_TOKEN, Call, RecordingSession, callback_update, feed, message_update
from tests.residents_harness import Inbox, only, smtp_server

__all__ = ["Inbox", "only", "smtp_server"]

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 12:00 in Moscow
GROUP = -100500
CHAIRMAN = 2001
DISPATCHER = 2002
READER = 3001
ADMIN = 2003
RESIDENT = 1001
_serials = itertools.count(44103814060174)


@dataclass
class Estate:
    site: Site
    plot: Plot
    meter: Meter
    main: Meter
    chairman: Person
    dispatcher: Person
    reader: Person
    admin: Person
    resident: Person


@dataclass
class World:
    dp: Dispatcher
    bot: Bot
    session: RecordingSession
    clock: FixedClock
    outbox: OutboxService
    alerts: AlertService
    subscriptions: SubscriptionService
    smtp_url: str | None = None

    def later(self, **delta: float) -> datetime:
        """Move the clock on."""
        self.clock.set(self.clock.now() + timedelta(**delta))
        return self.clock.now()

    async def deliver(self) -> list[Call]:
        """Deliver every due outbox row with the real worker; the Bot API calls it made."""
        mailer = SmtpMailer(self.smtp_url, "meterbot@mail.ru", timeout=5) if self.smtp_url else None
        worker = DeliveryWorker(self.outbox, TelegramNotifier(self.bot), mailer)
        before = len(self.session.calls)
        for item in await self.outbox.claim_due():
            await worker.deliver(item)
        return self.session.calls[before:]

    async def press(self, data: str, message_id: int, *, user_id: int, chat_id: int | None = GROUP) -> list[Call]:
        update = callback_update(data, message_id=message_id, user_id=user_id, chat_id=chat_id)
        return await self._feed(update)

    async def send(self, text: str, *, user_id: int, **kwargs: Any) -> list[Call]:
        return await self._feed(message_update(text, user_id=user_id, **kwargs))

    async def _feed(self, update: Any) -> list[Call]:
        before = len(self.session.calls)
        await feed(self.dp, self.bot, update)
        return self.session.calls[before:]


def make_world(*, smtp_url: str | None = None, **alert_options: Any) -> World:
    session = RecordingSession()
    bot = create_bot(TEST_TOKEN, None, session=session)
    clock = FixedClock(NOW)
    outbox = OutboxService(clock)
    alerts = AlertService(
        clock,
        outbox,
        AlertNoticeRenderer("ru"),
        editor=TelegramAlertEditor(bot),
        consumption=ConsumptionService(clock),
        **alert_options,
    )
    subscriptions = SubscriptionService(clock)
    dp = build_dispatcher(
        people=PeopleService(clock), outbox=outbox, clock=clock, alerts=alerts, subscriptions=subscriptions
    )
    return World(dp, bot, session, clock, outbox, alerts, subscriptions, smtp_url)


async def person(telegram_id: int | None, name: str, *, email: str = "", locale: str = "ru") -> Person:
    return await Person.create(telegram_id=telegram_id, name=name, email=email, locale=locale)


async def estate(*, operators_chat_id: int | None = GROUP, **site_fields: Any) -> Estate:
    """СНТ «Ромашка»: plot 12 with a resident's meter, the site's main meter, and its staff."""
    site = await Site.create(slug="romashka", name="СНТ «Ромашка»", operators_chat_id=operators_chat_id, **site_fields)
    plot = await Plot.create(site=site, number="12")
    meter = await new_meter(site, plot, label="Дом", model="Энергомера CE208")
    main = await new_meter(site, None, kind=MeterKind.MAIN, model="Меркурий 234")
    resident = await person(RESIDENT, "Иван Петров")
    await Binding.create(person=resident, meter=meter, status=BindingStatus.ACTIVE)
    chairman = await person(CHAIRMAN, "Пётр Председатель", email="chair@mail.ru")
    dispatcher = await person(DISPATCHER, "Дарья Диспетчер", email="darya@mail.ru")
    reader = await person(READER, "Роман Читатель")
    admin = await person(ADMIN, "Анна Админ", email="admin@mail.ru", locale="en")
    for who, role in (
        (chairman, Role.CHAIRMAN),
        (dispatcher, Role.DISPATCHER),
        (reader, Role.READER),
        (admin, Role.ADMIN),
    ):
        await StaffRole.create(person=who, site=site, role=role)
    return Estate(site, plot, meter, main, chairman, dispatcher, reader, admin, resident)


async def new_meter(site: Site, plot: Plot | None, **fields: Any) -> Meter:
    serial = str(fields.pop("serial", next(_serials)))
    return await Meter.create(site=site, plot=plot, serial=serial, topic_id=serial, **fields)


async def superuser(telegram_id: int, name: str) -> Person:
    who = await person(telegram_id, name)
    await WebLogin.create(person=who, login=f"su{telegram_id}", password_hash="x", is_superuser=True)
    return who


async def subscribe(
    who: Person,
    site: Site,
    channel: str = "telegram",
    *,
    kinds: tuple[str, ...] = ("individual", "main"),
    classes: tuple[str, ...] = ("integrity", "tamper", "threshold", "other"),
    severities: tuple[str, ...] = ("info", "warning", "alarm"),
    quiet: tuple[int, int] | None = None,
) -> Subscription:
    return await Subscription.create(
        person=who,
        site=site,
        meter_kinds=list(kinds),
        event_classes=list(classes),
        severities=list(severities),
        channel=channel,
        quiet_from_min=quiet[0] if quiet else None,
        quiet_to_min=quiet[1] if quiet else None,
    )


def event(
    meter: Meter,
    ts: datetime,
    code: str = "cover_open",
    event_class: EventClass = EventClass.TAMPER,
    severity: Severity = Severity.ALARM,
    text: str = "Terminal cover opened",
) -> tuple[int, EventIn]:
    return meter.id, EventIn(meter.serial, ts, code, event_class, severity, text)


def sent_to(calls: list[Call], chat_id: int) -> list[Call]:
    return [c for c in calls if c.method == "sendMessage" and c.chat_id == chat_id]
