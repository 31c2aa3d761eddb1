"""A fleet of simulated meters publishing over MQTT: the demo's live data and the load generator.

Each meter follows a daily load curve (low at night, peaks in the morning and the evening) in the
site's time zone, its registers grow by power x time into the tariff zone of the moment, and it
reports voltage (~230 V), current and frequency (~50 Hz) per phase. Now and then it raises an event.
Messages go out with QoS 1, spread evenly so that the fleet sends ``len(meters) / interval_seconds``
messages a second.

Protocols: every meter is encoded by its protocol's :class:`FleetEncoder` (``meters.encoders``:
native, Tasmota, Shelly, zigbee2mqtt); a protocol without one is published in the native schema under
the meter's serial (which the listener accepts).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import random
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Protocol as TypingProtocol
from zoneinfo import ZoneInfo

import aiomqtt

from meters.connection import Backoff, Endpoint
from meters.native import encode_event, encode_status, encode_telemetry
from meters.sim_relay import DEFAULT_RELAYS, RelayBehaviour, RelayResponder, answering
from meters.topics import NATIVE_PREFIX, MessageKind, native_topic
from services.clock import Clock, SystemClock
from services.enums import EventClass, MeterKind, Protocol, Severity
from services.fleet import FleetMeter

log = logging.getLogger(__name__)

HOURLY_LOAD = (
    0.35, 0.30, 0.28, 0.27, 0.28, 0.35, 0.60, 1.05, 1.20, 0.95, 0.75, 0.70,
    0.72, 0.70, 0.66, 0.66, 0.78, 1.00, 1.35, 1.55, 1.60, 1.45, 1.05, 0.60,
)  # fmt: skip
"""Load relative to a meter's mean, per local hour: night low, morning and evening peaks."""

EVENTS = (
    ("voltage_high", EventClass.THRESHOLD, Severity.WARNING, "Voltage above 253 V"),
    ("voltage_low", EventClass.THRESHOLD, Severity.WARNING, "Voltage below 207 V"),
    ("power_restored", EventClass.OTHER, Severity.INFO, "Power restored"),
    ("cover_open", EventClass.TAMPER, Severity.ALARM, "Terminal cover opened"),
    ("magnet", EventClass.TAMPER, Severity.ALARM, "Magnetic field detected"),
    ("self_test_failed", EventClass.INTEGRITY, Severity.ALARM, "Self-test failed"),
)
POWER_FACTOR = 0.95
MAX_CONNECTIONS = 64


@dataclass(frozen=True, slots=True)
class SimReading:
    ts: datetime
    registers: Mapping[str, Decimal]
    power_w: float
    voltage: tuple[float, ...]
    current: tuple[float, ...]
    frequency_hz: float


@dataclass(frozen=True, slots=True)
class SimEvent:
    ts: datetime
    code: str
    event_class: EventClass
    severity: Severity
    text: str


@dataclass(frozen=True, slots=True)
class Publication:
    topic: str
    payload: bytes
    retain: bool = False


@dataclass(frozen=True, slots=True)
class SimulationStats:
    meters: int
    published: int
    """Telemetry messages the broker acknowledged."""
    events: int
    failed: int
    elapsed_s: float

    @property
    def rate(self) -> float:
        return self.published / self.elapsed_s if self.elapsed_s > 0 else 0.0


class FleetEncoder(TypingProtocol):
    """How one protocol's devices put their data on the wire."""

    def telemetry(self, meter: FleetMeter, reading: SimReading) -> Publication: ...

    def event(self, meter: FleetMeter, event: SimEvent) -> Publication | None:
        """None for a protocol without events of its own."""
        ...

    def status(self, meter: FleetMeter, online: bool) -> Publication: ...


class NativeEncoder:
    def __init__(self, prefix: str = NATIVE_PREFIX, retain_status: bool = True) -> None:
        self.prefix = prefix
        self.retain_status = retain_status

    def device(self, meter: FleetMeter) -> str:
        return meter.topic_id if meter.protocol is Protocol.NATIVE else meter.serial

    def _topic(self, meter: FleetMeter, kind: MessageKind) -> str:
        return native_topic(self.device(meter), kind, self.prefix)

    def telemetry(self, meter: FleetMeter, reading: SimReading) -> Publication:
        payload = encode_telemetry(
            reading.ts,
            reading.registers,
            power_w=reading.power_w,
            voltage=reading.voltage,
            current=reading.current,
            frequency_hz=reading.frequency_hz,
        )
        return Publication(self._topic(meter, MessageKind.TELEMETRY), payload)

    def event(self, meter: FleetMeter, event: SimEvent) -> Publication:
        payload = encode_event(event.ts, event.code, event.event_class, event.severity, event.text)
        return Publication(self._topic(meter, MessageKind.EVENT), payload)

    def status(self, meter: FleetMeter, online: bool) -> Publication:
        return Publication(self._topic(meter, MessageKind.STATUS), encode_status(online), self.retain_status)


