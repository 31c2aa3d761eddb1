"""Start-up: every component that the settings enable, in one asyncio process.

Each component runs under :func:`supervise`: when it loses its server (database, broker, Telegram)
it is restarted with backoff and says so in the log, without taking the others down. SIGINT and
SIGTERM set one stop event; every component leaves within a few seconds.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from aiogram import Bot, Dispatcher
from aiohttp import web

from admin_web import create_app, exempt_from_csrf
from bot.dispatcher import build_dispatcher
from bot.errors import StartupError
from bot.mailer import SmtpMailer
from bot.notifier import TelegramNotifier
from bot.settings import Settings, redact
from bot.telegram import create_bot, set_all_commands
from handlers.operator.alert_texts import AlertNoticeRenderer
from handlers.operator.alerts import TelegramAlertEditor
from handlers.operator.notices import BindingNoticeRenderer
from handlers.operator.relay_progress import RelayProgressEditor
from handlers.operator.restriction_texts import RestrictionNoticeRenderer
from handlers.operator.ticket_notices import TicketNoticeRenderer
from handlers.resident.announcement_texts import AnnouncementNoticeRenderer
from handlers.resident.reminder_notices import ReminderNoticeRenderer
from meters.listener import MqttListener
from meters.relay import MqttRelayPublisher, run_relay_worker
from meters.topics import MessageKind, default_router, split_router
from scheduler import SchedulerDeps, build_scheduler, run_scheduler
from services import db
from services.alert_subscriptions import SubscriptionService
from services.alerts import AlertService
from services.announcements import AnnouncementService
from services.bindings import BindingService
from services.charts import ChartService
from services.clock import Clock, SystemClock
from services.consumption import ConsumptionService
from services.events import EventQueryService
from services.health import ComponentState, HealthRegistry
from services.ingest import IngestService
from services.ingest_hooks import AfterFlush, AggregateWorker
from services.job_runs import JobRuns
from services.meters import MeterQueryService
from services.monitoring import MonitoringService
from services.monitoring_rules import MonitoringRules
from services.outbox import DeliveryWorker, OutboxService
from services.people import PeopleService
from services.profile import ProfileService
from services.readings import ReadingsService
from services.relay import RelayService
from services.reminders import ReminderService
from services.restrictions import RestrictionService
from services.staff import StaffService
from services.ticket_desk import TicketDesk
from services.ticket_files import LocalFileStore
from services.tickets import TicketService

log = logging.getLogger("meterbot")

STOP_TIMEOUT = 8.0
MAX_BACKOFF = 60.0


@dataclass
class Services:
    """Every service, built once in the composition root and injected into the adapters."""

    clock: Clock
    health: HealthRegistry
    people: PeopleService
    staff: StaffService
    outbox: OutboxService
    ingest: IngestService
    aggregates: AggregateWorker
    monitoring: MonitoringService
    profiles: ProfileService
    bindings: BindingService
    consumption: ConsumptionService
    meter_queries: MeterQueryService
    readings: ReadingsService
    meter_events: EventQueryService
    charts: ChartService
    alerts: AlertService
    alert_rules: MonitoringRules
    subscriptions: SubscriptionService
    restrictions: RestrictionService
    announcements: AnnouncementService
    reminders: ReminderService
    job_runs: JobRuns
    tickets: TicketService
    ticket_desk: TicketDesk
    relay: RelayService | None
    relay_publisher: MqttRelayPublisher | None


def build_services(settings: Settings, clock: Clock | None = None, *, mqtt_url: str | None = None) -> Services:
    """Every service once. Relay commands exist only with a broker to send them through."""
    clock = clock or SystemClock()
    health = HealthRegistry()
    outbox = OutboxService(clock)
    consumption = ConsumptionService(clock)
    ticket_notices = TicketNoticeRenderer(settings.default_locale)
    files = LocalFileStore(settings.data_dir / "attachments")
    aggregates = AggregateWorker(consumption)
    alerts = AlertService(
        clock,
        outbox,
        AlertNoticeRenderer(settings.default_locale),
        default_operators_chat_id=settings.operators_chat_id,
        consumption=consumption,
    )
    publisher: MqttRelayPublisher | None = None
    relay: RelayService | None = None
    if mqtt_url:
        publisher = MqttRelayPublisher(mqtt_url, f"{settings.mqtt_client_id}-relay", health=health)
        relay = RelayService(clock, publisher, timeout=timedelta(seconds=settings.relay_timeout_seconds))
    return Services(
        clock=clock,
        health=health,
        people=PeopleService(clock),
        staff=StaffService(clock),
        outbox=outbox,
        ingest=IngestService(
            clock, on_flush=AfterFlush(consumption, relay, alerts, aggregates=aggregates), on_event=alerts.take_event
        ),
        aggregates=aggregates,
        consumption=consumption,
        meter_queries=MeterQueryService(clock, consumption),
        readings=ReadingsService(clock, consumption),
        meter_events=EventQueryService(),
        charts=ChartService(clock, consumption),
        announcements=AnnouncementService(clock, outbox, AnnouncementNoticeRenderer(settings.default_locale)),
        reminders=ReminderService(clock, outbox, ReminderNoticeRenderer(settings.default_locale)),
        job_runs=JobRuns(clock),
        tickets=TicketService(
            clock, outbox, ticket_notices, files, default_operators_chat_id=settings.operators_chat_id
        ),
        ticket_desk=TicketDesk(
            clock, outbox, ticket_notices, files, default_operators_chat_id=settings.operators_chat_id
        ),
        relay=relay,
        relay_publisher=publisher,
        monitoring=MonitoringService(clock, timedelta(minutes=settings.meter_silence_minutes), alerts),
        alerts=alerts,
        alert_rules=MonitoringRules(clock, alerts),
        subscriptions=SubscriptionService(clock),
        restrictions=RestrictionService(
            clock,
            outbox,
            RestrictionNoticeRenderer(settings.default_locale),
            relay,
            default_operators_chat_id=settings.operators_chat_id,
        ),
        profiles=ProfileService(clock),
        bindings=BindingService(
            clock,
            outbox,
            BindingNoticeRenderer(settings.default_locale),
            default_operators_chat_id=settings.operators_chat_id,
        ),
    )


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> bool:
    """Sleep, waking early on stop; True when stopping."""
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        return False
    return True


SELF_REPORTING = frozenset({"bot", "mqtt", "mqtt-events", "scheduler", "outbox"})
"""Components that set their own state once their server answers; the rest are up once started."""


async def supervise(
    name: str, body: Callable[[], Awaitable[None]], stop: asyncio.Event, health: HealthRegistry
) -> None:
    """Run ``body`` until stop; restart it with exponential backoff when it fails."""
    delay = 1.0
    while not stop.is_set():
        started = time.monotonic()
        if name not in SELF_REPORTING:
            health.set(name, ComponentState.UP)
        try:
            await body()
            if stop.is_set():
                return
            reason = "stopped unexpectedly"
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            reason = f"{type(exc).__name__}: {exc}"
            log.debug("%s failed", name, exc_info=True)
        if time.monotonic() - started > 2 * MAX_BACKOFF:
            delay = 1.0
        health.set(name, ComponentState.DOWN, reason)
        log.warning("%s: %s; restarting in %.0f s", name, reason, delay)
        if await _sleep_or_stop(stop, delay):
            return
        delay = min(delay * 2, MAX_BACKOFF)


def web_secret(settings: Settings) -> bytes:
    """The session key: MB_WEB_SECRET, or one generated once and kept in the data directory."""
    if settings.web_secret is not None:
        return settings.web_secret.get_secret_value().encode()
    path = settings.data_dir / "web-secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip().encode()


@dataclass
class Application:
    """The running meterbot: components, their tasks, and the stop event that ends them."""

    settings: Settings
    services: Services
    mqtt_url: str | None = None
    mqtt5: bool | None = None
    """Whether the broker speaks MQTT 5, when known (the demo's embedded broker does not); None: ask it."""
    extra: list[tuple[str, Callable[[asyncio.Event], Awaitable[None]]]] = field(default_factory=list)
    bot: Bot | None = None
    dispatcher: Dispatcher | None = None
    _web_runner: web.AppRunner | None = None

    async def start_database(self) -> None:
        await db.connect(self.settings.database_url)
        try:
            applied = await db.migrate(self.settings.database_url)
        except OSError as exc:
            await db.close()
            raise StartupError(f"cannot reach the database at {redact(self.settings.database_url)}: {exc}") from exc
        if applied:
            log.info("database schema: %s", ", ".join(applied))

    async def run(self, stop: asyncio.Event) -> None:
        """Start everything enabled and return once ``stop`` is set and all of it has stopped."""
        health = self.services.health
        health.set("database", ComponentState.UP)
        tasks: list[asyncio.Task[None]] = []

        def launch(name: str, body: Callable[[], Awaitable[None]]) -> None:
            health.set(name, ComponentState.STARTING)
            tasks.append(asyncio.create_task(supervise(name, body, stop, health), name=name))

        try:
            self._build_bot()
            if self.settings.web_enabled:
                await self._start_web()
            # what start-up made lives as long as the process: out of the collector's way, a full
            # collection walks only what requests make (a 45 ms pause of the loop during a report before)
            gc.freeze()
            if self.bot is not None and self.dispatcher is not None:
                bot, dp = self.bot, self.dispatcher
                if self.settings.bot_mode == "webhook":
                    launch("bot", lambda: self._run_webhook(bot, stop))
                else:
                    locale, chat = self.settings.default_locale, self.settings.operators_chat_id
                    launch("bot", lambda: _run_polling(bot, dp, health, stop, locale, chat))
            else:
                health.set("bot", ComponentState.DISABLED, "MB_BOT_TOKEN is not set")
            if self.mqtt_url:
                # events on a connection of their own: an alarm never waits behind unacknowledged telemetry
                rest, events = split_router(default_router(), {MessageKind.EVENT})
                client_id, ingest = self.settings.mqtt_client_id, self.services.ingest
                listener = MqttListener(self.mqtt_url, client_id, ingest, health, router=rest, mqtt5=self.mqtt5)
                event_listener = MqttListener(
                    self.mqtt_url,
                    f"{client_id}-events",
                    ingest,
                    health,
                    router=events,
                    component="mqtt-events",
                    mqtt5=self.mqtt5,
                )
                launch("mqtt", lambda: listener.run(stop))
                launch("mqtt-events", lambda: event_listener.run(stop))
                launch("ingest", lambda: self.services.ingest.run_flusher(stop))
                launch("aggregates", lambda: self.services.aggregates.run(stop))
                relay, publisher = self.services.relay, self.services.relay_publisher
                if relay is not None and publisher is not None:
                    launch("relay-publisher", lambda: publisher.run(stop))
                    launch("relay", lambda: run_relay_worker(relay, stop))
            else:
                health.set("mqtt", ComponentState.DISABLED, "MB_MQTT_URL is not set")
                health.set("mqtt-events", ComponentState.DISABLED, "MB_MQTT_URL is not set")
            if self.settings.scheduler_enabled:
                scheduler = build_scheduler(
                    self.settings.timezone,
                    SchedulerDeps(
                        monitoring=self.services.monitoring,
                        reminders=self.services.reminders,
                        job_runs=self.services.job_runs,
                        tickets=self.services.ticket_desk,
                        alerts=self.services.alerts,
                        alert_rules=self.services.alert_rules,
                        restrictions=self.services.restrictions,
                    ),
                )
                launch("scheduler", lambda: run_scheduler(scheduler, health, stop))
            if self.settings.outbox_enabled:
                worker = DeliveryWorker(
                    self.services.outbox,
                    TelegramNotifier(self.bot) if self.bot is not None else None,
                    SmtpMailer(self.settings.smtp_url, self.settings.smtp_from) if self.settings.smtp_url else None,
                )
                self.services.alerts.wake_delivery_with(worker.wakeup.set)
                launch("outbox", lambda: _run_outbox(worker, health, stop))
            alerts = self.services.alerts
            launch("alerts", lambda: alerts.run(stop))
            for name, body in self.extra:
                launch(name, lambda body=body: body(stop))  # type: ignore[misc]

            log.info("meterbot is running (%s)", ", ".join(t.get_name() for t in tasks) or "web only")
            await stop.wait()
            log.info("stopping…")
        finally:
            stop.set()
            await self._shutdown(tasks)

    def _build_bot(self) -> None:
        token = self.settings.bot_token
        if token is None:
            return
        self.bot = create_bot(token.get_secret_value(), self.settings.telegram_api_url)
        self.dispatcher = build_dispatcher(
            people=self.services.people,
            default_locale=self.settings.default_locale,
            staff=self.services.staff,
            outbox=self.services.outbox,
            clock=self.services.clock,
            profiles=self.services.profiles,
            bindings=self.services.bindings,
            meter_queries=self.services.meter_queries,
            readings=self.services.readings,
            meter_events=self.services.meter_events,
            charts=self.services.charts,
            announcements=self.services.announcements,
            tickets=self.services.tickets,
            ticket_desk=self.services.ticket_desk,
            alerts=self.services.alerts,
            subscriptions=self.services.subscriptions,
            restrictions=self.services.restrictions,
        )
        self.services.alerts.set_editor(TelegramAlertEditor(self.bot))
        self.services.restrictions.subscribe(
            RelayProgressEditor(self.bot, self.services.outbox, self.settings.default_locale)
        )

    async def _start_web(self) -> None:
        services = self.services
        app = create_app(
            staff=services.staff,
            health=services.health,
            db_ping=db.ping,
            secret_key=web_secret(self.settings),
            session_minutes=self.settings.web_session_minutes,
            default_locale=self.settings.default_locale,
            secure_cookies=False,
            clock=services.clock,
            timezone=self.settings.timezone,
            bindings=services.bindings,
            consumption=services.consumption,
            outbox=services.outbox,
            bot_username=await self._bot_username(),
            ingest_stats=services.ingest.stats,
            metrics_token=self.settings.metrics_token.get_secret_value() if self.settings.metrics_token else None,
            desk=services.ticket_desk,
            restrictions=services.restrictions,
            alerts=services.alerts,
            charts=services.charts,
        )
        if self.settings.bot_mode == "webhook" and self.bot is not None and self.dispatcher is not None:
            _mount_webhook(app, self.settings, self.bot, self.dispatcher)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=2.0)
        await runner.setup()
        site = web.TCPSite(runner, self.settings.web_host, self.settings.web_port)
        try:
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            raise StartupError(
                f"cannot listen on {self.settings.web_host}:{self.settings.web_port} ({exc.strerror}); "
                "set MB_WEB_PORT to a free port"
            ) from exc
        self._web_runner = runner
        self.services.health.set("web", ComponentState.UP)
        log.info("admin web: http://%s:%d/", self.settings.web_host, self.settings.web_port)

    async def _bot_username(self) -> str | None:
        """For the QR stickers' deep links; the web must not wait long for Telegram."""
        if self.bot is None:
            return None
        try:
            me = await asyncio.wait_for(self.bot.me(), timeout=5)
        except Exception as exc:
            log.warning("bot username unknown (%s): QR stickers are unavailable until restart", exc)
            return None
        return me.username

    async def _run_webhook(self, bot: Bot, stop: asyncio.Event) -> None:
        secret = self.settings.webhook_secret
        await bot.set_webhook(
            f"{self.settings.webhook_url}{self.settings.webhook_path}",
            secret_token=secret.get_secret_value() if secret else None,
            drop_pending_updates=False,
        )
        await set_all_commands(bot, self.settings.default_locale, self.settings.operators_chat_id)
        self.services.health.set("bot", ComponentState.UP, "webhook")
        await stop.wait()

    async def _shutdown(self, tasks: list[asyncio.Task[None]]) -> None:
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=STOP_TIMEOUT)
            for task in pending:
                log.warning("%s did not stop in time; cancelling", task.get_name())
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        if self._web_runner is not None:
            await self._web_runner.cleanup()
        if self.bot is not None:
            await self.bot.session.close()
        await self.services.ingest.flush()
        try:
            await asyncio.wait_for(self.services.alerts.drain(), timeout=5)
        except Exception:  # the database went away: alerts are raised again from the events on restart
            log.warning("alerts still queued at shutdown were not raised", exc_info=True)
        await self.services.charts.aclose()
        await db.close()


