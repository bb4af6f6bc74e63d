"""Typed domain errors with a reason code and a Swedish message, and the one place that
maps them to HTTP (STYLE.md habit 10): 4xx with ``{"error": {"reason", "message"}}``,
5xx only for real faults and never with a stack trace."""
from __future__ import annotations

from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A refusal the user should understand. ``reason`` is stable, ``message`` is Swedish."""

    http_status = 400

    def __init__(self, reason: str, message: str, http_status: int | None = None) -> None:
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message
        if http_status is not None:
            self.http_status = http_status


class NotFound(DomainError):
    http_status = 404


class Forbidden(DomainError):
    http_status = 403


class Unauthenticated(DomainError):
    http_status = 401


class Conflict(DomainError):
    http_status = 409


class Unavailable(DomainError):
    http_status = 503


# Swedish texts for the HTTP errors that do not come from the domain.
_HTTP_MESSAGES = {
    400: "Begäran kunde inte tolkas.",
    401: "Du är inte inloggad.",
    403: "Du har inte behörighet att göra detta.",
    404: "Sidan eller resursen finns inte.",
    405: "Metoden är inte tillåten här.",
    409: "Uppgifterna har ändrats av någon annan.",
    413: "Begäran är för stor.",
    415: "Formatet stöds inte.",
    422: "Uppgifterna är inte giltiga.",
    429: "För många förfrågningar, försök igen om en stund.",
    500: "Ett tekniskt fel har uppstått. Försök igen senare.",
    503: "Tjänsten är inte tillgänglig just nu. Försök igen senare.",
}


def error_body(reason: str, message: str, details: dict | None = None) -> dict:
    body = {"error": {"reason": reason, "message": message}}
    if details:
        body["error"]["details"] = details
    return body


def http_message(status: int) -> str:
    return _HTTP_MESSAGES.get(status, _HTTP_MESSAGES[500] if status >= 500 else _HTTP_MESSAGES[400])


def register_json_error_handlers(app) -> None:
    """For JSON APIs (services). The gateway renders HTML pages for its own routes."""
    from .logging import get_logger

    log = get_logger(__name__)

    @app.errorhandler(DomainError)
    def _domain_error(exc: DomainError):
        return error_body(exc.reason, exc.message), exc.http_status

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        details = None
        # webargs/flask-smorest put field errors in exc.data["messages"]
        data = getattr(exc, "data", None)
        if isinstance(data, dict) and "messages" in data:
            details = data["messages"]
        return error_body(f"HTTP_{status}", http_message(status), details), status

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled_error", error_type=type(exc).__name__)
        return error_body("INTERNAL_ERROR", http_message(500)), 500
