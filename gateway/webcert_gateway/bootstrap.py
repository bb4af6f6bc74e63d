"""Wiring: the database prepared before the app or the workers start."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from webcert_common.db import ensure_database, make_engine, run_migrations

from .config import GatewayConfig

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def prepare(config: GatewayConfig) -> Engine:
    """Create the database if missing and migrate it to the newest revision."""
    ensure_database(config.database_url)
    engine = make_engine(config.database_url)
    run_migrations(engine, MIGRATIONS_DIR)
    return engine
