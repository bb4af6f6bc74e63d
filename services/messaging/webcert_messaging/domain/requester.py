"""Who asks: the auth service's SessionView, reduced to what the messaging rules need. Tabell 3
and §3's blocked list are auth's (``privileges``); this service reads them, never re-derives them."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from webcert_common.decision import Decision

from . import errors

LAKARE, TANDLAKARE, VARDADMINISTRATOR = "LAKARE", "TANDLAKARE", "VARDADMINISTRATOR"
SITHS = "siths"


@dataclass(frozen=True)
class Assignment:
    """A care unit the user has a medarbetaruppdrag on, with its workplaces (auth's ``units``)."""
    unit_id: str
    name: str
    workplaces: tuple[tuple[str, str], ...] = ()    # (id, name)


@dataclass(frozen=True)
class Requester:
    user_id: str
    name: str
    role: str
    login_method: str
    privileges: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    unit_id: str = ""
    care_unit_id: str = ""
    is_workplace: bool = False
    care_provider_id: str = ""
    assignments: tuple[Assignment, ...] = ()

    def decision(self, privilege: str) -> Decision:
        found = self.privileges.get(privilege)
        if not found:
            return Decision(False, "NOT_AVAILABLE_FOR_ROLE", "Funktionen är inte tillgänglig för din roll.")
        return Decision(bool(found.get("allowed")), found.get("reason"), found.get("message"))

    def person(self) -> dict:
        return {"id": self.user_id, "name": self.name}

    def workplaces(self) -> tuple[tuple[str, str], ...]:
        """§7 "Se lista över ärendekommunikation": "Om du är inloggad på en vårdenhet som har flera
        arbetsplatser kan du välja ... en specifik arbetsplats" -- none to choose on a workplace."""
        if self.is_workplace:
            return ()
        return next((a.workplaces for a in self.assignments if a.unit_id == self.unit_id), ())


def requester_from_session(view: Mapping[str, Any]) -> Requester:
    """A Requester from a SessionView; refused when the user has not chosen a unit yet (§2)."""
    user, unit, provider = view.get("user") or {}, view.get("unit"), view.get("care_provider") or {}
    if not unit or view.get("pending"):
        raise errors.MessagingRefusal("UNIT_NOT_CHOSEN", "Välj vårdenhet innan du hanterar ärenden.", 403)
    return Requester(user_id=user["id"], name=user["name"], role=user["role"],
                     login_method=user.get("login_method", ""), privileges=view.get("privileges") or {},
                     unit_id=unit["id"], care_unit_id=unit["care_unit_id"],
                     is_workplace=bool(unit.get("is_workplace")), care_provider_id=provider.get("id", ""),
                     assignments=tuple(_assignment(u) for u in view.get("units") or ()))


def _assignment(unit: Mapping[str, Any]) -> Assignment:
    return Assignment(unit["id"], unit.get("name", ""),
                      tuple((w["id"], w.get("name", "")) for w in unit.get("workplaces") or ()))
