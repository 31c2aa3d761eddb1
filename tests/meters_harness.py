"""A resident with meters talking to the real Dispatcher: shared by the meters, readings and events tests.

Telegram is the recording session (the Bot API requests aiogram really makes); the services are the
real ones on the ``db`` fixture's database, with a clock that stands still.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.fsm.context import FSMContext

from bot.dispatcher import build_dispatcher
from bot.telegram import create_bot
from services.chart_render import ThreadRenderer
from services.charts import ChartService
from services.clock import FixedClock
from services.consumption import ConsumptionService
from services.db.models import Account, Binding, Gateway, Meter, MeterEvent, Person, Plot, Reading, Site
from services.enums import BindingStatus, EventClass, ReadingSource, Severity
from services.events import EventQueryService
from services.meters import MeterQueryService
from services.people import PeopleService
from services.readings import ReadingsService
from tests.fakes.telegram import TEST_TOKEN, Call, RecordingSession, callback_update, feed, message_update

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
"""23.11.2026 12:00 in Moscow: inside the default submission window (20th to 25th)."""
USER = 1001
NEIGHBOUR = 1002
_serials = itertools.count(44103814060174)


@dataclass
class World:
    dp: Dispatcher
    bot: Bot
    session: RecordingSession
    clock: FixedClock
    language: str = "ru"

    async def send(self, text: str, *, user_id: int = USER) -> list[Call]:
        return await self._feed(message_update(text, user_id=user_id, language_code=self.language))

    async def press(self, data: str, message_id: int = 500, *, user_id: int = USER) -> list[Call]:
        update = callback_update(data, message_id=message_id, user_id=user_id, language_code=self.language)
        return await self._feed(update)

    def state(self, user_id: int = USER) -> FSMContext:
        return self.dp.fsm.get_context(self.bot, chat_id=user_id, user_id=user_id)

    async def _feed(self, update: Any) -> list[Call]:
        before = len(self.session.calls)
        await feed(self.dp, self.bot, update)
        return self.session.calls[before:]


def make_world(language: str = "ru", now: datetime = NOW) -> World:
    session = RecordingSession()
    bot = create_bot(TEST_TOKEN, None, session=session)
    clock = FixedClock(now)
    consumption = ConsumptionService(clock)
    dp = build_dispatcher(
        people=PeopleService(clock),
        meter_queries=MeterQueryService(clock, consumption),
        readings=ReadingsService(clock, consumption),
        meter_events=EventQueryService(),
        charts=ChartService(clock, consumption, renderer=ThreadRenderer()),
    )
    return World(dp=dp, bot=bot, session=session, clock=clock, language=language)


def only(calls: list[Call], method: str = "sendMessage") -> Call:
    matching = [call for call in calls if call.method == method]
    assert len(matching) == 1, f"expected one {method}, got {[(c.method, c.text[:80]) for c in calls]}"
    return matching[0]


def alert(calls: list[Call]) -> str:
    """The text of the answerCallbackQuery of a press (empty when it was answered silently)."""
    return only(calls, "answerCallbackQuery").params.get("text", "")


def screen(calls: list[Call]) -> Call:
    """The screen a press showed in place of the pressed message."""
    return only(calls, "editMessageText")


@dataclass
class Estate:
    site: Site
    person: Person
    neighbour: Person
    plot: Plot
    account: Account


async def estate(**site_fields: Any) -> Estate:
    """СНТ «Ромашка» with plot 12 (account 13225468216), our resident and a neighbour."""
    site = await Site.create(slug="romashka", name="СНТ «Ромашка»", **site_fields)
    plot = await Plot.create(site=site, number="12")
    account = await Account.create(site=site, plot=plot, number="13225468216")
    person = await Person.create(telegram_id=USER, name="Иван Петров")
    neighbour = await Person.create(telegram_id=NEIGHBOUR, name="Сосед")
    return Estate(site, person, neighbour, plot, account)


async def meter(
    home: Estate,
    *,
    owner: Person | None = None,
    status: BindingStatus = BindingStatus.ACTIVE,
    label: str = "",
    **fields: Any,
) -> Meter:
    """A meter of the estate's site bound to ``owner`` (the resident by default; None: to nobody)."""
    serial = str(fields.pop("serial", next(_serials)))
    values: dict[str, Any] = {
        "site": home.site,
        "plot": home.plot,
        "account": home.account,
        "serial": serial,
        "topic_id": serial,
        "model": "МИР С-07",
    }
    values.update(fields)
    created = await Meter.create(**values)
    holder = home.person if owner is None else owner
    await Binding.create(person=holder, meter=created, status=status, label=label)
    return created


async def gateway(home: Estate, serial: str = "GW-0042", model: str = "УСПД RTR-8A") -> Gateway:
    return await Gateway.create(site=home.site, serial=serial, model=model)


async def reading(
    target: Meter,
    ts: datetime,
    t1: str,
    t2: str | None = None,
    *,
    source: ReadingSource = ReadingSource.TELEMETRY,
    flags: int = 0,
) -> Reading:
    values = [Decimal(t1)] + ([Decimal(t2)] if t2 is not None else [])
    return await Reading.create(
        meter=target,
        ts=ts,
        t1=values[0],
        t2=values[1] if len(values) > 1 else None,
        total=sum(values, Decimal(0)),
        source=source,
        flags=flags,
    )


async def event(
    target: Meter,
    ts: datetime,
    severity: Severity,
    code: str = "cover_open",
    text: str = "",
    event_class: EventClass = EventClass.OTHER,
) -> MeterEvent:
    return await MeterEvent.create(
        meter=target, ts=ts, code=code, severity=severity, text=text, event_class=event_class
    )


async def manual_readings(target: Meter) -> list[Reading]:
    return await Reading.filter(meter=target, source=ReadingSource.MANUAL).order_by("ts")
