"""The database side: migrations, the idempotent demo loader, hashed session ids, and the
outbox in the same transaction as the state it reports."""
from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from webcert_auth.adapters import orm
from webcert_auth.bootstrap import prepare
from webcert_auth.domain import commands
from webcert_auth.service_layer.handlers import handle
from webcert_auth.service_layer.unit_of_work import SqlUnitOfWork


def _counts(engine) -> dict:
    with engine.connect() as conn:
        return {name: conn.execute(sa.select(sa.func.count()).select_from(orm.metadata.tables[name])).scalar()
                for name in orm.AUTH_TABLES}


def test_migrations_create_every_table_and_the_demo_loader_is_idempotent(auth):
    names = set(sa.inspect(auth.engine).get_table_names())
    assert set(orm.AUTH_TABLES) | {"outbox", "inbox"} <= names
    before = _counts(auth.engine)
    assert before["directory_user"] == 14 and before["eleg_account"] == 1 and before["licence"] == 3
    assert before["care_unit"] == 7    # 4 units, 2 workplaces, Eva's practice
    prepare(auth.config)
    assert _counts(auth.engine) == before


def test_only_a_hash_of_the_session_id_is_stored(auth):
    sid = auth.session_id("siths", "TSTNMT2321000156-1003")
    with auth.engine.connect() as conn:
        stored = conn.execute(sa.select(orm.session.c.token_hash)).scalar()
    assert stored == hashlib.sha256(sid.encode()).hexdigest() and sid not in stored


class FailingCommitUnitOfWork(SqlUnitOfWork):
    """Everything is written, then the commit fails: nothing may remain, no event either."""

    def commit(self) -> None:
        raise RuntimeError("the database went away at commit")


def test_a_failed_change_leaves_no_event(auth):
    services = auth.client.application.extensions["webcert_auth"]
    sid = auth.session_id("siths", "TSTNMT2321000156-1001")
    failing = type(services)(lambda: FailingCommitUnitOfWork(auth.engine, auth.clock),
                             services.identity_provider, services.clock)
    with pytest.raises(RuntimeError):
        handle(commands.ChooseUnit(sid, "TSTNMT2321000156-VE12"), failing)
    with pytest.raises(RuntimeError):
        handle(commands.Logout(sid), failing)
    with pytest.raises(RuntimeError):
        handle(commands.Login(auth.assertion("siths", "TSTNMT2321000156-1002")), failing)
    assert auth.event_types() == ["user.logged_in"]
    view = auth.get("/sessions/current", sid).get_json()
    assert view["unit"] is None
    with auth.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(orm.session)).scalar() == 1
