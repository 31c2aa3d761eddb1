"""``meterbot demo``: the zero-config path.

A SQLite file in the data directory, an in-process MQTT broker, a seeded demo СНТ with 90 days of
history, simulated meters publishing live, the admin web with fresh passwords printed on start, and the
bot when ``MB_BOT_TOKEN`` is set.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time

from bot.app import Application, build_services, ensure_data_dir
from bot.errors import StartupError
from bot.settings import Settings
from meters.broker import EmbeddedBroker
from meters.simulator import Simulator
from services.demo import DemoInfo, seed_demo
from services.errors import Conflict
from services.staff import StaffService

log = logging.getLogger("meterbot.demo")

DEMO_ACCOUNTS = ("admin", "chairman", "dispatcher")


def demo_settings(settings: Settings) -> Settings:
    """The demo keeps its own SQLite file unless a database was configured explicitly."""
    if "database_url" in settings.model_fields_set:
        return settings
    data_dir = ensure_data_dir(settings.data_dir)
    return settings.model_copy(update={"database_url": f"sqlite://{data_dir / 'demo.sqlite3'}"})


async def _reset_passwords(staff: StaffService, info: DemoInfo) -> dict[str, str]:
    """Give each demo account a fresh random password (printed once, never stored in clear)."""
    passwords: dict[str, str] = {}
    for login in DEMO_ACCOUNTS:
        password = secrets.token_urlsafe(9)
        roles = info.staff_roles.get(login, ())
        try:
            if login == "admin":
                await staff.create_admin(login, password, info.staff_names.get(login, "Администратор"))
            else:
                await staff.create_staff(
                    login,
                    password,
                    info.staff_names.get(login, login),
                    roles,
                    person_id=info.staff_people.get(login),
                )
        except Conflict:
            await staff.set_password(login, password)
        passwords[login] = password
    return passwords


async def run_demo(
    settings: Settings, stop: asyncio.Event, *, plots: int = 40, simulate: bool = True, mqtt_port: int = 18830
) -> None:
    started = time.monotonic()
    settings = demo_settings(settings)
    broker: EmbeddedBroker | None = None
    mqtt_url = settings.mqtt_url
    if mqtt_url is None:
        broker = EmbeddedBroker(host="127.0.0.1", port=mqtt_port)
        try:
            await broker.start()
        except OSError as exc:
            raise StartupError(f"cannot start the demo MQTT broker on port {mqtt_port}: use --mqtt-port") from exc
        mqtt_url = broker.url
    services = build_services(settings, mqtt_url=mqtt_url)
    app = Application(settings, services, mqtt_url=mqtt_url, mqtt5=False if broker is not None else None)
    try:
        await app.start_database()
        info = await seed_demo(services.clock, plots=plots)
        passwords = await _reset_passwords(services.staff, info)
        if simulate:
            simulator = Simulator(mqtt_url, info.fleet, interval_seconds=10.0)

            async def run_simulator(stop: asyncio.Event) -> None:
                await simulator.run(stop)

            app.extra.append(("simulator", run_simulator))
        run = asyncio.create_task(app.run(stop))
        await _wait_until_serving(services.health, run)
        _print_banner(settings, mqtt_url, info, passwords, time.monotonic() - started)
        await run
    finally:
        if broker is not None:
            await broker.stop()


async def _wait_until_serving(health: object, run: asyncio.Task[None]) -> None:
    from services.health import ComponentState, HealthRegistry

    assert isinstance(health, HealthRegistry)
    for _ in range(200):
        if run.done():
            run.result()
            return
        if health.get("web").state is ComponentState.UP or health.get("web").state is ComponentState.DISABLED:
            return
        await asyncio.sleep(0.05)


def _print_banner(settings: Settings, mqtt_url: str, info: DemoInfo, passwords: dict[str, str], elapsed: float) -> None:
    url = f"http://{settings.web_host}:{settings.web_port}/"
    lines = [
        "",
        f"meterbot demo is ready in {elapsed:.1f} s",
        f"  site:        {info.site_name} ({info.plots} plots, {info.meters} meters, {info.days} days of history)",
        f"  admin web:   {url}   health: {url}healthz",
    ]
    lines += [f"  login:       {login} / {password}" for login, password in passwords.items()]
    lines += [
        f"  MQTT broker: {mqtt_url}  (topics meterbot/<serial>/telemetry …, see docs/mqtt.md)",
        f"  database:    {settings.database_url}",
        "  bot:         " + ("running" if settings.bot_token else "off (set MB_BOT_TOKEN to talk to the bot)"),
        "  Stop with Ctrl+C.",
        "",
    ]
    print("\n".join(lines), flush=True)
