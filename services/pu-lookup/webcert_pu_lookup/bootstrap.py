"""Wiring: the real (or fake) dependencies of the pu-lookup service, and ``prepare`` that makes
its database ready (create, migrate) -- safe at every start."""
from __future__ import annotations

from datetime import timedelta
from functools import partial
from pathlib import Path

import sqlalchemy as sa
from webcert_common.clock import Clock, SystemClock
from webcert_common.db import migrate_database
from webcert_common.service_client import HttpServiceClient, ServiceClient

from .adapters.cache import CachedPopulationRegister
from .adapters.http_register import HttpPopulationRegister
from .adapters.population_register import PopulationRegister
from .config import PuLookupConfig
from .service_layer.handlers import PuLookupServices
from .service_layer.unit_of_work import SqlUnitOfWork

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def prepare(config: PuLookupConfig, engine: sa.Engine | None = None) -> None:
    migrate_database(config.database_url, MIGRATIONS_DIR, engine)


def build_register(config: PuLookupConfig, *, client: ServiceClient | None = None,
                   clock: Clock | None = None) -> PopulationRegister:
    """The HTTP adapter with the cache in front. ``client`` None: HTTP to ``config.register_url``
    with the configured timeout (distributed); embedded passes a WsgiServiceClient over the PU
    simulator's app."""
    client = client or HttpServiceClient(config.register_url, timeout=config.timeout_seconds, reads_by_post=True)
    return CachedPopulationRegister(HttpPopulationRegister(client), timedelta(seconds=config.cache_seconds),
                                    clock or SystemClock())


def build_services(config: PuLookupConfig, engine: sa.Engine, *, register: PopulationRegister | None = None,
                   clock: Clock | None = None) -> PuLookupServices:
    clock = clock or SystemClock()
    return PuLookupServices(
        uow=partial(SqlUnitOfWork, engine, clock),
        register=register if register is not None else build_register(config, clock=clock),
        clock=clock,
    )


def main() -> None:
    """``python -m webcert_pu_lookup.bootstrap``: prepare the database before gunicorn starts."""
    from webcert_common.logging import configure_logging, get_logger

    config = PuLookupConfig.from_env()
    configure_logging(config.service_name, config.log_level)
    prepare(config)
    get_logger(__name__).info("pu_lookup_database_ready")


if __name__ == "__main__":
    main()
