"""One certificate (§5.2, §6.12, CERT-3 … CERT-7, CERT-16): the draft's form from its type's
definition with autosave, "Signera intyget", "Visa vad som saknas", "Vidarebefordra utkast",
"Radera", and the signed certificate's view with "Kopiera" (§5.9), "Skapa AG7804" and
"Skapa dödsorsaksintyg" (§6.13, CERT-15); the buttons and states of issue 5 (sending, renewing,
replacing, revoking) are shown here and handled in certificate_after_signing.py.

The certificate service decides everything (status, priority, which actions); the gateway
shows the buttons of ``actions`` that are allowed and nothing else. The JSON endpoints for the
page's script (certificate-form.js) answer ``{"error": {reason, message, …}}`` with the
service's reason and Swedish message:

    PUT /intyg/<id>/innehall   autosave (CERT-3)        GET /intyg/<id>/status  §5.2 poll
    GET /diagnoser             DS-1 suggestions
"""
from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, make_response, redirect, request, session, url_for

from webcert_common.logging import get_logger

from ..certificate_display import (
    REVIEW_REPLACED, answered_sections, delivery_notice, forward_mailto, history_rows,
    local_time, priority_notice, relation_rows, revocation_facts, revoke_reasons, signature_text,
)
from ..certificate_form_content import content_from_fields
from ..certificate_form_model import (
    DIAGNOSIS_HEADING, FieldProblem, form_sections, located_message, problems_from, problems_of_sections,
    questions_by_id, section_anchor,
)
from ..clients.certificate import CertificateClient, CertificateRefused, CertificateServiceUnavailable
from ..navigation import TABS_BY_KEY
from ..patient_reference import PatientReferences
from ..patient_view import patient_header
from .certificate_questions_context import draft_context, signed_context
from .context import load_session, to_start
from .lock import LOCK_MESSAGE, LOCK_REASON, current_state, locked_response
from .main import page

bp = Blueprint("certificate_form", __name__)
log = get_logger(__name__)

JSON_ENDPOINTS = {"certificate_form.save", "certificate_form.status", "certificate_form.diagnoses"}
NOTICE_KEY = "certificate_notice"
EDITABLE_STATUSES = {"DRAFT"}
MAX_SEARCH = 100
UNAVAILABLE = "Intygstjänsten svarar inte just nu. Ingenting har ändrats. Försök igen om en stund."
BAD_REQUEST = "Begäran kunde inte tolkas. Ladda om sidan och försök igen."
SESSION_ENDED = "Du är inte längre inloggad. Logga in igen för att fortsätta."
FORWARDED = "Utkastet är markerat som vidarebefordrat."
SAVED = "Utkastet är sparat."
COMPLETE = "Alla obligatoriska uppgifter är ifyllda."
CONVEY_MISSING = "Svara Ja eller Nej på om patienten önskar förmedla diagnosen till arbetsgivaren."
CONVEY_ANSWERS = {"ja": True, "nej": False}


def client() -> CertificateClient:
    return current_app.extensions["webcert_certificate"]


def references() -> PatientReferences:
    return current_app.extensions["webcert_patient_references"]


def wants_json() -> bool:
    return request.endpoint in JSON_ENDPOINTS


def json_error(status: int, reason: str, message: str, **extra):
    return make_response(jsonify({"error": {"reason": reason, "message": message, **extra}}), status)


@bp.before_request
def _guard():
    """Login (pending steps first), then PU-3: every certificate action is locked while PU is out."""
    response = load_session(allow_pending=False)
    if response is not None:
        if not wants_json():
            return response
        # The script cannot follow a redirect to a page: it is told where to go instead.
        answer = json_error(401, "SESSION_ENDED", SESSION_ENDED, redirect=response.location)
        for cookie in response.headers.getlist("Set-Cookie"):
            answer.headers.add("Set-Cookie", cookie)
        return answer
    if current_state().locked:
        log.info("action_locked", endpoint=request.endpoint, source=current_state().source)
        return json_error(503, LOCK_REASON, LOCK_MESSAGE) if wants_json() else locked_response()
    return None


@bp.errorhandler(CertificateRefused)
def _refused(refused: CertificateRefused):
    log.info("certificate_refused", endpoint=request.endpoint, reason=refused.reason, status=refused.status)
    if refused.status == 401:
        return json_error(401, refused.reason, SESSION_ENDED, redirect=url_for("login.start")) \
            if wants_json() else to_start(refused.reason)
    if wants_json():
        return json_error(refused.status, refused.reason, refused.message)
    return page("refused.html", refused.status if refused.status in (403, 404, 409) else 400,
                message=refused.message)


