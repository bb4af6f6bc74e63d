"""The gateway's worker.

``build_workers(config)`` gives objects with ``.run(stop)`` -- threads in the embedded
runner, ``main()`` in a process of its own when distributed:

1. ``PuStateWorker`` on the queue ``gateway.events``: the security log (``user.*``) and
   the PU lock (``pu.unavailable`` / ``pu.available`` → ``pu_state``). Before it consumes
   it asks pu-lookup ``GET /status`` (PU-3: a gateway that starts while PU is down must
   learn it); if pu-lookup does not answer yet, it keeps asking in the background.
2. The PDL shipper on its own queue ``gateway-pdl.events``: ``pdl.access_logged`` → the
   national log service. A queue of its own so that a slow or absent log service (each
   failed call waits for its timeout, then is retried) never delays the PU lock.
"""
from __future__ import annotations

import sys
import threading

from sqlalchemy.engine import Engine

from webcert_common.bus import InboxConsumer, MessageBus
from webcert_common.db import make_engine
from webcert_common.logging import configure_logging, get_logger
from webcert_common.service_client import HttpServiceClient, ServiceClient
from webcert_common.worker import serve

from . import national_log, pu_state, security_events
from .bootstrap import prepare
from .clients.pu_lookup import PuLookupClient
from .config import GatewayConfig

SERVICE = "gateway"
PDL_SERVICE = "gateway-pdl"          # queue gateway-pdl.events, dead letters gateway-pdl.events.dead-letter
log = get_logger(__name__)


class PuStatusLearner:
    """Asks pu-lookup for the PU state and stores it (newest fact wins, see pu_state)."""

    def __init__(self, engine: Engine, pu_lookup: PuLookupClient, *, retry_seconds: float = 2.0) -> None:
        self.engine = engine
        self.pu_lookup = pu_lookup
        self.retry_seconds = retry_seconds

    def learn(self) -> bool:
        try:
            pu_state.record_status(self.engine, self.pu_lookup.status())
        except Exception as exc:  # pu-lookup not up yet, or an odd answer: the caller tries again
            log.warning("pu_status_unknown", error_type=type(exc).__name__, error=str(exc)[:200])
            return False
        log.info("pu_status_learned")
        return True

    def learn_until_known(self, stop: threading.Event) -> None:
        while not stop.is_set():
            if self.learn():
                return
            stop.wait(self.retry_seconds)


class PuStateWorker:
    """Learns the PU state, then consumes ``gateway.events``."""

    def __init__(self, learner: PuStatusLearner, consumer: InboxConsumer) -> None:
        self.learner = learner
        self.consumer = consumer

    def run(self, stop: threading.Event) -> None:
        if not self.learner.learn():   # asked before consuming; if unanswered, keep asking beside
            threading.Thread(target=self.learner.learn_until_known, args=(stop,), daemon=True,
                             name="PuStatusLearner").start()
        self.consumer.run(stop)

    def close(self) -> None:
        self.consumer.close()


def build_workers(config: GatewayConfig, *, bus: MessageBus | None = None,
                  pu_lookup_client: ServiceClient | None = None,
                  log_service_client: ServiceClient | None = None) -> list:
    """``pu_lookup_client`` / ``log_service_client``: ServiceClients for pu-lookup and the
    national log service (None: HTTP to PU_LOOKUP_URL / LOG_SERVICE_URL)."""
    engine = make_engine(config.database_url)
    bus = bus or MessageBus(config.amqp_url, namespace=config.bus_namespace)
    events_handlers = {**security_events.handlers(), **pu_state.handlers()}
    # Declared before anyone publishes, so no event is routed nowhere.
    bus.declare_consumer_queue(SERVICE, events_handlers)
    bus.declare_consumer_queue(PDL_SERVICE, national_log.HANDLED_TYPES)
    pu_lookup = PuLookupClient(pu_lookup_client or HttpServiceClient(config.pu_lookup_url, reads_by_post=True))
    log_service = national_log.HttpNationalLogService(log_service_client or HttpServiceClient(config.log_service_url))
    consumer = InboxConsumer(engine, bus, service=SERVICE, handlers=events_handlers)
    shipper = InboxConsumer(engine, bus, service=PDL_SERVICE, handlers=national_log.handlers(log_service))
    return [PuStateWorker(PuStatusLearner(engine, pu_lookup), consumer), shipper]


def main() -> int:
    config = GatewayConfig.from_env()
    configure_logging("gateway-worker", config.log_level)
    prepare(config)
    serve("gateway", build_workers(config))
    return 0


if __name__ == "__main__":
    sys.exit(main())
