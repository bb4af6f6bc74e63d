"""Wiring: the real (or fake) dependencies of the auth service, and ``prepare`` that makes
its database ready (create, migrate, load the demo world) -- safe at every start."""
from __future__ import annotations

from datetime import timedelta
from functools import partial
from pathlib import Path

import sqlalchemy as sa
from webcert_common.clock import Clock, SystemClock
from webcert_common.db import migrate_database

from .adapters.demo_loader import load_demo_world
from .adapters.identity import IdentityProvider, NoIdentityProvider
from .adapters.test_idp import TestIdentityProvider
from .config import AuthConfig
from .service_layer.handlers import AuthServices
from .service_layer.unit_of_work import SqlUnitOfWork

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def identity_provider_for(config: AuthConfig) -> IdentityProvider:
    # The test IdP only when asked for; AuthConfig.check refuses it in production.
    if config.test_idp_enabled:
        return TestIdentityProvider(config.idp_signing_key)
    return NoIdentityProvider()


def prepare(config: AuthConfig, engine: sa.Engine | None = None) -> None:
    demo = (lambda e: load_demo_world(e, config.demo_data_path)) if config.load_demo_world else None
    migrate_database(config.database_url, MIGRATIONS_DIR, engine, then=demo)


def build_services(config: AuthConfig, engine: sa.Engine, clock: Clock | None = None,
                   identity_provider: IdentityProvider | None = None) -> AuthServices:
    clock = clock or SystemClock()
    return AuthServices(
        uow=partial(SqlUnitOfWork, engine, clock),
        identity_provider=identity_provider or identity_provider_for(config),
        clock=clock,
        idle_limit=timedelta(minutes=config.session_idle_minutes),
        absolute_limit=timedelta(hours=config.session_absolute_hours),
    )


def main() -> None:
    """``python -m webcert_auth.bootstrap``: prepare the database before gunicorn starts."""
    from webcert_common.logging import configure_logging, get_logger

    config = AuthConfig.from_env()
    configure_logging(config.service_name, config.log_level)
    prepare(config)
    get_logger(__name__).info("auth_database_ready")


if __name__ == "__main__":
    main()
