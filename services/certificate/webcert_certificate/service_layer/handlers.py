"""One plain function per command, looked up in HANDLERS (STYLE.md habit 3).

Every handler starts the same way: who asks (auth's session view, via ``_requester``), then the
certificate and whether the user reaches it (its unit, §4.2), then the domain's rule for the
action, and only then a change -- committed with its PDL entry and events in one transaction.
Drafts, lists and reads are refused while the user has not chosen a unit (§2).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Callable
from zoneinfo import ZoneInfo

from webcert_common import pdl
from webcert_common.bus import contracts
from webcert_common.clock import Clock
from webcert_common.logging import get_logger

from ..adapters.code_lists import CodeListIndex, UnknownCodeSystem
from ..adapters.outside_services import Patients, Sessions
from ..adapters.signing import sign as sign_bytes
from ..adapters.signing import verify as verify_signature
from ..adapters.signing_cards import SigningCards
from ..domain import access, commands, errors, history, validation
from ..domain.canonical import SignableCertificate
from ..domain.certificate import Certificate, lock_cutoff
from ..domain.content_schema import content_schema
from ..domain.certificate_type import CertificateType
from ..domain.requester import Requester, requester_from_session
from ..domain.prefill import prefilled_content, with_diagnoses_conveyed
from ..domain.signed_content import signed_content
from ..domain.signature import DetachedSignature, SigningRefused
from . import views

log = get_logger(__name__)

SWEDEN = ZoneInfo("Europe/Stockholm")
DOI = "DOI"
MAX_SUGGESTIONS = 20


def _new_id() -> str:
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
    new_id: Callable[[], str] = field(default=_new_id)

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

def _requester(deps: CertificateServices, session_id: str) -> Requester:
    return requester_from_session(deps.sessions.current(session_id))


def _reachable(uow, requester: Requester, certificate_id: str, *, for_update: bool = False) -> Certificate:
    certificate = uow.certificates.get(certificate_id, for_update=for_update)
    if certificate is None:
        raise errors.not_found()
    if not access.reaches(requester, certificate.unit):
        raise errors.other_unit()
    return certificate


STATE_REASONS = {"NOT_A_DRAFT", "DRAFT_LOCKED", "NOT_LOCKED", "NOT_SIGNED"}   # the certificate's state: 409


def _require(requester: Requester, certificate: Certificate, action: str) -> None:
    decision = access.decide(requester, certificate, action)
    if not decision.allowed:
        status = 409 if decision.reason in STATE_REASONS else 403
        raise errors.refused(decision.reason, decision.message, status)


def _log_access(uow, deps: CertificateServices, requester: Requester, personnummer: str, action: str,
                certificate_id: str | None) -> None:
    """One PDL entry in the same transaction as the access (docs/ARCHITECTURE.md "Patients")."""
    entry = pdl.access_entry(deps.new_id(), deps.clock.now(), requester, personnummer, pdl.GRANTED,
                             action=action, certificate_id=certificate_id)
    uow.add_event(contracts.PDL_ACCESS_LOGGED, entry)


def _view(deps: CertificateServices, requester: Requester, certificate: Certificate, uow=None) -> dict:
    """The CertificateView with the certificate's history (read in ``uow``, or a fresh one)."""
    if uow is None:
        with deps.uow() as fresh:
            entries = fresh.certificates.history(certificate.id)
    else:
        entries = uow.certificates.history(certificate.id)
    return views.certificate_view(certificate, deps.type_of(certificate.certificate_type), requester, deps.today(),
                                  entries)


def _who(requester: Requester) -> dict:
    return {"id": requester.user_id, "name": requester.name}


def _birth_date(personnummer: str) -> date | None:
    """The date of birth in a normalised personnummer; a samordningsnummer adds 60 to the day."""
    try:
        year, month, day = int(personnummer[0:4]), int(personnummer[4:6]), int(personnummer[6:8])
        return date(year, month, day - 60 if day > 60 else day)
    except (ValueError, IndexError):
        return None


