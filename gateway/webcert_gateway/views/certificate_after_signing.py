"""After signing (issue 5): "Skicka till Försäkringskassan/Transportstyrelsen" (§ "Skicka intyg
till intygsmottagaren", CERT-9), "Förnya" (CERT-11), "Ersätt" (CERT-12) and "Makulera" (CERT-13).

As "Kopiera" (§5.9) and "Skapa AG7804": a button in the certificate's header opens a dialog
(certificate-form.js); without script the button is a link to a GET page with the same box open.
The box's button POSTs, the certificate service does the work, and the answer is a redirect
(post/redirect/get) -- to the certificate, or to the new draft. A refusal the user can act on
(consent, reason or message missing; a replacing draft already there) shows the box again with
the service's Swedish message; any other is the certificate with the message. The service
decides which buttons exist (``actions``); these pages share certificate_form's guard (login,
PU-3) and its handling of the remaining refusals.
"""
from __future__ import annotations

from flask import Blueprint, g, redirect, request, session, url_for

from webcert_common.logging import get_logger

from ..clients.certificate import CertificateRefused, CertificateServiceUnavailable
from . import certificate_form as form
from .main import page

bp = Blueprint("certificate_after_signing", __name__)
bp.before_request(form._guard)
bp.register_error_handler(CertificateRefused, form._refused)
bp.register_error_handler(CertificateServiceUnavailable, form._unavailable)
log = get_logger(__name__)

REVOKED = "Intyget är makulerat."
REVOKED_DRAFT = "Utkastet är makulerat."


def _view_allowing(certificate_id: str, action: str, fallback: str):
    """(view, None) when the service allows ``action`` on the certificate, else (None, the refusal page)."""
    view = form.client().get(g.session_id, certificate_id)
    if not form._allowed(view, action):
        return None, page("refused.html", 409, message=form._denial(view, action, fallback))
    return view, None


def _box(template: str, view: dict, status: int = 200, **extra):
    """The dialog, open on its own page (without script, or to show a refusal in it)."""
    definition = form.client().definition(g.session_id, view["certificate_type"])
    return page(template, status, dialog_open=True, **form._after_signing(view),
                **form._common(view, definition), **extra)


def _on_certificate(certificate_id: str, refused: CertificateRefused):
    """A refusal about the certificate's state (sent already, revoked, replaced …): the
    certificate as it is now, with the service's message."""
    log.info("after_signing_refused", endpoint=request.endpoint, reason=refused.reason)
    view = form.client().get(g.session_id, certificate_id)
    return form.readonly_page(view, message=refused.message, status=refused.status)


def _to_certificate(certificate_id: str):
    return redirect(url_for("certificate_form.certificate", certificate_id=certificate_id))


# --- "Skicka till Försäkringskassan/Transportstyrelsen" (CERT-9) ---------------------------------

@bp.get("/intyg/<certificate_id>/skicka")
def confirm_send(certificate_id: str):
    """Figur 7: "För att skicka ett intyg måste patientens samtycke inhämtas"."""
    view, refusal = _view_allowing(certificate_id, "SEND", "Det går inte att skicka intyget.")
    return refusal or _box("certificate_send.html", view)


@bp.post("/intyg/<certificate_id>/skicka")
def send(certificate_id: str):
    """"Klicka på knappen Skicka i informationsrutan": the service records the sending and its
    event in one transaction and answers at once; the recipient's receipt comes later."""
    consent = request.form.get("patient_consent") == "true"
    try:
        form.client().send(g.session_id, certificate_id, patient_consent=consent)
    except CertificateRefused as refused:
        if refused.status == 422:
            view = form.client().get(g.session_id, certificate_id)
            return _box("certificate_send.html", view, 422, dialog_error=refused.message)
        if refused.status in (400, 409):
            return _on_certificate(certificate_id, refused)
        raise
    log.info("certificate_sent_by_user")
    return _to_certificate(certificate_id)


# --- "Förnya" (CERT-11) -------------------------------------------------------------------------

@bp.get("/intyg/<certificate_id>/fornya")
def confirm_renew(certificate_id: str):
    """§ "Förnya intyg": "I informationsrutan som visas, klicka på knappen Förnya"."""
    view, refusal = _view_allowing(certificate_id, "RENEW", "Det går inte att förnya intyget.")
    return refusal or _box("certificate_renew.html", view)


@bp.post("/intyg/<certificate_id>/fornya")
def renew(certificate_id: str):
    """A new draft on the user's unit with the patient's current data; it opens, for the user to
    "fylla i de fält som inte följt med från det ursprungliga intyget"."""
    try:
        created = form.client().renew(g.session_id, certificate_id)
    except CertificateRefused as refused:
        if refused.status in (400, 409):
            return _on_certificate(certificate_id, refused)
        raise
    log.info("certificate_renewed_by_user", certificate_id=created["id"])
    return _to_certificate(created["id"])


# --- "Ersätt" (CERT-12) -------------------------------------------------------------------------

@bp.get("/intyg/<certificate_id>/ersatt")
def confirm_replace(certificate_id: str):
    """§ "Ersätta intyg": the dialog; or, when a replacing draft exists already, the box that
    offers to continue on it."""
    view, refusal = _view_allowing(certificate_id, "REPLACE", "Det går inte att ersätta intyget.")
    return refusal or _box("certificate_replace.html", view)


@bp.post("/intyg/<certificate_id>/ersatt")
def replace(certificate_id: str):
    try:
        created = form.client().replace(g.session_id, certificate_id)
    except CertificateRefused as refused:
        if refused.reason == "REPLACEMENT_DRAFT_EXISTS":
            # §5.8: "Om du klickar på Ersätt på det ursprungliga intyget igen öppnas en
            # informationsruta som informerar om att du redan har ett intygsutkast."
            view = form.client().get(g.session_id, certificate_id)
            return _box("certificate_replace.html", view, 409, existing_draft_id=refused.error.get("draft_id"))
        if refused.status in (400, 409):
            return _on_certificate(certificate_id, refused)
        raise
    log.info("certificate_replaced_by_user", certificate_id=created["id"])
    return _to_certificate(created["id"])


# --- "Makulera" (CERT-13) -----------------------------------------------------------------------

@bp.get("/intyg/<certificate_id>/makulera")
def confirm_revoke(certificate_id: str):
    """§ "Makulera intyg eller låst utkast": "Ange orsak till att det makuleras i dialogrutan"."""
    view, refusal = _view_allowing(certificate_id, "REVOKE", "Det går inte att makulera intyget.")
    return refusal or _box("certificate_revoke.html", view)


@bp.post("/intyg/<certificate_id>/makulera")
def revoke(certificate_id: str):
    reason = (request.form.get("reason") or "").strip() or None
    message = (request.form.get("message") or "").strip() or None
    try:
        revoked = form.client().revoke(g.session_id, certificate_id, reason=reason, message=message)
    except CertificateRefused as refused:
        if refused.status == 422:
            # REASON_REQUIRED, MESSAGE_REQUIRED: the dialog again, the choice and the text kept.
            view = form.client().get(g.session_id, certificate_id)
            return _box("certificate_revoke.html", view, 422, dialog_error=refused.message,
                        chosen_reason=reason, typed_message=message or "")
        if refused.status in (400, 409):
            return _on_certificate(certificate_id, refused)
        raise
    log.info("certificate_revoked_by_user", reason=reason)
    # A locked draft (never signed) can be revoked too (§5.1).
    session[form.NOTICE_KEY] = REVOKED if revoked.get("signature") else REVOKED_DRAFT
    return _to_certificate(certificate_id)
