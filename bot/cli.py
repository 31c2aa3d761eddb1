"""The ``meterbot`` command: run, demo, migrate, import-meters, create-admin, simulate.

The CLI is for whoever installs and runs meterbot; it speaks English like the log does. Every error
it reports is one line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import signal
import sys
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path

from bot.errors import StartupError
from bot.settings import Settings, SettingsError, load_settings, redact
from services.errors import DomainError

log = logging.getLogger("meterbot")

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=getattr(logging, level),
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        datefmt="%Y-%m-%d %H:%M:%S",
    )
    for noisy in ("aiogram.event", "amqtt", "transitions", "tortoise", "aiosqlite", "apscheduler"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))


def _install_stop_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)


# --- commands ------------------------------------------------------------------------------------


async def _open_database(settings: Settings) -> list[str]:
    """Connect and bring the schema up to date, or stop with one line naming the database."""
    from services import db

    await db.connect(settings.database_url)
    try:
        return await db.migrate(settings.database_url)
    except OSError as exc:
        await db.close()
        raise StartupError(f"cannot reach the database at {redact(settings.database_url)}: {exc}") from exc


async def cmd_run(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.app import Application, build_services

    app = Application(settings, build_services(settings, mqtt_url=settings.mqtt_url), mqtt_url=settings.mqtt_url)
    stop = asyncio.Event()
    _install_stop_signals(stop)
    await app.start_database()
    await app.run(stop)
    log.info("stopped")
    return EXIT_OK


async def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    from bot.demo import run_demo

    stop = asyncio.Event()
    _install_stop_signals(stop)
    await run_demo(settings, stop, plots=args.plots, simulate=not args.no_simulator, mqtt_port=args.mqtt_port)
    return EXIT_OK


async def cmd_migrate(settings: Settings, _args: argparse.Namespace) -> int:
    from services import db

    try:
        applied = await _open_database(settings)
    finally:
        await db.close()
    print("applied: " + ", ".join(applied) if applied else "the schema is up to date")
    return EXIT_OK


async def cmd_import_meters(settings: Settings, args: argparse.Namespace) -> int:
    from services import db
    from services.registry import import_meters_csv

    path: Path = args.file
    try:
        raw = await asyncio.to_thread(path.read_bytes)
    except OSError as exc:
        print(f"meterbot: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return EXIT_FAILURE
    await _open_database(settings)
    try:
        report = await import_meters_csv(_decode(raw), default_site_slug=args.site)
    finally:
        await db.close()
    for error in report.errors:
        where = f"line {error.line}" if error.line else "file"
        print(f"{path}:{where}: {error.reason_code}: {error.detail}", file=sys.stderr)
    print(
        f"imported {report.imported}, updated {report.updated}, unchanged {report.unchanged}, "
        f"rejected {report.rejected_lines} line(s)"
    )
    return EXIT_FAILURE if report.errors else EXIT_OK


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


async def cmd_create_admin(settings: Settings, args: argparse.Namespace) -> int:
    from services import db
    from services.clock import SystemClock
    from services.staff import StaffService

    password = _read_password(args)
    await _open_database(settings)
    try:
        staff = await StaffService(SystemClock()).create_admin(args.login, password, args.name or args.login)
    finally:
        await db.close()
    print(f"created administrator {staff.login!r}; log in at http://{settings.web_host}:{settings.web_port}/login")
    return EXIT_OK


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise SystemExit("meterbot: no terminal to ask for the password; use --password-stdin")
    first = getpass.getpass("Password (at least 10 characters): ")
    if getpass.getpass("Repeat it: ") != first:
        raise SystemExit("meterbot: the passwords do not match")
    return first


async def cmd_simulate(settings: Settings, args: argparse.Namespace) -> int:
    from meters.simulator import simulate
    from services.enums import Protocol

    url = args.url or settings.mqtt_url
    if not url:
        print("meterbot: no broker: pass --url mqtt://host:1883 or set MB_MQTT_URL", file=sys.stderr)
        return EXIT_USAGE
    try:
        protocols = [Protocol(p.strip()) for p in args.protocols.split(",") if p.strip()]
    except ValueError:
        choices = ", ".join(p.value for p in Protocol)
        print(f"meterbot: --protocols takes a comma-separated list of: {choices}", file=sys.stderr)
        return EXIT_USAGE
    stop = asyncio.Event()
    _install_stop_signals(stop)
    stats = await simulate(url, args.count, args.rate, protocols, args.duration, stop)
    print(stats)
    return EXIT_OK


# --- parsing ---------------------------------------------------------------------------------------


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be a positive whole number")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be a positive number")
    return value


Command = Callable[[Settings, argparse.Namespace], Coroutine[object, object, int]]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="meterbot",
        description="Chat-first electricity metering: Telegram bot, admin web, MQTT ingestion, scheduler.",
        epilog="Settings come from MB_* environment variables and an optional .env file (see .env.example).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = sub.add_parser("run", help="run everything the settings enable (bot, web, MQTT, scheduler, outbox)")
    run.set_defaults(handler=cmd_run)

    demo = sub.add_parser(
        "demo",
        help="zero-config demo: SQLite, embedded MQTT broker, a seeded СНТ, live simulated meters, admin web",
    )
    demo.add_argument("--plots", type=_positive_int, default=40, help="plots in the demo site (default 40)")
    demo.add_argument("--mqtt-port", type=_positive_int, default=18830, help="embedded broker port (18830)")
    demo.add_argument("--no-simulator", action="store_true", help="do not publish live telemetry")
    demo.set_defaults(handler=cmd_demo)

    migrate = sub.add_parser("migrate", help="create or upgrade the database schema")
    migrate.set_defaults(handler=cmd_migrate)

    imp = sub.add_parser("import-meters", help="import the meter registry from a CSV file (see docs/import.md)")
    imp.add_argument("file", type=Path, metavar="FILE.csv")
    imp.add_argument("--site", metavar="SLUG", help="site for lines without a site column")
    imp.set_defaults(handler=cmd_import_meters)

    admin = sub.add_parser("create-admin", help="create an administrator of the admin web")
    admin.add_argument("--login", required=True)
    admin.add_argument("--name", default="")
    admin.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    admin.set_defaults(handler=cmd_create_admin)

    sim = sub.add_parser("simulate", help="simulate a fleet of meters publishing to a broker (load generator)")
    sim.add_argument("--url", help="broker URL (default MB_MQTT_URL)")
    sim.add_argument("--count", type=_positive_int, default=100, help="number of meters (100)")
    sim.add_argument("--rate", type=_positive_float, default=10.0, help="messages per second, all meters (10)")
    sim.add_argument(
        "--protocols", default="native", help="comma-separated protocols: native, tasmota, shelly, zigbee2mqtt (native)"
    )
    sim.add_argument("--duration", type=_positive_float, default=None, help="seconds to run (until Ctrl+C)")
    sim.set_defaults(handler=cmd_simulate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"meterbot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    _configure_logging(settings.log_level)
    handler: Command = args.handler
    try:
        return asyncio.run(handler(settings, args))
    except KeyboardInterrupt:
        return EXIT_OK
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
            return EXIT_FAILURE
        raise
    except Exception as exc:
        return _report_failure(exc)


def _report_failure(exc: Exception) -> int:
    if isinstance(exc, StartupError | DomainError):
        print(f"meterbot: {exc}", file=sys.stderr)
    elif isinstance(exc, OSError | ConnectionError):
        print(f"meterbot: {type(exc).__name__}: {exc}", file=sys.stderr)
    else:
        log.exception("unexpected failure")
        print(f"meterbot: unexpected failure: {type(exc).__name__}: {exc} (see the log above)", file=sys.stderr)
    return EXIT_FAILURE


if __name__ == "__main__":
    raise SystemExit(main())