def _context(deps: CertificateServices, certificate: Certificate) -> validation.ValidationContext:
    return validation.ValidationContext(today=deps.today(), code_exists=deps.code_exists,
                                        patient_birth_date=_birth_date(certificate.personnummer))


def _patient_snapshot(person: dict) -> dict:
    return {"personnummer": person["personnummer"], "name": person.get("name"), "address": person.get("address"),
            "protected_identity": bool(person.get("protected_identity")), "deceased": bool(person.get("deceased")),
            "date_of_death": person.get("date_of_death")}


def _patient_action(answer: dict, action: str) -> None:
    """PU-2 / PU-4, as pu-lookup's one rule table decided them for this user."""
    decision = (answer.get("actions") or {}).get(action) or {}
    if not decision.get("allowed", False):
        raise errors.refused(decision.get("reason") or "NOT_AUTHORISED_FOR_PATIENT", decision.get("message"))


# --- types and favourites ---------------------------------------------------------------------

def list_types(cmd: commands.ListTypes, deps: CertificateServices) -> dict:
    """CERT-2: the types this user may create (Tabell 2), the starred ones pinned on top."""
    requester = _requester(deps, cmd.session_id)
    with deps.uow() as uow:
        favourites = uow.favourites.of(requester.user_id)
    creatable = [t for code, t in deps.types.items() if t.creatable and requester.may_use_type(code)]
    creatable.sort(key=lambda t: (t.code not in favourites, t.name))
    return {"types": [{"code": t.code, "name": t.name, "description": t.description,
                       "favourite": t.code in favourites} for t in creatable]}


def get_definition(cmd: commands.GetDefinition, deps: CertificateServices) -> dict:
    _requester(deps, cmd.session_id)
    return views.definition(deps.type_of(cmd.code))


def get_content_schema(cmd: commands.GetContentSchema, deps: CertificateServices) -> dict:
    _requester(deps, cmd.session_id)
    return content_schema(deps.type_of(cmd.code))


def set_favourite(cmd: commands.SetFavourite, deps: CertificateServices) -> None:
    requester = _requester(deps, cmd.session_id)
    deps.type_of(cmd.code)
    with deps.uow() as uow:
        uow.favourites.set(requester.user_id, cmd.code, cmd.favourite, deps.clock.now())
        uow.commit()


# --- drafts -------------------------------------------------------------------------------

def create_draft(cmd: commands.CreateDraft, deps: CertificateServices) -> dict:
    """§5.2 "Skapa intyg": a draft on the user's unit, the patient from PU, the issuer from the session."""
    requester = _requester(deps, cmd.session_id)
    cert_type = deps.type_of(cmd.certificate_type)
    if not cert_type.creatable:
        raise errors.type_not_creatable(cert_type.name)
    requester.require("CREATE_CERTIFICATE")
    if not requester.may_use_type(cert_type.code):
        raise errors.refused("CERTIFICATE_TYPE_NOT_FOR_ROLE",
                             f"Du kan inte skapa {cert_type.name} i din roll.")
    answer = deps.patients.lookup(cmd.personnummer, requester)
    _patient_action(answer, "CREATE_DOI" if cert_type.code == DOI else "CREATE_CERTIFICATE")
    if cert_type.code in (answer.get("excluded_certificate_types") or []):
        raise errors.refused("CERTIFICATE_TYPE_EXCLUDED_FOR_PATIENT",
                             f"{cert_type.name} kan inte utfärdas för patienten.")
    if cert_type.code == DOI:
        # CERT-15: "DOI can also be chosen in the type list" -- prefilled when this unit signed a DB.
        with deps.uow() as uow:
            death_certificate = uow.certificates.latest_signed(cmd.personnummer, "DB", requester.unit_id)
        if death_certificate is not None and _same_unit_and_provider(requester, death_certificate):
            content = prefilled_content(deps.type_of("DB"), death_certificate.content, cert_type, deps.code_exists)
            return _create_prefilled(deps, requester, cert_type, answer, content, death_certificate)
    now = deps.clock.now()
    certificate = Certificate(id=deps.new_id(), certificate_type=cert_type.code, type_version=cert_type.version,
                              patient=_patient_snapshot(answer["person"]), unit=requester.unit_snapshot(),
                              created_by=requester.person(), created_at=now, updated_at=now)
    with deps.uow() as uow:
        uow.certificates.add(certificate)
        uow.certificates.record(history.HistoryEntry(certificate.id, history.CREATED, now, _who(requester)))
        _log_access(uow, deps, requester, certificate.personnummer, pdl.CREATE, certificate.id)
        uow.commit()
    log.info("draft_created", certificate_id=certificate.id, certificate_type=cert_type.code)
    return _view(deps, requester, certificate)


