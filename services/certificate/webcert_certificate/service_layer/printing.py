"""CERT-10 "Skriv ut" (§5.6): the PDF of a draft, a signed certificate, a locked draft or a
revoked one, rendered by the PDF service from the type's definition and the certificate as the
user sees it. Every print is a PDL entry ("utskrift") in the same transaction as the reading."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from webcert_common import pdl
from webcert_common.logging import get_logger

from ..domain import access, commands
from . import views
from .steps import (
    SWEDEN, CertificateServices, certificate_view_of, log_access, reachable, requester_of, require,
)

log = get_logger(__name__)


@dataclass(frozen=True)
class Printout:
    pdf: bytes
    file_name: str


def print_certificate(cmd: commands.PrintCertificate, deps: CertificateServices) -> Printout:
    requester = requester_of(deps, cmd.session_id)
    with deps.uow() as uow:
        certificate = reachable(uow, requester, cmd.certificate_id)
        cert_type = deps.type_of(certificate.certificate_type)
        require(requester, certificate, access.PRINT, cert_type)
        view = certificate_view_of(deps, requester, certificate, uow)
        printed_at = deps.clock.now()
        pdf = deps.pdf.render({"definition": views.definition(cert_type), "certificate": view,
                               "printed_at": printed_at.isoformat()})
        log_access(uow, deps, requester, certificate.personnummer, pdl.PRINT, certificate.id)
        uow.commit()
    log.info("certificate_printed", certificate_id=certificate.id, status=certificate.status)
    return Printout(pdf, file_name(certificate.certificate_type, view["status_label"], printed_at))


def file_name(code: str, state: str, printed_at: datetime) -> str:
    """"FK7804-utkast-2026-11-26.pdf": the type, the state and the user's (Swedish) day, as the PDF's
    footer says; no personal data, since file names end up in download folders and mail."""
    ascii_state = state.lower().translate(str.maketrans("åäöé ", "aaoe-"))
    return f"{code}-{ascii_state}-{printed_at.astimezone(SWEDEN).date().isoformat()}.pdf"
