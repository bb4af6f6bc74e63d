"""The gateway's worker: the security log's consumer of ``user.*`` events.

``build_workers(config)`` gives objects with ``.run(stop)`` -- threads in the embedded
runner, ``main()`` in a process of its own when distributed."""
from __future__ import annotations

import signal
import sys
import threading

from webcert_common.bus import InboxConsumer, MessageBus
from webcert_common.db import make_engine
from webcert_common.logging import configure_logging, get_logger

from . import security_events
from .bootstrap import prepare
from .config import GatewayConfig

SERVICE = "gateway"
log = get_logger(__name__)


def build_workers(config: GatewayConfig, *, bus: MessageBus | None = None) -> list:
    engine = make_engine(config.database_url)
    bus = bus or MessageBus(config.amqp_url, namespace=config.bus_namespace)
    # Declared before anyone publishes, so no user.* event is routed nowhere.
    bus.declare_consumer_queue(SERVICE, security_events.HANDLED_TYPES)
    consumer = InboxConsumer(engine, bus, service=SERVICE, handlers=security_events.handlers())
    return [consumer]


def main() -> int:
    config = GatewayConfig.from_env()
    configure_logging("gateway-worker", config.log_level)
    prepare(config)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    workers = build_workers(config)
    threads = [threading.Thread(target=w.run, args=(stop,), name=type(w).__name__) for w in workers]
    for thread in threads:
        thread.start()
    log.info("gateway_worker_started", workers=len(threads))
    for thread in threads:
        thread.join()
    return 0


if __name__ == "__main__":
    sys.exit(main())