def start_editing(cmd: commands.StartEditing, deps: CertificateServices) -> dict:
    """§5.2 "Samtidig redigering": opening a draft to edit it takes priority from whoever had it."""
    requester = _requester(deps, cmd.session_id)
    token = deps.new_id()
    with deps.uow() as uow:
        certificate = _reachable(uow, requester, cmd.certificate_id, for_update=True)
        _require(requester, certificate, access.EDIT)
        certificate.open_for_editing(requester.person(), token, deps.clock.now())
        # Taking priority is not an edit of the content: the version stays.
        uow.certificates.update(certificate, expected_version=certificate.version)
        uow.commit()
    return {"edit_token": token, "version": certificate.version}


def editing_status(cmd: commands.GetEditingStatus, deps: CertificateServices) -> dict:
    """§5.2: an open form asks now and then whether it still has priority. The answer holds no
    patient data, so it is no access to patient data and leaves no PDL entry."""
    requester = _requester(deps, cmd.session_id)
    with deps.uow() as uow:
        certificate = _reachable(uow, requester, cmd.certificate_id)
    editor = certificate.editor
    return {"status": certificate.status, "version": certificate.version,
            "editing": ({"holder_id": editor.user_id, "holder_name": editor.name, "since": editor.since.isoformat()}
                        if editor else None),
            "has_priority": bool(editor and cmd.edit_token and editor.token == cmd.edit_token)}


def save_draft(cmd: commands.SaveDraft, deps: CertificateServices) -> dict:
    """CERT-3 autosave: the whole content, possibly incomplete, checked for form (bad input is
    refused per field, nothing stored); on the version the user saw, by the one with priority."""
    requester = _requester(deps, cmd.session_id)
    with deps.uow() as uow:
        certificate = _reachable(uow, requester, cmd.certificate_id, for_update=True)
        _require(requester, certificate, access.EDIT)
        cert_type = deps.type_of(certificate.certificate_type)
        problems = validation.check_format(cert_type, cmd.content, deps.code_exists)
        if problems:
            raise errors.invalid_content([views.problem_view(p) for p in problems])
        seen = certificate.version
        certificate.save(cmd.content, version=cmd.version, token=cmd.edit_token, user=requester.person(),
                         now=deps.clock.now())
        if not uow.certificates.update(certificate, expected_version=seen):
            raise errors.stale_version(seen)
        _log_access(uow, deps, requester, certificate.personnummer, pdl.WRITE, certificate.id)
        uow.commit()
    answer = {"version": certificate.version, "saved_at": certificate.updated_at.isoformat()}
    answer.update(views.visibility(cert_type, certificate.content, deps.today()))
    return answer


def show_missing(cmd: commands.ShowMissing, deps: CertificateServices) -> dict:
    """§6.12 "Visa vad som saknas": the sections that lack information, field by field."""
    requester = _requester(deps, cmd.session_id)
    with deps.uow() as uow:
        certificate = _reachable(uow, requester, cmd.certificate_id)
    certificate.require_draft()
    cert_type = deps.type_of(certificate.certificate_type)
    sections = validation.missing_by_section(cert_type, certificate.content, _context(deps, certificate),
                                             include_invalid=True)
    return {"complete": not sections, "sections": views.sections_view(sections)}


