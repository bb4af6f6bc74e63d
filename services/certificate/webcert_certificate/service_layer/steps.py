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
from ..adapters.pdf_renderer import PdfRenderer
from ..adapters.signing_cards import SigningCards
from ..domain import access, errors, history, renewal, validation
from ..domain.certificate import COMPLEMENT, COPY, DERIVE, RENEW, REPLACE, Certificate
from ..domain.certificate_type import CertificateType
from ..domain.requester import Requester, requester_from_session
from . import events, views


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
    pdf: PdfRenderer | None = None             # CERT-10: the PDF service

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


# the certificate's state: 409; what the type does not offer: 400
STATE_REASONS = {"NOT_A_DRAFT", "DRAFT_LOCKED", "NOT_LOCKED", "NOT_SIGNED", "REVOKED", "ALREADY_REVOKED",
                 "REPLACED", "ALREADY_SENT", "SENDING", "NOT_REVOCABLE", "ALREADY_COMPLEMENTED", "NOT_SENT"}
NOT_OFFERED = {"NOT_APPLICABLE", "NOT_SENDABLE", "NOT_RENEWABLE"}


def require(requester: Requester, certificate: Certificate, action: str,
            cert_type: CertificateType | None = None) -> None:
    decision = access.decide(requester, certificate, action, cert_type)
    if not decision.allowed:
        status = 409 if decision.reason in STATE_REASONS else 400 if decision.reason in NOT_OFFERED else 403
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
            return certificate_view_of(deps, requester, certificate, fresh)
    cert_type = deps.type_of(certificate.certificate_type)
    entries = uow.certificates.history(certificate.id)
    current = uow.certificates.get(certificate.id)   # with the relations as they are now
    if current is not None:
        certificate.parent, certificate.children = current.parent, current.children
    return views.certificate_view(certificate, cert_type, requester, deps.today(), entries,
                                  _renewal_info(uow, certificate, cert_type))


def _renewal_info(uow, certificate: Certificate, cert_type: CertificateType) -> dict | None:
    """§5.8: a renewing draft tells the previous period's grade and last day."""
    if certificate.relation_kind != RENEW or not certificate.is_draft or not certificate.parent_id:
        return None
    original = uow.certificates.get(certificate.parent_id)
    return renewal.renewal_info(cert_type, original.content) if original is not None else None


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
                                        patient_birth_date=birth_date(certificate.personnummer),
                                        complement=certificate.is_complement)


def patient_snapshot(person: dict) -> dict:
    return {"personnummer": person["personnummer"], "name": person.get("name"), "address": person.get("address"),
            "protected_identity": bool(person.get("protected_identity")), "deceased": bool(person.get("deceased")),
            "date_of_death": person.get("date_of_death")}


def require_patient_action(answer: dict, action: str) -> None:
    """PU-2 / PU-4, as pu-lookup's one rule table decided them for this user."""
    decision = (answer.get("actions") or {}).get(action) or {}
    if not decision.get("allowed", False):
        raise errors.refused(decision.get("reason") or "NOT_AUTHORISED_FOR_PATIENT", decision.get("message"))


# What each side's history says when a draft is made from another certificate.
RELATION_HISTORY = {COPY: (history.COPIED_FROM, history.COPIED_TO),
                    DERIVE: (history.PREFILLED_FROM, history.PREFILLED_TO),
                    REPLACE: (history.REPLACES, history.REPLACED_BY),
                    RENEW: (history.RENEWS, history.RENEWED_BY),
                    COMPLEMENT: (history.COMPLEMENTS, history.COMPLEMENTED_BY)}


def create_related_draft(deps: CertificateServices, requester: Requester, source: Certificate,
                         target: CertificateType, answer: dict, content: dict, kind: str,
                         guard: Callable[[object], None] | None = None) -> Certificate:
    """A new draft made from ``source`` (copy, prefill, replacement, renewal, complement): on the user's unit,
    the patient as PU has them now (§5.8: "I de fall patienten har ändrat personuppgifter så
    uppdateras den informationen automatiskt"), linked to its source both ways, with the PDL
    entries of reading the one and creating the other. ``guard`` runs first in the same
    transaction (a replacement checks, under the source's row lock, that no other was made)."""
    now = deps.clock.now()
    draft = Certificate(id=deps.new_id(), certificate_type=target.code, type_version=target.version,
                        patient=patient_snapshot(answer["person"]), unit=requester.unit_snapshot(),
                        created_by=requester.person(), created_at=now, updated_at=now, content=content,
                        relation_kind=kind, parent_id=source.id,
                        copied_from=source.id if kind == COPY else None)
    mine, theirs = RELATION_HISTORY[kind]
    with deps.uow() as uow:
        if guard is not None:
            guard(uow)
        uow.certificates.add(draft)
        events.add_draft_created(uow, draft)
        uow.certificates.record(history.HistoryEntry(draft.id, mine, now, who(requester), source.id))
        uow.certificates.record(history.HistoryEntry(source.id, theirs, now, who(requester), draft.id))
        log_access(uow, deps, requester, source.personnummer, pdl.READ, source.id)
        log_access(uow, deps, requester, draft.personnummer, pdl.CREATE, draft.id)
        uow.commit()
    return draft