@bp.errorhandler(CertificateServiceUnavailable)
def _unavailable(exc: CertificateServiceUnavailable):
    if getattr(exc, "reason", None) == LOCK_REASON:
        return json_error(503, LOCK_REASON, LOCK_MESSAGE) if wants_json() else locked_response()
    log.warning("certificate_unavailable", error=str(exc))
    if wants_json():
        return json_error(503, "SERVICE_UNAVAILABLE", UNAVAILABLE)
    return page("refused.html", 503, message=UNAVAILABLE)


# --- the page ---------------------------------------------------------------------------------

def _allowed(view: dict, action: str) -> bool:
    decision = (view.get("actions") or {}).get(action)
    return isinstance(decision, dict) and decision.get("allowed") is True


def _may_edit(view: dict) -> bool:
    return view.get("status") in EDITABLE_STATUSES and _allowed(view, "EDIT")


@bp.get("/intyg/<certificate_id>")
def certificate(certificate_id: str):
    view = client().get(g.session_id, certificate_id)
    if _may_edit(view):
        return draft_page(view)
    return readonly_page(view)


def _common(view: dict, definition: dict) -> dict:
    patient = view.get("patient") or {}
    number = patient.get("personnummer")
    return {
        "view": view, "definition": definition, "patient": patient_header(patient),
        "patient_url": url_for("patients.patient", reference=references().make(number)) if number else None,
        "notice": session.pop(NOTICE_KEY, None),
        "history": history_rows(view.get("history")),
    }


def draft_page(view: dict, *, problems: list[FieldProblem] = (), missing: list[dict] | None = None,
               complete: bool = False, message: str | None = None, content: dict | None = None,
               status: int = 200):
    """§5.2 "Samtidig redigering": opening the draft takes priority (POST …/editing); the
    token goes with every autosave, so an earlier opener's saves are refused."""
    try:
        editing = client().start_editing(g.session_id, view["id"])
    except CertificateRefused as refused:
        if refused.status in (403, 409):
            return readonly_page(view, message=refused.message)
        raise
    definition = client().definition(g.session_id, view["certificate_type"])
    if missing:
        problems = list(problems) + problems_of_sections(missing)
    sections = form_sections(definition, content if content is not None else view.get("content"),
                             hidden_questions=view.get("hidden_questions") or (),
                             hidden_sections=view.get("hidden_sections") or (), problems=problems)
    draft_url = url_for(".certificate", certificate_id=view["id"], _external=True)
    log.info("certificate_form_shown", certificate_type=view.get("certificate_type"))
    return page("certificate_draft.html", status, sections=sections, missing=_missing_links(missing),
                complete=complete, message=message, version=editing.get("version", view.get("version")),
                edit_token=editing.get("edit_token"), diagnosis_heading=DIAGNOSIS_HEADING,
                mailto=forward_mailto(draft_url), actions=_shown_actions(view), relations=relation_rows(view),
                renewal_info=_renewal_info(view), **draft_context(view, definition), **_common(view, definition))


def _renewal_info(view: dict) -> dict | None:
    """CERT-11: "Informationsmeddelande visas ovanför fält för sjukskrivningsperiod och grad"."""
    info = view.get("renewal_info")
    return info if isinstance(info, dict) and info.get("question_id") and info.get("message") else None


def _shown_actions(view: dict) -> dict:
    # §5.4: the button at the foot of the draft is the vårdadministratör's (FORWARD_IN_DRAFT);
    # everyone with the privilege forwards from the lists.
    shown = {name: _allowed(view, name) for name in ("SIGN", "SHOW_MISSING", "DELETE")}
    shown["FORWARD"] = _allowed(view, "FORWARD_IN_DRAFT")
    return shown


def _missing_links(sections: list[dict] | None) -> list[dict]:
    """§6.12: "en lista över obligatoriska fält som saknar information"; each line a link
    to its section."""
    return [{"id": s.get("section_id"), "label": s.get("label"), "anchor": section_anchor(s.get("section_id"))}
            for s in sections or [] if isinstance(s, dict) and s.get("section_id")]


