"""The daily flag of overdue tickets: a thin job around :meth:`services.ticket_desk.TicketDesk.flag_overdue`.

Register it once a day in the morning, e.g.::

    scheduler.add_job(flag_overdue_tickets, "cron", hour=9, minute=0, args=[desk], id="tickets_overdue")

Running it again the same day queues nothing new: each digest has a dedup key per site, recipient and
local day, so a restart or a catch-up run is harmless.
"""

from __future__ import annotations

import logging

from services.ticket_desk import TicketDesk

log = logging.getLogger(__name__)


async def flag_overdue_tickets(desk: TicketDesk) -> int:
    queued = await desk.flag_overdue()
    if queued:
        log.info("queued %d digest(s) of overdue tickets", queued)
    return queued