def _mount_webhook(app: web.Application, settings: Settings, bot: Bot, dp: Dispatcher) -> None:
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler

    exempt_from_csrf(app, settings.webhook_path)  # Telegram proves itself with the secret token
    secret = settings.webhook_secret
    SimpleRequestHandler(dispatcher=dp, bot=bot, secret_token=secret.get_secret_value() if secret else None).register(
        app, path=settings.webhook_path
    )


async def _run_polling(
    bot: Bot,
    dp: Dispatcher,
    health: HealthRegistry,
    stop: asyncio.Event,
    default_locale: str,
    operators_chat_id: int | None = None,
) -> None:
    me = await bot.get_me()
    await set_all_commands(bot, default_locale, operators_chat_id)
    health.set("bot", ComponentState.UP, f"@{me.username} (polling)")
    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, close_bot_session=False))
    stopper = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait({polling, stopper}, return_when=asyncio.FIRST_COMPLETED)
    if polling in done:
        stopper.cancel()
        polling.result()
        return
    try:
        await dp.stop_polling()
    except RuntimeError:  # polling had not really started yet
        polling.cancel()
    await asyncio.gather(polling, return_exceptions=True)


async def _run_outbox(worker: DeliveryWorker, health: HealthRegistry, stop: asyncio.Event) -> None:
    health.set("outbox", ComponentState.UP)
    await worker.run(stop)


def ensure_data_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
