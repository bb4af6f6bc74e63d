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

    def __init__(self, engine: sa.Engine | None, clock: Clock, *, joining: sa.Connection | None = None) -> None:
        """``joining``: work inside a transaction someone else owns (an InboxConsumer's), so that
        the handler's change, its events and the inbox row are committed together, by the owner."""
        self.engine = engine
        self.clock = clock
        self.conn: sa.Connection | None = joining
        self._joined = joining is not None

    def open_repositories(self, conn: sa.Connection) -> None:
        """Set the service's repositories as attributes, on ``conn``."""

    def __enter__(self):
        if not self._joined:
            self.conn = self.engine.connect()
            self._transaction = self.conn.begin()
        self.open_repositories(self.conn)
        return self

    def __exit__(self, *exc_info) -> None:
        if self._joined:
            return
        try:
            if self._transaction.is_active:
                self._transaction.rollback()
        finally:
            self.conn.close()

    def add_event(self, event_type: str, payload: dict, version: int = 1) -> None:
        write_to_outbox(self.conn, make_event(event_type, payload, self.producer, version, clock=self.clock))

    def commit(self) -> None:
        if not self._joined:
            self._transaction.commit()

    def rollback(self) -> None:
        if not self._joined:
            self._transaction.rollback()
