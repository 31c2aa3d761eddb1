"""Prepare a database for the end-to-end resident test, in its own process.

    python -m tests.e2e_seed DATABASE_URL   # prints {"code": ..., "meter_id": ..., "serial": ...}

A site with plot 12 and its meter, three days of hourly readings up to now recomputed by the real
ConsumptionService, and an activation code for the plot. It runs as a separate process so that the
test session's own database connection (Tortoise's is global) is left alone.
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import date, timedelta
from decimal import Decimal

from handlers.operator.notices import BindingNoticeRenderer
from services import db
from services.bindings import BindingService
from services.clock import SystemClock
from services.consumption import ConsumptionService
from services.db.models import Meter, Plot, Reading, Site
from services.outbox import OutboxService

SERIAL = "44103814060174"
HOURS = 72


async def seed(url: str) -> dict[str, object]:
    clock = SystemClock()
    await db.connect(url)
    try:
        await db.migrate(url)
        site = await Site.create(slug="rassvet", name="СНТ «Рассвет»", consent_text="Согласие на обработку данных.")
        plot = await Plot.create(site=site, number="12")
        meter = await Meter.create(
            site=site,
            plot=plot,
            serial=SERIAL,
            topic_id=SERIAL,
            model="МИР С-07",
            tariff_count=2,
            installed_on=date(2025, 1, 10),
        )
        now = clock.now().replace(minute=0, second=0, microsecond=0)
        first = now - timedelta(hours=HOURS)
        t1, t2 = Decimal(1000), Decimal(400)
        rows = []
        for hour in range(HOURS + 1):
            ts = first + timedelta(hours=hour)
            night = ts.hour >= 20 or ts.hour < 4  # 23:00–07:00 in Moscow
            t1 += Decimal(0) if night else Decimal("0.6")
            t2 += Decimal("0.3") if night else Decimal(0)
            rows.append(Reading(meter=meter, ts=ts, t1=t1, t2=t2, total=t1 + t2))
        await Reading.bulk_create(rows)
        await ConsumptionService(clock).recompute(meter.id, first, None)
        bindings = BindingService(clock, OutboxService(clock), BindingNoticeRenderer("ru"))
        [code] = await bindings.generate_codes(site.id, [plot.id], None)
        return {"code": code.code, "meter_id": meter.id, "serial": SERIAL}
    finally:
        await db.close()


if __name__ == "__main__":
    print(json.dumps(asyncio.run(seed(sys.argv[1]))))
