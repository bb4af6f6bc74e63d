"""The auth service, as the gateway sees it (docs/ARCHITECTURE.md, "Auth service HTTP API").

Wraps any ``ServiceClient`` -- ``HttpServiceClient`` when distributed, ``WsgiServiceClient``
when embedded, an in-memory fake in tests -- and turns its answers into Python values or
typed refusals. The session id travels only in the ``X-Session-Id`` header.
"""
from __future__ import annotations

from typing import Any

from webcert_common.service_client import ServiceClient, ServiceUnavailable

SESSION_HEADER = "X-Session-Id"


class AuthRefused(Exception):
    """The auth service said no, with a stable reason and a Swedish message."""

    def __init__(self, status: int, reason: str, message: str) -> None:
        super().__init__(f"{status} {reason}")
        self.status = status
        self.reason = reason
        self.message = message


class SessionEnded(AuthRefused):
    """401: the session is unknown or has expired (idle or absolute)."""


_FALLBACK_MESSAGE = "Inloggningstjänsten svarade inte som väntat. Försök igen."


def _refusal(response) -> AuthRefused:
    error = (response.json or {}).get("error", {}) if isinstance(response.json, dict) else {}
    reason = error.get("reason") or f"HTTP_{response.status}"
    message = error.get("message") or _FALLBACK_MESSAGE
    cls = SessionEnded if response.status == 401 else AuthRefused
    return cls(response.status, reason, message)


class AuthClient:
    def __init__(self, service: ServiceClient) -> None:
        self._service = service

    def _call(self, method: str, path: str, *, session_id: str | None = None, json: Any = None,
              params: dict | None = None, expect: tuple[int, ...] = (200,)):
        headers = {SESSION_HEADER: session_id} if session_id else None
        response = self._service.request(method, path, json=json, headers=headers, params=params)
        if response.status in expect:
            return response
        if 400 <= response.status < 500:
            raise _refusal(response)
        raise ServiceUnavailable(f"auth {method} {path}: HTTP {response.status}")

    def create_session(self, assertion: str, nonce: str | None = None) -> tuple[str, dict]:
        """Log in with a signed assertion from the identity provider: (session id, SessionView).
        The nonce is this login's state: an assertion made for another login is refused."""
        body = {"assertion": assertion} if nonce is None else {"assertion": assertion, "nonce": nonce}
        body = self._call("POST", "/sessions", json=body, expect=(200, 201)).json
        return body["session_id"], body["session"]

    def current_session(self, session_id: str) -> dict:
        """The SessionView; counts as activity (§3: logged out after 30 idle minutes)."""
        return self._call("GET", "/sessions/current", session_id=session_id).json

    def choose_unit(self, session_id: str, unit_id: str) -> dict:
        return self._call("PUT", "/sessions/current/unit", session_id=session_id, json={"unit_id": unit_id}).json

    def acknowledge(self, session_id: str, kind: str) -> dict:
        return self._call("POST", "/sessions/current/acknowledgements", session_id=session_id,
                          json={"kind": kind}).json

    def end_session(self, session_id: str) -> None:
        try:
            self._call("DELETE", "/sessions/current", session_id=session_id, expect=(200, 204))
        except SessionEnded:
            pass  # already gone: logging out is done either way

    def get_account(self, session_id: str) -> dict:
        return self._call("GET", "/accounts/current", session_id=session_id).json

    def update_account(self, session_id: str, changes: dict) -> dict:
        return self._call("PATCH", "/accounts/current", session_id=session_id, json=changes).json

    def check_ready(self) -> None:
        """For /ready: raises when the auth service does not answer."""
        self._call("GET", "/health")
