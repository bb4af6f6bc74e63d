"""pu-lookup's ``POST /persons/lookup`` for a service acting for a user: the patient, and what
may be done for the patient (PU-2/PU-4 ``actions``); PU-3 while PU is away. The calling service
passes its own refusals, so that its callers see its words and pu-lookup's reason."""
from __future__ import annotations

from typing import Any, Callable

from .auth_sessions import error_of
from .service_client import ServiceClient, ServiceUnavailable


def requester_body(requester) -> dict[str, Any]:
    """pu-lookup's ``requester`` (docs/ARCHITECTURE.md "pu-lookup HTTP API")."""
    return {"user_id": requester.user_id, "role": requester.role, "unit_id": requester.unit_id,
            "care_unit_id": requester.care_unit_id, "care_provider_id": requester.care_provider_id}


class PuLookupPatients:
    def __init__(self, service: ServiceClient, *, unavailable: Callable[[], Exception],
                 refused: Callable[[str, str, int], Exception]) -> None:
        self._service = service
        self._unavailable = unavailable
        self._refused = refused

    def lookup(self, personnummer: str, requester) -> dict:
        """``{person, actions, excluded_certificate_types}``. pu-lookup writes its own PDL entry."""
        try:
            response = self._service.request("POST", "/persons/lookup",
                                             json={"personnummer": personnummer,
                                                   "requester": requester_body(requester)})
        except ServiceUnavailable:
            # PU-3: pu-lookup answers 503 while PU is down; the service clients raise on 5xx.
            raise self._unavailable() from None
        if response.status == 200:
            return response.json
        reason, message = error_of(response)
        if 400 <= response.status < 500:
            raise self._refused(reason, message, response.status)
        raise self._unavailable()
