"""What every messaging handler is given and does first: who asks (auth's session view), whether
the user reaches the certificate (its unit, §4.2), the domain's rule for the action, what PU says
of the patient before a change (PU-3, PU-4), and the PDL entry of an access."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Callable

from webcert_common import pdl
from webcert_common.bus import contracts
from webcert_common.clock import Clock

from ..adapters.outside_services import Patients, Sessions
from ..domain import access, errors
from ..domain.certificate import CertificateRecord
from ..domain.question import Question
from ..domain.requester import Requester, requester_from_session

# pu-lookup's action for §7.8 "Hantera intyg och ärenden för en avliden patient": "kan du hantera
# pågående ärenden" -- allowed for a deceased patient, refused as PU-2 decides for a protected one.
HANDLE_QUESTIONS = "HANDLE_QUESTIONS"


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class MessagingServices:
    uow: Callable[[], object]                  # a fresh SqlUnitOfWork per call
    sessions: Sessions
    clock: Clock
    patients: Patients | None = None           # pu-lookup; None only where no user acts (the event handlers)
    new_id: Callable[[], str] = field(default=new_id)


def requester_of(deps: MessagingServices, session_id: str) -> Requester:
    return requester_from_session(deps.sessions.current(session_id))


def reachable_record(uow, requester: Requester, certificate_id: str, *, for_update: bool = False) -> CertificateRecord:
    """The certificate as this service knows it. One it has heard nothing of has not been sent to
    FK as far as it knows, and has no questions: it is answered as such, on the user's unit."""
    record = uow.records.get(certificate_id, for_update=for_update)
    if record is None:
        record = CertificateRecord(certificate_id, "", requester.unit_id, requester.care_unit_id)
    errors.require(access.reaches(requester, record))
    return record


def reachable_question(uow, requester: Requester, question_id: str, *,
                       for_update: bool = True) -> tuple[CertificateRecord, list[Question]]:
    """The question's certificate, locked, and all its questions: a change to one may handle others."""
    question = uow.questions.get(question_id)
    if question is None:
        raise errors.not_found()
    record = reachable_record(uow, requester, question.certificate_id, for_update=for_update)
    return record, uow.questions.of_certificate(question.certificate_id)


def require_patient(deps: MessagingServices, requester: Requester, record: CertificateRecord) -> None:
    """Before a change: PU-3 (PU down: 503 PU_UNAVAILABLE, nothing changed) and PU-2/PU-4 as
    pu-lookup's rule table decides HANDLE_QUESTIONS for this user. Asked outside the transaction
    (no row lock held over HTTP); the caller decides again under the lock. A record from a v1
    event names no patient: nothing to ask."""
    if not record.patient_id:
        return
    if deps.patients is None:
        raise errors.pu_unavailable()
    answer = deps.patients.lookup(record.patient_id, requester)
    decision = (answer.get("actions") or {}).get(HANDLE_QUESTIONS) or {}
    if not decision.get("allowed", False):
        raise errors.refused(decision.get("reason") or "NOT_AUTHORISED_FOR_PATIENT", decision.get("message"))


def log_access(uow, deps: MessagingServices, requester: Requester, patient_id: str | None, action: str,
               certificate_id: str | None) -> None:
    """One PDL entry in the same transaction as the access (docs/ARCHITECTURE.md "Patients");
    none when the patient is unknown (a record from a v1 event)."""
    if not patient_id:
        return
    entry = pdl.access_entry(deps.new_id(), deps.clock.now(), requester, patient_id, pdl.GRANTED,
                             action=action, certificate_id=certificate_id)
    uow.add_event(contracts.PDL_ACCESS_LOGGED, entry)