def set_forwarded(cmd: commands.SetForwarded, deps: CertificateServices) -> dict:
    """§5.4: "Om du väljer Ja blir kryssrutan vid utkastet markerad"."""
    requester = _requester(deps, cmd.session_id)
    with deps.uow() as uow:
        certificate = _reachable(uow, requester, cmd.certificate_id, for_update=True)
        _require(requester, certificate, access.FORWARD)
        certificate.mark_forwarded(cmd.forwarded)
        uow.certificates.update(certificate, expected_version=certificate.version)
        uow.commit()
    return views.summary(certificate, deps.type_of(certificate.certificate_type))


def delete_draft(cmd: commands.DeleteDraft, deps: CertificateServices) -> None:
    """§5.2 "Radera intygsutkast": "Då tas all information om intygsutkastet bort från Webcerts
    databas." One DELETE of the one row that holds the content; the PDL entry names only the
    patient and the id, which the law requires to be kept."""
    requester = _requester(deps, cmd.session_id)
    with deps.uow() as uow:
        certificate = _reachable(uow, requester, cmd.certificate_id, for_update=True)
        _require(requester, certificate, access.DELETE)
        certificate.require_deletable(cmd.version)
        if not uow.certificates.delete(certificate.id, expected_version=cmd.version):
            raise errors.stale_version(certificate.version)
        _log_access(uow, deps, requester, certificate.personnummer, pdl.DELETE, certificate.id)
        uow.commit()
    log.info("draft_deleted", certificate_id=certificate.id)


# --- locking and copying (CERT-8, §5.1, §5.9) ----------------------------------------------------

def lock_due_drafts(cmd: commands.LockDueDrafts, deps: CertificateServices) -> int:
    """Lock every draft not signed within fourteen days of the day it was created; one
    ``certificate.locked`` per draft, by whichever process locked it. Returns how many."""
    now = deps.clock.now()
    cutoff = lock_cutoff(now, SWEDEN).astimezone(timezone.utc)
    with deps.uow() as uow:
        locked = uow.certificates.lock_created_before(cutoff, now)
        for row in locked:
            uow.certificates.record(history.HistoryEntry(row.id, history.LOCKED, now))
            uow.add_event(contracts.CERTIFICATE_LOCKED, {
                "certificate_id": row.id, "certificate_type": row.certificate_type, "type_version": row.type_version,
                "unit_id": row.unit_id, "care_unit_id": row.care_unit_id, "care_provider_id": row.care_provider_id,
                "locked_at": now.isoformat()})
        uow.commit()
    if locked:
        log.info("drafts_locked", count=len(locked))
    return len(locked)


def copy_locked_draft(cmd: commands.CopyLockedDraft, deps: CertificateServices) -> dict:
    """§5.9 "Kopiera låst utkast": "Vid kopiering skapas ett nytt utkast som går att redigera, all
    information följer med från det ursprungliga låsta utkastet. Det låsta utkastet kommer att
    finnas kvar." The copy is the user's new draft: on the user's unit, with the patient as PU
    has them now, under the same rules as "Skapa intyg"."""
    requester = _requester(deps, cmd.session_id)
    with deps.uow() as uow:
        original = _reachable(uow, requester, cmd.certificate_id)
    _require(requester, original, access.COPY)
    cert_type = deps.type_of(original.certificate_type)
    requester.require("CREATE_CERTIFICATE")
    if not requester.may_use_type(cert_type.code):
        raise errors.refused("CERTIFICATE_TYPE_NOT_FOR_ROLE", f"Du kan inte skapa {cert_type.name} i din roll.")
    answer = deps.patients.lookup(original.personnummer, requester)
    _patient_action(answer, "CREATE_DOI" if cert_type.code == DOI else "CREATE_CERTIFICATE")
    now = deps.clock.now()
    copy = Certificate(id=deps.new_id(), certificate_type=cert_type.code, type_version=cert_type.version,
                       patient=_patient_snapshot(answer["person"]), unit=requester.unit_snapshot(),
                       created_by=requester.person(), created_at=now, updated_at=now,
                       content=dict(original.content), copied_from=original.id)
    with deps.uow() as uow:
        uow.certificates.add(copy)
        uow.certificates.record(history.HistoryEntry(copy.id, history.COPIED_FROM, now, _who(requester), original.id))
        uow.certificates.record(history.HistoryEntry(original.id, history.COPIED_TO, now, _who(requester), copy.id))
        _log_access(uow, deps, requester, original.personnummer, pdl.READ, original.id)
        _log_access(uow, deps, requester, copy.personnummer, pdl.CREATE, copy.id)
        uow.commit()
    log.info("locked_draft_copied", certificate_id=copy.id, copied_from=original.id)
    return _view(deps, requester, copy)


