"""Sök/skriv intyg (§4.2, §5.2 steps 1–3, CERT-2) and the patient page.

The personnummer is typed into a form and POSTed; the gateway has pu-lookup validate it,
then redirects to ``/patient/<reference>`` where the reference is the normalised number
encrypted (patient_reference). A personnummer never appears in a URL, a query string or a
log line. Each view of the patient page is one lookup, and so one PDL entry (pu-lookup
writes it): §7.8 "hämtas från Personuppgiftstjänsten varje gång". The page then lists the
types to create and the patient's certificates on the unit (the certificate service, which
writes a PDL entry of its own for that read: two entries a view); the actions on them are
views/certificate_lists.py.
"""
from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, request, session, url_for

from webcert_common.logging import get_logger

from ..certificate_rows import certificate_rows, privilege_allowed, privilege_refusal, type_rows
from ..clients.certificate import CertificateClient, CertificateRefused, CertificateServiceUnavailable
from ..clients.pu_lookup import PuLookupClient, PuRefused, PuUnavailable, requester_from
from ..navigation import TABS_BY_KEY
from ..patient_reference import InvalidPatientReference, PatientReferences
from ..patient_view import action_notes, excluded_types, patient_header
from .context import load_session, to_start
from .lock import LOCK_REASON, current_state, locked_response, requires_pu_service
from .main import page

bp = Blueprint("patients", __name__)
log = get_logger(__name__)

SEARCH_NOTICE_KEY = "patient_search_notice"
MAX_INPUT = 20          # "19121212-1212" is 13; room for spaces, never a novel
EMPTY_INPUT = "Ange patientens personnummer."
TOO_LONG = "Personnumret är för långt. Ange 10 eller 12 siffror."
REFERENCE_MESSAGES = {
    "expired": "Sidan för patienten har gått ut. Sök fram patienten igen.",
    "invalid": "Länken till patienten är inte giltig. Sök fram patienten igen.",
}
# §5.8: "Vårdadministratörer får ... ett meddelande om att de ej är behöriga att hantera intyg för denna patient."
NOT_AUTHORISED = "Du är inte behörig att hantera intyg för denna patient."
NOT_FOUND = "Det finns ingen person med det personnumret i folkbokföringen."
CERTIFICATE_SERVICE_UNAVAILABLE = ("Intygstjänsten svarar inte just nu. Ingenting har ändrats. "
                                   "Försök igen om en stund.")


def pu_lookup() -> PuLookupClient:
    return current_app.extensions["webcert_pu_lookup"]


def certificates() -> CertificateClient:
    return current_app.extensions["webcert_certificate"]


def references() -> PatientReferences:
    return current_app.extensions["webcert_patient_references"]


@bp.before_request
def _require_login():
    return load_session(allow_pending=False)


def search_page(status: int = 200, *, value: str = "", message: str | None = None):
    notice = session.pop(SEARCH_NOTICE_KEY, None)
    return page("search.html", status, tab=TABS_BY_KEY["search"], value=value, message=message or notice,
                locked=current_state().locked)


@bp.get("/sok-skriv-intyg")
def search():
    # The form itself is shown while locked too (with the banner, disabled): the POST is the action.
    return search_page()


@bp.post("/sok-skriv-intyg")
@requires_pu_service
def search_submit():
    typed = (request.form.get("personnummer") or "").strip()
    if not typed:
        return search_page(400, message=EMPTY_INPUT)
    if len(typed) > MAX_INPUT:
        return search_page(400, value=typed[:MAX_INPUT], message=TOO_LONG)
    try:
        valid = pu_lookup().validate(typed)
    except PuUnavailable:
        return locked_response()
    except PuRefused as refused:
        # §5.2 / issue "Bad input": the problem named (length, check digit, date), nothing looked up.
        return search_page(refused.status, value=typed, message=refused.message)
    return redirect(url_for("patients.patient", reference=references().make(valid["personnummer"])))


def back_to_search(reason: str):
    session[SEARCH_NOTICE_KEY] = REFERENCE_MESSAGES[reason]
    return redirect(url_for("patients.search"))


@bp.get("/patient/<reference>")
@requires_pu_service
def patient(reference: str):
    return patient_page(reference)


def patient_page(reference: str, status: int = 200, *, message: str | None = None):
    """The patient page (§5.2 step 3, CERT-2): header, the types to create ("Skapa intyg", stars)
    and the patient's certificates on this unit. ``message``: why the last action was refused,
    shown above the lists with ``status``."""
    try:
        personnummer = references().read(reference)
    except InvalidPatientReference as bad:
        log.info("patient_reference_refused", reason=bad.reason)
        return back_to_search(bad.reason)
    try:
        answer = pu_lookup().lookup(personnummer, requester_from(g.view))
    except PuUnavailable:
        return locked_response()
    except PuRefused as refused:
        return _refused(refused)
    try:
        types = certificates().types(g.session_id)
        found = certificates().for_patient(g.session_id, personnummer)
    except CertificateRefused as refused:
        if refused.status == 401:
            return to_start(refused.reason)
        log.info("patient_certificates_refused", reason=refused.reason, status=refused.status)
        types, found, status, message = [], [], refused.status, refused.message
    log.info("patient_shown")
    return page("patient.html", status, patient=patient_header(person_of(answer)),
                notes=action_notes(answer.get("actions")), excluded=excluded_types(answer),
                tab=TABS_BY_KEY["search"], reference=reference, message=message,
                types=type_rows(types, answer), certificates=certificate_rows(found),
                create_refused=privilege_refusal(g.view, "CREATE_CERTIFICATE"),
                may_forward=privilege_allowed(g.view, "FORWARD_DRAFT"))


def person_of(answer: dict) -> dict:
    return answer.get("person") or {}


@bp.errorhandler(CertificateServiceUnavailable)
def certificate_service_unavailable(exc: CertificateServiceUnavailable):
    """PU behind the certificate service is out: the PU-3 lock; the service itself: a 503 page
    that says which service (not the login service's message of views/errors.py)."""
    if exc.reason == LOCK_REASON:
        return locked_response()
    log.warning("certificate_unavailable", error=str(exc))
    return page("refused.html", 503, message=CERTIFICATE_SERVICE_UNAVAILABLE)


def _refused(refused: PuRefused):
    log.info("patient_refused", reason=refused.reason, status=refused.status)
    if refused.reason == "PROTECTED_IDENTITY_NOT_AUTHORISED":
        # PU-2: no personal data at all, not even the number that was searched for.
        return page("patient_refused.html", 403, message=refused.message or NOT_AUTHORISED,
                    tab=TABS_BY_KEY["search"])
    if refused.status == 404:
        return search_page(404, message=refused.message or NOT_FOUND)
    return search_page(refused.status, message=refused.message)
