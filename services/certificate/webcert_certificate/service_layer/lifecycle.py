"""A draft's later life: locking (CERT-8), "Kopiera låst utkast" (§5.9) and prefill from a signed
certificate (CERT-15, §6.13)."""
from __future__ import annotations

from datetime import timezone

from webcert_common.bus import contracts
from webcert_common.logging import get_logger

from ..domain import access, commands, errors, history
from ..domain.certificate import COPY, DERIVE, Certificate, lock_cutoff
from ..domain.certificate_type import CertificateType
from ..domain.requester import Requester
from ..domain.prefill import prefilled_content, with_diagnoses_conveyed
from .steps import (
    CertificateServices, DOI, SWEDEN, certificate_view_of, create_related_draft, reachable, requester_of, require,
    require_patient_action,
)

log = get_logger(__name__)


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
    requester = requester_of(deps, cmd.session_id)
    with deps.uow() as uow:
        original = reachable(uow, requester, cmd.certificate_id)
    require(requester, original, access.COPY)
    cert_type = deps.type_of(original.certificate_type)
    requester.require("CREATE_CERTIFICATE")
    if not requester.may_use_type(cert_type.code):
        raise errors.refused("CERTIFICATE_TYPE_NOT_FOR_ROLE", f"Du kan inte skapa {cert_type.name} i din roll.")
    answer = deps.patients.lookup(original.personnummer, requester)
    require_patient_action(answer, "CREATE_DOI" if cert_type.code == DOI else "CREATE_CERTIFICATE")
    copy = create_related_draft(deps, requester, original, cert_type, answer, dict(original.content), COPY)
    log.info("locked_draft_copied", certificate_id=copy.id, copied_from=original.id)
    return certificate_view_of(deps, requester, copy)


# --- prefill (CERT-15, §6.13) ---------------------------------------------------------------------

ACTION_FOR_TARGET = {"AG7804": access.CREATE_AG7804, "DOI": access.CREATE_DOI}


def same_unit_and_provider(requester: Requester, source: Certificate) -> bool:
    # §6.13: "enbart förifyllas med information från dödsbeviset när båda intygen skapas på samma
    # vårdenhet inom samma vårdgivare".
    return (requester.unit_id == source.unit["id"]
            and requester.care_provider_id == source.unit.get("care_provider_id"))


def derive_certificate(cmd: commands.DeriveCertificate, deps: CertificateServices) -> dict:
    """"Skapa AG7804" on a signed FK7804 (diagnoses only when the patient wants them conveyed),
    "Skapa dödsorsaksintyg" on a signed DB (prefilled only on the same unit and care provider)."""
    requester = requester_of(deps, cmd.session_id)
    with deps.uow() as uow:
        source = reachable(uow, requester, cmd.certificate_id)
    action = ACTION_FOR_TARGET.get(cmd.certificate_type)
    if action is None or access.DERIVATIONS[action][0] != source.certificate_type:
        raise errors.CertificateRefusal("DERIVE_NOT_POSSIBLE", "Det går inte att skapa den intygstypen från "
                                        "det här intyget.", 400)
    require(requester, source, action)
    if cmd.certificate_type == "AG7804" and cmd.convey_diagnoses is None:
        raise errors.CertificateRefusal("CONVEY_DIAGNOSES_REQUIRED", "Ange om patienten vill förmedla diagnosen "
                                        "till arbetsgivaren innan utkastet skapas.", 422)
    target = deps.type_of(cmd.certificate_type)
    requester.require("CREATE_CERTIFICATE")
    answer = deps.patients.lookup(source.personnummer, requester)
    require_patient_action(answer, "CREATE_DOI" if target.code == DOI else "CREATE_CERTIFICATE")
    content = {}
    if target.code != DOI or same_unit_and_provider(requester, source):
        content = prefilled_content(deps.type_of(source.certificate_type), source.content, target, deps.code_exists)
    if target.code == "AG7804":
        content = with_diagnoses_conveyed(content, bool(cmd.convey_diagnoses))
    return create_prefilled(deps, requester, target, answer, content, source)


def create_prefilled(deps: CertificateServices, requester: Requester, target: CertificateType, answer: dict,
                      content: dict, source: Certificate) -> dict:
    draft = create_related_draft(deps, requester, source, target, answer, content, DERIVE)
    log.info("prefilled_draft_created", certificate_id=draft.id, certificate_type=target.code,
             source_type=source.certificate_type)
    return certificate_view_of(deps, requester, draft)
