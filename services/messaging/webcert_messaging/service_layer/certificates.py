"""What the messaging service learns from the certificate service's events (issue 7: "it learns
that from certificate.* events, not by asking"). Each handler runs in the InboxConsumer's
transaction (the unit of work joins it), so the change and the inbox row commit together and a
redelivered event is skipped; each is also safe to run twice on its own."""
from __future__ import annotations

from dataclasses import replace

from webcert_common.logging import get_logger

from ..domain import commands, lifecycle
from ..domain.certificate import COMPLEMENT, RENEW, REPLACE, CertificateRecord
from .steps import MessagingServices

log = get_logger(__name__)

FK = "fk"
CERTIFICATE_DELIVERY = "certificate"


def _identified(record: CertificateRecord | None, cmd) -> CertificateRecord:
    """The record with the certificate's type and unit from an event that names them (a receipt
    does not, and may arrive first when the consumer retried the signing event)."""
    identity = dict(certificate_type=cmd.certificate_type, unit_id=cmd.unit_id, care_unit_id=cmd.care_unit_id,
                    care_provider_id=cmd.care_provider_id)
    return CertificateRecord(cmd.certificate_id, **identity) if record is None else replace(record, **identity)


def _store(uow, record: CertificateRecord, existed: bool) -> None:
    (uow.records.update if existed else uow.records.add)(record)


def record_signed(cmd: commands.RecordSigned, deps: MessagingServices) -> None:
    """certificate.signed v1 or v2. v2 names the patient (kept for PU-3/PU-4 and PDL) and what the
    certificate came from: a signed complement, renewal or replacement changes the parent."""
    with deps.uow() as uow:
        known = uow.records.get(cmd.certificate_id, for_update=True)
        record = replace(_identified(known, cmd), signed_at=cmd.signed_at,
                         signed_by=cmd.signed_by or (known.signed_by if known else None),
                         patient_id=cmd.patient_id or (known.patient_id if known else None))
        _store(uow, record, known is not None)
        if cmd.parent_id and cmd.relation_kind in (COMPLEMENT, RENEW, REPLACE):
            _parent_told(uow, cmd)
        uow.commit()


def _parent_told(uow, cmd: commands.RecordSigned) -> None:
    """COMPLEMENT: §7 "Avklarad kompletteringsbegäran" -- every open complement request handled,
    the parent shows COMPLEMENTED_TEXT and cannot be complemented again. RENEW: §5.8 (CERT-11) --
    complement requests handled, administrative questions stay open. REPLACE: §5.8 -- the parent
    can no longer be complemented. The signing event names the user by id only: ``by`` None, the
    handling's label says why. Each is safe twice (a handled question stays as it was)."""
    known = uow.records.get(cmd.parent_id, for_update=True)
    parent = known or CertificateRecord(cmd.parent_id, "", "", "")   # its own events fill it in
    questions = uow.questions.of_certificate(cmd.parent_id)
    if cmd.relation_kind == COMPLEMENT:
        changed = lifecycle.complemented_with_new_certificate(questions, cmd.certificate_id, None, cmd.signed_at)
        _store(uow, parent.complemented(cmd.certificate_id), known is not None)
    elif cmd.relation_kind == RENEW:
        changed = lifecycle.renewal_signed(questions, cmd.certificate_id, None, cmd.signed_at)
    else:
        changed = []
        _store(uow, replace(parent, replaced=True), known is not None)
    uow.questions.save_all(changed)
    log.info("messaging_parent_certificate_told", certificate_id=cmd.parent_id, relation_kind=cmd.relation_kind,
             questions_handled=len(changed))


def record_draft_created(cmd: commands.RecordDraftCreated, deps: MessagingServices) -> None:
    """A complement draft: §7 "Fortsätt på intygsutkast för kompletteringsbegäran" ("Öppna
    utkastet" on the original). Other drafts do not concern the questions."""
    if cmd.relation_kind != COMPLEMENT or not cmd.parent_id:
        return
    with deps.uow() as uow:
        known = uow.records.get(cmd.parent_id, for_update=True)
        parent = known or CertificateRecord(cmd.parent_id, "", "", "")
        _store(uow, parent.complement_draft_created(cmd.certificate_id), known is not None)
        uow.commit()


def record_draft_deleted(cmd: commands.RecordDraftDeleted, deps: MessagingServices) -> None:
    """§7: a deleted complement draft may be made again ("går det att senare ånyo skapa")."""
    if cmd.relation_kind != COMPLEMENT or not cmd.parent_id:
        return
    with deps.uow() as uow:
        known = uow.records.get(cmd.parent_id, for_update=True)
        if known is None:
            return
        uow.records.update(known.complement_draft_deleted(cmd.certificate_id))
        uow.commit()


def record_delivered(cmd: commands.RecordDelivered, deps: MessagingServices) -> None:
    """QA-1: "När ett intyg har signerats och skickats till Försäkringskassan kan
    ärendekommunikation initieras" -- sent means FK's receipt of the certificate (§5.5: "Skickat"
    only with the receipt), not the click. Other recipients and revocation receipts change nothing."""
    if cmd.recipient != FK or cmd.delivery != CERTIFICATE_DELIVERY:
        return
    with deps.uow() as uow:
        known = uow.records.get(cmd.certificate_id, for_update=True)
        if known is not None and known.sent_to_fk:
            return
        record = known or CertificateRecord(cmd.certificate_id, "", "", "")
        _store(uow, replace(record, sent_to_fk=True, sent_to_fk_at=cmd.received_at), known is not None)
        uow.commit()
    log.info("messaging_certificate_sent_to_fk", certificate_id=cmd.certificate_id)


def record_revoked(cmd: commands.RecordRevoked, deps: MessagingServices) -> None:
    """§5.10 "Makulering och ärendekommunikation" (CERT-13): every open question is handled. The
    event names the user by id only; the handling says why ("Hanterad när intyget makulerades")."""
    with deps.uow() as uow:
        known = uow.records.get(cmd.certificate_id, for_update=True)
        record = _identified(known, cmd)
        if not record.revoked:
            record = replace(record, revoked=True, revoked_at=cmd.revoked_at)
        _store(uow, record, known is not None)
        changed = lifecycle.certificate_revoked(uow.questions.of_certificate(cmd.certificate_id), None,
                                                cmd.revoked_at)
        uow.questions.save_all(changed)
        uow.commit()
    log.info("messaging_certificate_revoked", certificate_id=cmd.certificate_id, questions_handled=len(changed))
