"""Ärendekommunikation beside the certificate (§7, Figur 28–33, QA-5 … QA-11): "Svara",
"Administrativa frågor", "Hanterad", "Vidarebefordra", and the answers to a complement request --
"Komplettera intyg" (scenario A), "Kan ej komplettera" with its two choices (B and C).

The panel itself is drawn by the certificate's page (certificate_questions_context.py). Every
button here is a form that POSTs and is answered by a redirect back to the certificate with the
question open (``?arende=<id>``, post/redirect/get); the messaging or certificate service does
the work and decides what is allowed. Without script every dialog is a page; with it
(certificate-questions.js) the dialogs open in place and what is typed is saved as it is typed
(QA-1, "All påbörjad ärendekommunikation med Försäkringskassan sparas automatiskt"):

    PUT /intyg/<id>/arenden/utkast               the unit's question being written
    PUT /intyg/<id>/arenden/<fråga>/svar/utkast  an answer (or a "Kan ej komplettera" text) being written
"""
from __future__ import annotations

from flask import Blueprint, g, jsonify, redirect, request, url_for

from webcert_common.logging import get_logger

from .. import question_panel
from ..clients.certificate import CertificateRefused, CertificateServiceUnavailable
from ..clients.messaging import MessagingRefused, MessagingServiceUnavailable
from . import certificate_form as form
from .certificate_questions_context import messaging, set_notice
from .context import load_session, to_start
from .lock import LOCK_MESSAGE, LOCK_REASON, current_state, locked_response
from .main import page

bp = Blueprint("certificate_questions", __name__)
bp.register_error_handler(CertificateRefused, form._refused)
bp.register_error_handler(CertificateServiceUnavailable, form._unavailable)
log = get_logger(__name__)

JSON_ENDPOINTS = {"certificate_questions.save_question_draft", "certificate_questions.save_answer_draft"}
UNAVAILABLE = "Ärendetjänsten svarar inte just nu. Ingenting har ändrats. Försök igen om en stund."
SAVED = "Meddelandet är sparat."
# §7 scenario B: "Kommentera varför du inte kan ange ytterligare medicinsk information".
COMMENT_REQUIRED = "Kommentera varför du inte kan ange ytterligare medicinsk information."
CHOICE_REQUIRED = "Välj ett av alternativen."
ANSWERED = "Svaret är skickat."
ASKED = "Frågan är skickad till Försäkringskassan."
NO_FURTHER_INFORMATION = "NO_FURTHER_INFORMATION"
NO_ONE_RESPONSIBLE = "NO_ONE_RESPONSIBLE"
MAX_TEXT = 4000


@bp.app_template_filter("question_anchor")
def _question_anchor(question_id) -> str:
    return question_panel.question_anchor(question_id)


def _wants_json() -> bool:
    return request.endpoint in JSON_ENDPOINTS


@bp.before_request
def _guard():
    """As every certificate page: login (pending steps first), then PU-3 -- "låses all
    funktionalitet kopplat till hantering av intyg och ärendekommunikation"."""
    response = load_session(allow_pending=False)
    if response is not None:
        return form.json_error(401, "SESSION_ENDED", form.SESSION_ENDED, redirect=response.location) \
            if _wants_json() else response
    if current_state().locked:
        return form.json_error(503, LOCK_REASON, LOCK_MESSAGE) if _wants_json() else locked_response()
    return None


def _back(certificate_id: str, question_id: str | None = None):
    """To the certificate, with the question's card open and in view."""
    if question_id is None:
        return redirect(url_for("certificate_form.certificate", certificate_id=certificate_id,
                                _anchor="arendekommunikation"))
    return redirect(url_for("certificate_form.certificate", certificate_id=certificate_id, arende=question_id,
                            _anchor=question_panel.card_anchor(question_id)))


@bp.errorhandler(MessagingRefused)
def _messaging_refused(refused: MessagingRefused):
    log.info("messaging_refused", endpoint=request.endpoint, reason=refused.reason, status=refused.status)
    if refused.status == 401:
        return form.json_error(401, refused.reason, form.SESSION_ENDED, redirect=url_for("login.start")) \
            if _wants_json() else to_start(refused.reason)
    if _wants_json():
        return form.json_error(refused.status, refused.reason, refused.message)
    # A question handled by someone else meanwhile, a certificate revoked …: the page as it is now.
    args = request.view_args or {}
    set_notice(args.get("question_id"), refused.message)
    return _back(args["certificate_id"], args.get("question_id"))


@bp.errorhandler(MessagingServiceUnavailable)
def _messaging_unavailable(exc: MessagingServiceUnavailable):
    if exc.reason == LOCK_REASON:
        return form.json_error(503, LOCK_REASON, LOCK_MESSAGE) if _wants_json() else locked_response()
    log.warning("messaging_unavailable", endpoint=request.endpoint, error=str(exc))
    if _wants_json():
        return form.json_error(503, "SERVICE_UNAVAILABLE", UNAVAILABLE)
    args = request.view_args or {}
    set_notice(args.get("question_id"), UNAVAILABLE)
    return _back(args["certificate_id"], args.get("question_id"))


