"""The world of the messaging service's integration tests: the demo users (auth's demo world),
the certificates and questions a test puts in the database directly (the FK queue adapter comes
later), and the harness that calls the service as a logged-in user (named apart from every other
test directory's modules: the tiers run all of them in one process)."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from tests.support.service_login import siths_session
from webcert_auth.adapters.test_idp import sign_assertion
from webcert_common.bus import outbox_table
from webcert_common.clock import FakeClock
from webcert_messaging.domain import lifecycle
from webcert_messaging.domain.certificate import CertificateRecord
from webcert_messaging.domain.question import ComplementReference, Question
from webcert_messaging.service_layer.handlers import MessagingServices
from webcert_pu_lookup.domain.identity_number import PersonalIdentityNumber
from webcert_pu_lookup.domain.person import Address, Person

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
EVA_LUND = "19700102-0226"                       # LAKARE with e-legitimation, her own practice

# The patients pu-lookup knows (its in-memory register), as the demo world has them.
TOLVAN = "19121212-1212"
GUNHILD_DECEASED = "19400404-0442"
SKYDDAD_PROTECTED = "19680815-1556"
PATIENTS = [
    Person(PersonalIdentityNumber(TOLVAN), "Tolvan Tolvansson", Address("Svensksundsvägen 11", "11111", "Stockholm")),
    Person(PersonalIdentityNumber(GUNHILD_DECEASED), "Gunhild Ek", Address("Björkvägen 2", "60221", "Norrköping"),
           date_of_death=date(2026, 11, 20)),
    Person(PersonalIdentityNumber(SKYDDAD_PROTECTED), "Skyddad Sköld", None, protected_identity=True),
]


@dataclass
class MessagingWorld:
    """Certificates and questions written straight into the service's tables."""
    services: MessagingServices
    clock: FakeClock

    def certificate(self, unit_id: str = VE11, care_unit_id: str = VE11, *, sent_to_fk: bool = True,
                    revoked: bool = False, patient_id: str | None = None,
                    signed_by: str | None = None) -> CertificateRecord:
        """``patient_id`` None: a record from a certificate.signed v1 event (no PU lookup, no PDL)."""
        record = CertificateRecord(str(uuid.uuid4()), "FK7804", unit_id, care_unit_id, VG01, sent_to_fk=sent_to_fk,
                                   revoked=revoked, signed_at=self.clock.now(), patient_id=patient_id,
                                   signed_by=signed_by)
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

    def questions(self, certificate_id: str) -> list[Question]:
        with self.services.uow() as uow:
            return uow.questions.of_certificate(certificate_id)

    def state(self, certificate_id: str) -> tuple:
        """Everything a change to a certificate's questions could touch: for "nothing changed"."""
        with self.services.uow() as uow:
            return (uow.records.get(certificate_id), uow.questions.of_certificate(certificate_id),
                    uow.question_drafts.get(certificate_id), _outbox_length(uow.conn))


def _outbox_length(conn) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(outbox_table())).scalar_one()


@dataclass
class MessagingHarness:
    client: object
    auth_client: object
    clock: FakeClock
    engine: sa.Engine
    world: MessagingWorld
    sessions: dict = field(default_factory=dict)
    register: object = None          # pu-lookup's FakePopulationRegister

    def login(self, who: str, unit_id: str | None = None) -> str:
        hsa_id, default_unit = USERS[who]
        return siths_session(self.auth_client, KEY, hsa_id, unit_id or default_unit)

    def login_eleg(self) -> tuple[str, dict]:
        """Eva Lund with BankID: the session id and her session view (her own practice's unit)."""
        nonce = uuid.uuid4().hex
        response = self.auth_client.post("/sessions", json={
            "assertion": sign_assertion(KEY, "bankid", EVA_LUND, nonce), "nonce": nonce})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["session_id"], response.get_json()["session"]

    def events(self, event_type: str | None = None) -> list[dict]:
        """The service's outbox, oldest first (what the relay will publish)."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(outbox_table().c.body).order_by(outbox_table().c.position)).all()
        found = [json.loads(r.body) for r in rows]
        return [e for e in found if event_type is None or e["type"] == event_type]

    def pdl(self) -> list[dict]:
        return [e["payload"] for e in self.events("pdl.access_logged")]

    def call(self, sid: str | None, method: str, path: str, body=None):
        headers = {"X-Session-Id": sid} if sid else {}
        return self.client.open(path, method=method, json=body, headers=headers)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)
