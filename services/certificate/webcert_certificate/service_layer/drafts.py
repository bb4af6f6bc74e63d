"""Drafts (§5.2, CERT-3, CERT-4, §5.4): "Skapa intyg", taking priority, autosave, what is missing,
the forwarded mark and "Radera"."""
from __future__ import annotations

from webcert_common import pdl
from webcert_common.logging import get_logger

from ..domain import access, commands, errors, history, validation
from ..domain.certificate import Certificate
from ..domain.prefill import prefilled_content
from . import events, views
from .steps import (
    CertificateServices, DOI, certificate_view_of, log_access, patient_snapshot, reachable, requester_of,
    require, require_patient_action, validation_context, who,
)
from .lifecycle import create_prefilled, same_unit_and_provider

log = get_logger(__name__)


# --- drafts -------------------------------------------------------------------------------

def create_draft(cmd: commands.CreateDraft, deps: CertificateServices) -> dict:
    """§5.2 "Skapa intyg": a draft on the user's unit, the patient from PU, the issuer from the session."""
    requester = requester_of(deps, cmd.session_id)
    cert_type = deps.type_of(cmd.certificate_type)
    if not cert_type.creatable:
        raise errors.type_not_creatable(cert_type.name)
    requester.require("CREATE_CERTIFICATE")
    if not requester.may_use_type(cert_type.code):
        raise errors.refused("CERTIFICATE_TYPE_NOT_FOR_ROLE",
                             f"Du kan inte skapa {cert_type.name} i din roll.")
    answer = deps.patients.lookup(cmd.personnummer, requester)
    require_patient_action(answer, "CREATE_DOI" if cert_type.code == DOI else "CREATE_CERTIFICATE")
    if cert_type.code in (answer.get("excluded_certificate_types") or []):
        raise errors.refused("CERTIFICATE_TYPE_EXCLUDED_FOR_PATIENT",
                             f"{cert_type.name} kan inte utfärdas för patienten.")
    if cert_type.code == DOI:
        # CERT-15: "DOI can also be chosen in the type list" -- prefilled when this unit signed a DB.
        with deps.uow() as uow:
            death_certificate = uow.certificates.latest_signed(cmd.personnummer, "DB", requester.unit_id)
        if death_certificate is not None and same_unit_and_provider(requester, death_certificate):
            content = prefilled_content(deps.type_of("DB"), death_certificate.content, cert_type, deps.code_exists)
            return create_prefilled(deps, requester, cert_type, answer, content, death_certificate)
    now = deps.clock.now()
    certificate = Certificate(id=deps.new_id(), certificate_type=cert_type.code, type_version=cert_type.version,
                              patient=patient_snapshot(answer["person"]), unit=requester.unit_snapshot(),
                              created_by=requester.person(), created_at=now, updated_at=now)
    with deps.uow() as uow:
        uow.certificates.add(certificate)
        events.add_draft_created(uow, certificate)
        uow.certificates.record(history.HistoryEntry(certificate.id, history.CREATED, now, who(requester)))
        log_access(uow, deps, requester, certificate.personnummer, pdl.CREATE, certificate.id)
        uow.commit()
    log.info("draft_created", certificate_id=certificate.id, certificate_type=cert_type.code)
    return certificate_view_of(deps, requester, certificate)


def start_editing(cmd: commands.StartEditing, deps: CertificateServices) -> dict:
    """§5.2 "Samtidig redigering": opening a draft to edit it takes priority from whoever had it."""
    requester = requester_of(deps, cmd.session_id)
    token = deps.new_id()
    with deps.uow() as uow:
        certificate = reachable(uow, requester, cmd.certificate_id, for_update=True)
        require(requester, certificate, access.EDIT)
        certificate.open_for_editing(requester.person(), token, deps.clock.now())
        # Taking priority is not an edit of the content: the version stays.
        uow.certificates.update(certificate, expected_version=certificate.version)
        uow.commit()
    return {"edit_token": token, "version": certificate.version}