# --- prefill (CERT-15, §6.13) ---------------------------------------------------------------------

ACTION_FOR_TARGET = {"AG7804": access.CREATE_AG7804, "DOI": access.CREATE_DOI}


def _same_unit_and_provider(requester: Requester, source: Certificate) -> bool:
    # §6.13: "enbart förifyllas med information från dödsbeviset när båda intygen skapas på samma
    # vårdenhet inom samma vårdgivare".
    return (requester.unit_id == source.unit["id"]
            and requester.care_provider_id == source.unit.get("care_provider_id"))


def derive_certificate(cmd: commands.DeriveCertificate, deps: CertificateServices) -> dict:
    """"Skapa AG7804" on a signed FK7804 (diagnoses only when the patient wants them conveyed),
    "Skapa dödsorsaksintyg" on a signed DB (prefilled only on the same unit and care provider)."""
    requester = _requester(deps, cmd.session_id)
    with deps.uow() as uow:
        source = _reachable(uow, requester, cmd.certificate_id)
    action = ACTION_FOR_TARGET.get(cmd.certificate_type)
    if action is None or access.DERIVATIONS[action][0] != source.certificate_type:
        raise errors.CertificateRefusal("DERIVE_NOT_POSSIBLE", "Det går inte att skapa den intygstypen från "
                                        "det här intyget.", 400)
    _require(requester, source, action)
    if cmd.certificate_type == "AG7804" and cmd.convey_diagnoses is None:
        raise errors.CertificateRefusal("CONVEY_DIAGNOSES_REQUIRED", "Ange om patienten vill förmedla diagnosen "
                                        "till arbetsgivaren innan utkastet skapas.", 422)
    target = deps.type_of(cmd.certificate_type)
    requester.require("CREATE_CERTIFICATE")
    answer = deps.patients.lookup(source.personnummer, requester)
    _patient_action(answer, "CREATE_DOI" if target.code == DOI else "CREATE_CERTIFICATE")
    content = {}
    if target.code != DOI or _same_unit_and_provider(requester, source):
        content = prefilled_content(deps.type_of(source.certificate_type), source.content, target, deps.code_exists)
    if target.code == "AG7804":
        content = with_diagnoses_conveyed(content, bool(cmd.convey_diagnoses))
    return _create_prefilled(deps, requester, target, answer, content, source)


def _create_prefilled(deps: CertificateServices, requester: Requester, target: CertificateType, answer: dict,
                      content: dict, source: Certificate) -> dict:
    now = deps.clock.now()
    draft = Certificate(id=deps.new_id(), certificate_type=target.code, type_version=target.version,
                        patient=_patient_snapshot(answer["person"]), unit=requester.unit_snapshot(),
                        created_by=requester.person(), created_at=now, updated_at=now, content=content)
    with deps.uow() as uow:
        uow.certificates.add(draft)
        uow.certificates.record(history.HistoryEntry(draft.id, history.PREFILLED_FROM, now, _who(requester), source.id))
        uow.certificates.record(history.HistoryEntry(source.id, history.PREFILLED_TO, now, _who(requester), draft.id))
        _log_access(uow, deps, requester, source.personnummer, pdl.READ, source.id)
        _log_access(uow, deps, requester, draft.personnummer, pdl.CREATE, draft.id)
        uow.commit()
    log.info("prefilled_draft_created", certificate_id=draft.id, certificate_type=target.code,
             source_type=source.certificate_type)
    return _view(deps, requester, draft)


# --- reading and lists ------------------------------------------------------------------------

