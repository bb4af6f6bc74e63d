"""pu-lookup's unit of work: a register-state transition and its pu.* event, or an access
and its PDL entry, are committed together or not at all (webcert_common.unit_of_work)."""
from __future__ import annotations

import sqlalchemy as sa
from webcert_common.unit_of_work import SqlUnitOfWork as _SqlUnitOfWork

from ..adapters.repository import RegisterStateRepository

PRODUCER = "pu-lookup"


class SqlUnitOfWork(_SqlUnitOfWork):
    producer = PRODUCER

    def open_repositories(self, conn: sa.Connection) -> None:
        self.register_state = RegisterStateRepository(conn)
