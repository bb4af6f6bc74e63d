"""Certificates in lists (CERT-2, CERT-14): the type list with stars and "Skapa intyg" on the
patient page, the patient's certificates on the unit, "Ej signerade utkast", "Signerade intyg".

The certificate service decides every question (which types, whether this user may create one
for this patient, what is on the unit); these views turn forms into its calls and its
refusals into the page's Swedish message with the service's 4xx. A personnummer never
travels in a URL: the patient page's actions carry the opaque patient reference.

    POST /patient/<reference>/skapa-intyg      "Skapa intyg" (§5.2 step 3) → /intyg/<id>
    POST /patient/<reference>/favoritmarkera   the star ("Favoritmarkering av intyg")
    POST /utkast/<id>/vidarebefordrad          the "Vidarebefordrad" box (§5.4)
    GET  /ej-signerade-utkast, /signerade-intyg  the tabs (§4.2 "Flikarna")
"""
from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, request, url_for

from webcert_common.logging import get_logger

from ..certificate_rows import certificate_rows, is_certificate_id, is_type_code, privilege_allowed
from ..clients.certificate import CertificateClient, CertificateRefused, CertificateServiceUnavailable
from ..navigation import TABS_BY_KEY
from ..patient_reference import InvalidPatientReference
from .context import load_session, to_start
from .lock import requires_pu_service
from .main import page
from .patients import back_to_search, certificate_service_unavailable, patient_page, references

bp = Blueprint("certificate_lists", __name__)
log = get_logger(__name__)

NO_TYPE_CHOSEN = "Välj en intygstyp i listan."
NOT_A_CERTIFICATE = "Intyget finns inte."
# CERT-14 / §4.2: "Om det inte finns några signerade intyg informeras användaren om detta."
NO_SIGNED = "Det finns inga signerade intyg."
NO_DRAFTS = "Det finns inga ej signerade utkast."
MAX_REFERENCE = 512


def certificates() -> CertificateClient:
    return current_app.extensions["webcert_certificate"]


@bp.before_request
def _require_login():
    return load_session(allow_pending=False)


bp.register_error_handler(CertificateServiceUnavailable, certificate_service_unavailable)


@bp.errorhandler(CertificateRefused)
def _session_ended(refused: CertificateRefused):
    # Each view handles the refusals it expects; what reaches here ended the session meanwhile
    # (401) or is a refusal of a list itself.
    if refused.status == 401:
        return to_start(refused.reason)
    log.info("certificate_refused", endpoint=request.endpoint, reason=refused.reason, status=refused.status)
    return page("refused.html", refused.status, message=refused.message)


# --- the patient page's actions -----------------------------------------------------------------

@bp.post("/patient/<reference>/skapa-intyg")
@requires_pu_service
def create(reference: str):
    """§5.2 step 3: "Välj typ av intyg och klicka på knappen Skapa intyg"; the draft opens."""
    code = (request.form.get("certificate_type") or "").strip()
    if not is_type_code(code):
        return patient_page(reference, 400, message=NO_TYPE_CHOSEN)
    try:
        personnummer = references().read(reference)
    except InvalidPatientReference as bad:
        return back_to_search(bad.reason)
    try:
        draft = certificates().create(g.session_id, code, personnummer)
    except CertificateRefused as refused:
        if refused.status == 401:
            return to_start(refused.reason)
        # Tabell 2, §3 (blocked), PU-2, PU-4: the service's reason, in its words, on the patient page.
        log.info("create_refused", certificate_type=code, reason=refused.reason, status=refused.status)
        return patient_page(reference, refused.status, message=refused.message)
    log.info("draft_created", certificate_id=draft["id"], certificate_type=code)
    return redirect(url_for("certificate_form.certificate", certificate_id=draft["id"]))


@bp.post("/patient/<reference>/favoritmarkera")
@requires_pu_service
def favourite(reference: str):
    """"Favoritmarkering av intyg": the star pins the type on top of the list, per user."""
    code = (request.form.get("certificate_type") or "").strip()
    if not is_type_code(code):
        return patient_page(reference, 400, message=NO_TYPE_CHOSEN)
    starred = request.form.get("favourite") == "true"
    try:
        certificates().set_favourite(g.session_id, code, starred)
    except CertificateRefused as refused:
        if refused.status == 401:
            return to_start(refused.reason)
        return patient_page(reference, refused.status, message=refused.message)
    return redirect(url_for("patients.patient", reference=reference, _anchor="intygstyper"))


@bp.post("/utkast/<certificate_id>/vidarebefordrad")
@requires_pu_service
def forwarded(certificate_id: str):
    """§5.4: the "Vidarebefordrad" mark of a draft, set or cleared from a list. Back to the list
    it came from: the patient page (its reference in the form) or "Ej signerade utkast"."""
    reference = (request.form.get("reference") or "").strip()[:MAX_REFERENCE] or None
    back = (lambda status, message: patient_page(reference, status, message=message)) if reference else drafts_page
    if not is_certificate_id(certificate_id):
        return back(404, NOT_A_CERTIFICATE)
    mark = "true" in request.form.getlist("forwarded")
    try:
        certificates().set_forwarded(g.session_id, certificate_id, mark)
    except CertificateRefused as refused:
        if refused.status == 401:
            return to_start(refused.reason)
        log.info("forwarded_refused", reason=refused.reason, status=refused.status)
        return back(refused.status, refused.message)
    if reference:
        return redirect(url_for("patients.patient", reference=reference))
    return redirect(url_for("certificate_lists.drafts"))


# --- the tabs -------------------------------------------------------------------------------------

@bp.get("/ej-signerade-utkast")
@requires_pu_service
def drafts():
    return drafts_page()


def drafts_page(status: int = 200, message: str | None = None):
    """§4.2 "Ej signerade utkast": every unsigned draft of the unit (or workplace)."""
    rows = certificate_rows(certificates().drafts(g.session_id))
    return page("certificate_list_drafts.html", status, tab=TABS_BY_KEY["drafts"], rows=rows, message=message,
                empty_message=NO_DRAFTS, may_forward=privilege_allowed(g.view, "FORWARD_DRAFT"))


@bp.get("/signerade-intyg")
@requires_pu_service
def signed():
    """§4.2 "Signerade intyg": three months back; type, status, signing date, personnummer."""
    rows = certificate_rows(certificates().signed(g.session_id))
    return page("certificate_list_signed.html", tab=TABS_BY_KEY["signed"], rows=rows, empty_message=NO_SIGNED)
