"""aiogram routers, one per feature, included in an explicit order by :func:`build_root_router`."""

from __future__ import annotations

from aiogram import Router

from handlers.common import build_router as build_common_router
from handlers.common import fallback
from handlers.operator import alerts as operator_alerts
from handlers.operator import announcements, announcements_manage, approvals, journal, restriction_actions
from handlers.operator import relay as operator_relay
from handlers.operator import subscriptions as alert_subscriptions
from handlers.operator import tickets as operator_tickets
from handlers.resident import announcements as resident_announcements
from handlers.resident import (
    binding,
    charts,
    deep_link,
    meter_section,
    my_meters_manage,
    profile,
    registration,
    restriction_notice,
)
from handlers.resident import tickets as resident_tickets


def build_root_router() -> Router:
    """Every handler of the bot, in the order they are tried.

    The common commands come first (so /cancel and /start work from inside any dialog), then the
    features, then the fallback that answers whatever nobody else took.

    Before all of them, the busiest screens (the meter list, card and readings) for a resident in no
    dialog: outside a dialog nothing before the meters section takes them, and each router walked past
    costs the update tens of microseconds (meter_section.build_idle_router; docs/benchmarks.md).
    """
    root = Router(name=__name__)
    root.include_routers(
        meter_section.build_idle_router(),
        build_common_router(),
        # feature routers go here, e.g. resident.meters.build_router(),
        resident_tickets.build_router(),  # first: a menu button leaves its dialogs, and "Requests" leaves any
        registration.build_router(),
        profile.build_router(),
        binding.build_router(),
        deep_link.build_router(),
        my_meters_manage.build_router(),
        meter_section.build_router(),
        charts.build_router(),
        approvals.build_router(),
        operator_alerts.build_router(),
        alert_subscriptions.build_router(),
        operator_tickets.build_router(),
        resident_announcements.build_router(),
        announcements.build_router(),
        announcements_manage.build_router(),
        operator_relay.build_router(),
        restriction_actions.build_router(),
        journal.build_router(),
        restriction_notice.build_router(),
        fallback.build_router(),
    )
    return root
