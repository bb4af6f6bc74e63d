"""The security log: an append-only ``security_event`` table filled from the auth
service's ``user.*`` events (warehouse-style: one row per fact, never changed).

Each row: when it happened, what (the event type), who (HSA id or e-legitimation account
id, never a personnummer), why (refusal or expiry reason), where (unit), and the
correlation id that ties it to the request that caused it."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from webcert_common.bus import Event, add_messaging_tables, contracts

metadata = sa.MetaData()
add_messaging_tables(metadata)

_ID_TYPE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # SQLite autoincrements INTEGER only


def security_event_columns() -> list[sa.Column]:
    return [
        sa.Column("id", _ID_TYPE, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(64), nullable=False, unique=True),
        sa.Column("time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("user_id", sa.String(100), nullable=True),
        sa.Column("reason", sa.String(100), nullable=True),
        sa.Column("unit_id", sa.String(100), nullable=True),
        sa.Column("login_method", sa.String(20), nullable=True),
        sa.Column("correlation_id", sa.String(64), nullable=False),
    ]


security_event = sa.Table("security_event", metadata, *security_event_columns())
sa.Index("ix_security_event_user_time", security_event.c.user_id, security_event.c.time)

HANDLED_TYPES = (
    contracts.USER_LOGGED_IN,
    contracts.USER_LOGIN_REFUSED,
    contracts.USER_UNIT_CHANGED,
    contracts.USER_LOGGED_OUT,
    contracts.USER_SESSION_EXPIRED,
)


def row_for(event: Event) -> dict:
    """The security_event row for one ``user.*`` event (payloads per docs/ARCHITECTURE.md)."""
    payload = event.payload
    return {
        "event_id": event.id,
        "time": event.time,
        "type": event.type,
        "user_id": payload.get("user_id"),
        "reason": payload.get("reason"),
        "unit_id": payload.get("unit_id"),
        "login_method": payload.get("login_method"),
        "correlation_id": event.correlation_id,
    }


def record(event: Event, connection: Connection) -> None:
    """The InboxConsumer handler: runs in the transaction that marks the event handled."""
    connection.execute(security_event.insert().values(**row_for(event)))


def handlers() -> dict:
    return {event_type: record for event_type in HANDLED_TYPES}


def recent(engine: Engine, *, user_id: str | None = None, limit: int = 100) -> list[dict]:
    """Newest first; for operators and tests."""
    query = sa.select(security_event).order_by(security_event.c.time.desc(), security_event.c.id.desc()).limit(limit)
    if user_id is not None:
        query = query.where(security_event.c.user_id == user_id)
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]