def _text(name: str = "text") -> str:
    return (request.form.get(name) or "")[:MAX_TEXT]


def _again(certificate_id: str, question_id: str | None, refused: MessagingRefused, text: str):
    """The certificate again with the service's message at the question and the text as typed
    (a message that is lacking: 422)."""
    set_notice(question_id, refused.message, text=text, now=True)
    view = form.client().get(g.session_id, certificate_id)
    return form.readonly_page(view, status=refused.status)


# --- "Svara" → "Skicka" (§7 "Svara på fråga från Försäkringskassan") ----------------------------

@bp.post("/intyg/<certificate_id>/arenden/<question_id>/svar")
def answer(certificate_id: str, question_id: str):
    """"När svaret har skickats markeras frågan automatiskt som Hanterad" (the service does)."""
    text = _text()
    try:
        messaging().answer(g.session_id, question_id, text)
    except MessagingRefused as refused:
        if refused.status == 422:
            return _again(certificate_id, question_id, refused, text)
        raise
    log.info("question_answered_by_user")
    set_notice(question_id, ANSWERED, done=True)
    return _back(certificate_id, question_id)


@bp.put("/intyg/<certificate_id>/arenden/<question_id>/svar/utkast")
def save_answer_draft(certificate_id: str, question_id: str):
    body = request.get_json(silent=True)
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str):
        return form.json_error(400, "BAD_REQUEST", form.BAD_REQUEST)
    messaging().save_answer_draft(g.session_id, question_id, text[:MAX_TEXT])
    return jsonify({"message": SAVED})


# --- "Administrativa frågor" (§7 "Ställ en fråga till Försäkringskassan", QA-6) -------------------

@bp.post("/intyg/<certificate_id>/arenden")
def ask(certificate_id: str):
    """"Skriv din fråga i textfältet, välj ämne och klicka på Skicka. När frågan har skickats
    visas den överst i listan med frågor och svar.\""""
    subject, text = request.form.get("subject") or "", _text()
    try:
        messaging().ask(g.session_id, certificate_id, subject, text)
    except MessagingRefused as refused:
        if refused.status == 422:
            # Kept as typed (QA-1): the choice too, when the service knows it.
            _keep_question_draft(certificate_id, subject, text)
            return _again(certificate_id, None, refused, text)
        raise
    log.info("question_asked_by_user", subject=subject)
    set_notice(None, ASKED, done=True)
    return _back(certificate_id)


def _keep_question_draft(certificate_id: str, subject: str, text: str) -> None:
    try:
        messaging().save_question_draft(g.session_id, certificate_id, subject or None, text)
    except (MessagingRefused, MessagingServiceUnavailable):
        pass   # the page shows the typed text anyway; only a later visit would miss it


@bp.put("/intyg/<certificate_id>/arenden/utkast")
def save_question_draft(certificate_id: str):
    body = request.get_json(silent=True)
    text = body.get("text") if isinstance(body, dict) else None
    subject = body.get("subject") if isinstance(body, dict) else None
    if not isinstance(text, str) or not (subject is None or isinstance(subject, str)):
        return form.json_error(400, "BAD_REQUEST", form.BAD_REQUEST)
    messaging().save_question_draft(g.session_id, certificate_id, subject or None, text[:MAX_TEXT])
    return jsonify({"message": SAVED})


# --- "Hanterad" (§7 "Hantera en fråga utanför Webcert", QA-10) ------------------------------------

@bp.post("/intyg/<certificate_id>/arenden/<question_id>/hanterad")
def handled(certificate_id: str, question_id: str):
    """Ticked or unticked. On a complement request the service asks for the confirmation first
    ("öppnas en informationsruta med upplysning om att detta val inte går att ångra"): its text
    is shown in a box, whose button sends the tick again, confirmed."""
    tick = request.form.get("handled") == "true"
    confirmed = request.form.get("confirmed") == "true"
    try:
        messaging().set_handled(g.session_id, question_id, tick, confirmed)
    except MessagingRefused as refused:
        if refused.reason == "CONFIRMATION_REQUIRED":
            return _dialog_page(certificate_id, "certificate_question_handled.html",
                                question_id=question_id, confirmation=refused.message)
        raise
    log.info("question_handled_by_user", handled=tick)
    return _back(certificate_id, question_id)


# --- "Vidarebefordra" → "Ja" (§7 "Vidarebefordra ärendekommunikation", QA-8) -----------------------

@bp.post("/intyg/<certificate_id>/arenden/<question_id>/vidarebefordrad")
def forwarded(certificate_id: str, question_id: str):
    """"Om du väljer Ja blir ärendet markerat som vidarebefordrat i tabellen"."""
    messaging().set_forwarded(g.session_id, question_id, True)
    return _back(certificate_id, question_id)


