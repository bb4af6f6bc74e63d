"""Sending a signed certificate to its recipient (CERT-9, CERT-6, INT-1) and the recipient's
receipts. The user's click hands the certificate over (delivery "pending", ``certificate.sent``
in the same transaction); the recipient's adapter delivers it and reports back; the status
becomes "Skickat" only with the receipt (§5.5)."""
from __future__ import annotations

from webcert_common import pdl
from webcert_common.bus import contracts
from webcert_common.logging import get_logger

from ..domain import access, commands, errors, history
from ..domain.certificate import Certificate
from ..domain.certificate_type import CertificateType
from .steps import (
    CertificateServices, certificate_view_of, log_access, reachable, requester_of, require,
    require_patient_action, who,
)

log = get_logger(__name__)

CONSENT_REQUIRED = ("CONSENT_REQUIRED", "Patientens samtycke måste finnas innan intyget skickas. "
                    "Bekräfta samtycket i dialogrutan.")


def send_certificate(cmd: commands.SendCertificate, deps: CertificateServices) -> dict:
    """§5.5 "Skicka intyg till intygsmottagaren": "under förutsättning att patienten har lämnat
    sitt samtycke till det". A certificate is sent once: a second click finds it pending or sent."""
    requester = requester_of(deps, cmd.session_id)
    with deps.uow() as uow:
        certificate = reachable(uow, requester, cmd.certificate_id)
    cert_type = deps.type_of(certificate.certificate_type)
    require(requester, certificate, access.SEND, cert_type)
    if cmd.patient_consent is not True:
        raise errors.CertificateRefusal(*CONSENT_REQUIRED, 422)
    answer = deps.patients.lookup(certificate.personnummer, requester)
    require_patient_action(answer, "SEND_CERTIFICATE")
    with deps.uow() as uow:
        stored = reachable(uow, requester, cmd.certificate_id, for_update=True)
        require(requester, stored, access.SEND, cert_type)   # again, under the row lock: two clicks
        expected = stored.version
        hand_over(uow, deps, stored, cert_type, by=who(requester))
        if not uow.certificates.update(stored, expected_version=expected):
            raise errors.stale_version(expected)
        log_access(uow, deps, requester, stored.personnummer, pdl.SEND, stored.id)
        uow.commit()
    log.info("certificate_handed_over", certificate_id=stored.id, recipient=cert_type.recipient)
    return certificate_view_of(deps, requester, stored)


def hand_over(uow, deps: CertificateServices, certificate: Certificate, cert_type: CertificateType, *,
              by: dict) -> None:
    """The delivery and its event, in the caller's transaction (the outbox): nothing is sent that
    was not committed, and nothing committed is left unsent."""
    now = deps.clock.now()
    delivery_id = deps.new_id()
    certificate.request_delivery(cert_type.recipient, delivery_id, by=by, now=now)
    unit = certificate.unit
    uow.add_event(contracts.CERTIFICATE_SENT, {
        "certificate_id": certificate.id, "certificate_type": certificate.certificate_type,
        "type_version": certificate.type_version, "unit_id": unit["id"], "care_unit_id": unit["care_unit_id"],
        "care_provider_id": unit["care_provider_id"], "recipient": cert_type.recipient,
        "delivery_id": delivery_id, "sent_by": by["id"], "sent_at": now.isoformat()})
    uow.certificates.record(history.HistoryEntry(certificate.id, history.SENT, now, by, None, cert_type.recipient))


# --- the recipients' receipts (consumed from certificate.events) ------------------------------

def record_receipt(cmd: commands.RecordReceipt, deps: CertificateServices) -> None:
    with deps.uow() as uow:
        certificate = uow.certificates.get(cmd.certificate_id, for_update=True)
        if certificate is None:
            return
        expected = certificate.version
        kind = certificate.record_receipt(cmd.delivery_id, cmd.received_at)
        if kind is None:      # recorded before, or not this certificate's delivery: nothing to do
            return
        uow.certificates.update(certificate, expected_version=expected)
        row = history.RECEIVED if kind == "certificate" else history.REVOCATION_RECEIVED
        uow.certificates.record(history.HistoryEntry(certificate.id, row, cmd.received_at, None, None,
                                                     cmd.recipient))
        uow.commit()
    log.info("recipient_receipt_recorded", certificate_id=cmd.certificate_id, recipient=cmd.recipient, kind=kind)


def record_failure(cmd: commands.RecordDeliveryFailure, deps: CertificateServices) -> None:
    """The recipient refused it for good: the user sees that sending failed, and may send again."""
    with deps.uow() as uow:
        certificate = uow.certificates.get(cmd.certificate_id, for_update=True)
        if certificate is None:
            return
        expected = certificate.version
        kind = certificate.record_failure(cmd.delivery_id, cmd.reason, cmd.failed_at)
        if kind is None:
            return
        uow.certificates.update(certificate, expected_version=expected)
        row = history.SEND_FAILED if kind == "certificate" else history.REVOCATION_FAILED
        uow.certificates.record(history.HistoryEntry(certificate.id, row, cmd.failed_at, None, None, cmd.recipient))
        uow.commit()
    log.warning("recipient_delivery_failed", certificate_id=cmd.certificate_id, recipient=cmd.recipient, kind=kind)
