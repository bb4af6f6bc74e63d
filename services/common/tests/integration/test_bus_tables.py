"""The messaging tables as a service's first Alembic migration creates them, and the
relay's row locking on PostgreSQL."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations

from webcert_common.bus import (OutboxRelay, create_messaging_tables, drop_messaging_tables, make_event,
                                outbox_table, write_to_outbox)
from webcert_common.bus import contracts
from webcert_common.db import make_engine


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, sqlite_database_url):
    url = sqlite_database_url if request.param == "sqlite" else request.getfixturevalue("postgres_database_url")
    engine = make_engine(url)
    yield engine
    engine.dispose()


def _migrate(engine, operation) -> None:
    with engine.begin() as conn:
        operation(Operations(MigrationContext.configure(conn)))


def test_a_migration_creates_tables_the_outbox_writer_and_relay_use_and_drops_them(engine):
    _migrate(engine, create_messaging_tables)
    assert {"outbox", "inbox"} <= set(sa.inspect(engine).get_table_names())

    event = make_event(contracts.USER_UNIT_CHANGED, {"user_id": "u-1", "unit_id": "VE11"}, "auth")
    with engine.begin() as conn:
        write_to_outbox(conn, event)
    with engine.connect() as conn:
        row = conn.execute(sa.select(outbox_table())).one()
    assert (row.id, row.type, row.published_at) == (event.id, contracts.USER_UNIT_CHANGED, None)
    assert row.body == event.to_json()

    _migrate(engine, drop_messaging_tables)
    assert not {"outbox", "inbox"} & set(sa.inspect(engine).get_table_names())


def test_the_same_event_cannot_enter_the_outbox_twice(engine):
    _migrate(engine, create_messaging_tables)
    event = make_event(contracts.USER_LOGGED_OUT, {"user_id": "u-1"}, "auth")
    with engine.begin() as conn:
        write_to_outbox(conn, event)
    with pytest.raises(sa.exc.IntegrityError):
        with engine.begin() as conn:
            write_to_outbox(conn, event)


class _RecordingBus:
    """A fake bus: remembers what the relay published."""

    def __init__(self) -> None:
        self.published: list[str] = []

    def publish_json(self, body, routing_key, **_kwargs) -> None:
        self.published.append(body)


@pytest.mark.postgres
def test_a_second_relay_skips_rows_the_first_one_holds_on_postgresql(postgres_database_url):
    engine = make_engine(postgres_database_url)
    try:
        _migrate(engine, create_messaging_tables)
        events = [make_event(contracts.USER_LOGGED_OUT, {"user_id": f"u-{i}"}, "auth") for i in range(5)]
        with engine.begin() as conn:
            for event in events:
                write_to_outbox(conn, event)
        outbox = outbox_table()
        with engine.connect() as holder:
            with holder.begin():   # the first relay, busy publishing the first two rows
                holder.execute(sa.select(outbox.c.id).order_by(outbox.c.position).limit(2)
                               .with_for_update(skip_locked=True)).all()
                bus = _RecordingBus()
                assert OutboxRelay(engine, bus).run_once() == 3
        assert bus.published == [e.to_json() for e in events[2:]]
    finally:
        engine.dispose()
