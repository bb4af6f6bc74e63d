"""SessionView (docs/ARCHITECTURE.md): what the gateway shows and enforces, so the UI never
guesses what the user may do."""
from __future__ import annotations

from ..domain.privileges import all_decisions, certificate_types_for
from ..domain.session import Session


def _iso(value) -> str:
    return value.isoformat().replace("+00:00", "Z")


def session_view(session: Session) -> dict:
    unit = session.current_unit
    user = session.user
    return {
        "user": {"id": user.id, "name": user.name, "role": user.role.value, "role_label": user.role.label,
                 "login_method": user.login_method, "protected_identity": user.protected_identity},
        "care_provider": None if unit is None else {
            "id": unit.care_provider.id, "name": unit.care_provider.name,
            "standalone": unit.care_provider.standalone},
        "unit": None if unit is None else {
            "id": unit.id, "name": unit.name, "care_unit_id": unit.care_unit_id,
            "care_unit_name": unit.care_unit_name, "is_workplace": unit.is_workplace},
        "units": [{"id": u.id, "name": u.name, "care_provider_id": u.care_provider.id,
                   "care_provider_name": u.care_provider.name,
                   "workplaces": [{"id": w.id, "name": w.name} for w in u.workplaces]}
                  for u in session.units],
        "may_change_unit": session.may_change_unit,
        "pending": session.pending,
        "privileges": all_decisions(session.user_context()),
        "certificate_types": certificate_types_for(user.role),
        "idle_expires_at": _iso(session.idle_expires_at),
        "expires_at": _iso(session.expires_at),
    }
