"""The payloads of the certificate.* events about a draft's life and its signing
(webcert_common.bus.contracts; docs/ARCHITECTURE.md "Ärendekommunikation (issue 7)" "Events added").
Ids, codes and times only -- never content; the patient only where the contract names it
(certificate.signed v2: the messaging service applies PU-3/PU-4 and logs PDL for it)."""
from __future__ import annotations

from datetime import datetime

from webcert_common.bus import contracts

from ..domain.certificate import Certificate

SIGNED_VERSION = 2   # v2: patient_id, relation_kind, parent_id


def _origin(certificate: Certificate) -> dict:
    unit = certificate.unit
    return {"certificate_id": certificate.id, "certificate_type": certificate.certificate_type,
            "unit_id": unit["id"], "care_unit_id": unit["care_unit_id"], "care_provider_id": unit["care_provider_id"],
            "relation_kind": certificate.relation_kind, "parent_id": certificate.parent_id}


def add_signed(uow, certificate: Certificate, recipient: str | None) -> None:
    uow.add_event(contracts.CERTIFICATE_SIGNED, {
        **_origin(certificate), "type_version": certificate.type_version,
        "signed_by": certificate.issuer["id"], "signed_at": certificate.signed_at.isoformat(),
        "recipient": recipient, "patient_id": certificate.personnummer}, SIGNED_VERSION)


def add_draft_created(uow, draft: Certificate) -> None:
    """Every new draft, whichever way it was made (§7: the messaging service offers "Öppna utkastet"
    for a complement draft)."""
    uow.add_event(contracts.CERTIFICATE_DRAFT_CREATED, {
        **_origin(draft), "type_version": draft.type_version, "created_at": draft.created_at.isoformat()}, 1)


def add_draft_deleted(uow, draft: Certificate, deleted_at: datetime) -> None:
    """§7: "Om ett utkast som skapats för att komplettera ett intyg raderas ... går det senare att ånyo
    skapa ett nytt kompletterande intyg"."""
    uow.add_event(contracts.CERTIFICATE_DRAFT_DELETED, {**_origin(draft), "deleted_at": deleted_at.isoformat()}, 1)
