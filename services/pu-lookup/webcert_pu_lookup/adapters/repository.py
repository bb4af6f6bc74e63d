"""Repositories over one open connection (the unit of work's transaction)."""
from __future__ import annotations

import sqlalchemy as sa

from ..domain.register_state import RegisterState, Transition
from . import orm
from .orm import STATE_ROW_ID, utc


class RegisterStateRepository:
    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def get(self) -> RegisterState:
        row = self.conn.execute(sa.select(orm.register_state.c.available, orm.register_state.c.changed_at)
                                .where(orm.register_state.c.id == STATE_ROW_ID)).one()
        return RegisterState(bool(row.available), utc(row.changed_at))

    def apply(self, transition: Transition) -> bool:
        """Make the transition if the state is still what it was; True for the one caller that
        made it. A conditional UPDATE: on PostgreSQL a concurrent one waits for the first to
        commit and then finds nothing to change; SQLite lets one writer at a time."""
        table = orm.register_state
        result = self.conn.execute(
            table.update()
            .where(table.c.id == STATE_ROW_ID)
            .where(table.c.available == transition.from_available)
            .values(available=transition.to_available, changed_at=transition.at))
        return result.rowcount == 1
