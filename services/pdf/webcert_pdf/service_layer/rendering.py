"""CERT-10 "Skriv ut": the command → the document model → the PDF. No state, no I/O besides the
renderer, so the service can run as many copies as it needs and a caller may cache the answer."""
from __future__ import annotations

from ..adapters.renderer import Renderer
from ..domain import errors
from ..domain.commands import RenderCertificate
from ..domain.document import build_document


def render_certificate(cmd: RenderCertificate, renderer: Renderer) -> bytes:
    code, certificate_type = cmd.definition.get("code"), cmd.certificate.get("certificate_type")
    if code and certificate_type and code != certificate_type:
        # The certificate service sent one type's form for another type's answers: printing it
        # would put the answers under the wrong questions.
        raise errors.type_mismatch(certificate_type, code)
    return renderer.render(build_document(cmd.definition, cmd.certificate, cmd.printed_at))
