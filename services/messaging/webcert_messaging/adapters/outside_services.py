"""The services this one asks, behind small interfaces: auth (who the user is, what the user may
do: Tabell 3, §3) and pu-lookup (the patient's state: PU-3 while PU is down, PU-2/PU-4 in the
answer's ``actions``). Each wraps a ``ServiceClient`` (HTTP when distributed, in-process WSGI when
embedded) and turns answers into values or the messaging service's own refusals, passing on the
deciding service's reason."""
from __future__ import annotations

from typing import Any, Protocol

from webcert_common.auth_sessions import AuthSessions, error_of
from webcert_common.service_client import ServiceClient, ServiceUnavailable

from ..domain import errors
from ..domain.requester import Requester


class Sessions(Protocol):
    def current(self, session_id: str) -> dict: ...


class Patients(Protocol):
    def lookup(self, personnummer: str, requester: Requester) -> dict: ...


def auth_sessions(service: ServiceClient) -> AuthSessions:
    return AuthSessions(service, ended=errors.session_ended, unavailable=errors.dependency_unavailable)


def requester_body(requester: Requester) -> dict[str, Any]:
    """pu-lookup's ``requester`` (docs/ARCHITECTURE.md "pu-lookup HTTP API")."""
    return {"user_id": requester.user_id, "role": requester.role, "unit_id": requester.unit_id,
            "care_unit_id": requester.care_unit_id, "care_provider_id": requester.care_provider_id}


class PuLookupPatients:
    def __init__(self, service: ServiceClient) -> None:
        self._service = service

    def lookup(self, personnummer: str, requester: Requester) -> dict:
        """``{person, actions, ...}``. pu-lookup writes its own PDL entry of the lookup."""
        try:
            response = self._service.request("POST", "/persons/lookup",
                                             json={"personnummer": personnummer,
                                                   "requester": requester_body(requester)})
        except ServiceUnavailable:
            # PU-3: pu-lookup answers 503 while PU is down; the service clients raise on 5xx.
            raise errors.pu_unavailable() from None
        if response.status == 200:
            return response.json
        reason, message = error_of(response)
        if 400 <= response.status < 500:
            raise errors.refused(reason, message, response.status)
        raise errors.pu_unavailable()