def get_certificate(cmd: commands.GetCertificate, deps: CertificateServices) -> dict:
    requester = _requester(deps, cmd.session_id)
    with deps.uow() as uow:
        certificate = _reachable(uow, requester, cmd.certificate_id)
        _log_access(uow, deps, requester, certificate.personnummer, pdl.READ, certificate.id)
        view = _view(deps, requester, certificate, uow)
        uow.commit()
    return view


def _listed(deps: CertificateServices, requester: Requester, uow, certificates: list[Certificate],
            patients: set[str] | None = None) -> dict:
    """A list shows personnummer and names: one PDL entry per patient shown."""
    for personnummer in sorted(patients if patients is not None else {c.personnummer for c in certificates}):
        _log_access(uow, deps, requester, personnummer, pdl.READ, None)
    uow.commit()
    return {"certificates": [views.summary(c, deps.type_of(c.certificate_type)) for c in certificates]}


def list_for_patient(cmd: commands.ListForPatient, deps: CertificateServices) -> dict:
    """CERT-2: the patient's certificates "utfärdade på den vårdenhet eller arbetsplats du är inloggad på"."""
    requester = _requester(deps, cmd.session_id)
    with deps.uow() as uow:
        found = uow.certificates.for_patient(cmd.personnummer, requester.unit_id, not requester.is_workplace)
        return _listed(deps, requester, uow, found, patients={cmd.personnummer})


def list_drafts(cmd: commands.ListDrafts, deps: CertificateServices) -> dict:
    """CERT-14 "Ej signerade utkast": the unit's unsigned drafts."""
    requester = _requester(deps, cmd.session_id)
    with deps.uow() as uow:
        found = uow.certificates.drafts(requester.unit_id, not requester.is_workplace)
        return _listed(deps, requester, uow, found)


def list_signed(cmd: commands.ListSigned, deps: CertificateServices) -> dict:
    """CERT-14 "Signerade intyg": signed on the unit "3 månader bakåt i tiden"."""
    requester = _requester(deps, cmd.session_id)
    since = deps.clock.now() - timedelta(days=deps.signed_list_days)
    with deps.uow() as uow:
        found = uow.certificates.signed_since(requester.unit_id, not requester.is_workplace, since)
        return _listed(deps, requester, uow, found)


# --- signing --------------------------------------------------------------------------------

def signable(certificate: Certificate, issuer: dict, content: dict) -> SignableCertificate:
    """What the signature covers (domain/canonical.py): the content and the identifying snapshots."""
    return SignableCertificate(
        certificate_id=certificate.id, certificate_type=certificate.certificate_type,
        type_version=certificate.type_version,
        patient={"id": certificate.personnummer, "name": certificate.patient.get("name")},
        issuer={"id": issuer["id"], "name": issuer["name"], "role": issuer["role"]},
        unit={"id": certificate.unit["id"], "name": certificate.unit["name"],
              "care_provider_id": certificate.unit["care_provider_id"],
              "care_provider_name": certificate.unit.get("care_provider_name")},
        content=content)


