"""Choosing a unit at login ("Välj vårdenhet", §3 step 1.1.3) and changing it later
("Byt vårdenhet", §3, Figur 2) share one list and one form handler."""
from __future__ import annotations

from flask import g, make_response, redirect, render_template, request

from ..clients.auth import AuthRefused, SessionEnded
from .context import after_login_target, auth, header_context, to_start

NO_UNIT_CHOSEN = "Välj en vårdenhet eller arbetsplats i listan."


def known_unit_ids(view: dict) -> set[str]:
    ids = set()
    for unit in view.get("units") or []:
        ids.add(unit["id"])
        ids.update(workplace["id"] for workplace in unit.get("workplaces") or [])
    return ids


def render_unit_list(template_mode: str, *, message: str | None = None, status: int = 200):
    view = g.view
    context = {"units": view.get("units") or [], "mode": template_mode, "message": message,
               "current_unit_id": (view.get("unit") or {}).get("id")}
    if template_mode == "change":
        context.update(header_context(view))
    return make_response(render_template("choose_unit.html", **context), status)


def handle_unit_choice(template_mode: str):
    unit_id = (request.form.get("unit_id") or "").strip()
    if unit_id not in known_unit_ids(g.view):
        return render_unit_list(template_mode, message=NO_UNIT_CHOSEN, status=400)
    try:
        view = auth().choose_unit(g.session_id, unit_id)
    except SessionEnded as ended:
        return to_start(ended.reason)
    except AuthRefused as refused:
        return render_unit_list(template_mode, message=refused.message, status=refused.status)
    return redirect(after_login_target(view))
