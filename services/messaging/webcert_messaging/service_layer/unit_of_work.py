"""The messaging service's unit of work: a question's change, what it learnt of a certificate and
its events are committed together or not at all (webcert_common.unit_of_work); inside an
InboxConsumer it joins the consumer's transaction, so the inbox row goes with them."""
from __future__ import annotations

import sqlalchemy as sa
from webcert_common.unit_of_work import SqlUnitOfWork as _SqlUnitOfWork

from ..adapters.repository import CertificateRecordRepository, QuestionDraftRepository, QuestionRepository

PRODUCER = "messaging"


class SqlUnitOfWork(_SqlUnitOfWork):
    producer = PRODUCER

    def open_repositories(self, conn: sa.Connection) -> None:
        self.questions = QuestionRepository(conn)
        self.records = CertificateRecordRepository(conn)
        self.question_drafts = QuestionDraftRepository(conn)
