"""Database plumbing shared by the services: one engine per service, PostgreSQL databases
created if missing, Alembic migrations run on start.

Embedded mode uses one SQLite file per service under ``$DATA_DIR``; distributed mode one
PostgreSQL database per service. A service owns its tables; nobody else reads them.
"""
from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url


def make_engine(url: str, **kwargs) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    if parsed.drivername in ("postgresql", "postgres"):
        url = str(parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False))
    return create_engine(url, pool_pre_ping=True, **kwargs)


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in ``url`` if it does not exist (no-op for SQLite)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        if parsed.get_backend_name() == "sqlite" and parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        return
    name = parsed.database
    admin = make_engine(parsed.set(database="postgres").render_as_string(hide_password=False),
                        isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()


def drop_database(url: str) -> None:
    """Tests only: drop a PostgreSQL database made for one test run."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    admin = make_engine(parsed.set(database="postgres").render_as_string(hide_password=False),
                        isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    finally:
        admin.dispose()


def run_migrations(engine: Engine, migrations_dir: str | Path) -> None:
    """``alembic upgrade head`` for one service's migrations folder, on the given engine."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def migrate_database(database_url: str, migrations_dir: str | Path, engine: Engine | None = None,
                     then=None) -> None:
    """A service's ``prepare``: create its database if missing, run its migrations, then
    ``then(engine)`` (loading the demo world, say). Safe to call at every start."""
    ensure_database(database_url)
    own_engine = engine is None
    engine = engine or make_engine(database_url)
    try:
        run_migrations(engine, migrations_dir)
        if then is not None:
            then(engine)
    finally:
        if own_engine:
            engine.dispose()


def ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def to_json(value) -> str | None:
    """A JSON column's text: the same value always the same text (sorted keys, UTF-8 as is)."""
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def from_json(text):
    return None if text is None else json.loads(text)