def _after_signing(view: dict) -> dict:
    """Issue 5: the header's buttons the service allows (views/certificate_after_signing.py),
    where the sending stands, the relations and the revocation."""
    recipient = view.get("recipient") if isinstance(view.get("recipient"), dict) else {}
    replacement = view.get("replacement_draft") if isinstance(view.get("replacement_draft"), dict) else {}
    return {"may_send": _allowed(view, "SEND"), "may_renew": _allowed(view, "RENEW"),
            "may_replace": _allowed(view, "REPLACE"), "may_revoke": _allowed(view, "REVOKE"),
            "recipient_name": recipient.get("name") or "mottagaren", "replacement_draft_id": replacement.get("id"),
            "delivery": delivery_notice(view.get("delivery")), "revocation": revocation_facts(view.get("revocation")),
            "relations": relation_rows(view), "revoke_reasons": revoke_reasons(view),
            # §5.10's telephone instruction for DB and DOI, in the service's words
            "revoke_phone_instruction": view.get("revoke_instruction"),
            "review_replaced_text": REVIEW_REPLACED}


def readonly_page(view: dict, *, message: str | None = None, status: int = 200):
    definition = client().definition(g.session_id, view["certificate_type"])
    signature = None
    if view.get("status") in ("SIGNED", "SENT"):
        try:
            valid, text = signature_text(client().verification(view["id"]))
        except CertificateRefused as refused:
            valid, text = False, refused.message
        signature = {"valid": valid, "text": text}
    sections = answered_sections(definition, view.get("content"),
                                 hidden_questions=view.get("hidden_questions") or (),
                                 hidden_sections=view.get("hidden_sections") or ())
    log.info("certificate_shown", certificate_type=view.get("certificate_type"), status=view.get("status"))
    signed_at = (view.get("signature") or {}).get("signed_at") or view.get("signed_at")
    return page("certificate_signed.html", status, sections=sections, signature=signature, message=message,
                signed_at=local_time(signed_at), may_copy=_allowed(view, "COPY"),
                may_create_ag7804=_allowed(view, "CREATE_AG7804"), may_create_doi=_allowed(view, "CREATE_DOI"),
                **_after_signing(view), **signed_context(view, definition), **_common(view, definition))


# --- signing and what is missing -----------------------------------------------------------

def _form_version() -> int | None:
    raw = request.form.get("version") or ""
    return int(raw) if raw.isdigit() else None


@bp.post("/intyg/<certificate_id>/signera")
def sign(certificate_id: str):
    version = _form_version()
    if version is None:
        return page("refused.html", 400, message=BAD_REQUEST)
    try:
        client().sign(g.session_id, certificate_id, version)
    except CertificateRefused as refused:
        if refused.status == 422 and refused.reason == "INCOMPLETE":
            # §6.12: the list of sections that lack information, and each field marked -- shown
            # by a GET, so that a reload does not sign again (post/redirect/get).
            return redirect(url_for(".missing", certificate_id=certificate_id), 303)
        if refused.reason == "NOT_A_DRAFT":
            # Signed already (a second click): the signed certificate is the answer.
            return redirect(url_for(".certificate", certificate_id=certificate_id))
        if refused.status == 409 and refused.reason == "STALE_VERSION":
            view = client().get(g.session_id, certificate_id)
            return draft_page(view, message=refused.message, status=409) if _may_edit(view) \
                else readonly_page(view, message=refused.message)
        raise
    log.info("certificate_signed_by_user")
    return redirect(url_for(".certificate", certificate_id=certificate_id))


@bp.get("/intyg/<certificate_id>/saknas")
def missing(certificate_id: str):
    """§6.12 "Visa vad som saknas" (vårdadministratörer): the same list, no signing."""
    view = client().get(g.session_id, certificate_id)
    if not _may_edit(view):
        return readonly_page(view)
    answer = client().missing(g.session_id, certificate_id)
    return draft_page(view, missing=answer.get("sections") or [], complete=bool(answer.get("complete")))


# --- autosave and the poll (JSON) -----------------------------------------------------------

def _save(certificate_id: str, *, certificate_type: str, version: int, edit_token: str | None, pairs):
    """(answer, content, problems, definition, refusal): the service's answer, or the problems
    at their fields (the gateway's own, or the service's 422) and the refusal if it was one."""
    definition = client().definition(g.session_id, certificate_type)
    content, problems = content_from_fields(definition, pairs)
    if problems:
        return None, content, problems, definition, None
    try:
        answer = client().save(g.session_id, certificate_id, version=version, edit_token=edit_token,
                               content=content)
    except CertificateRefused as refused:
        if refused.status == 422:
            return None, content, problems_from(refused.error.get("details")), definition, refused
        raise
    return answer, content, [], definition, None