# --- the physics of one meter ----------------------------------------------------------------------


def load_factor(local: datetime) -> float:
    """The daily curve at ``local`` time, interpolated between the hours."""
    hours = local.hour + local.minute / 60 + local.second / 3600
    low = int(hours) % 24
    share = hours - int(hours)
    return HOURLY_LOAD[low] * (1 - share) + HOURLY_LOAD[(low + 1) % 24] * share


def tariff_zone(local: datetime, tariff_count: int) -> int:
    """0-based register index: two zones are day 07-23 / night 23-07; three add a peak zone."""
    moment = local.time()
    night = moment >= time(23) or moment < time(7)
    if tariff_count <= 1:
        return 0
    if tariff_count == 2:
        return 1 if night else 0
    if night:
        return 2
    peak = time(7) <= moment < time(10) or time(17) <= moment < time(21)
    return 0 if peak else 1


class MeterModel:
    """One simulated meter: its registers and what it measures now."""

    def __init__(self, meter: FleetMeter, rng: random.Random, tz: ZoneInfo) -> None:
        self.meter = meter
        self._rng = rng
        self._tz = tz
        count = max(1, min(meter.tariff_count, 4))
        known = [float(v) for v in meter.registers[:count]]
        self._registers = known + [0.0] * (count - len(known))
        mean_kw = rng.uniform(18.0, 30.0) if meter.kind is MeterKind.MAIN else rng.uniform(0.3, 1.2)
        self._mean_kw = mean_kw * (1.5 if meter.phases == 3 else 1.0)
        weights = [rng.uniform(0.7, 1.3) for _ in range(3 if meter.phases == 3 else 1)]
        self._phase_shares = [w / sum(weights) for w in weights]
        self._last_at: datetime | None = None
        self._last_ts: datetime | None = None

    def step(self, now: datetime) -> SimReading:
        local = now.astimezone(self._tz)
        noise = max(0.2, self._rng.gauss(1.0, 0.12))
        power_kw = max(0.02, self._mean_kw * load_factor(local) * noise)
        if self._last_at is not None and now > self._last_at:
            hours = (now - self._last_at).total_seconds() / 3600
            self._registers[tariff_zone(local, len(self._registers))] += power_kw * hours
        self._last_at = now
        ts = now.replace(microsecond=now.microsecond // 1000 * 1000)
        if self._last_ts is not None and ts <= self._last_ts:
            ts = self._last_ts + timedelta(milliseconds=1)
        self._last_ts = ts
        voltage = tuple(min(235.0, max(225.0, self._rng.gauss(230.0, 2.0))) for _ in self._phase_shares)
        current = tuple(
            power_kw * 1000 * share / (v * POWER_FACTOR) for share, v in zip(self._phase_shares, voltage, strict=True)
        )
        return SimReading(
            ts=ts,
            registers={f"t{i + 1}": Decimal(f"{value:.3f}") for i, value in enumerate(self._registers)},
            power_w=power_kw * 1000,
            voltage=voltage,
            current=current,
            frequency_hz=50.0 + self._rng.uniform(-0.05, 0.05),
        )

    def event(self, ts: datetime) -> SimEvent:
        code, event_class, severity, text = self._rng.choice(EVENTS)
        return SimEvent(ts, code, event_class, severity, text)


# --- the fleet on the wire -------------------------------------------------------------------------


class Simulator:
    def __init__(
        self,
        url: str,
        meters: Sequence[FleetMeter],
        interval_seconds: float,
        clock: Clock | None = None,
        *,
        prefix: str = NATIVE_PREFIX,
        encoders: Mapping[Protocol, FleetEncoder] | None = None,
        connections: int | None = None,
        max_messages: int | None = None,
        event_probability: float = 0.002,
        timezone: str = "Europe/Moscow",
        retain_status: bool = True,
        max_inflight: int = 256,
        seed: int | None = None,
        backoff: Backoff | None = None,
        relays: RelayBehaviour | None = DEFAULT_RELAYS,
    ) -> None:
        if not meters:
            raise ValueError("the simulator needs at least one meter")
        if interval_seconds <= 0:
            raise ValueError("interval_seconds must be positive")
        self._endpoint = Endpoint.from_url(url)
        self._meters = list(meters)
        self._interval = interval_seconds
        self._clock = clock or SystemClock()
        self._native = NativeEncoder(prefix, retain_status)
        self._encoders: Mapping[Protocol, FleetEncoder] = encoders or _default_encoders(self._native, timezone)
        self._connections = max(1, min(connections or MAX_CONNECTIONS, len(self._meters)))
        self._max_messages = max_messages
        self._event_probability = event_probability
        self._rng = random.Random(seed)
        tz = ZoneInfo(timezone)
        self._models = [MeterModel(meter, self._rng, tz) for meter in self._meters]
        self._inflight = asyncio.Semaphore(max_inflight)
        self._backoff = backoff or Backoff()
        self.relays = (
            RelayResponder(url, self._meters, relays, prefix=prefix, clock=self._clock, backoff=self._backoff)
            if relays
            else None
        )
        """The meters' relays answering commands (``meters.sim_relay``); None when ``relays`` is None."""
        self._tasks: set[asyncio.Task[None]] = set()
        self._error: aiomqtt.MqttError | None = None
        self._published = self._events = self._failed = self._sent = 0
        self.connected = asyncio.Event()

    def _encoder(self, meter: FleetMeter) -> FleetEncoder:
        return self._encoders.get(meter.protocol, self._native)

    def _clients(self) -> list[aiomqtt.Client]:
        token = uuid.uuid4().hex[:8]
        if self._connections == len(self._meters):  # one connection per meter: each has its own will
            return [
                self._endpoint.client(
                    f"sim-{meter.serial}-{token}",
                    will=self._will(self._encoder(meter).status(meter, online=False)),
                )
                for meter in self._meters
            ]
        return [self._endpoint.client(f"sim-{token}-{i}") for i in range(self._connections)]

    @staticmethod
    def _will(publication: Publication) -> aiomqtt.Will:
        return aiomqtt.Will(publication.topic, publication.payload, qos=1, retain=publication.retain)

    async def run(self, stop: asyncio.Event) -> SimulationStats:
        """Publish until ``stop`` (or ``max_messages``); reconnect with backoff when the broker goes."""
        async with answering(self.relays, stop):
            return await self._run(stop)

    async def _run(self, stop: asyncio.Event) -> SimulationStats:
        loop = asyncio.get_running_loop()
        started = loop.time()
        attempt = 0
        while not stop.is_set() and not self._done():
            try:
                await self._session(stop)
                break
            except aiomqtt.MqttError as exc:
                attempt = 0 if self.connected.is_set() else attempt
                self.connected.clear()
                delay = self._backoff.delay(attempt)
                attempt += 1
                log.warning(
                    "MQTT broker unreachable at %s, retrying in %.0f s (%s)",
                    self._endpoint.safe_url,
                    delay,
                    exc,
                )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)
        return SimulationStats(
            meters=len(self._meters),
            published=self._published,
            events=self._events,
            failed=self._failed,
            elapsed_s=loop.time() - started,
        )

    def _done(self) -> bool:
        return self._max_messages is not None and self._sent >= self._max_messages

    async def _session(self, stop: asyncio.Event) -> None:
        self._error = None
        async with contextlib.AsyncExitStack() as stack:
            links = [await stack.enter_async_context(client) for client in self._clients()]
            await self._announce(links, online=True)
            self.connected.set()
            await self._publish_loop(links, stop)
            await self._settle()
            if self._error is None:
                await self._announce(links, online=False)
        if self._error is not None:
            raise self._error
        self.connected.clear()

    async def _publish_loop(self, links: list[aiomqtt.Client], stop: asyncio.Event) -> None:
        """Message n goes out at start + n * step: an even spread, catching up after a stall."""
        loop = asyncio.get_running_loop()
        step = self._interval / len(self._meters)
        start = loop.time() - self._sent * step  # after a reconnect, go on from now
        while not stop.is_set() and not self._done() and self._error is None:
            delay = start + self._sent * step - loop.time()
            if delay > 0.05:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)
                continue
            if delay > 0:
                await asyncio.sleep(delay)
            index = self._sent % len(self._meters)
            await self._send(links[index % len(links)], index)
            self._sent += 1

    async def _send(self, link: aiomqtt.Client, index: int) -> None:
        meter, model = self._meters[index], self._models[index]
        reading = model.step(self._clock.now())
        encoder = self._encoder(meter)
        await self._spawn(link, encoder.telemetry(meter, reading), MessageKind.TELEMETRY)
        if self._rng.random() < self._event_probability:
            event = encoder.event(meter, model.event(reading.ts))
            if event is not None:
                await self._spawn(link, event, MessageKind.EVENT)

    async def _spawn(self, link: aiomqtt.Client, publication: Publication, kind: MessageKind) -> None:
        await self._inflight.acquire()
        task = asyncio.create_task(self._publish(link, publication, kind))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _publish(self, link: aiomqtt.Client, publication: Publication, kind: MessageKind) -> None:
        try:
            await link.publish(publication.topic, publication.payload, qos=1, retain=publication.retain)
        except aiomqtt.MqttError as exc:
            self._failed += 1
            if self._error is None:
                self._error = exc
                for task in self._tasks:  # no acknowledgement comes over a broken connection
                    if task is not asyncio.current_task():
                        task.cancel()
        except asyncio.CancelledError:
            self._failed += 1
            raise
        else:
            if kind is MessageKind.TELEMETRY:
                self._published += 1
            elif kind is MessageKind.EVENT:
                self._events += 1
        finally:
            self._inflight.release()

    async def _settle(self) -> None:
        """Wait for the broker's acknowledgements; after a connection error, give up on them."""
        if self._error is not None:
            for task in self._tasks:
                task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _announce(self, links: list[aiomqtt.Client], *, online: bool) -> None:
        for index, meter in enumerate(self._meters):
            publication = self._encoder(meter).status(meter, online)
            await self._spawn(links[index % len(links)], publication, MessageKind.STATUS)
        await self._settle()


