"""The service this one asks, behind a small interface: auth (who the user is, what the user may
do: Tabell 3, §3). It wraps a ``ServiceClient`` (HTTP when distributed, in-process WSGI when
embedded) and turns answers into values or the messaging service's own refusals, passing on
auth's reason. pu-lookup (PU-3, PU-4) joins it with the service-layer rules that need it."""
from __future__ import annotations

from typing import Protocol

from webcert_common.auth_sessions import AuthSessions
from webcert_common.service_client import ServiceClient

from ..domain import errors


class Sessions(Protocol):
    def current(self, session_id: str) -> dict: ...


def auth_sessions(service: ServiceClient) -> AuthSessions:
    return AuthSessions(service, ended=errors.session_ended, unavailable=errors.dependency_unavailable)
