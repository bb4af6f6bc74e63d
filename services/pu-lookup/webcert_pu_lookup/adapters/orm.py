"""The pu-lookup service's tables (SQLAlchemy Core). Kept in step with migrations/versions by
hand; tests/integration checks that a migrated database has every table named here."""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from webcert_common.bus import add_messaging_tables

metadata = sa.MetaData()

# One row (id = 1): the population register's state as this service last saw it (PU-3).
register_state = sa.Table(
    "register_state", metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column("available", sa.Boolean(), nullable=False),
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
)
STATE_ROW_ID = 1

outbox, inbox = add_messaging_tables(metadata)

PU_LOOKUP_TABLES = ("register_state",)


def utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything stored here is UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
