"""A service's 4xx as the gateway sees it: a stable reason, a Swedish message and the rest of
the error body. Each client has its own subclass, so that a view can tell whose refusal it is."""
from __future__ import annotations

from webcert_common.service_client import ServiceUnavailable

from .auth import SESSION_HEADER


class ServiceRefused(Exception):
    def __init__(self, status: int, reason: str, message: str, error: dict | None = None) -> None:
        super().__init__(f"{status} {reason}")
        self.status = status
        self.reason = reason
        self.message = message
        self.error = error or {}


def refusal_of(response, refused: type[ServiceRefused], fallback_message: str) -> ServiceRefused:
    """``{"error": {"reason", "message", ...}}`` as ``refused``; a body without it as HTTP_<status>."""
    body = response.json if isinstance(response.json, dict) else {}
    error = body.get("error") if isinstance(body.get("error"), dict) else {}
    return refused(response.status, error.get("reason") or f"HTTP_{response.status}",
                   error.get("message") or fallback_message, error)


def session_request(service, name: str, method: str, path: str, session_id: str | None, *,
                    refused: type[ServiceRefused], unavailable: type[Exception], fallback_message: str,
                    json=None, params: dict | None = None):
    """One call of a service as the user (``X-Session-Id``): the 2xx response; a 4xx as
    ``refused``; no answer or a 5xx as ``unavailable`` (with the 5xx body's reason, PU_UNAVAILABLE
    being a lock, not a fault)."""
    headers = {SESSION_HEADER: session_id} if session_id else None
    try:
        response = service.request(method, path, json=json, headers=headers, params=params)
    except ServiceUnavailable as exc:
        raise unavailable(f"{name} {method} {path}: {type(exc).__name__}", exc.reason) from None
    if 200 <= response.status < 300:
        return response
    if 400 <= response.status < 500:
        raise refusal_of(response, refused, fallback_message)
    body = response.json if isinstance(response.json, dict) else {}
    error = body.get("error") if isinstance(body.get("error"), dict) else {}
    raise unavailable(f"{name} {method} {path}: HTTP {response.status}", error.get("reason"))