def _details(definition: dict, problems: list[FieldProblem]) -> list[dict]:
    questions = questions_by_id(definition)
    return [dict(p.as_detail(), display=located_message(questions.get(p.question_id), p)) for p in problems]


@bp.put("/intyg/<certificate_id>/innehall")
def save(certificate_id: str):
    """CERT-3 autosave: the form's fields as ``[[name, value], …]``; the gateway turns them into
    the content (certificate_form_content) and the service checks and stores it."""
    body = request.get_json(silent=True)
    fields = body.get("fields") if isinstance(body, dict) else None
    version = body.get("version") if isinstance(body, dict) else None
    certificate_type = body.get("certificate_type") if isinstance(body, dict) else None
    if not isinstance(fields, list) or not isinstance(version, int) or isinstance(version, bool) \
            or not isinstance(certificate_type, str) or not all(isinstance(f, list) and len(f) == 2 for f in fields):
        return json_error(400, "BAD_REQUEST", BAD_REQUEST)
    try:
        answer, _, problems, definition, refusal = _save(
            certificate_id, certificate_type=certificate_type, version=version,
            edit_token=body.get("edit_token"), pairs=[(str(n), v) for n, v in fields])
    except CertificateRefused as refused:
        if refused.reason == "EDITED_BY_OTHER":
            # §5.2: the service's message names who has priority now.
            return json_error(409, refused.reason, refused.message, holder=refused.error.get("holder"))
        raise
    if answer is None:
        message = refusal.message if refusal else "Utkastet kunde inte sparas. Rätta de markerade fälten."
        return json_error(422, "INVALID_CONTENT", message, details=_details(definition, problems))
    return jsonify({"version": answer.get("version"), "saved_at": answer.get("saved_at"),
                    "hidden_questions": answer.get("hidden_questions") or [],
                    "hidden_sections": answer.get("hidden_sections") or [], "message": SAVED})


@bp.post("/intyg/<certificate_id>/innehall")
def save_form(certificate_id: str):
    """The same save without script (Enter in a field, or the noscript button)."""
    version = _form_version()
    certificate_type = request.form.get("certificate_type") or ""
    if version is None or not certificate_type:
        return page("refused.html", 400, message=BAD_REQUEST)
    answer, content, problems, _, refusal = _save(
        certificate_id, certificate_type=certificate_type, version=version,
        edit_token=request.form.get("edit_token"), pairs=list(request.form.items(multi=True)))
    if answer is None:
        view = client().get(g.session_id, certificate_id)
        return draft_page(view, problems=problems, content=content, status=422,
                          message=refusal.message if refusal else None)
    session[NOTICE_KEY] = SAVED
    return redirect(url_for(".certificate", certificate_id=certificate_id))


@bp.get("/intyg/<certificate_id>/status")
def status(certificate_id: str):
    """§5.2: a user who only reads the draft learns that someone else has opened it. Asks the
    service whether this form's edit token still holds priority (no patient data: no PDL entry)."""
    token = (request.args.get("edit_token") or "")[:64] or None
    answer = client().editing_status(g.session_id, certificate_id, token)
    editing = answer.get("editing") or {}
    other = bool(editing) and not answer.get("has_priority")
    # CERT-9: the signed page polls this too while its sending is pending (certificate-after-signing.js).
    return jsonify({"status": answer.get("status"), "version": answer.get("version"),
                    "delivery_state": answer.get("delivery_state"),
                    "holder_name": editing.get("holder_name"), "other_editor": other,
                    "notice": priority_notice(editing.get("holder_name")) if other else None})


@bp.get("/diagnoser")
def diagnoses():
    """DS-1: code suggestions from three characters, description suggestions at any length."""
    code_system = request.args.get("code_system") or "ICD_10_SE"
    code = (request.args.get("code") or "").strip()[:MAX_SEARCH] or None
    description = (request.args.get("description") or "").strip()[:MAX_SEARCH] or None
    if (code is None) == (description is None) or (code is not None and len(code) < 3):
        return jsonify({"suggestions": []})
    suggestions = client().diagnoses(g.session_id, code_system=code_system, code=code, description=description)
    return jsonify({"suggestions": suggestions})


# --- forward and delete ---------------------------------------------------------------------

