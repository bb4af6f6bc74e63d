"""Error pages in Swedish, never a stack trace. JSON for /api/, HTML for the rest."""
from __future__ import annotations

from flask import render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from webcert_common.errors import error_body, http_message
from webcert_common.logging import get_logger
from webcert_common.service_client import ServiceUnavailable

from ..clients.certificate import CertificateServiceUnavailable
from ..clients.pu_lookup import PuUnavailable
from .lock import locked_response

log = get_logger(__name__)

TITLES = {
    400: "Begäran kunde inte hanteras",
    403: "Ingen behörighet",
    404: "Sidan finns inte",
    405: "Det går inte att göra så här",
    413: "För mycket information",
    500: "Ett tekniskt fel har uppstått",
    503: "Webcert är inte tillgängligt just nu",
}
CSRF_MESSAGE = ("Formuläret saknar en giltig säkerhetskod, till exempel för att sidan varit öppen länge. "
                "Ingenting har ändrats. Ladda om sidan och försök igen.")
UNAVAILABLE_MESSAGE = ("Inloggningstjänsten svarar inte just nu. Ingenting har ändrats. "
                       "Försök igen om en stund.")
CERTIFICATE_UNAVAILABLE_MESSAGE = ("Intygstjänsten svarar inte just nu. Ingenting har ändrats. "
                                   "Försök igen om en stund.")
PU_UNAVAILABLE = "PU_UNAVAILABLE"


def _render(status: int, message: str, reason: str):
    if request.path.startswith("/api/"):
        return error_body(reason, message), status
    title = TITLES.get(status, TITLES[500] if status >= 500 else TITLES[400])
    return render_template("error.html", status=status, title=title, message=message), status


def register(app) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_exc):
        log.info("csrf_refused", path=request.path)
        return _render(400, CSRF_MESSAGE, "CSRF_TOKEN_INVALID")

    @app.errorhandler(PuUnavailable)
    def _pu_unavailable(_exc):
        # PU-3: whatever asked pu-lookup, the user sees the lock message (fail closed).
        return locked_response()

    @app.errorhandler(ServiceUnavailable)
    def _unavailable(exc):
        # PU-3: a service that answered "PU is down" means the lock, whichever service it was.
        if getattr(exc, "reason", None) == PU_UNAVAILABLE:
            return locked_response()
        log.warning("service_unavailable", error=str(exc))
        if isinstance(exc, CertificateServiceUnavailable):
            return _render(503, CERTIFICATE_UNAVAILABLE_MESSAGE, "SERVICE_UNAVAILABLE")
        return _render(503, UNAVAILABLE_MESSAGE, "SERVICE_UNAVAILABLE")

    @app.errorhandler(HTTPException)
    def _http(exc):
        status = exc.code or 500
        return _render(status, http_message(status), f"HTTP_{status}")

    @app.errorhandler(Exception)
    def _unexpected(exc):
        log.exception("unhandled_error", error_type=type(exc).__name__)
        return _render(500, http_message(500), "INTERNAL_ERROR")
