"""The pu-lookup service, as the gateway sees it (docs/ARCHITECTURE.md, "pu-lookup HTTP API").

Wraps any ``ServiceClient`` and turns answers into values or typed refusals. The
personnummer travels only in JSON bodies, never in a path or query string, and is never
put in an exception message (those end up in logs).
"""
from __future__ import annotations

from typing import Any

from webcert_common.service_client import ServiceClient, ServiceUnavailable


class PuRefused(Exception):
    """A 4xx from pu-lookup: a stable reason and a Swedish message for the user."""

    def __init__(self, status: int, reason: str, message: str) -> None:
        super().__init__(f"{status} {reason}")
        self.status = status
        self.reason = reason
        self.message = message


class PuUnavailable(ServiceUnavailable):
    """pu-lookup, or the PU service behind it, does not answer (PU-3: the lock message)."""


_FALLBACK_MESSAGE = "Personuppgiftstjänsten svarade inte som väntat. Försök igen."


def _refusal(response) -> PuRefused:
    body = response.json if isinstance(response.json, dict) else {}
    error = body.get("error") if isinstance(body.get("error"), dict) else {}
    return PuRefused(response.status, error.get("reason") or f"HTTP_{response.status}",
                     error.get("message") or _FALLBACK_MESSAGE)


def requester_from(view: dict) -> dict:
    """Who asks, from the auth service's SessionView (ARCHITECTURE: ``requester``)."""
    user, unit, provider = view.get("user") or {}, view.get("unit") or {}, view.get("care_provider") or {}
    return {"user_id": user.get("id"), "role": user.get("role"), "unit_id": unit.get("id"),
            "care_unit_id": unit.get("care_unit_id"), "care_provider_id": provider.get("id")}


class PuLookupClient:
    def __init__(self, service: ServiceClient) -> None:
        self._service = service

    def _call(self, method: str, path: str, json: Any = None):
        try:
            response = self._service.request(method, path, json=json)
        except ServiceUnavailable as exc:
            # 503 PU_UNAVAILABLE arrives here too: the service clients raise on every 5xx.
            raise PuUnavailable(f"pu-lookup {method} {path}: {type(exc).__name__}") from None
        if 200 <= response.status < 300:
            return response.json
        if 400 <= response.status < 500:
            raise _refusal(response)
        raise PuUnavailable(f"pu-lookup {method} {path}: HTTP {response.status}")

    def validate(self, personnummer: str) -> dict:
        """``{personnummer (YYYYMMDD-NNNN), kind}``; PuRefused 400 INVALID_PERSONNUMMER."""
        return self._call("POST", "/persons/validate", {"personnummer": personnummer})

    def lookup(self, personnummer: str, requester: dict) -> dict:
        """``{person, actions}``; PuRefused 403/404; PuUnavailable (503). Writes one PDL entry."""
        return self._call("POST", "/persons/lookup", {"personnummer": personnummer, "requester": requester})

    def status(self) -> dict:
        """``{available, changed_at}``: the PU service's state as pu-lookup knows it."""
        return self._call("GET", "/status")

    def check_ready(self) -> None:
        """For /ready: raises when pu-lookup does not answer."""
        self._call("GET", "/health")
