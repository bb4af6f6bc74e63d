"""The auth worker: the outbox relay (publishes committed user.* events) and the session
sweeper (§3: logged out after thirty minutes without activity, even with no request)."""
from __future__ import annotations

import signal
import threading

from webcert_common.bus import MessageBus, OutboxRelay
from webcert_common.clock import Clock
from webcert_common.db import make_engine
from webcert_common.logging import configure_logging, get_logger

from ..bootstrap import build_services
from ..config import AuthConfig
from ..service_layer.handlers import AuthServices
from ..service_layer.sweeper import expire_overdue_sessions

log = get_logger(__name__)


class SessionSweeper:
    def __init__(self, services: AuthServices, interval_seconds: float = 30.0) -> None:
        self.services = services
        self.interval_seconds = interval_seconds

    def run_once(self) -> int:
        return expire_overdue_sessions(self.services)

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                ended = self.run_once()
                if ended:
                    log.info("sessions_expired", count=ended)
            except Exception as exc:   # a database hiccup must not kill the sweeper; try again
                log.warning("session_sweep_failed", error_type=type(exc).__name__)
            stop.wait(self.interval_seconds)


def build_workers(config: AuthConfig, *, clock: Clock | None = None) -> list:
    engine = make_engine(config.database_url)
    bus = MessageBus(config.amqp_url, namespace=config.bus_namespace)
    services = build_services(config, engine, clock)
    return [OutboxRelay(engine, bus, clock=clock), SessionSweeper(services, config.sweep_interval_seconds)]


def main() -> None:
    config = AuthConfig.from_env()
    configure_logging(config.service_name, config.log_level)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    threads = [threading.Thread(target=w.run, args=(stop,), name=type(w).__name__, daemon=True)
               for w in build_workers(config)]
    for thread in threads:
        thread.start()
    log.info("auth_worker_started", workers=[t.name for t in threads])
    stop.wait()
    for thread in threads:
        thread.join(timeout=10)


if __name__ == "__main__":
    main()