@bp.post("/intyg/<certificate_id>/vidarebefordrad")
def forwarded(certificate_id: str):
    """§5.4: "Om du väljer Ja blir kryssrutan vid utkastet markerad." """
    client().set_forwarded(g.session_id, certificate_id, request.form.get("forwarded", "true") == "true")
    session[NOTICE_KEY] = FORWARDED
    return redirect(url_for(".certificate", certificate_id=certificate_id))


@bp.get("/intyg/<certificate_id>/radera")
def confirm_delete(certificate_id: str):
    """The confirmation dialog as a page, for a browser without script."""
    view = client().get(g.session_id, certificate_id)
    if not (view.get("status") == "DRAFT" and _allowed(view, "DELETE")):
        return page("refused.html", 409, message=_denial(view, "DELETE"))
    definition = client().definition(g.session_id, view["certificate_type"])
    return page("certificate_delete.html", **_common(view, definition))


@bp.get("/intyg/<certificate_id>/kopiera")
def confirm_copy(certificate_id: str):
    """§5.9 "I informationsrutan som visas, klicka på Kopiera": the box as a page, without script."""
    view = client().get(g.session_id, certificate_id)
    if not _allowed(view, "COPY"):
        return page("refused.html", 409, message=_denial(view, "COPY"))
    definition = client().definition(g.session_id, view["certificate_type"])
    return page("certificate_copy.html", **_common(view, definition))


@bp.post("/intyg/<certificate_id>/kopiera")
def copy(certificate_id: str):
    """§5.9 "Kopiera låst utkast": "Ett nytt intygsutkast skapas med samma information som i det
    låsta utkastet" -- and opens, for the user to fill in what is missing."""
    created = client().copy(g.session_id, certificate_id)
    log.info("locked_draft_copied_by_user", certificate_id=created["id"])
    return redirect(url_for(".certificate", certificate_id=created["id"]))


def _denial(view: dict, action: str, fallback: str = "Det går inte att radera intyget.") -> str:
    decision = (view.get("actions") or {}).get(action) or {}
    return decision.get("message") or fallback


# --- prefill (§6.13 "Förifyllnad av intygsutkast", CERT-15) ----------------------------------

@bp.get("/intyg/<certificate_id>/skapa-ag7804")
def confirm_ag7804(certificate_id: str):
    """§6.13: the diagnoses follow only once the user has answered whether the patient wishes to
    convey them -- the question of "Skapa AG7804" as a page, without script."""
    view = client().get(g.session_id, certificate_id)
    if not _allowed(view, "CREATE_AG7804"):
        return page("refused.html", 409, message=_denial(view, "CREATE_AG7804", "Det går inte att skapa AG7804."))
    definition = client().definition(g.session_id, view["certificate_type"])
    return page("certificate_ag7804.html", **_common(view, definition))


@bp.post("/intyg/<certificate_id>/skapa-ag7804")
def create_ag7804(certificate_id: str):
    """§6.13 "Skapa AG7804": a new AG7804 draft prefilled from the signed FK7804; opens."""
    convey = CONVEY_ANSWERS.get((request.form.get("convey_diagnoses") or "").strip().lower())
    if convey is None:
        return page("refused.html", 400, message=CONVEY_MISSING)
    created = client().derive(g.session_id, certificate_id, "AG7804", convey_diagnoses=convey)
    log.info("ag7804_derived_by_user", certificate_id=created["id"], convey_diagnoses=convey)
    return redirect(url_for(".certificate", certificate_id=created["id"]))


@bp.post("/intyg/<certificate_id>/skapa-doi")
def create_doi(certificate_id: str):
    """§6.13 "Via knappen Skapa dödsorsaksintyg i dödsbeviset": a new DOI draft prefilled from the
    signed DB (the service prefills only on the same unit and care provider); opens."""
    created = client().derive(g.session_id, certificate_id, "DOI")
    log.info("doi_derived_by_user", certificate_id=created["id"])
    return redirect(url_for(".certificate", certificate_id=created["id"]))


@bp.post("/intyg/<certificate_id>/radera")
def delete(certificate_id: str):
    """CERT-3 "Radera": every trace of the draft's content goes; back to the patient."""
    version = _form_version()
    if version is None:
        return page("refused.html", 400, message=BAD_REQUEST)
    view = client().get(g.session_id, certificate_id)
    client().delete(g.session_id, certificate_id, version)
    log.info("certificate_deleted_by_user")
    number = (view.get("patient") or {}).get("personnummer")
    if number:
        return redirect(url_for("patients.patient", reference=references().make(number)))
    return redirect(url_for(TABS_BY_KEY["drafts"].endpoint))
