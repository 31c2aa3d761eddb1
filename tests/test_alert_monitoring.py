"""meterbot's own monitoring: a day deviating from the average of the three before it (or above a constant),
the site's imbalance (main meter against the plot meters) with its figures, and a silent meter's offline
alert, raised once per silence and cleared when data returns."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from services.alert_model import DEVIATION, IMBALANCE, OFFLINE
from services.db.models import Alert, DailyAggregate, Meter, Site
from services.enums import AlertState, EventClass, MeterKind, Quality, Severity
from services.ingest_store import FlushReport
from services.monitoring import MonitoringService
from services.monitoring_rules import MonitoringRules, SiteLimits
from tests.alerts_harness import GROUP, NOW, Estate, World, estate, make_world, new_meter, only, sent_to

DAY = date(2026, 11, 22)


@pytest.fixture
async def world(db: str) -> World:
    return make_world()


@pytest.fixture
async def home(db: str) -> Estate:
    return await estate()


async def days(meter: Meter, *values: str | None, last: date = DAY) -> None:
    """Daily totals ending with ``last``; None is a day without data."""
    for offset, value in enumerate(reversed(values)):
        quality = Quality.MISSING if value is None else Quality.MEASURED
        await DailyAggregate.create(
            meter=meter, day=last - timedelta(days=offset), total=Decimal(value or 0), quality=quality
        )


def limits(site: Site, deviation: int = 50, imbalance: int = 10) -> SiteLimits:
    return SiteLimits(site.id, site.timezone, deviation, imbalance)


async def test_a_day_far_from_the_average_of_the_three_before_raises_a_threshold_alert(
    world: World, home: Estate
) -> None:
    steady = await new_meter(home.site, home.plot)
    short = await new_meter(home.site, home.plot)
    gap = await new_meter(home.site, home.plot)
    await days(home.meter, "10", "9", "11", "20.5")
    await days(steady, "10", "10", "10", "14.9")
    await days(short, "10", "10", "40")
    await days(gap, "10", None, "10", "40")
    rules = MonitoringRules(world.clock, world.alerts)

    result = await rules.check_deviation(limits(home.site), DAY)

    [alert] = await Alert.filter(id__in=result.created)
    assert (alert.meter_id, alert.kind, alert.event_class, alert.severity) == (  # type: ignore[attr-defined]
        home.meter.id,
        DEVIATION,
        EventClass.THRESHOLD,
        Severity.WARNING,
    )
    assert alert.details == {
        "day": "2026-11-22",
        "value": "20.500",
        "average": "10.000",
        "percent": "105.0",
        "limit_percent": 50,
        "rules": ["average"],
    }
    post = only(await world.deliver())
    lines = post.text.splitlines()
    assert lines[:3] == [
        "<b>🟠 Предупреждение · Отклонение потребления</b>",
        "Потребление за 22.11.2026: 20,5\u00a0кВт·ч",
        "Среднее за 3 предыдущих дня: 10\u00a0кВт·ч (+105\u00a0%, допустимо ±50\u00a0%)",
    ]

    await days(home.meter, "9.5", last=DAY + timedelta(days=1))  # (9 + 11 + 20.5) / 3 = 13.5: -29.6 %
    world.later(days=1)
    await rules.check_deviation(limits(home.site), DAY + timedelta(days=1))
    row = await Alert.get(id=alert.id)
    assert (row.state, row.details["cleared_reason"]) == (AlertState.CLEARED, "normal")


async def test_a_drop_counts_too_and_a_percent_of_zero_turns_the_rule_off(world: World, home: Estate) -> None:
    await days(home.meter, "10", "10", "10", "2")
    rules = MonitoringRules(world.clock, world.alerts)

    assert not (await rules.check_deviation(limits(home.site, deviation=0), DAY)).created
    result = await rules.check_deviation(limits(home.site), DAY)

    assert (await Alert.get(id=result.created[0])).details["percent"] == "-80.0"


async def test_a_day_above_the_constant_raises_an_alert(world: World, home: Estate) -> None:
    await days(home.meter, "14", "14", "14", "16")
    rules = MonitoringRules(world.clock, world.alerts, daily_limit_kwh=Decimal("15"))

    result = await rules.check_deviation(limits(home.site, deviation=0), DAY)

    alert = await Alert.get(id=result.created[0])
    assert alert.details == {"day": "2026-11-22", "value": "16.000", "limit_kwh": "15.000", "rules": ["constant"]}
    assert "Выше суточного предела 15\u00a0кВт·ч" in only(await world.deliver()).text.splitlines()


async def test_the_imbalance_of_a_site_with_its_figures(world: World, home: Estate) -> None:
    other = await new_meter(home.site, home.plot)
    silent = await new_meter(home.site, home.plot)
    await days(home.main, "100")
    await days(home.meter, "50")
    await days(other, "30")
    rules = MonitoringRules(world.clock, world.alerts)

    result = await rules.check_imbalance(limits(home.site), DAY)

    alert = await Alert.get(id=result.created[0])
    assert (alert.meter_id, alert.kind) == (home.main.id, IMBALANCE)  # type: ignore[attr-defined]
    assert alert.details == {
        "day": "2026-11-22",
        "main": "100.000",
        "individual": "80.000",
        "difference": "20.000",
        "percent": "20.0",
        "limit_percent": 10,
        "meters": 3,
        "without_data": 1,
    }
    assert not await DailyAggregate.exists(meter_id=silent.id)
    text = only(await world.deliver()).text
    for line in (
        "<b>🟠 Предупреждение · Небаланс объекта</b>",
        "Сутки: 22.11.2026",
        "Общий счётчик: 100\u00a0кВт·ч",
        "Сумма счётчиков участков (3): 80\u00a0кВт·ч",
        "Небаланс: 20\u00a0кВт·ч (20\u00a0%, допустимо 10\u00a0%)",
        "Счётчиков без данных за эти сутки: 1",
        "Возможны хищения или потери.",
    ):
        assert line in text.splitlines()


async def test_an_imbalance_within_bounds_raises_nothing_and_clears(world: World, home: Estate) -> None:
    await days(home.main, "100", "100")
    await days(home.meter, "70", "95")
    rules = MonitoringRules(world.clock, world.alerts)
    first = await rules.check_imbalance(limits(home.site), DAY - timedelta(days=1))
    assert first.created

    assert not (await rules.check_imbalance(limits(home.site), DAY)).created

    assert (await Alert.get(id=first.created[0])).state == AlertState.CLEARED


async def test_each_site_is_judged_once_a_day_after_its_midnight(world: World, home: Estate) -> None:
    await Site.filter(id=home.site.id).update(deviation_percent=50)
    await days(home.meter, "10", "10", "10", "30")
    rules = MonitoringRules(world.clock, world.alerts)

    world.clock.set(datetime(2026, 11, 22, 21, 30, tzinfo=UTC))  # 00:30 in Moscow: yesterday is still settling
    assert await rules.run_due() == 1  # judges 21.11
    assert await Alert.all().count() == 0

    world.clock.set(datetime(2026, 11, 22, 22, 0, tzinfo=UTC))  # 01:00 in Moscow
    assert await rules.run_due() == 1
    assert await rules.run_due() == 0
    world.clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    assert await rules.run_due() == 0
    assert await Alert.filter(kind=DEVIATION).count() == 1


async def test_a_silent_meter_raises_an_offline_alert_once_and_data_clears_it(world: World, home: Estate) -> None:
    await Meter.filter(id=home.meter.id).update(last_seen_at=NOW - timedelta(hours=2), online=True)
    await Meter.filter(id=home.main.id).update(last_seen_at=NOW - timedelta(hours=3), online=False)  # its last will
    fresh = await new_meter(home.site, home.plot, last_seen_at=NOW - timedelta(minutes=5), online=True)
    monitoring = MonitoringService(world.clock, timedelta(minutes=30), world.alerts)

    assert await monitoring.mark_silent_meters_offline() == 1

    offline = await Alert.filter(kind=OFFLINE).order_by("meter_id")
    assert [a.meter_id for a in offline] == [home.meter.id, home.main.id]  # type: ignore[attr-defined]
    assert fresh.id not in {a.meter_id for a in offline}  # type: ignore[attr-defined]
    posts = sent_to(await world.deliver(), GROUP)
    assert len(posts) == 2
    post = next(p for p in posts if home.meter.serial in p.text)
    assert post.text.splitlines()[:3] == [
        "<b>🟠 Предупреждение · Счётчик не на связи</b>",
        "Нет данных дольше 30 мин.",
        "Последние данные: 23.11.2026 10:00",
    ]

    world.later(minutes=1)
    await monitoring.mark_silent_meters_offline()
    assert await Alert.filter(kind=OFFLINE).count() == 2
    assert await world.deliver() == []

    world.later(minutes=1)
    world.session.clear()
    world.alerts.take(FlushReport(online={home.meter.id: True, fresh.id: True}))
    await world.alerts.drain()
    row = await Alert.get(meter_id=home.meter.id, kind=OFFLINE)
    assert (row.state, row.details["cleared_reason"]) == (AlertState.CLEARED, "data")
    edit = only(world.session.calls, "editMessageText")
    assert int(edit.params["message_id"]) == post.message_id
    assert "☑️ Снята автоматически: счётчик снова на связи, 23.11.2026 12:02" in edit.text

    await Meter.filter(id=home.main.id).update(last_seen_at=world.clock.now(), online=True)
    await monitoring.mark_silent_meters_offline()  # the sweep clears what no flush reported
    assert (await Alert.get(meter_id=home.main.id, kind=OFFLINE)).state == AlertState.CLEARED


async def test_an_offline_alert_cleared_by_hand_is_not_raised_again_during_the_same_silence(
    world: World, home: Estate
) -> None:
    await Meter.filter(id=home.meter.id).update(last_seen_at=NOW - timedelta(hours=2), online=True)
    await Meter.filter(id=home.main.id).update(kind=MeterKind.INDIVIDUAL, has_telemetry=False)
    monitoring = MonitoringService(world.clock, timedelta(minutes=30), world.alerts)
    await monitoring.mark_silent_meters_offline()
    alert = await Alert.get(kind=OFFLINE)
    await world.alerts.clear(alert.id, home.dispatcher.id, "test")

    world.later(minutes=10)
    await monitoring.mark_silent_meters_offline()
    assert await Alert.filter(kind=OFFLINE).count() == 1

    await Meter.filter(id=home.meter.id).update(last_seen_at=world.clock.now(), online=True)  # it spoke...
    world.later(hours=1)  # ...and went silent again
    await monitoring.mark_silent_meters_offline()
    assert await Alert.filter(kind=OFFLINE).count() == 2
