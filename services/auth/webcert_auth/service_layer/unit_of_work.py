"""The auth service's unit of work: a session change and its user.* event in one
transaction (webcert_common.unit_of_work)."""
from __future__ import annotations

import sqlalchemy as sa
from webcert_common.unit_of_work import SqlUnitOfWork as _SqlUnitOfWork

from ..adapters.repository import AccountRepository, AssertionLedger, DirectoryRepository, SessionRepository

PRODUCER = "auth"


class SqlUnitOfWork(_SqlUnitOfWork):
    producer = PRODUCER

    def open_repositories(self, conn: sa.Connection) -> None:
        self.directory = DirectoryRepository(conn)
        self.accounts = AccountRepository(conn)
        self.sessions = SessionRepository(conn)
        self.assertions = AssertionLedger(conn)
