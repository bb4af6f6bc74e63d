"""Reading one certificate and the lists (CERT-2, CERT-14), each with its PDL entries."""
from __future__ import annotations

from datetime import timedelta

from webcert_common import pdl

from ..domain import access, commands
from ..domain.certificate import Certificate
from ..domain.requester import Requester
from . import views
from .steps import (
    CertificateServices, certificate_view_of, log_access, reachable, requester_of,
)


# --- reading and lists ------------------------------------------------------------------------

def get_certificate(cmd: commands.GetCertificate, deps: CertificateServices) -> dict:
    requester = requester_of(deps, cmd.session_id)
    with deps.uow() as uow:
        certificate = reachable(uow, requester, cmd.certificate_id)
        log_access(uow, deps, requester, certificate.personnummer, pdl.READ, certificate.id)
        view = certificate_view_of(deps, requester, certificate, uow)
        uow.commit()
    return view


def _listed(deps: CertificateServices, requester: Requester, uow, certificates: list[Certificate],
            patients: set[str] | None = None) -> dict:
    """A list shows personnummer and names: one PDL entry per patient shown."""
    for personnummer in sorted(patients if patients is not None else {c.personnummer for c in certificates}):
        log_access(uow, deps, requester, personnummer, pdl.READ, None)
    uow.commit()
    return {"certificates": [views.summary(c, deps.type_of(c.certificate_type)) for c in certificates]}


def list_for_patient(cmd: commands.ListForPatient, deps: CertificateServices) -> dict:
    """CERT-2: the patient's certificates "utfärdade på den vårdenhet eller arbetsplats du är inloggad på"."""
    requester = requester_of(deps, cmd.session_id)
    with deps.uow() as uow:
        found = uow.certificates.with_children(
            uow.certificates.for_patient(cmd.personnummer, requester.unit_id, not requester.is_workplace))
        listed = _listed(deps, requester, uow, found, patients={cmd.personnummer})
    # §5.8 "I tabellen, klicka på knappen Förnya": the table offers what the certificate's view would
    for summary, certificate in zip(listed["certificates"], found):
        cert_type = deps.type_of(certificate.certificate_type)
        summary["actions"] = {access.RENEW: access.decide(requester, certificate, access.RENEW, cert_type).as_dict()}
    return listed


def list_drafts(cmd: commands.ListDrafts, deps: CertificateServices) -> dict:
    """CERT-14 "Ej signerade utkast": the unit's unsigned drafts."""
    requester = requester_of(deps, cmd.session_id)
    with deps.uow() as uow:
        found = uow.certificates.drafts(requester.unit_id, not requester.is_workplace)
        return _listed(deps, requester, uow, found)


def list_signed(cmd: commands.ListSigned, deps: CertificateServices) -> dict:
    """CERT-14 "Signerade intyg": signed on the unit "3 månader bakåt i tiden"."""
    requester = requester_of(deps, cmd.session_id)
    since = deps.clock.now() - timedelta(days=deps.signed_list_days)
    with deps.uow() as uow:
        found = uow.certificates.signed_since(requester.unit_id, not requester.is_workplace, since)
        return _listed(deps, requester, uow, found)