def _default_encoders(native: NativeEncoder, timezone: str) -> Mapping[Protocol, FleetEncoder]:
    from meters.encoders import default_encoders  # it builds on this module's types

    return default_encoders(native, ZoneInfo(timezone))


def synthetic_fleet(
    count: int, protocols: Sequence[Protocol] = (Protocol.NATIVE,), *, seed: int = 1
) -> list[FleetMeter]:
    """``count`` meters SIM000001... for load tests without a database: every fifth is three-phase."""
    if count < 1:
        raise ValueError("count must be at least 1")
    rng = random.Random(seed)
    chosen = list(protocols) or [Protocol.NATIVE]
    fleet = []
    for n in range(1, count + 1):
        serial = f"SIM{n:06d}"
        protocol = chosen[(n - 1) % len(chosen)]
        fleet.append(
            FleetMeter(
                serial=serial,
                protocol=protocol,
                topic_id=serial if protocol is Protocol.NATIVE else f"sim_{serial.lower()}",
                kind=MeterKind.INDIVIDUAL,
                phases=3 if n % 5 == 0 else 1,
                tariff_count=2,
                registers=(Decimal(rng.randint(1_000, 20_000)), Decimal(rng.randint(300, 8_000))),
            )
        )
    return fleet


async def simulate(
    url: str,
    count: int,
    rate: float,
    protocols: Sequence[Protocol],
    duration: float | None,
    stop: asyncio.Event,
    *,
    prefix: str = NATIVE_PREFIX,
    retain_status: bool = True,
) -> SimulationStats:
    """``meterbot simulate``: a synthetic fleet of ``count`` meters sending ``rate`` messages a second
    in all, until ``stop`` is set or ``duration`` seconds have passed."""
    if rate <= 0 or not math.isfinite(rate):
        raise ValueError("rate must be a positive number of messages per second")
    simulator = Simulator(
        url,
        synthetic_fleet(count, protocols),
        interval_seconds=count / rate,
        prefix=prefix,
        retain_status=retain_status,
    )
    finished = asyncio.Event()

    async def watch() -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), duration)
        finished.set()

    watcher = asyncio.create_task(watch())
    try:
        return await simulator.run(finished)
    finally:
        watcher.cancel()
