"""The recipients' queue adapters (INT-1; docs/ARCHITECTURE.md "After signing"): one consumer per
recipient takes ``certificate.sent`` and ``certificate.revoked`` from its own durable queue,
delivers what is its own to the recipient, and reports the receipt back as
``certificate.delivered`` -- in the transaction that records the event as handled, so a receipt is
reported once. A delivery the recipient refuses for good is dead-lettered and reported as
``certificate.delivery_failed`` (``delivery_failed``, run by the consumer's dead-letter hook)."""
from __future__ import annotations

from webcert_common.bus import Event, contracts
from webcert_common.clock import Clock
from webcert_common.logging import get_logger

from ..adapters.recipients import Recipient, RecipientAnswerInvalid, RecipientRejected
from ..domain import revocation
from ..domain.certificate import Certificate

log = get_logger(__name__)

HANDLED_TYPES = (contracts.CERTIFICATE_SENT, contracts.CERTIFICATE_REVOKED)
USER_FACING = {RecipientRejected.__name__, RecipientAnswerInvalid.__name__}
DELIVERY_OF = {contracts.CERTIFICATE_SENT: "certificate", contracts.CERTIFICATE_REVOKED: "revocation"}


def queue_service(code: str) -> str:
    """The adapter's name on the bus: its queue is ``recipient-<code>.events``."""
    return f"recipient-{code}"


def document(certificate: Certificate) -> dict:
    """What the recipient receives: the signed certificate as it was signed, with its signature."""
    unit = certificate.unit
    return {
        "id": certificate.id, "certificate_type": certificate.certificate_type,
        "type_version": certificate.type_version, "signed_at": certificate.signed_at.isoformat(),
        "patient": {"personnummer": certificate.personnummer, "name": certificate.patient.get("name")},
        "issuer": certificate.issuer,
        "unit": {"id": unit["id"], "name": unit.get("name"), "care_provider_id": unit.get("care_provider_id"),
                 "care_provider_name": unit.get("care_provider_name")},
        "content": certificate.content, "signature": certificate.signature,
    }


def revocation_notice(certificate: Certificate) -> dict:
    """§5.10: the recipient is told "inklusive informationen om varför intyget makulerats"."""
    revoked = certificate.revocation
    return {"certificate_id": certificate.id, "reason": revoked.reason,
            "reason_label": revocation.REASON_LABELS.get(revoked.reason), "message": revoked.message,
            "revoked_at": revoked.revoked_at.isoformat()}


def deliver(event: Event, uow, recipient: Recipient, clock: Clock) -> None:
    """The adapter's handler, inside the consumer's transaction (``uow`` joins it)."""
    payload = event.payload
    if payload.get("recipient") != recipient.code:
        return      # another recipient's certificate, or a revocation no one is told of
    certificate = uow.certificates.get(payload["certificate_id"])
    if certificate is None:
        return      # signed certificates are never deleted; nothing to deliver
    delivery_id = payload["delivery_id"]
    if event.type == contracts.CERTIFICATE_SENT:
        recipient.deliver_certificate(delivery_id, document(certificate))
    else:
        recipient.deliver_revocation(delivery_id, revocation_notice(certificate))
    uow.add_event(contracts.CERTIFICATE_DELIVERED, {
        "certificate_id": certificate.id, "recipient": recipient.code, "delivery": DELIVERY_OF[event.type],
        "delivery_id": delivery_id, "received_at": clock.now().isoformat()})
    log.info("recipient_delivered", certificate_id=certificate.id, recipient=recipient.code,
             delivery=DELIVERY_OF[event.type])


def delivery_failed(event: Event, reason: str, uow, recipient: Recipient, clock: Clock) -> None:
    """Dead-lettered: tell the certificate service, so the user sees that sending failed. May run
    twice for one event (a crash between hook and dead-lettering); the receiver is idempotent."""
    payload = event.payload
    if payload.get("recipient") != recipient.code or not payload.get("delivery_id"):
        return
    # The consumer's reason is "<ExceptionType>: <text>". The recipients' own refusals are written
    # for the user; anything else (a fault here) is not shown to a clinician as it stands.
    kind, _, text = reason.partition(": ")
    if kind not in USER_FACING or not text:
        text = f"Intyget kunde inte lämnas till {recipient.name}. Kontakta supporten om det inte går att skicka igen."
    uow.add_event(contracts.CERTIFICATE_DELIVERY_FAILED, {
        "certificate_id": payload["certificate_id"], "recipient": recipient.code,
        "delivery": DELIVERY_OF[event.type], "delivery_id": payload["delivery_id"], "reason": text[:500],
        "failed_at": clock.now().isoformat()})
