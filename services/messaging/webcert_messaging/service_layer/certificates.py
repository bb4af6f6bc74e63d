"""What the messaging service learns from the certificate service's events (issue 7: "it learns
that from certificate.* events, not by asking"). Each handler runs in the InboxConsumer's
transaction (the unit of work joins it), so the change and the inbox row commit together and a
redelivered event is skipped; each is also safe to run twice on its own."""
from __future__ import annotations

from dataclasses import replace

from webcert_common.logging import get_logger

from ..domain import commands, lifecycle
from ..domain.certificate import CertificateRecord
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
    with deps.uow() as uow:
        known = uow.records.get(cmd.certificate_id, for_update=True)
        record = replace(_identified(known, cmd), signed_at=cmd.signed_at)
        _store(uow, record, known is not None)
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
