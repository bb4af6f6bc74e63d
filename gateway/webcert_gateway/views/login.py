"""Start page, login and logout (§3 "Logga in i Webcert", "Logga ut från Webcert")."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, current_app, make_response, redirect, render_template, request, session, url_for

from webcert_common.logging import get_logger

from ..clients.auth import AuthRefused, SessionEnded
from ..navigation import notice_for
from ..security import csrf
from ..session_cookie import (clear_login, clear_session, current_session_id, login_state_matches, set_session,
                              start_login)
from .context import NOTICE_KEY, after_login_target, auth, to_start

bp = Blueprint("login", __name__)
log = get_logger(__name__)

# The identity provider's entry points, one per button on the start page (§3, Figur 1).
IDP_ENTRY = {"siths": "siths", "eleg": "eleg"}


@bp.get("/")
def start():
    notice = notice_for(session.pop(NOTICE_KEY, None))
    session_id = current_session_id()
    if session_id and notice is None:
        try:
            view = auth().current_session(session_id)
        except SessionEnded as ended:
            response = make_response(render_template("start.html", notice=notice_for(ended.reason)))
            clear_session(response)
            return response
        return redirect(after_login_target(view))
    return render_template("start.html", notice=notice)


def _to_identity_provider(method: str):
    response = make_response()
    state = start_login(response, method)
    query = urlencode({"state": state, "return_to": url_for("login.callback", _external=True)})
    idp = current_app.config["WEBCERT_IDP_URL"].rstrip("/")
    response.status_code = 302
    response.headers["Location"] = f"{idp}/{IDP_ENTRY[method]}?{query}"
    return response


@bp.get("/login/siths")
def login_siths():
    return _to_identity_provider("siths")


@bp.get("/login/eleg")
def login_eleg():
    return _to_identity_provider("eleg")


@bp.post("/login/callback")
@csrf.exempt  # the identity provider's auto-submitted form cannot carry our token; the state is checked instead
def callback():
    assertion, state = request.form.get("assertion", ""), request.form.get("state")
    if not login_state_matches(state):
        log.warning("login_state_mismatch")
        response = make_response(render_template(
            "start.html", notice=notice_for("LOGIN_INTERRUPTED")), 400)
        clear_login(response)
        return response
    try:
        session_id, view = auth().create_session(assertion, nonce=state)
    except AuthRefused as refused:
        # AUTH-1: a user without uppdrag "Vård och behandling" is told why, and gets no session.
        log.info("login_refused", reason=refused.reason)
        response = make_response(render_template("start.html", notice=("danger", refused.message)),
                                 refused.status if 400 <= refused.status < 500 else 403)
        clear_login(response)
        return response
    session.clear()  # a new login gets a fresh CSRF token
    response = redirect(after_login_target(view))
    clear_login(response)
    set_session(response, session_id)
    return response


@bp.post("/logga-ut")
def logout():
    session_id = current_session_id()
    if session_id:
        auth().end_session(session_id)
    session.clear()
    return to_start("logged_out")
