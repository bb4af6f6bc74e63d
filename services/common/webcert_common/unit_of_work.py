"""One unit of work = one database transaction holding a service's state change and the
outbox rows of its events (STYLE.md habit 4): committed together or not at all.

A service subclasses ``SqlUnitOfWork``, names its ``producer`` and opens its repositories on
the transaction's connection in ``open_repositories``.
"""
from __future__ import annotations

import sqlalchemy as sa

from .bus import make_event, write_to_outbox
from .clock import Clock


class SqlUnitOfWork:
    producer: str = ""

    def __init__(self, engine: sa.Engine, clock: Clock) -> None:
        self.engine = engine
        self.clock = clock
        self.conn: sa.Connection | None = None

    def open_repositories(self, conn: sa.Connection) -> None:
        """Set the service's repositories as attributes, on ``conn``."""

    def __enter__(self):
        self.conn = self.engine.connect()
        self._transaction = self.conn.begin()
        self.open_repositories(self.conn)
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            if self._transaction.is_active:
                self._transaction.rollback()
        finally:
            self.conn.close()

    def add_event(self, event_type: str, payload: dict) -> None:
        write_to_outbox(self.conn, make_event(event_type, payload, self.producer, clock=self.clock))

    def commit(self) -> None:
        self._transaction.commit()

    def rollback(self) -> None:
        self._transaction.rollback()
