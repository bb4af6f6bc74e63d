"""The certificate service's unit of work: a draft's change, its PDL entry and its events
(certificate.signed) are committed together or not at all (webcert_common.unit_of_work)."""
from __future__ import annotations

import sqlalchemy as sa
from webcert_common.unit_of_work import SqlUnitOfWork as _SqlUnitOfWork

from ..adapters.repository import CertificateRepository, FavouriteRepository

PRODUCER = "certificate"


class SqlUnitOfWork(_SqlUnitOfWork):
    producer = PRODUCER

    def open_repositories(self, conn: sa.Connection) -> None:
        self.certificates = CertificateRepository(conn)
        self.favourites = FavouriteRepository(conn)
