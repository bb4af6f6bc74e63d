"""A new draft in the place of a signed certificate: "Förnya" (§5.8, CERT-11), "Ersätt" (§5.8,
CERT-12) and "Komplettera intyg" (§7, scenarios A and B). All are drafts of the same type on the
user's unit, linked both ways."""
from __future__ import annotations

from webcert_common.logging import get_logger

from ..domain import access, commands, complement, errors, renewal
from ..domain.certificate import COMPLEMENT, RENEW, REPLACE, Certificate
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
    _offer_existing(original, REPLACE)
    answer = deps.patients.lookup(original.personnummer, requester)
    require_patient_action(answer, "REPLACE_CERTIFICATE")
    draft = create_related_draft(deps, requester, original, cert_type, answer, dict(original.content), REPLACE,
                                 guard=_only_one(requester, original, cert_type, access.REPLACE, REPLACE))
    log.info("certificate_replacement_created", certificate_id=draft.id, replaces=original.id)
    return certificate_view_of(deps, requester, draft)


def complement_certificate(cmd: commands.ComplementCertificate, deps: CertificateServices) -> dict:
    """§7 "Svara på kompletteringsbegäran": scenario A "Komplettera intyg" ("En kopia av intyget skapas
    som ett nytt intygsutkast"), or with a comment scenario B (the comment in "Övriga upplysningar",
    "endast läkare"). Signing the draft sends it to FK ("Signera och skicka", signing.py)."""
    action = access.COMPLEMENT if cmd.comment is None else access.COMPLEMENT_WITH_COMMENT
    requester, original, cert_type = _source(deps, cmd.session_id, cmd.certificate_id, action)
    _offer_existing(original, COMPLEMENT)
    content = complement.complement_content(cert_type, original.content, cmd.comment)
    answer = deps.patients.lookup(original.personnummer, requester)
    # PU-4, §7 "Hantera intyg och ärenden för en avliden patient": "kan hantera pågående ärenden men inte
    # skapa ett nytt intyg" -- and a complement is a new certificate, so it is refused as "Förnya" is
    # (pu-lookup's RENEW_CERTIFICATE answer; it also holds PU-2 for skyddade personuppgifter). The
    # deceased patient's request is answered with a message instead (scenario C, messaging service).
    require_patient_action(answer, "RENEW_CERTIFICATE")
    draft = create_related_draft(deps, requester, original, cert_type, answer, content, COMPLEMENT,
                                 guard=_only_one(requester, original, cert_type, action, COMPLEMENT))
    log.info("certificate_complement_created", certificate_id=draft.id, complements=original.id,
             with_comment=cmd.comment is not None)
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


def _only_one(requester: Requester, original: Certificate, cert_type: CertificateType, action: str, kind: str):
    def guard(uow) -> None:
        # Two clicks at once: the source's row lock orders them, and the second finds the first's draft
        # (or, once it is signed, that the certificate was replaced or complemented).
        current = reachable(uow, requester, original.id, for_update=True)
        require(requester, current, action, cert_type)
        _offer_existing(current, kind)
    return guard


# §5.8: "Du får frågan om du vill fortsätta på intygsutkastet"; §7: "Öppna utkastet".
EXISTING_DRAFT = {
    REPLACE: ("REPLACEMENT_DRAFT_EXISTS", "Det finns redan ett intygsutkast som ersätter det här intyget. "
              "Vill du fortsätta på det utkastet?"),
    COMPLEMENT: ("COMPLEMENT_DRAFT_EXISTS", "Det finns redan ett intygsutkast som kompletterar det här intyget. "
                 "Vill du fortsätta på det utkastet?"),
}


def _offer_existing(original: Certificate, kind: str) -> None:
    existing = original.open_draft(kind)
    if existing is not None:
        reason, message = EXISTING_DRAFT[kind]
        raise errors.CertificateRefusal(reason, message, 409, draft_id=existing.id)
