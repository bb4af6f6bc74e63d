"""What every messaging handler is given and does first: who asks (auth's session view), whether
the user reaches the certificate (its unit, §4.2), and the domain's rule for the action."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from webcert_common.clock import Clock

from ..adapters.outside_services import Sessions
from ..domain import access, errors
from ..domain.certificate import CertificateRecord
from ..domain.question import Question
from ..domain.requester import Requester, requester_from_session


@dataclass
class MessagingServices:
    uow: Callable[[], object]                  # a fresh SqlUnitOfWork per call
    sessions: Sessions
    clock: Clock


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


def reachable_question(uow, requester: Requester, question_id: str) -> tuple[CertificateRecord, list[Question]]:
    """The question's certificate, locked, and all its questions: a change to one may handle others."""
    question = uow.questions.get(question_id)
    if question is None:
        raise errors.not_found()
    record = reachable_record(uow, requester, question.certificate_id, for_update=True)
    return record, uow.questions.of_certificate(question.certificate_id)
