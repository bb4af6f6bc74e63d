"""Sök/skriv intyg (§4.2, §5.2 steps 1–2, CERT-2) and the patient page.

The personnummer is typed into a form and POSTed; the gateway has pu-lookup validate it,
then redirects to ``/patient/<reference>`` where the reference is the normalised number
encrypted (patient_reference). A personnummer never appears in a URL, a query string or a
log line. Each view of the patient page is one lookup, and so one PDL entry (pu-lookup
writes it): §7.8 "hämtas från Personuppgiftstjänsten varje gång".
"""
from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, request, session, url_for

from webcert_common.logging import get_logger

from ..clients.pu_lookup import PuLookupClient, PuRefused, PuUnavailable, requester_from
from ..navigation import TABS_BY_KEY
from ..patient_reference import InvalidPatientReference, PatientReferences
from ..patient_view import action_notes, excluded_types, patient_header
from .context import load_session
from .lock import current_state, locked_response, requires_pu_service
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


def pu_lookup() -> PuLookupClient:
    return current_app.extensions["webcert_pu_lookup"]


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
    log.info("patient_shown")
    person = answer.get("person") or {}
    return page("patient.html", patient=patient_header(person), notes=action_notes(answer.get("actions")),
                excluded=excluded_types(answer), tab=TABS_BY_KEY["search"])


def _refused(refused: PuRefused):
    log.info("patient_refused", reason=refused.reason, status=refused.status)
    if refused.reason == "PROTECTED_IDENTITY_NOT_AUTHORISED":
        # PU-2: no personal data at all, not even the number that was searched for.
        return page("patient_refused.html", 403, message=refused.message or NOT_AUTHORISED,
                    tab=TABS_BY_KEY["search"])
    if refused.status == 404:
        return search_page(404, message=refused.message or NOT_FOUND)
    return search_page(refused.status, message=refused.message)