def editing_status(cmd: commands.GetEditingStatus, deps: CertificateServices) -> dict:
    """§5.2: an open form asks now and then whether it still has priority. The answer holds no
    patient data, so it is no access to patient data and leaves no PDL entry."""
    requester = requester_of(deps, cmd.session_id)
    with deps.uow() as uow:
        certificate = reachable(uow, requester, cmd.certificate_id)
    editor = certificate.editor
    return {"status": certificate.status, "version": certificate.version,
            "editing": ({"holder_id": editor.user_id, "holder_name": editor.name, "since": editor.since.isoformat()}
                        if editor else None),
            "has_priority": bool(editor and cmd.edit_token and editor.token == cmd.edit_token)}


def save_draft(cmd: commands.SaveDraft, deps: CertificateServices) -> dict:
    """CERT-3 autosave: the whole content, possibly incomplete, checked for form (bad input is
    refused per field, nothing stored); on the version the user saw, by the one with priority."""
    requester = requester_of(deps, cmd.session_id)
    with deps.uow() as uow:
        certificate = reachable(uow, requester, cmd.certificate_id, for_update=True)
        require(requester, certificate, access.EDIT)
        cert_type = deps.type_of(certificate.certificate_type)
        problems = validation.check_format(cert_type, cmd.content, deps.code_exists, certificate.is_complement)
        if problems:
            raise errors.invalid_content([views.problem_view(p) for p in problems])
        seen = certificate.version
        certificate.save(cmd.content, version=cmd.version, token=cmd.edit_token, user=requester.person(),
                         now=deps.clock.now())
        if not uow.certificates.update(certificate, expected_version=seen):
            raise errors.stale_version(seen)
        log_access(uow, deps, requester, certificate.personnummer, pdl.WRITE, certificate.id)
        uow.commit()
    answer = {"version": certificate.version, "saved_at": certificate.updated_at.isoformat()}
    answer.update(views.visibility(cert_type, certificate.content, deps.today()))
    return answer


def show_missing(cmd: commands.ShowMissing, deps: CertificateServices) -> dict:
    """§6.12 "Visa vad som saknas": the sections that lack information, field by field."""
    requester = requester_of(deps, cmd.session_id)
    with deps.uow() as uow:
        certificate = reachable(uow, requester, cmd.certificate_id)
    certificate.require_draft()
    cert_type = deps.type_of(certificate.certificate_type)
    sections = validation.missing_by_section(cert_type, certificate.content, validation_context(deps, certificate),
                                             include_invalid=True)
    return {"complete": not sections, "sections": views.sections_view(sections)}


def set_forwarded(cmd: commands.SetForwarded, deps: CertificateServices) -> dict:
    """§5.4: "Om du väljer Ja blir kryssrutan vid utkastet markerad"."""
    requester = requester_of(deps, cmd.session_id)
    with deps.uow() as uow:
        certificate = reachable(uow, requester, cmd.certificate_id, for_update=True)
        require(requester, certificate, access.FORWARD)
        certificate.mark_forwarded(cmd.forwarded)
        uow.certificates.update(certificate, expected_version=certificate.version)
        uow.commit()
    return views.summary(certificate, deps.type_of(certificate.certificate_type))


def delete_draft(cmd: commands.DeleteDraft, deps: CertificateServices) -> None:
    """§5.2 "Radera intygsutkast": "Då tas all information om intygsutkastet bort från Webcerts
    databas." One DELETE of the one row that holds the content; the PDL entry names only the
    patient and the id, which the law requires to be kept."""
    requester = requester_of(deps, cmd.session_id)
    with deps.uow() as uow:
        certificate = reachable(uow, requester, cmd.certificate_id, for_update=True)
        require(requester, certificate, access.DELETE)
        certificate.require_deletable(cmd.version)
        if not uow.certificates.delete(certificate.id, expected_version=cmd.version):
            raise errors.stale_version(certificate.version)
        events.add_draft_deleted(uow, certificate, deps.clock.now())
        log_access(uow, deps, requester, certificate.personnummer, pdl.DELETE, certificate.id)
        uow.commit()
    log.info("draft_deleted", certificate_id=certificate.id)
