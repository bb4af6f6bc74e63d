"""Where a unit is reached by e-mail: auth's directory, ``GET /units/<hsa id>`` (no session: the
mail worker acts for no user, and the answer is directory data). ``AuthUnitDirectory`` wraps a
``ServiceClient`` (HTTP distributed, in-process WSGI embedded); ``InMemoryUnitDirectory`` is the
fake for tests.

An unknown unit is ``UnitUnknown`` (a ``PermanentError``: asking again cannot help); auth not
answering is ``DirectoryUnavailable`` (a ``DependencyUnavailable``: the notice waits)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote

from webcert_common.bus import DependencyUnavailable, PermanentError
from webcert_common.service_client import ServiceClient, ServiceUnavailable

FIELDS = ("unit_id", "name", "email", "care_unit_id", "care_provider_id")


class UnitUnknown(PermanentError):
    """The directory has no such unit."""


class DirectoryUnavailable(DependencyUnavailable):
    """Auth does not answer now."""


@dataclass(frozen=True)
class UnitAddress:
    unit_id: str
    name: str
    email: str | None        # None: the unit (and its care unit) has no address
    care_unit_id: str
    care_provider_id: str


class UnitDirectory(Protocol):
    def address(self, unit_id: str) -> UnitAddress:
        """The unit's address, or ``UnitUnknown`` / ``DirectoryUnavailable``."""


class AuthUnitDirectory:
    def __init__(self, service: ServiceClient) -> None:
        self._service = service

    def address(self, unit_id: str) -> UnitAddress:
        try:
            response = self._service.request("GET", f"/units/{quote(unit_id, safe='')}")
        except ServiceUnavailable:
            raise DirectoryUnavailable("Inloggningstjänsten svarar inte") from None
        if response.status == 404:
            raise UnitUnknown(f"vårdenheten {unit_id} finns inte i katalogen")
        body = response.json
        if response.status != 200 or not isinstance(body, dict) or not all(f in body for f in FIELDS):
            # not a refusal we know: retried a bounded number of times, then dead-lettered
            raise RuntimeError(f"oväntat svar från katalogen (HTTP {response.status})")
        return UnitAddress(**{f: body[f] for f in FIELDS})


class InMemoryUnitDirectory:
    def __init__(self, units: list[UnitAddress] = ()) -> None:
        self.units = {unit.unit_id: unit for unit in units}
        self.down = False

    def address(self, unit_id: str) -> UnitAddress:
        if self.down:
            raise DirectoryUnavailable("Inloggningstjänsten svarar inte (fake)")
        if unit_id not in self.units:
            raise UnitUnknown(f"vårdenheten {unit_id} finns inte i katalogen")
        return self.units[unit_id]
