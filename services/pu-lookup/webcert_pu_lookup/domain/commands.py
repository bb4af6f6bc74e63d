"""Commands: small dataclasses, imperative (STYLE.md habit 2)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Requester:
    """Who asks, from the auth session view (docs/ARCHITECTURE.md "pu-lookup HTTP API")."""

    user_id: str
    role: str
    unit_id: str
    care_unit_id: str
    care_provider_id: str


@dataclass(frozen=True)
class ValidatePersonnummer:
    personnummer: str

    def __repr__(self) -> str:
        return "ValidatePersonnummer(<personnummer>)"


@dataclass(frozen=True)
class LookupPerson:
    personnummer: str
    requester: Requester

    def __repr__(self) -> str:
        return f"LookupPerson(<personnummer>, requester={self.requester!r})"


@dataclass(frozen=True)
class CheckStatus:
    pass


@dataclass(frozen=True)
class ProbeRegister:
    pass
