"""The certificate worker: the outbox relay, which publishes committed certificate.* and pdl.*
events (the gateway ships the PDL entries to the national log service)."""
from __future__ import annotations

from webcert_common.bus import MessageBus, OutboxRelay
from webcert_common.clock import Clock
from webcert_common.db import make_engine
from webcert_common.logging import configure_logging
from webcert_common.worker import serve

from ..config import CertificateConfig


def build_workers(config: CertificateConfig, *, clock: Clock | None = None) -> list:
    engine = make_engine(config.database_url)
    bus = MessageBus(config.amqp_url, namespace=config.bus_namespace)
    return [OutboxRelay(engine, bus, clock=clock)]


def main() -> None:
    config = CertificateConfig.from_env()
    configure_logging(config.service_name, config.log_level)
    serve(config.service_name, build_workers(config))


if __name__ == "__main__":
    main()
