"""What must happen after login and before the user may work, in the order the auth
service lists them in ``pending``: choose a unit, accept the risk dialog (§5.8), read the
information box of a warned care provider (§3 "Varnad användare")."""
from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, session

from ..clients.auth import SessionEnded
from .context import after_login_target, auth, load_session, to_start
from .units import handle_unit_choice, render_unit_list

bp = Blueprint("steps", __name__)


@bp.before_request
def _require_login():
    return load_session(allow_pending=True)


def _pending(kind: str) -> bool:
    return kind in (g.view.get("pending") or [])


@bp.route("/valj-vardenhet", methods=["GET", "POST"])
def choose_unit():
    if not _pending("choose_unit"):
        return redirect(after_login_target(g.view))
    if request.method == "POST":
        return handle_unit_choice("login")
    return render_unit_list("login")


def _acknowledge(kind: str):
    try:
        view = auth().acknowledge(g.session_id, kind)
    except SessionEnded as ended:
        return to_start(ended.reason)
    return redirect(after_login_target(view))


@bp.route("/skyddade-personuppgifter/godkann", methods=["GET", "POST"])
def protected_identity_risk():
    if not _pending("protected_identity_risk"):
        return redirect(after_login_target(g.view))
    if request.method == "POST":
        return _acknowledge("protected_identity_risk")
    return render_template("protected_identity.html", mode="accept", user=g.view["user"])


@bp.post("/skyddade-personuppgifter/avbryt")
def protected_identity_decline():
    # §5.8: using Webcert is the issuer's own choice; declining the risk ends the session.
    auth().end_session(g.session_id)
    session.clear()
    return to_start("logged_out")


@bp.route("/information", methods=["GET", "POST"])
def standalone_warning():
    if not _pending("standalone_warning"):
        return redirect(after_login_target(g.view))
    if request.method == "POST":
        return _acknowledge("standalone_warning")
    return render_template("standalone_warning.html", care_provider=g.view.get("care_provider") or {})


@bp.get("/inloggning-ej-klar")
def unsupported_step():
    pending = g.view.get("pending") or []
    if not pending:
        return redirect(after_login_target(g.view))
    return render_template("unsupported_step.html", step=pending[0]), 409
