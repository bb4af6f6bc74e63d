"""Signing (CERT-5) and the open verification of a stored signature."""
from __future__ import annotations

from webcert_common import pdl
from webcert_common.logging import get_logger

from ..adapters.signing import sign as sign_bytes
from ..adapters.signing import verify as verify_signature
from ..domain import access, commands, errors, history, validation
from ..domain.canonical import SignableCertificate
from ..domain.certificate import Certificate
from ..domain.certificate_type import CertificateType
from ..domain.signed_content import signed_content
from ..domain.signature import DetachedSignature, SigningRefused
from . import events, views
from .sending import hand_over
from .steps import (
    CertificateServices, certificate_view_of, log_access, reachable, requester_of, require,
    require_patient_action, validation_context, who,
)

log = get_logger(__name__)


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


def sent_on_signing(certificate: Certificate, cert_type: CertificateType) -> bool:
    # CERT-6: "Dödsbevis och Dödsorsaksintyg skickas till intygsmottagare direkt efter signering".
    # §7 scenario A/B: a complement is "Signera och skicka" -- FK asked for it, so no consent dialog.
    return cert_type.sent_on_sign or certificate.is_complement


def sign_certificate(cmd: commands.SignCertificate, deps: CertificateServices) -> dict:
    """§5.2 "Signera intyget" (CERT-5): complete, by a doctor or dentist with the type in Tabell 2,
    for a patient PU still allows (PU-2, PU-4), with the signer's key; then frozen for good."""
    requester = requester_of(deps, cmd.session_id)
    with deps.uow() as uow:
        certificate = reachable(uow, requester, cmd.certificate_id)
    require(requester, certificate, access.SIGN)
    certificate.require_version(cmd.version)
    cert_type = deps.type_of(certificate.certificate_type)
    answer = deps.patients.lookup(certificate.personnummer, requester)
    require_patient_action(answer, "SIGN_DRAFT")
    context = validation_context(deps, certificate)
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
        stored = reachable(uow, requester, cmd.certificate_id, for_update=True)
        stored.require_version(cmd.version)
        stored.sign(issuer=issuer, content=content, signature=signature.to_dict(), signed_at=signature.signed_at)
        events.add_signed(uow, stored, cert_type.recipient)
        uow.certificates.record(history.HistoryEntry(stored.id, history.SIGNED, signature.signed_at, who(requester)))
        if sent_on_signing(stored, cert_type):
            hand_over(uow, deps, stored, cert_type, by=who(requester))
        if not uow.certificates.update(stored, expected_version=cmd.version):
            raise errors.stale_version(cmd.version)
        log_access(uow, deps, requester, stored.personnummer, pdl.SIGN, stored.id)
        uow.commit()
    log.info("certificate_signed", certificate_id=stored.id, certificate_type=stored.certificate_type)
    return certificate_view_of(deps, requester, stored)


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
