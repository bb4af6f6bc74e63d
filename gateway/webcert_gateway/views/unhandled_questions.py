"""The tab "Ej hanterade ärenden" (§4.2, §7 "Se lista över ärendekommunikation") and its
"Vidarebefordra" (§7 "Vidarebefordra ärendekommunikation", QA-8: SITHS only).

The messaging service decides what is listed, the count and what each user may do with each
question; these views turn the GET form into its filter and its refusals into the page's Swedish
message. No personnummer is in any URL here: the filter, certificate ids and question ids only.

    GET  /ej-hanterade-arenden                                 the list (the tab: main.questions calls list_page)
    GET  /ej-hanterade-arenden/<question id>/vidarebefordra?intyg=<certificate id>
                                                               the e-mail link and "Markera som
                                                               vidarebefordrad?" as a page (without script)
    POST /ej-hanterade-arenden/<question id>/vidarebefordrad   "Ja": marked, back to the list
"""
from __future__ import annotations

from functools import wraps

from flask import Blueprint, current_app, g, make_response, redirect, render_template, request, url_for

from webcert_common.logging import get_logger

from ..clients.messaging import MessagingClient, MessagingRefused, MessagingServiceUnavailable
from ..navigation import TABS_BY_KEY
from ..question_panel import card_anchor
from ..unhandled_overview import (
    Search, filter_options, find_row, forward_mailto, is_id, question_rows, search_from, workplace_choices,
)
from .context import header_context, load_session, to_start
from .lock import LOCK_REASON, locked_response, requires_pu_service

bp = Blueprint("unhandled_questions", __name__)
log = get_logger(__name__)

UNAVAILABLE = "Ärendetjänsten svarar inte just nu. Ingenting har ändrats. Försök igen om en stund."
NONE_AT_ALL = "Det finns inga ej hanterade ärenden."
NONE_MATCHING = "Det finns inga ej hanterade ärenden som matchar sökfiltret."
NOT_LISTED = "Ärendet finns inte bland de ej hanterade ärendena på vårdenheten."
MARKED = "Ärendet är markerat som vidarebefordrat."
CANNOT_FORWARD = "Du kan inte vidarebefordra ärendet."


def messaging() -> MessagingClient:
    return current_app.extensions["webcert_messaging"]


@bp.before_request
def _require_login():
    return load_session(allow_pending=False)


def _page(template: str, status: int = 200, **context):
    return make_response(render_template(template, **header_context(g.view), **context), status)


