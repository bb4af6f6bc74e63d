"""Who the user is, asked of the auth service by the services that own patient data (certificate,
messaging): every call carries the user's session id in ``X-Session-Id`` and the owning service
asks auth itself, never trusting the gateway (docs/ARCHITECTURE.md "Login"). Each service turns
the two outcomes into its own refusals (``ended``, ``unavailable``), passing on auth's reason."""
from __future__ import annotations

from typing import Callable, Mapping

from .service_client import ServiceClient, ServiceUnavailable

SESSION_HEADER = "X-Session-Id"
AUTH_SERVICE = "Inloggningstjänsten"
NOT_LOGGED_IN = "Du är inte inloggad."


def error_of(response) -> tuple[str, str | None]:
    """The reason and message of another service's refusal (``{"error": {reason, message}}``)."""
    body = response.json if isinstance(response.json, dict) else {}
    error = body.get("error") if isinstance(body.get("error"), dict) else {}
    return error.get("reason") or f"HTTP_{response.status}", error.get("message")


class AuthSessions:
    """``ended(reason, message)`` and ``unavailable(name)`` make the calling service's exceptions."""

    def __init__(self, service: ServiceClient, *, ended: Callable[[str, str], Exception],
                 unavailable: Callable[[str], Exception]) -> None:
        self._service = service
        self._ended = ended
        self._unavailable = unavailable

    def current(self, session_id: str) -> dict:
        try:
            response = self._service.request("GET", "/sessions/current", headers={SESSION_HEADER: session_id})
        except ServiceUnavailable:
            raise self._unavailable(AUTH_SERVICE) from None
        if response.status == 200:
            return response.json
        reason, message = error_of(response)
        if response.status == 401:
            raise self._ended(reason, message or NOT_LOGGED_IN)
        raise self._unavailable(AUTH_SERVICE)


def session_id_of(headers: Mapping[str, str], ended: Callable[[str, str], Exception]) -> str:
    """The request's session id, or the caller's "not logged in" refusal."""
    session_id = headers.get(SESSION_HEADER, "")
    if not session_id:
        raise ended("SESSION_UNKNOWN", NOT_LOGGED_IN)
    return session_id
