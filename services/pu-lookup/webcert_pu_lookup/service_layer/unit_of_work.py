"""One unit of work = one database transaction holding the state change and its outbox rows
(STYLE.md habit 4): a register-state transition and its pu.* event, or an access and its PDL
entry, are committed together or not at all."""
from __future__ import annotations

import sqlalchemy as sa
from webcert_common.bus import make_event, write_to_outbox
from webcert_common.clock import Clock

from ..adapters.repository import RegisterStateRepository

PRODUCER = "pu-lookup"


class SqlUnitOfWork:
    def __init__(self, engine: sa.Engine, clock: Clock) -> None:
        self.engine = engine
        self.clock = clock
        self.conn: sa.Connection | None = None

    def __enter__(self) -> "SqlUnitOfWork":
        self.conn = self.engine.connect()
        self._transaction = self.conn.begin()
        self.register_state = RegisterStateRepository(self.conn)
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
