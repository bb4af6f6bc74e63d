"""What every certificate handler does first, and the services it is given: who asks (auth's
session view), whether the user reaches the certificate (its unit, §4.2), the domain's rule for
the action, the PDL entry of an access, the view with its history."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Callable
from zoneinfo import ZoneInfo

from webcert_common import pdl
from webcert_common.bus import contracts
from webcert_common.clock import Clock

from ..adapters.code_lists import CodeListIndex
from ..adapters.outside_services import Patients, Sessions
from ..adapters.signing_cards import SigningCards
from ..domain import access, errors, validation
from ..domain.certificate import Certificate
from ..domain.certificate_type import CertificateType
from ..domain.requester import Requester, requester_from_session
from . import views


SWEDEN = ZoneInfo("Europe/Stockholm")
DOI = "DOI"
MAX_SUGGESTIONS = 20


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class CertificateServices:
    uow: Callable[[], object]                  # a fresh SqlUnitOfWork per call
    sessions: Sessions
    patients: Patients
    types: dict[str, CertificateType]
    code_lists: CodeListIndex
    cards: SigningCards
    clock: Clock
    signed_list_days: int = 90
    new_id: Callable[[], str] = field(default=new_id)

    def today(self) -> date:
        return self.clock.now().astimezone(SWEDEN).date()

    def type_of(self, code: str) -> CertificateType:
        cert_type = self.types.get(code)
        if cert_type is None:
            raise errors.unknown_type(code)
        return cert_type

    def code_exists(self, system: str, code: str) -> bool:
        return self.code_lists.exists(system, code)


# --- shared steps ---------------------------------------------------------------------------

def requester_of(deps: CertificateServices, session_id: str) -> Requester:
    return requester_from_session(deps.sessions.current(session_id))


def reachable(uow, requester: Requester, certificate_id: str, *, for_update: bool = False) -> Certificate:
    certificate = uow.certificates.get(certificate_id, for_update=for_update)
    if certificate is None:
        raise errors.not_found()
    if not access.reaches(requester, certificate.unit):
        raise errors.other_unit()
    return certificate


STATE_REASONS = {"NOT_A_DRAFT", "DRAFT_LOCKED", "NOT_LOCKED", "NOT_SIGNED"}   # the certificate's state: 409


def require(requester: Requester, certificate: Certificate, action: str) -> None:
    decision = access.decide(requester, certificate, action)
    if not decision.allowed:
        status = 409 if decision.reason in STATE_REASONS else 403
        raise errors.refused(decision.reason, decision.message, status)


def log_access(uow, deps: CertificateServices, requester: Requester, personnummer: str, action: str,
                certificate_id: str | None) -> None:
    """One PDL entry in the same transaction as the access (docs/ARCHITECTURE.md "Patients")."""
    entry = pdl.access_entry(deps.new_id(), deps.clock.now(), requester, personnummer, pdl.GRANTED,
                             action=action, certificate_id=certificate_id)
    uow.add_event(contracts.PDL_ACCESS_LOGGED, entry)


def certificate_view_of(deps: CertificateServices, requester: Requester, certificate: Certificate, uow=None) -> dict:
    """The CertificateView with the certificate's history (read in ``uow``, or a fresh one)."""
    if uow is None:
        with deps.uow() as fresh:
            entries = fresh.certificates.history(certificate.id)
    else:
        entries = uow.certificates.history(certificate.id)
    return views.certificate_view(certificate, deps.type_of(certificate.certificate_type), requester, deps.today(),
                                  entries)


def who(requester: Requester) -> dict:
    return {"id": requester.user_id, "name": requester.name}


def birth_date(personnummer: str) -> date | None:
    """The date of birth in a normalised personnummer; a samordningsnummer adds 60 to the day."""
    try:
        year, month, day = int(personnummer[0:4]), int(personnummer[4:6]), int(personnummer[6:8])
        return date(year, month, day - 60 if day > 60 else day)
    except (ValueError, IndexError):
        return None


def validation_context(deps: CertificateServices, certificate: Certificate) -> validation.ValidationContext:
    return validation.ValidationContext(today=deps.today(), code_exists=deps.code_exists,
                                        patient_birth_date=birth_date(certificate.personnummer))


def patient_snapshot(person: dict) -> dict:
    return {"personnummer": person["personnummer"], "name": person.get("name"), "address": person.get("address"),
            "protected_identity": bool(person.get("protected_identity")), "deceased": bool(person.get("deceased")),
            "date_of_death": person.get("date_of_death")}


def require_patient_action(answer: dict, action: str) -> None:
    """PU-2 / PU-4, as pu-lookup's one rule table decided them for this user."""
    decision = (answer.get("actions") or {}).get(action) or {}
    if not decision.get("allowed", False):
        raise errors.refused(decision.get("reason") or "NOT_AUTHORISED_FOR_PATIENT", decision.get("message"))