# --- the complement request (§7 "Svara på kompletteringsbegäran", QA-9) ---------------------------

def _to_draft(draft_id: str):
    return redirect(url_for("certificate_form.certificate", certificate_id=draft_id))


def _complement(certificate_id: str, question_id: str, comment: str | None):
    """A new draft, relation COMPLEMENT, opened; the one already open when there is one ("Om det
    finns ett påbörjat utkast ... kan du klicka på Öppna utkastet")."""
    try:
        created = form.client().complement(g.session_id, certificate_id, comment)
    except CertificateRefused as refused:
        if refused.reason == "COMPLEMENT_DRAFT_EXISTS" and refused.error.get("draft_id"):
            return _to_draft(refused.error["draft_id"])
        if refused.status in (400, 403, 409):
            # Not for this user (B: "endast läkare"), or no longer (complemented, revoked …).
            set_notice(question_id, refused.message)
            return _back(certificate_id, question_id)
        raise
    log.info("certificate_complemented_by_user", certificate_id=created["id"], with_comment=comment is not None)
    return _to_draft(created["id"])


@bp.post("/intyg/<certificate_id>/arenden/<question_id>/komplettera")
def complement(certificate_id: str, question_id: str):
    """Scenario A "Komplettera intyg": "En kopia av intyget skapas som ett nytt intygsutkast"."""
    return _complement(certificate_id, question_id, None)


@bp.get("/intyg/<certificate_id>/arenden/<question_id>/kan-ej-komplettera")
def confirm_decline(certificate_id: str, question_id: str):
    """Figur 31 "Ange skäl till att du inte kan komplettera", as a page without script."""
    return _dialog_page(certificate_id, "certificate_question_decline.html", question_id=question_id)


@bp.post("/intyg/<certificate_id>/arenden/<question_id>/kan-ej-komplettera")
def decline(certificate_id: str, question_id: str):
    choice, text = request.form.get("choice") or "", _text()
    if choice not in (NO_FURTHER_INFORMATION, NO_ONE_RESPONSIBLE):
        return _dialog_page(certificate_id, "certificate_question_decline.html", 422, question_id=question_id,
                            dialog_error=CHOICE_REQUIRED, typed_text=text)
    if choice == NO_FURTHER_INFORMATION:
        # B: "När du skickar svaret skapas en kopia av intyget med din kommentar i fältet
        # Övriga upplysningar" -- a comment there is what makes it B, so it may not be empty.
        if not text.strip():
            return _dialog_page(certificate_id, "certificate_question_decline.html", 422, question_id=question_id,
                                dialog_error=COMMENT_REQUIRED, chosen=choice, typed_text=text)
        try:
            return _complement(certificate_id, question_id, text.strip())
        except CertificateRefused as refused:
            if refused.status != 422:   # the comment does not fit "Övriga upplysningar"
                raise
            return _dialog_page(certificate_id, "certificate_question_decline.html", 422, question_id=question_id,
                                dialog_error=refused.message, chosen=choice, typed_text=text)
    # C: "Meddelandet skickas som ett svar på kompletteringsbegäran"; no new certificate.
    try:
        messaging().cannot_complement(g.session_id, question_id, text)
    except MessagingRefused as refused:
        if refused.status == 422:
            return _dialog_page(certificate_id, "certificate_question_decline.html", 422, question_id=question_id,
                                dialog_error=refused.message, chosen=choice, typed_text=text)
        raise
    log.info("complement_request_answered_with_message")
    set_notice(question_id, ANSWERED, done=True)
    return _back(certificate_id, question_id)


def _dialog_page(certificate_id: str, template: str, status: int = 200, *, question_id: str, **extra):
    """A dialog of the panel, open on a page of its own (without script, or to show a problem)."""
    view = form.client().get(g.session_id, certificate_id)
    definition = form.client().definition(g.session_id, view["certificate_type"])
    answer = messaging().of_certificate(g.session_id, certificate_id)
    card = next((c for c in question_panel.panel(answer, definition).questions if c.id == question_id), None)
    if card is None:
        return page("refused.html", 404, message="Ärendet finns inte.")
    if template == "certificate_question_decline.html" and not card.may_decline:
        set_notice(question_id, _decline_refusal(answer, question_id))
        return _back(certificate_id, question_id)
    return page(template, status, dialog_open=True, card=card, **form._common(view, definition), **extra)


def _decline_refusal(answer: dict, question_id: str) -> str:
    raw = next((q for q in answer.get("questions") or [] if str(q.get("id")) == question_id), {})
    return (question_panel.refusal_message(raw.get("actions"), NO_ONE_RESPONSIBLE)
            or "Det går inte att svara på kompletteringsbegäran.")