def sign_certificate(cmd: commands.SignCertificate, deps: CertificateServices) -> dict:
    """§5.2 "Signera intyget" (CERT-5): complete, by a doctor or dentist with the type in Tabell 2,
    for a patient PU still allows (PU-2, PU-4), with the signer's key; then frozen for good."""
    requester = _requester(deps, cmd.session_id)
    with deps.uow() as uow:
        certificate = _reachable(uow, requester, cmd.certificate_id)
    _require(requester, certificate, access.SIGN)
    certificate.require_version(cmd.version)
    cert_type = deps.type_of(certificate.certificate_type)
    answer = deps.patients.lookup(certificate.personnummer, requester)
    _patient_action(answer, "SIGN_DRAFT")
    context = _context(deps, certificate)
    sections = validation.missing_by_section(cert_type, certificate.content, context, include_invalid=True)
    if sections:
        raise errors.incomplete(views.sections_view(sections))
    content = signed_content(cert_type, certificate.content, context.today)
    issuer = requester.person()
    try:
        signature = sign_bytes(signable(certificate, issuer, content),
                               deps.cards.signer_for(requester.user_id, requester.name), clock=deps.clock)
    except SigningRefused as refusal:
        raise errors.refused(refusal.reason, refusal.message) from None
    with deps.uow() as uow:
        stored = _reachable(uow, requester, cmd.certificate_id, for_update=True)
        stored.require_version(cmd.version)
        stored.sign(issuer=issuer, content=content, signature=signature.to_dict(), signed_at=signature.signed_at)
        if not uow.certificates.update(stored, expected_version=cmd.version):
            raise errors.stale_version(cmd.version)
        uow.add_event(contracts.CERTIFICATE_SIGNED, {
            "certificate_id": stored.id, "certificate_type": stored.certificate_type,
            "type_version": stored.type_version, "unit_id": stored.unit["id"],
            "care_unit_id": stored.unit["care_unit_id"], "care_provider_id": stored.unit["care_provider_id"],
            "signed_by": issuer["id"], "signed_at": signature.signed_at.isoformat(),
            "recipient": cert_type.recipient})
        uow.certificates.record(history.HistoryEntry(stored.id, history.SIGNED, signature.signed_at, _who(requester)))
        _log_access(uow, deps, requester, stored.personnummer, pdl.SIGN, stored.id)
        uow.commit()
    log.info("certificate_signed", certificate_id=stored.id, certificate_type=stored.certificate_type)
    return _view(deps, requester, stored)


def verify(cmd: commands.VerifySignature, deps: CertificateServices) -> dict:
    """Anyone may ask whether a stored signature covers the stored certificate (no patient data answered)."""
    with deps.uow() as uow:
        certificate = uow.certificates.get(cmd.certificate_id)
    if certificate is None:
        raise errors.not_found()
    if not certificate.signature:
        raise errors.not_signed()
    signature = DetachedSignature.from_dict(certificate.signature)
    result = verify_signature(signable(certificate, certificate.issuer, certificate.content), signature,
                              deps.cards.trusted_ca_pem)
    answer = result.to_dict()
    answer.update({"signed_at": certificate.signed_at.isoformat(),
                   "signer": {"id": certificate.issuer["id"], "name": certificate.issuer["name"]}})
    return answer


# --- diagnoses --------------------------------------------------------------------------------

def search_diagnoses(cmd: commands.SearchDiagnoses, deps: CertificateServices) -> dict:
    """DS-1: by code from three positions, by description from the first letter."""
    _requester(deps, cmd.session_id)
    try:
        if cmd.code is not None:
            found = deps.code_lists.search_by_code(cmd.code_system, cmd.code, MAX_SUGGESTIONS)
        else:
            found = deps.code_lists.search_by_description(cmd.code_system, cmd.description or "", MAX_SUGGESTIONS)
    except UnknownCodeSystem:
        raise errors.CertificateRefusal("UNKNOWN_CODE_SYSTEM", "Kodverket ska vara ICD-10-SE eller KSH97-P.",
                                        400) from None
    return {"suggestions": [{"code_system": cmd.code_system, "code": s.code, "description": s.description}
                            for s in found]}


HANDLERS: dict[type, Callable] = {
    commands.ListTypes: list_types,
    commands.GetDefinition: get_definition,
    commands.GetContentSchema: get_content_schema,
    commands.SetFavourite: set_favourite,
    commands.CreateDraft: create_draft,
    commands.ListForPatient: list_for_patient,
    commands.ListDrafts: list_drafts,
    commands.ListSigned: list_signed,
    commands.GetCertificate: get_certificate,
    commands.StartEditing: start_editing,
    commands.GetEditingStatus: editing_status,
    commands.SaveDraft: save_draft,
    commands.ShowMissing: show_missing,
    commands.SignCertificate: sign_certificate,
    commands.SetForwarded: set_forwarded,
    commands.DeleteDraft: delete_draft,
    commands.VerifySignature: verify,
    commands.LockDueDrafts: lock_due_drafts,
    commands.CopyLockedDraft: copy_locked_draft,
    commands.DeriveCertificate: derive_certificate,
    commands.SearchDiagnoses: search_diagnoses,
}


def handle(cmd, deps: CertificateServices):
    return HANDLERS[type(cmd)](cmd, deps)
