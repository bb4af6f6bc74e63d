"""The one place that loads the logged-in user's session for a page (the flaskr habit:
one helper that checks access), and the data every logged-in page's header needs."""
from __future__ import annotations

from flask import current_app, g, redirect, request, session, url_for

from ..clients.auth import AuthClient, SessionEnded
from ..navigation import first_tab, is_eleg, may_edit_account, next_step_endpoint, tab_endpoint_of, tabs_for
from ..session_cookie import clear_session, current_session_id

NOTICE_KEY = "notice"


def auth() -> AuthClient:
    return current_app.extensions["webcert_auth"]


def to_start(notice: str | None = None, *, clear: bool = True):
    """Back to the start page, telling why (logged out, idle timeout, expired ...)."""
    if notice:
        session[NOTICE_KEY] = notice
    response = redirect(url_for("login.start"))
    if clear:
        clear_session(response)
    return response


def load_session(*, allow_pending: bool):
    """Before-request hook body: returns a response to stop the request, or None to go on.

    Asks the auth service on every request (§3: the 30-minute inactivity rule is the
    server's). A pending step (choose unit, risk dialog, information box) comes first."""
    session_id = current_session_id()
    if not session_id:
        return to_start(clear=False)
    try:
        view = auth().current_session(session_id)
    except SessionEnded as ended:
        return to_start(ended.reason)
    g.session_id = session_id
    g.view = view
    if not allow_pending:
        step = next_step_endpoint(view.get("pending"))
        if step:
            return redirect(url_for(step))
    return None


def after_login_target(view: dict) -> str:
    """Where a fresh or updated SessionView sends the user: the next step or the first tab."""
    step = next_step_endpoint(view.get("pending"))
    if step:
        return url_for(step)
    return url_for(first_tab(view["user"]["role"]).endpoint)


def header_context(view: dict) -> dict:
    """§4.1: unit, name and role, Om Webcert, Byt vårdenhet, Ändra uppgifter, Skyddade personuppgifter."""
    user = view["user"]
    return {
        "user": user,
        "unit": view.get("unit"),
        "care_provider": view.get("care_provider"),
        "may_change_unit": bool(view.get("may_change_unit")),
        "may_edit_account": may_edit_account(user),
        "protected_identity": bool(user.get("protected_identity")),
        "is_eleg": is_eleg(user.get("login_method")),
        "tabs": tabs_for(user["role"]),
        # §4.1: the number of unhandled questions on the other units arrives with the
        # messaging service; until then nothing is shown (never a made-up number).
        "other_units_unhandled": None,
        "current_endpoint": tab_endpoint_of(request.endpoint),
    }
