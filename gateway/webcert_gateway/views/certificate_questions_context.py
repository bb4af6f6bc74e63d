"""What a certificate's page needs of the messaging service (§7): the panel "Ärendekommunikation"
beside a signed certificate, and, in a complement draft, the original's requests beside the form
with the questions FK asks about framed. Kept apart from the blueprint (certificate_questions.py)
so that certificate_form can ask for it without the two importing each other.

A page never fails for the panel: when the messaging service does not answer or refuses, the
certificate shows and the panel says why (the service's own message for a refusal).
"""
from __future__ import annotations

from flask import current_app, g, request, session, url_for

from webcert_common.logging import get_logger

from .. import question_panel
from ..clients.messaging import MessagingClient, MessagingRefused, MessagingServiceUnavailable
from .lock import LOCK_MESSAGE, LOCK_REASON

log = get_logger(__name__)

NOTICE_KEY = "question_notice"
FK = "fk"
COMPLEMENT = "COMPLEMENT"
PANEL_STATUSES = ("SIGNED", "SENT", "REVOKED")
SIGN = "Signera intyget"
# §7 scenario A/B: "Klicka på Signera och skicka för att skicka intyget till Försäkringskassan."
SIGN_AND_SEND = "Signera och skicka"


def messaging() -> MessagingClient:
    return current_app.extensions["webcert_messaging"]


def set_notice(question_id: str | None, message: str, *, text: str | None = None, now: bool = False,
               done: bool = False) -> None:
    """A message at a question's card (or at "Administrativa frågor" when ``question_id`` is None):
    for this response (``now``, with what the user typed) or the next page (after a redirect).
    ``done``: what the user did has been done; otherwise it is a refusal."""
    notice = {"question_id": question_id, "message": message, "color": "success" if done else "warning"}
    if now:
        g.question_notice = dict(notice, text=text)
    else:
        session[NOTICE_KEY] = notice


def _notice() -> dict | None:
    return g.pop("question_notice", None) or session.pop(NOTICE_KEY, None)


def _fetch(certificate_id: str) -> tuple[dict | None, str | None]:
    """(the messaging service's answer, None) or (None, why there is none, in Swedish)."""
    try:
        return messaging().of_certificate(g.session_id, certificate_id), None
    except MessagingRefused as refused:
        log.info("questions_refused", reason=refused.reason, status=refused.status)
        return None, refused.message
    except MessagingServiceUnavailable as exc:
        log.warning("messaging_unavailable", error=str(exc))
        # PU-3: the service cannot tell who the patient is; the page says why, as every page does.
        return None, LOCK_MESSAGE if exc.reason == LOCK_REASON else question_panel.UNAVAILABLE


def _related_id(view: dict, key: str) -> str | None:
    related = view.get(key)
    return related.get("id") if isinstance(related, dict) else None


def complement_parent_id(view: dict) -> str | None:
    relations = view.get("relations") if isinstance(view.get("relations"), dict) else {}
    parent = relations.get("parent") if isinstance(relations.get("parent"), dict) else {}
    return parent.get("id") if parent.get("kind") == COMPLEMENT else None


def signed_context(view: dict, definition: dict) -> dict:
    """The panel beside a signed certificate of a type that goes to Försäkringskassan (QA-1, QA-5)."""
    recipient = view.get("recipient") if isinstance(view.get("recipient"), dict) else {}
    if recipient.get("code") != FK or view.get("status") not in PANEL_STATUSES:
        return {"questions_panel": None}
    answer, problem = _fetch(view["id"])
    notice = _notice()
    if answer is None:
        return {"questions_panel": question_panel.failed_panel(problem), "question_notice": notice}
    built = question_panel.panel(answer, definition, highlight_id=request.args.get("arende"),
                                 complement_draft_id=_related_id(view, "complement_draft"))
    return {"questions_panel": built, "question_notice": notice,
            "complement_frames": question_panel.complement_frames(answer, definition),
            "forward_question_mailto": question_panel.forward_mailto(
                url_for("certificate_form.certificate", certificate_id=view["id"], _external=True))}


def draft_context(view: dict, definition: dict) -> dict:
    """A complement draft: the original's requests beside the form, to read, and the form questions
    they ask about framed with FK's text; the sign button "Signera och skicka"."""
    parent_id = complement_parent_id(view)
    if parent_id is None:
        return {"questions_panel": None, "complement_frames": {}, "sign_label": SIGN}
    answer, problem = _fetch(parent_id)
    if answer is None:
        return {"questions_panel": question_panel.failed_panel(problem), "complement_frames": {},
                "sign_label": SIGN_AND_SEND}
    return {"questions_panel": question_panel.panel(answer, definition, readonly=True),
            "complement_frames": question_panel.complement_frames(answer, definition),
            "questions_certificate_id": parent_id, "sign_label": SIGN_AND_SEND}
