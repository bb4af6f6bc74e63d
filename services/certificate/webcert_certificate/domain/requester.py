"""Who asks: the auth service's SessionView, reduced to what the certificate rules need.
Authorisation lives in auth (Tabell 2/3, §3); the session view carries its answers
(``privileges``, ``certificate_types``), which this service reads and never re-derives."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from webcert_common.decision import ALLOWED, Decision  # noqa: F401  (part of this module's API)

from . import errors


@dataclass(frozen=True)
class Requester:
    user_id: str
    name: str
    role: str
    login_method: str
    unit_id: str
    unit_name: str
    care_unit_id: str
    care_unit_name: str
    is_workplace: bool
    care_provider_id: str
    care_provider_name: str
    privileges: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    certificate_types: tuple[str, ...] = ()

    def decision(self, privilege: str) -> Decision:
        found = self.privileges.get(privilege)
        if not found:
            return Decision(False, "NOT_AVAILABLE_FOR_ROLE", "Funktionen är inte tillgänglig för din roll.")
        return Decision(bool(found.get("allowed")), found.get("reason"), found.get("message"))

    def require(self, privilege: str) -> None:
        decision = self.decision(privilege)
        if not decision.allowed:
            raise errors.refused(decision.reason or "NOT_AVAILABLE_FOR_ROLE", decision.message)

    def may_use_type(self, code: str) -> bool:
        return code in self.certificate_types

    def unit_snapshot(self) -> dict:
        """The unit a certificate is issued on (§5.11: shown on the certificate)."""
        return {"id": self.unit_id, "name": self.unit_name, "care_unit_id": self.care_unit_id,
                "care_unit_name": self.care_unit_name, "care_provider_id": self.care_provider_id,
                "care_provider_name": self.care_provider_name}

    def person(self) -> dict:
        return {"id": self.user_id, "name": self.name, "role": self.role}


def requester_from_session(view: Mapping[str, Any]) -> Requester:
    """A Requester from a SessionView; refused when the user has not chosen a unit yet (§2)."""
    user, unit, provider = view.get("user") or {}, view.get("unit"), view.get("care_provider") or {}
    if not unit or view.get("pending"):
        raise errors.unit_not_chosen()
    return Requester(
        user_id=user["id"], name=user["name"], role=user["role"], login_method=user.get("login_method", ""),
        unit_id=unit["id"], unit_name=unit["name"], care_unit_id=unit["care_unit_id"],
        care_unit_name=unit.get("care_unit_name") or unit["name"], is_workplace=bool(unit.get("is_workplace")),
        care_provider_id=provider.get("id", ""), care_provider_name=provider.get("name", ""),
        privileges=view.get("privileges") or {}, certificate_types=tuple(view.get("certificate_types") or ()),
    )
