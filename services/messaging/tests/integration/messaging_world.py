"""The world of the messaging service's integration tests: the demo users (auth's demo world),
the certificates and questions a test puts in the database directly (the FK queue adapter comes
later), and the harness that calls the service as a logged-in user (named apart from every other
test directory's modules: the tiers run all of them in one process)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from tests.support.service_login import siths_session
from webcert_common.clock import FakeClock
from webcert_messaging.domain import lifecycle
from webcert_messaging.domain.certificate import CertificateRecord
from webcert_messaging.domain.question import ComplementReference, Question
from webcert_messaging.service_layer.handlers import MessagingServices

KEY = "messaging-test-idp-key"
VG01 = "TSTNMT2321000156-VG01"
VE11 = "TSTNMT2321000156-VE11"
VE11_M1 = "TSTNMT2321000156-VE11-M1"
VE12 = "TSTNMT2321000156-VE12"
USERS = {
    "ingrid": ("TSTNMT2321000156-1001", VE11),   # LAKARE, VE11 and VE12
    "karin": ("TSTNMT2321000156-1009", VE11),    # VARDADMINISTRATOR, VE11 and VE12
    "maria": ("TSTNMT2321000156-1003", VE12),    # LAKARE, VE12 only
}


@dataclass
class MessagingWorld:
    """Certificates and questions written straight into the service's tables."""
    services: MessagingServices
    clock: FakeClock

    def certificate(self, unit_id: str = VE11, care_unit_id: str = VE11, *, sent_to_fk: bool = True,
                    revoked: bool = False) -> CertificateRecord:
        record = CertificateRecord(str(uuid.uuid4()), "FK7804", unit_id, care_unit_id, VG01, sent_to_fk=sent_to_fk,
                                   revoked=revoked, signed_at=self.clock.now())
        with self.services.uow() as uow:
            uow.records.add(record)
            uow.commit()
        return record

    def fk_question(self, record: CertificateRecord, subject: str = "KONTAKT", text: str = "Ring oss gärna.", *,
                    references: tuple = (), reminder_of: str | None = None, minutes_ago: int = 0) -> Question:
        """FK's question as the queue adapter will hand it over (domain/lifecycle.receive_from_fk)."""
        with self.services.uow() as uow:
            existing = uow.questions.of_certificate(record.id)
            question = lifecycle.receive_from_fk(
                record, existing, id=str(uuid.uuid4()), subject=subject, text=text,
                sent_at=self.clock.now() - timedelta(minutes=minutes_ago),
                references=tuple(ComplementReference(q, t) for q, t in references), reminder_of=reminder_of)
            uow.questions.add(question)
            uow.commit()
        return question

    def question(self, question_id: str) -> Question:
        with self.services.uow() as uow:
            return uow.questions.get(question_id)

    def record(self, certificate_id: str) -> CertificateRecord | None:
        with self.services.uow() as uow:
            return uow.records.get(certificate_id)


@dataclass
class MessagingHarness:
    client: object
    auth_client: object
    clock: FakeClock
    engine: sa.Engine
    world: MessagingWorld
    sessions: dict = field(default_factory=dict)

    def login(self, who: str, unit_id: str | None = None) -> str:
        hsa_id, default_unit = USERS[who]
        return siths_session(self.auth_client, KEY, hsa_id, unit_id or default_unit)

    def call(self, sid: str | None, method: str, path: str, body=None):
        headers = {"X-Session-Id": sid} if sid else {}
        return self.client.open(path, method=method, json=body, headers=headers)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)
