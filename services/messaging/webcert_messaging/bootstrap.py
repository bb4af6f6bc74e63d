"""Wiring: the real (or fake) dependencies of the messaging service, and ``prepare`` that makes
its database ready (create, migrate) -- safe at every start, and run once before any process of
the service starts."""
from __future__ import annotations

from functools import partial
from pathlib import Path

import sqlalchemy as sa
from webcert_common.clock import Clock, SystemClock
from webcert_common.db import migrate_database
from webcert_common.service_client import HttpServiceClient, ServiceClient

from .adapters.outside_services import auth_sessions, pu_lookup_patients
from .config import MessagingConfig
from .service_layer.handlers import MessagingServices
from .service_layer.unit_of_work import SqlUnitOfWork

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def prepare(config: MessagingConfig, engine: sa.Engine | None = None) -> None:
    migrate_database(config.database_url, MIGRATIONS_DIR, engine)


def build_services(config: MessagingConfig, engine: sa.Engine, *, auth_client: ServiceClient | None = None,
                   pu_lookup_client: ServiceClient | None = None, clock: Clock | None = None) -> MessagingServices:
    """``auth_client`` / ``pu_lookup_client`` None: HTTP to the configured URLs (asked only when a
    user acts: the event handlers need neither)."""
    clock = clock or SystemClock()
    timeout = config.service_timeout_seconds
    return MessagingServices(
        uow=partial(SqlUnitOfWork, engine, clock),
        sessions=auth_sessions(auth_client or HttpServiceClient(config.auth_url, timeout=timeout)),
        clock=clock,
        patients=pu_lookup_patients(pu_lookup_client or HttpServiceClient(config.pu_lookup_url, timeout=timeout,
                                                                        reads_by_post=True)),
    )


def main() -> None:
    """``python -m webcert_messaging.bootstrap``: prepare the database before gunicorn starts."""
    from webcert_common.logging import configure_logging, get_logger

    config = MessagingConfig.from_env()
    configure_logging(config.service_name, config.log_level)
    prepare(config)
    get_logger(__name__).info("messaging_database_ready")


if __name__ == "__main__":
    main()
