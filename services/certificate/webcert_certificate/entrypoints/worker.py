"""The certificate worker: the outbox relay, which publishes committed certificate.* and pdl.*
events (the gateway ships the PDL entries to the national log service), and the locking job
(CERT-8), which every LOCK_INTERVAL_SECONDS locks the drafts that are fourteen days old; it runs
at once when the worker starts, and may run in several workers at the same time."""
from __future__ import annotations

from webcert_common.bus import MessageBus, OutboxRelay
from webcert_common.clock import Clock
from webcert_common.db import make_engine
from webcert_common.logging import configure_logging
from webcert_common.worker import PeriodicWorker, serve

from ..bootstrap import build_services
from ..config import CertificateConfig
from ..domain import commands
from ..service_layer.handlers import CertificateServices, handle


class LockingJob(PeriodicWorker):
    def __init__(self, services: CertificateServices, interval_seconds: float) -> None:
        super().__init__("draft_locking", self._lock, interval_seconds)
        self.services = services

    def _lock(self) -> int:
        return handle(commands.LockDueDrafts(), self.services)


def build_workers(config: CertificateConfig, *, clock: Clock | None = None) -> list:
    engine = make_engine(config.database_url)
    bus = MessageBus(config.amqp_url, namespace=config.bus_namespace)
    services = build_services(config, engine, clock=clock)
    return [OutboxRelay(engine, bus, clock=clock), LockingJob(services, config.lock_interval_seconds)]


def main() -> None:
    config = CertificateConfig.from_env()
    configure_logging(config.service_name, config.log_level)
    serve(config.service_name, build_workers(config))


if __name__ == "__main__":
    main()
