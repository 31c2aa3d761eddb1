"""``GET /metrics`` in the Prometheus text format (prometheus-client), and the request-latency middleware.

What it exports: ingestion counters since start (messages received, ingested, quarantined, from unknown
devices, dropped; the buffer), the outbox queue and its failures, open alerts, relay commands by state,
and every request's latency per route. Each application has its own registry, so several apps in one
process (tests) never mix their figures.

Access: with a token configured, only ``Authorization: Bearer <token>`` (from anywhere); without one, only
clients on the loopback interface. Behind a reverse proxy every client looks local: set a token there.
"""

from __future__ import annotations

import ipaddress
import logging
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from aiohttp import web
from aiohttp.typedefs import Middleware
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4, generate_latest
from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from admin_web.security import Handler
from services.ingest import IngestStats
from services.ops_metrics import OpsMetricsService

log = logging.getLogger(__name__)

routes = web.RouteTableDef()

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class IngestCollector(Collector):
    """The ingestion service's counters, read when scraped."""

    def __init__(self, stats: Callable[[], IngestStats]) -> None:
        self._stats = stats

    def collect(self) -> Iterator[Metric]:
        stats = self._stats()
        counters = (
            ("meterbot_mqtt_messages_received", "Device messages and quarantine rows accepted", stats.received),
            ("meterbot_mqtt_messages_ingested", "Device messages stored for a registered meter", stats.ingested),
            ("meterbot_mqtt_messages_quarantined", "Messages rejected into the quarantine", stats.quarantined),
            ("meterbot_mqtt_messages_unknown", "Messages from devices not in the registry", stats.unknown),
            ("meterbot_mqtt_messages_dropped", "Messages lost because the buffer was full", stats.dropped),
            ("meterbot_ingest_flushes", "Batches written to the database", stats.flushes),
            ("meterbot_ingest_failed_flushes", "Batches that failed and were retried", stats.failed_flushes),
        )
        for name, text, value in counters:
            yield CounterMetricFamily(name, text, value=value)
        yield GaugeMetricFamily("meterbot_ingest_pending", "Messages waiting to be written", value=stats.pending)


@dataclass(frozen=True, slots=True)
class Metrics:
    registry: CollectorRegistry
    latency: Histogram
    requests: Counter
    outbox_pending: Gauge
    outbox_failed: Gauge
    alerts_open: Gauge
    relay_commands: Gauge
    database_ok: Gauge
    ops: OpsMetricsService
    token: str | None


METRICS_KEY = web.AppKey("metrics", Metrics)


def _build(ops: OpsMetricsService, stats: Callable[[], IngestStats] | None, token: str | None) -> Metrics:
    registry = CollectorRegistry(auto_describe=True)
    if stats is not None:
        registry.register(IngestCollector(stats))
    return Metrics(
        registry=registry,
        latency=Histogram(
            "meterbot_http_request_duration_seconds",
            "Time to answer a request of the admin web",
            ("method", "route"),
            registry=registry,
            buckets=LATENCY_BUCKETS,
        ),
        requests=Counter(
            "meterbot_http_requests", "Requests of the admin web", ("method", "route", "status"), registry=registry
        ),
        outbox_pending=Gauge("meterbot_outbox_pending", "Notifications waiting to be sent", registry=registry),
        outbox_failed=Gauge("meterbot_outbox_failed", "Notifications given up on", registry=registry),
        alerts_open=Gauge("meterbot_alerts_open", "Alerts not cleared", registry=registry),
        relay_commands=Gauge("meterbot_relay_commands", "Relay commands by state", ("state",), registry=registry),
        database_ok=Gauge("meterbot_metrics_database_ok", "1 when the figures above were read", registry=registry),
        ops=ops,
        token=token or None,
    )


def _route(request: web.Request) -> str:
    """The route's pattern (``/sites/{site_id}/meters``), so that ids never make new series."""
    info = request.match_info
    if info.http_exception is not None:
        return "unmatched"
    resource = info.route.resource
    return resource.canonical if resource is not None else "unmatched"


def setup(
    app: web.Application, ops: OpsMetricsService, stats: Callable[[], IngestStats] | None, token: str | None
) -> Middleware:
    """Keep the metrics in ``app`` and return the latency middleware."""
    metrics = _build(ops, stats, token)
    app[METRICS_KEY] = metrics

    @web.middleware
    async def measure(request: web.Request, handler: Handler) -> web.StreamResponse:
        started = time.perf_counter()
        status = 500
        try:
            response = await handler(request)
            status = response.status
            return response
        except web.HTTPException as exc:
            status = exc.status
            raise
        finally:
            route = _route(request)
            metrics.latency.labels(request.method, route).observe(time.perf_counter() - started)
            metrics.requests.labels(request.method, route, str(status)).inc()

    return measure


def scrape_allowed(remote: str | None, authorization: str | None, token: str | None) -> bool:
    """With a token: the right bearer token, from anywhere. Without: loopback clients only."""
    if token:
        scheme, _, sent = (authorization or "").partition(" ")
        return scheme.lower() == "bearer" and secrets.compare_digest(sent.strip().encode(), token.encode())
    try:
        return remote is not None and ipaddress.ip_address(remote.split("%")[0]).is_loopback
    except ValueError:
        return False


async def _read_database(metrics: Metrics) -> None:
    try:
        snapshot = await metrics.ops.snapshot()
    except Exception:  # the page must still answer, with the process's own figures
        log.warning("metrics: the database figures could not be read", exc_info=True)
        metrics.database_ok.set(0)
        return
    metrics.outbox_pending.set(snapshot.outbox_pending)
    metrics.outbox_failed.set(snapshot.outbox_failed)
    metrics.alerts_open.set(snapshot.alerts_open)
    for state, count in snapshot.relay_commands.items():
        metrics.relay_commands.labels(state.value).set(count)
    metrics.database_ok.set(1)


@routes.get("/metrics", name="metrics")
async def metrics_page(request: web.Request) -> web.StreamResponse:
    metrics = request.app[METRICS_KEY]
    if not scrape_allowed(request.remote, request.headers.get("Authorization"), metrics.token):
        if metrics.token:
            return web.Response(status=401, text="unauthorized\n", headers={"WWW-Authenticate": "Bearer"})
        return web.Response(status=403, text="forbidden: set a metrics token to scrape from elsewhere\n")
    await _read_database(metrics)
    body = generate_latest(metrics.registry)
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_PLAIN_0_0_4})
