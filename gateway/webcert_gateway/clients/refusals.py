"""A service's 4xx as the gateway sees it: a stable reason, a Swedish message and the rest of
the error body. Each client has its own subclass, so that a view can tell whose refusal it is."""
from __future__ import annotations


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
