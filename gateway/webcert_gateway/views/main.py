"""The logged-in pages: the four tabs (§4.2), Om Webcert, Byt vårdenhet (§3), Min sida
(Appendix A) and the issuer's Skyddade personuppgifter (§5.8)."""
from __future__ import annotations

from flask import Blueprint, g, make_response, render_template, request

from ..clients.auth import AuthRefused, SessionEnded
from ..navigation import may_edit_account
from .account import account_rows, changes_from_form
from . import unhandled_questions
from .context import auth, header_context, load_session, to_start
from .units import handle_unit_choice, render_unit_list

bp = Blueprint("main", __name__)


@bp.before_request
def _require_login():
    return load_session(allow_pending=False)


def page(template: str, status: int = 200, **context):
    return make_response(render_template(template, **header_context(g.view), **context), status)


def refused_page(message: str, status: int = 403):
    return page("refused.html", status, message=message)


# The tab's endpoint stays here (navigation.QUESTIONS); the list and its "Vidarebefordra" are
# views/unhandled_questions.py. Sök/skriv intyg is views/patients.py; Ej signerade utkast and
# Signerade intyg are views/certificate_lists.py.
@bp.get("/ej-hanterade-arenden")
def questions():
    return unhandled_questions.list_page()


@bp.get("/om-webcert")
def about():
    return page("about.html")


@bp.route("/byt-vardenhet", methods=["GET", "POST"])
def change_unit():
    # §3: "Funktionen finns endast om du har tillgång till flera vårdenheter och loggat in med SITHS-kort."
    if not g.view.get("may_change_unit"):
        return refused_page("Du kan inte byta vårdenhet.")
    if request.method == "POST":
        return handle_unit_choice("change")
    return render_unit_list("change")


@bp.get("/skyddade-personuppgifter")
def protected_identity_info():
    # §5.8: the link in the header shows the risk information again.
    if not g.view["user"].get("protected_identity"):
        return refused_page("Informationen gäller intygsutfärdare med skyddade personuppgifter.", 404)
    return page("protected_identity.html", mode="info")


@bp.route("/min-sida", methods=["GET", "POST"])
def my_page():
    if not may_edit_account(g.view["user"]):
        return refused_page("Min sida finns endast för läkare som loggat in med e-legitimation.")
    try:
        account = auth().get_account(g.session_id)
    except SessionEnded as ended:
        return to_start(ended.reason)
    except AuthRefused as refused:
        return refused_page(refused.message, refused.status)
    rows = account_rows(account)
    if request.method == "GET":
        return page("my_page.html", rows=rows)
    return _save_account(rows)


def _save_account(rows: list[dict]):
    changes, problems = changes_from_form(rows, request.form)
    submitted = [{**row, "value": request.form.get(row["key"], row["value"])} for row in rows]
    if problems:
        return page("my_page.html", 400, rows=submitted, problems=problems)
    if not changes:
        return page("my_page.html", rows=rows, saved=False, unchanged=True)
    try:
        account = auth().update_account(g.session_id, changes)
    except SessionEnded as ended:
        return to_start(ended.reason)
    except AuthRefused as refused:
        return page("my_page.html", refused.status, rows=submitted, problems=[refused.message])
    return page("my_page.html", rows=account_rows(account), saved=True)
