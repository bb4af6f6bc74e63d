"""The auth worker: the outbox relay (publishes committed user.* events) and the session
sweeper (§3: logged out after thirty minutes without activity, even with no request)."""
from __future__ import annotations

from webcert_common.bus import MessageBus, OutboxRelay
from webcert_common.clock import Clock
from webcert_common.db import make_engine
from webcert_common.logging import configure_logging, get_logger
from webcert_common.worker import PeriodicWorker, serve

from ..bootstrap import build_services
from ..config import AuthConfig
from ..service_layer.handlers import AuthServices
from ..service_layer.sweeper import expire_overdue_sessions

log = get_logger(__name__)


class SessionSweeper(PeriodicWorker):
    def __init__(self, services: AuthServices, interval_seconds: float = 30.0) -> None:
        super().__init__("session_sweep", self._sweep, interval_seconds)
        self.services = services

    def _sweep(self) -> int:
        ended = expire_overdue_sessions(self.services)
        if ended:
            log.info("sessions_expired", count=ended)
        return ended


def build_workers(config: AuthConfig, *, clock: Clock | None = None) -> list:
    engine = make_engine(config.database_url)
    bus = MessageBus(config.amqp_url, namespace=config.bus_namespace)
    services = build_services(config, engine, clock)
    return [OutboxRelay(engine, bus, clock=clock), SessionSweeper(services, config.sweep_interval_seconds)]


def main() -> None:
    config = AuthConfig.from_env()
    configure_logging(config.service_name, config.log_level)
    serve(config.service_name, build_workers(config))


if __name__ == "__main__":
    main()
