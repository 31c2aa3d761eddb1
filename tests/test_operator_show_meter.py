"""“Show meter” under an alert, through the real Dispatcher with the chart service: the card, then the
last 24 hours as a photo (uploaded once, then sent by its file_id); nothing for someone without a role."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from bot.dispatcher import build_dispatcher
from services.alert_subscriptions import SubscriptionService
from services.charts import ChartService
from services.db.models import Alert, AuditEntry, HourlyAggregate
from services.enums import Quality
from services.people import PeopleService
from tests.alerts_harness import GROUP, NOW, READER, Estate, World, estate, event, make_world, only, sent_to
from tests.charts_harness import CountingRenderer, png_size
from tests.fakes.telegram import Call

STRANGER = 4242
D = Decimal


@pytest.fixture
async def world(db: str) -> World:
    """The alerts harness, its Dispatcher rebuilt with a chart service (a thread renderer)."""
    world = make_world()
    charts = ChartService(world.clock, world.alerts._consumption, renderer=CountingRenderer())
    world.dp = build_dispatcher(
        people=PeopleService(world.clock),
        outbox=world.outbox,
        clock=world.clock,
        alerts=world.alerts,
        subscriptions=SubscriptionService(world.clock),
        charts=charts,
    )
    return world


@pytest.fixture
async def home(db: str) -> Estate:
    return await estate()


async def raised(world: World, home: Estate) -> tuple[Alert, Call]:
    result = await world.alerts.on_events([event(home.meter, NOW - timedelta(minutes=1))])
    [alert_id] = result.created
    [post] = sent_to(await world.deliver(), GROUP)
    return await Alert.get(id=alert_id), post


async def seed_last_day(home: Estate) -> None:
    """1 kWh every hour of the last day up to 11:00 in Moscow (now is 12:00), 3 kWh at 08:00."""
    rows = []
    for back in range(1, 24):
        hour = NOW - timedelta(hours=back)
        total = D(3) if back == 4 else D(1)
        quality = Quality.MEASURED
        rows.append(HourlyAggregate(meter=home.meter, hour=hour, t1=total, t2=D(0), total=total, quality=quality))
    await HourlyAggregate.bulk_create(rows)


async def test_show_meter_sends_the_card_then_the_last_24_hours_as_a_photo(world: World, home: Estate) -> None:
    await seed_last_day(home)
    alert, post = await raised(world, home)

    calls = await world.press(f"al:show:{alert.id}", post.message_id, user_id=READER)

    methods = [c.method for c in calls]
    assert methods == ["answerCallbackQuery", "sendMessage", "sendChatAction", "sendPhoto"]
    card, photo = calls[1], calls[3]
    assert card.text.startswith(f"📟 <b>Счётчик № {home.meter.serial}")
    assert calls[2].params["action"] == "upload_photo"
    assert photo.chat_id == GROUP
    assert photo.params["reply_to_message_id"] == str(post.message_id)
    assert png_size(next(iter(photo.files.values()))) == (1000, 560)
    assert photo.text.splitlines() == [
        "📊 <b>Потребление за последние 24 часа</b>",
        "22.11.2026 13:00 – 23.11.2026 13:00",
        "Всего: <b>25\u00a0кВт·ч</b>",  # 22 hours of 1 kWh and 3 at 08:00
        "Пик: 3\u00a0кВт·ч (08:00)",
        "✕ нет данных: 1 час",
    ]

    again = await world.press(f"al:show:{alert.id}", post.message_id, user_id=READER)

    assert [c.method for c in again] == ["answerCallbackQuery", "sendMessage", "sendPhoto"]  # from the cache
    second = again[2]
    assert not second.files
    assert second.params["photo"] == photo.result["photo"][-1]["file_id"]


async def test_an_unauthorised_press_gets_the_refusal_and_no_photo(world: World, home: Estate) -> None:
    alert, post = await raised(world, home)

    calls = await world.press(f"al:show:{alert.id}", post.message_id, user_id=STRANGER)

    reply = only(calls, "answerCallbackQuery")
    assert reply.params["text"] == "Извините, карточка счётчика доступна только сотрудникам этого объекта."
    assert [c.method for c in calls] == ["answerCallbackQuery"]
    assert await AuditEntry.filter(action="alert.show_meter", allowed=False).count() == 1


async def test_in_english_for_an_english_speaking_admin(world: World, home: Estate) -> None:
    alert, post = await raised(world, home)

    calls = await world.press(f"al:show:{alert.id}", post.message_id, user_id=home.admin.telegram_id or 0)

    photo = only(calls, "sendPhoto")
    assert photo.text.splitlines()[0] == "📊 <b>Consumption over the last 24 hours</b>"
    assert "No consumption data in the last 24 hours." in photo.text
