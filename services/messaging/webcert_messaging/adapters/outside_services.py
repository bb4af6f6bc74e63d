"""The services this one asks, behind small interfaces: auth (who the user is, what the user may
do: Tabell 3, §3) and pu-lookup (the patient's state: PU-3 while PU is down, PU-2/PU-4 in the
answer's ``actions``). Each wraps a ``ServiceClient`` (HTTP when distributed, in-process WSGI when
embedded) and turns answers into values or the messaging service's own refusals, passing on the
deciding service's reason."""
from __future__ import annotations

from typing import Protocol

from webcert_common.auth_sessions import AuthSessions
from webcert_common.pu_patients import PuLookupPatients
from webcert_common.service_client import ServiceClient

from ..domain import errors
from ..domain.requester import Requester


class Sessions(Protocol):
    def current(self, session_id: str) -> dict: ...


class Patients(Protocol):
    def lookup(self, personnummer: str, requester: Requester) -> dict: ...


def auth_sessions(service: ServiceClient) -> AuthSessions:
    return AuthSessions(service, ended=errors.session_ended, unavailable=errors.dependency_unavailable)


def pu_lookup_patients(service: ServiceClient) -> PuLookupPatients:
    """pu-lookup, with this service's refusals (PU-3 outage, pu-lookup's own reasons passed on)."""
    return PuLookupPatients(service, unavailable=errors.pu_unavailable, refused=errors.refused)
