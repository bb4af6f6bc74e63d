"""A new draft in the place of a signed certificate: "Förnya" (§5.8, CERT-11) and "Ersätt"
(§5.8, CERT-12). Both are drafts of the same type on the user's unit, linked both ways."""
from __future__ import annotations

from webcert_common.logging import get_logger

from ..domain import access, commands, errors, renewal
from ..domain.certificate import RENEW, REPLACE, Certificate
from ..domain.certificate_type import CertificateType
from ..domain.requester import Requester
from .steps import (
    CertificateServices, certificate_view_of, create_related_draft, reachable, requester_of, require,
    require_patient_action,
)

log = get_logger(__name__)


def renew_certificate(cmd: commands.RenewCertificate, deps: CertificateServices) -> dict:
    """"Vid förnyelse följer all information med från det ursprungliga intyget, undantaget" the
    type's ``renew_leaves_out``; the draft tells the previous period (``renewal_info``)."""
    requester, original, cert_type = _source(deps, cmd.session_id, cmd.certificate_id, access.RENEW)
    answer = deps.patients.lookup(original.personnummer, requester)
    require_patient_action(answer, "RENEW_CERTIFICATE")
    content = renewal.renewed_content(cert_type, original.content)
    draft = create_related_draft(deps, requester, original, cert_type, answer, content, RENEW)
    log.info("certificate_renewed", certificate_id=draft.id, renews=original.id)
    return certificate_view_of(deps, requester, draft)


def replace_certificate(cmd: commands.ReplaceCertificate, deps: CertificateServices) -> dict:
    """"All information i det ersatta intyget följer med till ett nytt intygsutkast." A second
    "Ersätt" offers the draft that exists ("Du får frågan om du vill fortsätta på intygsutkastet")."""
    requester, original, cert_type = _source(deps, cmd.session_id, cmd.certificate_id, access.REPLACE)
    _offer_existing(original)
    answer = deps.patients.lookup(original.personnummer, requester)
    require_patient_action(answer, "REPLACE_CERTIFICATE")

    def only_one(uow) -> None:
        # Two clicks at once: the source's row lock orders them, and the second finds the first's draft.
        current = reachable(uow, requester, original.id, for_update=True)
        require(requester, current, access.REPLACE, cert_type)
        _offer_existing(current)

    draft = create_related_draft(deps, requester, original, cert_type, answer, dict(original.content), REPLACE,
                                 guard=only_one)
    log.info("certificate_replacement_created", certificate_id=draft.id, replaces=original.id)
    return certificate_view_of(deps, requester, draft)


def _source(deps: CertificateServices, session_id: str, certificate_id: str,
            action: str) -> tuple[Requester, Certificate, CertificateType]:
    requester = requester_of(deps, session_id)
    with deps.uow() as uow:
        original = reachable(uow, requester, certificate_id)
    cert_type = deps.type_of(original.certificate_type)
    require(requester, original, action, cert_type)
    requester.require("CREATE_CERTIFICATE")
    return requester, original, cert_type


def _offer_existing(original: Certificate) -> None:
    existing = original.replacement_draft
    if existing is not None:
        raise errors.CertificateRefusal(
            "REPLACEMENT_DRAFT_EXISTS", "Det finns redan ett intygsutkast som ersätter det här intyget. "
            "Vill du fortsätta på det utkastet?", 409, draft_id=existing.id)
