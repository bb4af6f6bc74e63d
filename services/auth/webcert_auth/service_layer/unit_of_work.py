"""One unit of work = one database transaction holding the state change and its outbox
rows (STYLE.md habit 4): either both are committed or neither is."""
from __future__ import annotations

import sqlalchemy as sa
from webcert_common.bus import make_event, write_to_outbox
from webcert_common.clock import Clock

from ..adapters.repository import AccountRepository, AssertionLedger, DirectoryRepository, SessionRepository

PRODUCER = "auth"


class SqlUnitOfWork:
    def __init__(self, engine: sa.Engine, clock: Clock) -> None:
        self.engine = engine
        self.clock = clock
        self.conn: sa.Connection | None = None

    def __enter__(self) -> "SqlUnitOfWork":
        self.conn = self.engine.connect()
        self._transaction = self.conn.begin()
        self.directory = DirectoryRepository(self.conn)
        self.accounts = AccountRepository(self.conn)
        self.sessions = SessionRepository(self.conn)
        self.assertions = AssertionLedger(self.conn)
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            if self._transaction.is_active:
                self._transaction.rollback()
        finally:
            self.conn.close()

    def add_event(self, event_type: str, payload: dict) -> None:
        write_to_outbox(self.conn, make_event(event_type, payload, PRODUCER, clock=self.clock))

    def commit(self) -> None:
        self._transaction.commit()

    def rollback(self) -> None:
        self._transaction.rollback()
