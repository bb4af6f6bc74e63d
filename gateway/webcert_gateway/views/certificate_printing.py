"""CERT-10 "Skriv ut" (§5.6 "Skriva ut intyg/spara intyg som PDF"): the certificate service makes
the PDF (through the PDF service) and logs the print; the gateway hands it over as a download.
For a patient with skyddade personuppgifter a box first asks the user to handle the printout
with care (§5.8 "Utskrift av intyg för patient med skyddade personuppgifter"): a dialog with
script, the same box on its own page without."""
from __future__ import annotations

from flask import Blueprint, Response, g

from webcert_common.logging import get_logger

from ..clients.certificate import CertificateRefused, CertificateServiceUnavailable
from . import certificate_form as form
from .main import page

bp = Blueprint("certificate_printing", __name__)
bp.before_request(form._guard)
bp.register_error_handler(CertificateRefused, form._refused)
bp.register_error_handler(CertificateServiceUnavailable, form._unavailable)
log = get_logger(__name__)


@bp.get("/intyg/<certificate_id>/skriv-ut")
def confirm_print(certificate_id: str):
    """The box of §5.8, open on its own page (the "Skriv ut" link of a protected patient's
    certificate without script)."""
    view = form.client().get(g.session_id, certificate_id)
    if not form._allowed(view, "PRINT"):
        return page("refused.html", 409, message=form._denial(view, "PRINT", "Det går inte att skriva ut intyget."))
    definition = form.client().definition(g.session_id, view["certificate_type"])
    return page("certificate_print.html", dialog_open=True, **form._common(view, definition))


@bp.get("/intyg/<certificate_id>/utskrift")
def download(certificate_id: str):
    """"Intyget/utkastet laddas då ned till din dator som en PDF"."""
    pdf, file_name = form.client().printout(g.session_id, certificate_id)
    log.info("certificate_print_downloaded")
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response.headers["Cache-Control"] = "no-store"
    return response
