"""The PU lock in the pages (PU-3, §5.8 "Otillgänglig PU-tjänst"): every page shows a
banner while PU is unavailable, and every certificate and question action answers 503.
One guard (``requires_pu_service``) for every such route, now and in later issues."""
from __future__ import annotations

from functools import wraps

from flask import current_app, g, jsonify, make_response, render_template, request

from webcert_common.errors import error_body
from webcert_common.logging import get_logger

from .. import pu_state
from .context import header_context

log = get_logger(__name__)

# §5.8: "Om PU-tjänsten är otillgänglig låses all funktionalitet kopplat till hantering av
# intyg och ärendekommunikation i Webcert."
LOCK_TITLE = "PU-tjänsten är inte tillgänglig"
LOCK_MESSAGE = ("Personuppgiftstjänsten (PU-tjänsten) är inte tillgänglig just nu. All hantering av intyg och "
                "ärendekommunikation i Webcert är låst tills tjänsten fungerar igen.")
LOCK_REASON = "PU_UNAVAILABLE"


def current_state() -> pu_state.PuState:
    """Read once per request; fail closed (see pu_state.read)."""
    if "pu_state" not in g:
        g.pu_state = pu_state.read(current_app.extensions["webcert_engine"])
    return g.pu_state


def locked_response():
    """503 with the lock message: JSON under /api/, a page (logged-in frame when possible) otherwise."""
    if request.path.startswith("/api/"):
        return make_response(jsonify(error_body(LOCK_REASON, LOCK_MESSAGE)), 503)
    context = header_context(g.view) if "view" in g else {}
    template = "locked.html" if context else "error.html"
    body = render_template(template, status=503, title=LOCK_TITLE, message=LOCK_MESSAGE, **context)
    return make_response(body, 503)


def requires_pu_service(view):
    """Refuse the action with 503 while the PU service is unavailable (or its state unknown)."""
    @wraps(view)
    def guarded(*args, **kwargs):
        if current_state().locked:
            log.info("action_locked", endpoint=request.endpoint, source=current_state().source)
            return locked_response()
        return view(*args, **kwargs)
    return guarded


def init_app(app) -> None:
    @app.context_processor
    def _pu_banner():
        # Every page, logged in or not, tells why certificate handling is locked.
        return {"pu_locked": current_state().locked, "pu_lock_message": LOCK_MESSAGE}
