"""The one place that loads the logged-in user's session for a page (the flaskr habit:
one helper that checks access), and the data every logged-in page's header needs."""
from __future__ import annotations

from flask import current_app, g, redirect, request, session, url_for

from ..clients.auth import AuthClient, SessionEnded
from ..clients.messaging import MessagingRefused, MessagingServiceUnavailable
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
        **unhandled_header(view),
        "current_endpoint": tab_endpoint_of(request.endpoint),
    }


# --- §7 / AUTH-6: the counts beside the tab and in the header -----------------------------------

def unhandled_counts(view: dict) -> dict | None:
    """The messaging service's ``{"current", "units"}`` for this session, asked at most once per
    request. None when the service is down, refuses (no MESSAGING privilege, PU-3) or answers
    nonsense: a page never fails for want of a count, and no number is ever made up."""
    if "unhandled_counts" not in g:
        g.unhandled_counts = _ask_counts()
    return g.unhandled_counts


def _ask_counts() -> dict | None:
    session_id = g.get("session_id")
    if not session_id:
        return None
    try:
        counts = current_app.extensions["webcert_messaging"].unhandled_counts(session_id)
    except (MessagingServiceUnavailable, MessagingRefused):
        return None
    return counts if isinstance(counts, dict) else None


def _count(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def other_units_unhandled(view: dict, counts: dict | None) -> list[dict] | None:
    """§7: "Om du har medarbetaruppdrag på flera vårdenheter visas antalet ej hanterade ärenden för
    de andra vårdenheterna i sidhuvudet" -- each other unit by name, in the session's order; None
    for a user with one unit (nothing to show) or without counts."""
    units = view.get("units") or []
    if counts is None or len(units) < 2:
        return None
    current = view.get("unit") or {}
    here = current.get("care_unit_id") or current.get("id")
    by_unit = {str(item.get("unit_id")): _count(item.get("count"))
               for item in counts.get("units") or [] if isinstance(item, dict)}
    others = [{"unit_id": unit["id"], "name": unit.get("name") or unit["id"], "count": by_unit.get(unit["id"])}
              for unit in units if unit.get("id") != here]
    others = [other for other in others if other["count"] is not None]
    return others or None


def unhandled_header(view: dict) -> dict:
    """The header's and the tab's numbers: ``unhandled_count`` beside "Ej hanterade ärenden" (QA-2,
    the unit or workplace logged in on), ``other_units_unhandled`` the other units' total and
    ``other_units_unhandled_by_unit`` the same per unit."""
    counts = unhandled_counts(view)
    others = other_units_unhandled(view, counts)
    return {
        "unhandled_count": _count(counts.get("current")) if counts else None,
        "other_units_unhandled": sum(o["count"] for o in others) if others else None,
        "other_units_unhandled_by_unit": others or [],
    }
