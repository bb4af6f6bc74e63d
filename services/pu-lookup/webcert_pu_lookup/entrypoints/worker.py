"""The pu-lookup worker: the outbox relay (publishes committed pu.* and pdl.* events) and the
register probe (pings the population register every PU_PROBE_INTERVAL_SECONDS: outages and
recovery are noticed within seconds even when nobody looks anyone up, PU-3)."""
from __future__ import annotations

import signal
import threading

from webcert_common.bus import MessageBus, OutboxRelay
from webcert_common.clock import Clock
from webcert_common.db import make_engine
from webcert_common.logging import configure_logging, get_logger

from ..adapters.population_register import PopulationRegister
from ..bootstrap import build_services
from ..config import PuLookupConfig
from ..domain import commands
from ..domain.register_state import Transition
from ..service_layer.handlers import PuLookupServices, handle

log = get_logger(__name__)


class RegisterProbe:
    def __init__(self, services: PuLookupServices, interval_seconds: float = 2.0) -> None:
        self.services = services
        self.interval_seconds = interval_seconds

    def run_once(self) -> Transition | None:
        return handle(commands.ProbeRegister(), self.services)

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self.run_once()
            except Exception as exc:   # a database hiccup must not kill the probe; try again
                log.warning("pu_probe_failed", error_type=type(exc).__name__)
            stop.wait(self.interval_seconds)


def build_workers(config: PuLookupConfig, *, register: PopulationRegister | None = None,
                  clock: Clock | None = None) -> list:
    engine = make_engine(config.database_url)
    bus = MessageBus(config.amqp_url, namespace=config.bus_namespace)
    services = build_services(config, engine, register=register, clock=clock)
    return [OutboxRelay(engine, bus, clock=clock), RegisterProbe(services, config.probe_interval_seconds)]


def main() -> None:
    config = PuLookupConfig.from_env()
    configure_logging(config.service_name, config.log_level)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    threads = [threading.Thread(target=w.run, args=(stop,), name=type(w).__name__, daemon=True)
               for w in build_workers(config)]
    for thread in threads:
        thread.start()
    log.info("pu_lookup_worker_started", workers=[t.name for t in threads])
    stop.wait()
    for thread in threads:
        thread.join(timeout=10)


if __name__ == "__main__":
    main()