def messaging_errors(view):
    """The messaging service's failures as pages in the logged-in frame (other tabs keep working).
    A decorator, not blueprint error handlers: the tab itself is ``main.questions``."""
    @wraps(view)
    def translated(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except MessagingServiceUnavailable as exc:
            # PU-3: the service could not reach PU -- the lock, as for every certificate action.
            if getattr(exc, "reason", None) == LOCK_REASON:
                return locked_response()
            log.warning("messaging_unavailable", endpoint=request.endpoint, error=str(exc))
            return _page("refused.html", 503, message=UNAVAILABLE)
        except MessagingRefused as refused:
            if refused.status == 401:
                return to_start(refused.reason)
            log.info("messaging_refused", endpoint=request.endpoint, reason=refused.reason, status=refused.status)
            return _page("refused.html", refused.status, message=refused.message)
    return translated


# --- the list ---------------------------------------------------------------------------------

@requires_pu_service
@messaging_errors
def list_page(status: int = 200, message: str | None = None, search: Search | None = None):
    """§7: "Under fliken Ej hanterade ärenden listas alla ej hanterade ärenden för den vårdenhet
    eller arbetsplats du är inloggad på", with the search filter, "Öppna" and "Vidarebefordra"."""
    search = search if search is not None else search_from(request.args)
    try:
        answer = messaging().unhandled(g.session_id, **search.as_params())
    except MessagingRefused as refused:
        if refused.status == 401 or search == Search():
            raise
        # A filter value the service refuses (a workplace not of this unit, say): its words,
        # over the whole unit's list.
        log.info("unhandled_filter_refused", reason=refused.reason)
        search, message, status = Search(), refused.message, refused.status
        answer = messaging().unhandled(g.session_id)
    answer = answer if isinstance(answer, dict) else {}
    rows = question_rows(answer)
    count = answer.get("count") if isinstance(answer.get("count"), int) else len(rows)
    return _page("unhandled_questions.html", status, tab=TABS_BY_KEY["questions"], rows=rows, count=count,
                 search=search, options=filter_options(answer), workplaces=workplace_choices(answer, g.view),
                 empty_message=NONE_MATCHING if search != Search() else NONE_AT_ALL,
                 message=message, notice=MARKED if request.args.get("markerad") == "1" else None,
                 mailto=_mailto, forward_action=_forward_action, open_url=_open_url)


def _certificate_url(row, **kwargs) -> str:
    return url_for("certificate_form.certificate", certificate_id=row.certificate_id, **kwargs)


def _open_url(row) -> str:
    """§7 "Om du klickar på knappen Öppna vid ett ärende i översiktsbilden visas ärendet till höger
    om intyget": the panel opens the question named by ``arende`` (views/certificate_questions.py)."""
    return _certificate_url(row, arende=row.id, _anchor=card_anchor(row.id))


def _mailto(row) -> str:
    """§7: the link goes to the certificate, not to the question -- and the mail holds nothing else."""
    return forward_mailto(_certificate_url(row, _external=True))


def _forward_action(row) -> str:
    return url_for("unhandled_questions.forwarded", question_id=row.id)


# --- Vidarebefordra ---------------------------------------------------------------------------

def _forwardable_row(certificate_id: str, question_id: str):
    """The question as the certificate's questions show it, or a refusal page: only a question of
    that certificate may be forwarded, and only if its ``actions`` allow it (QA-8: SITHS-kort).
    One certificate is asked for (one PDL "läsa"), not the unit's whole list."""
    if not (is_id(certificate_id) and is_id(question_id)):
        return None, _page("refused.html", 404, message=NOT_LISTED)
    row = find_row(messaging().of_certificate(g.session_id, certificate_id), question_id)
    if row is None:
        return None, _page("refused.html", 404, message=NOT_LISTED)
    if not row.may_forward:
        return None, _page("refused.html", 403, message=row.forward_refusal or CANNOT_FORWARD)
    return row, None


@bp.get("/ej-hanterade-arenden/<question_id>/vidarebefordra")
@requires_pu_service
@messaging_errors
def confirm_forward(question_id: str):
    """Without script: the e-mail link, then "Markera som vidarebefordrad?" Ja/Nej as a page."""
    row, refusal = _forwardable_row((request.args.get("intyg") or "").strip(), question_id)
    if refusal is not None:
        return refusal
    search = search_from(request.args)
    return _page("unhandled_question_forward.html", row=row, mailto=_mailto(row), search=search,
                 back_url=url_for("main.questions", **search.as_params()))


@bp.post("/ej-hanterade-arenden/<question_id>/vidarebefordrad")
@requires_pu_service
@messaging_errors
def forwarded(question_id: str):
    """§7: "Om du väljer Ja blir ärendet markerat som vidarebefordrat i tabellen". The service
    refuses an e-legitimation user (QA-8) with its own message, shown over the list."""
    search = search_from(request.form)
    if not is_id(question_id):
        return _page("refused.html", 404, message=NOT_LISTED)
    try:
        messaging().set_forwarded(g.session_id, question_id, True)
    except MessagingRefused as refused:
        if refused.status == 401:
            return to_start(refused.reason)
        log.info("forward_refused", reason=refused.reason, status=refused.status)
        return list_page(refused.status, refused.message, search)
    return redirect(url_for("main.questions", markerad="1", **search.as_params()))
