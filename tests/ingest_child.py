"""meterbot's ingesting side alone, as a process a test can kill: the MQTT listener and the flusher
writing to the given database, as ``meterbot run`` wires them.

    python -m tests.ingest_child DATABASE_URL MQTT_URL PREFIX CLIENT_ID [FLUSH_INTERVAL]

Prints ``connected`` once subscribed, then ``<accepted> <committed>`` (ingestion positions) every
20 ms, so that a test can kill it at a moment when messages were received but not yet stored. SIGTERM
stops it cleanly.
"""

from __future__ import annotations

import asyncio
import signal
import sys

from meters.connection import Backoff
from meters.listener import MqttListener
from meters.topics import default_router
from services import db as database
from services.clock import SystemClock
from services.health import HealthRegistry
from services.ingest import IngestService


async def main(database_url: str, mqtt_url: str, prefix: str, client_id: str, flush_interval: float) -> None:
    await database.connect(database_url)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    ingest = IngestService(SystemClock(), flush_interval=flush_interval)
    listener = MqttListener(
        mqtt_url,
        client_id,
        ingest,
        HealthRegistry(),
        router=default_router(prefix),
        backoff=Backoff(initial=0.05, cap=0.2),
    )
    tasks = [asyncio.create_task(listener.run(stop)), asyncio.create_task(ingest.run_flusher(stop))]
    await listener.connected.wait()
    print("connected", flush=True)
    while not stop.is_set():
        print(ingest.position, ingest.committed, flush=True)
        await asyncio.sleep(0.02)
    await asyncio.gather(*tasks)
    await database.close()


if __name__ == "__main__":
    url, mqtt, prefix, client, *rest = sys.argv[1:]
    asyncio.run(main(url, mqtt, prefix, client, float(rest[0]) if rest else 0.5))
