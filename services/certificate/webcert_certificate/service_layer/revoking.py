"""§5.10 "Makulera intyg eller låst utkast" (CERT-13): the certificate is kept, unusable; FK and
Transportstyrelsen are told with the reason through their adapters, Skatteverket and
Socialstyrelsen are not (the user is told to phone them)."""
from __future__ import annotations

from webcert_common import pdl
from webcert_common.bus import contracts
from webcert_common.logging import get_logger

from ..domain import access, commands, errors, history, revocation
from ..domain.certificate import FAILED, Certificate, Delivery
from .steps import (
    CertificateServices, certificate_view_of, log_access, reachable, requester_of, require,
    require_patient_action, who,
)

log = get_logger(__name__)


def revoke_certificate(cmd: commands.RevokeCertificate, deps: CertificateServices) -> dict:
    requester = requester_of(deps, cmd.session_id)
    with deps.uow() as uow:
        certificate = reachable(uow, requester, cmd.certificate_id)
    cert_type = deps.type_of(certificate.certificate_type)
    require(requester, certificate, access.REVOKE, cert_type)
    reason, message = revocation.checked_reason(cmd.reason, cmd.message, required=cert_type.revoke_reason_required)
    answer = deps.patients.lookup(certificate.personnummer, requester)
    require_patient_action(answer, "REVOKE_CERTIFICATE")
    now = deps.clock.now()
    by = who(requester)
    with deps.uow() as uow:
        stored = reachable(uow, requester, cmd.certificate_id, for_update=True)
        require(requester, stored, access.REVOKE, cert_type)   # again, under the row lock
        expected = stored.version
        told = revocation.who_is_told(*_sent_to(stored))
        notice = Delivery(told, deps.new_id(), now, by) if told else None
        stored.revoke(by=by, reason=reason, message=message, now=now, notice=notice)
        if not uow.certificates.update(stored, expected_version=expected):
            raise errors.stale_version(expected)
        unit = stored.unit
        uow.add_event(contracts.CERTIFICATE_REVOKED, {
            "certificate_id": stored.id, "certificate_type": stored.certificate_type,
            "type_version": stored.type_version, "unit_id": unit["id"], "care_unit_id": unit["care_unit_id"],
            "care_provider_id": unit["care_provider_id"], "revoked_by": by["id"], "revoked_at": now.isoformat(),
            "reason": reason, "recipient": told, "delivery_id": notice.delivery_id if notice else None})
        uow.certificates.record(history.HistoryEntry(stored.id, history.REVOKED, now, by))
        log_access(uow, deps, requester, stored.personnummer, pdl.REVOKE, stored.id)
        uow.commit()
    log.info("certificate_revoked", certificate_id=stored.id, recipient_told=told)
    return certificate_view_of(deps, requester, stored)


def _sent_to(certificate: Certificate) -> tuple[str | None, bool]:
    """Whom the certificate went to, and whether it got there or is on its way (a failed sending
    left the recipient without it)."""
    delivery = certificate.delivery
    if delivery is not None:
        return delivery.recipient, delivery.state != FAILED
    return certificate.sent_to, certificate.sent_to is not None
