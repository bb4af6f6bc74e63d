"""The outbox and inbox tables that every service carrying events has in its own database
(STYLE.md habit 4: one unit of work writes its state, its outbox rows and its inbox rows
in one transaction).

outbox: events waiting for the relay. ``position`` orders them as they were written;
        ``published_at`` stays null until the relay has had the broker confirm them.
inbox:  (event_id, service) of every event a consumer has handled, so a redelivered
        event is acknowledged and skipped instead of handled twice.
delivery_attempt: (event_id, service, attempts) for a redelivered event while a consumer is
        handling it; a row left behind means a consumer died in the middle, and after too
        many such deaths the event is dead-lettered instead of killing the next consumer.

Both work on SQLite (embedded) and PostgreSQL (distributed).
"""
from __future__ import annotations

import sqlalchemy as sa

from .envelope import Event

OUTBOX = "outbox"
INBOX = "inbox"
DELIVERY_ATTEMPT = "delivery_attempt"
_POSITION_TYPE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # SQLite autoincrements INTEGER only


def _outbox_columns() -> list[sa.Column]:
    return [
        sa.Column("position", _POSITION_TYPE, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True),
        sa.Column("type", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
    ]


def _inbox_columns() -> list[sa.Column]:
    return [
        sa.Column("event_id", sa.String(64), primary_key=True),
        sa.Column("service", sa.String(100), primary_key=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _delivery_attempt_columns() -> list[sa.Column]:
    return [
        sa.Column("event_id", sa.String(64), primary_key=True),
        sa.Column("service", sa.String(100), primary_key=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _unpublished_index_kwargs(outbox_published_at) -> dict:
    # A partial index: the relay only ever looks for rows not yet published.
    condition = outbox_published_at.is_(None)
    return {"postgresql_where": condition, "sqlite_where": condition}


def add_messaging_tables(metadata: sa.MetaData) -> tuple[sa.Table, sa.Table]:
    """Add the outbox and inbox tables to a service's metadata; returns (outbox, inbox)."""
    outbox = sa.Table(OUTBOX, metadata, *_outbox_columns())
    sa.Index("ix_outbox_unpublished", outbox.c.position, **_unpublished_index_kwargs(outbox.c.published_at))
    inbox = sa.Table(INBOX, metadata, *_inbox_columns())
    sa.Table(DELIVERY_ATTEMPT, metadata, *_delivery_attempt_columns())
    return outbox, inbox


def create_messaging_tables(op) -> None:
    """For a service's first Alembic migration: ``create_messaging_tables(op)``."""
    op.create_table(OUTBOX, *_outbox_columns())
    op.create_index("ix_outbox_unpublished", OUTBOX, ["position"],
                    **_unpublished_index_kwargs(sa.column("published_at")))
    op.create_table(INBOX, *_inbox_columns())


def create_delivery_attempt_table(op) -> None:
    """For the migration that adds crash-loop protection to a service created before it."""
    op.create_table(DELIVERY_ATTEMPT, *_delivery_attempt_columns())


def drop_delivery_attempt_table(op) -> None:
    op.drop_table(DELIVERY_ATTEMPT)


def drop_messaging_tables(op) -> None:
    op.drop_table(INBOX)
    op.drop_index("ix_outbox_unpublished", table_name=OUTBOX)
    op.drop_table(OUTBOX)


# Statements built once on a private metadata, so writing works without the caller's tables.
_private = sa.MetaData()
_outbox_table, _inbox_table = add_messaging_tables(_private)
_delivery_attempt_table = _private.tables[DELIVERY_ATTEMPT]


def outbox_table() -> sa.Table:
    return _outbox_table


def inbox_table() -> sa.Table:
    return _inbox_table


def delivery_attempt_table() -> sa.Table:
    return _delivery_attempt_table


def write_to_outbox(conn_or_session, event: Event) -> None:
    """Add ``event`` to the outbox inside the caller's transaction; nothing is published
    here (STYLE.md: nothing is published from inside a request; the relay publishes what
    was committed). Takes a SQLAlchemy Connection or Session."""
    conn_or_session.execute(
        _outbox_table.insert().values(id=event.id, type=event.type, body=event.to_json(),
                                      created_at=event.time, published_at=None)
    )
