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
class Requester:
    user_id: str
    name: str
    role: str
    login_method: str
    privileges: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    unit_id: str = ""
    care_unit_id: str = ""
    is_workplace: bool = False

    def decision(self, privilege: str) -> Decision:
        found = self.privileges.get(privilege)
        if not found:
            return Decision(False, "NOT_AVAILABLE_FOR_ROLE", "Funktionen är inte tillgänglig för din roll.")
        return Decision(bool(found.get("allowed")), found.get("reason"), found.get("message"))

    def person(self) -> dict:
        return {"id": self.user_id, "name": self.name}


def requester_from_session(view: Mapping[str, Any]) -> Requester:
    """A Requester from a SessionView; refused when the user has not chosen a unit yet (§2)."""
    user, unit = view.get("user") or {}, view.get("unit")
    if not unit or view.get("pending"):
        raise errors.MessagingRefusal("UNIT_NOT_CHOSEN", "Välj vårdenhet innan du hanterar ärenden.", 403)
    return Requester(user_id=user["id"], name=user["name"], role=user["role"],
                     login_method=user.get("login_method", ""), privileges=view.get("privileges") or {},
                     unit_id=unit["id"], care_unit_id=unit["care_unit_id"],
                     is_workplace=bool(unit.get("is_workplace")))
