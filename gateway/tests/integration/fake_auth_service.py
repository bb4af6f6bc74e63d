"""An in-memory auth service that follows docs/ARCHITECTURE.md's HTTP API, for the
gateway's tests (fakes over mocks). It speaks ``ServiceClient.request`` like the real
clients, so the gateway's own AuthClient is exercised too.

An assertion here is simply the key of a scripted user ("ingrid", "lena" ...)."""
from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass, field

from webcert_common.service_client import ServiceResponse, ServiceUnavailable

ROLE_LABELS = {"LAKARE": "Läkare", "TANDLAKARE": "Tandläkare", "VARDADMINISTRATOR": "Vårdadministratör"}
ALFA = {"id": "TSTNMT2321000156-VG01", "name": "Alfa Regionen", "standalone": "allowed"}
BETA = {"id": "TSTNMT2321000156-VG02", "name": "Beta Vård AB", "standalone": "warn"}
VE11 = {"id": "TSTNMT2321000156-VE11", "name": "Alfa Vårdcentral", "care_provider_id": ALFA["id"],
        "care_provider_name": ALFA["name"],
        "workplaces": [{"id": "TSTNMT2321000156-VE11-M1", "name": "Alfa Vårdcentral, Mottagning Norr"},
                       {"id": "TSTNMT2321000156-VE11-M2", "name": "Alfa Vårdcentral, Mottagning Söder"}]}
VE12 = {"id": "TSTNMT2321000156-VE12", "name": "Alfa Akutmottagning", "care_provider_id": ALFA["id"],
        "care_provider_name": ALFA["name"], "workplaces": []}
VE21 = {"id": "TSTNMT2321000156-VE21", "name": "Beta Läkarhus", "care_provider_id": BETA["id"],
        "care_provider_name": BETA["name"], "workplaces": []}
EVA_UNIT = {"id": "ELEG-1-VE", "name": "Lunds Läkarpraktik", "care_provider_id": "ELEG-1-VG",
            "care_provider_name": "Lunds Läkarpraktik", "workplaces": []}

NO_CARE_ASSIGNMENT = ("Du saknar medarbetaruppdrag med ändamål ”Vård och behandling” och kan därför inte "
                      "logga in i Webcert.")


@dataclass
class ScriptedUser:
    id: str
    name: str
    role: str
    login_method: str
    units: list
    providers: dict
    protected_identity: bool = False
    account: dict | None = None

    def user(self) -> dict:
        return {"id": self.id, "name": self.name, "role": self.role, "role_label": ROLE_LABELS[self.role],
                "login_method": self.login_method, "protected_identity": self.protected_identity}


USERS = {
    "ingrid": ScriptedUser("TSTNMT2321000156-1001", "Ingrid Holm", "LAKARE", "siths", [VE11, VE12], {"*": ALFA}),
    "karin": ScriptedUser("TSTNMT2321000156-1009", "Karin Admin", "VARDADMINISTRATOR", "siths", [VE11, VE12],
                          {"*": ALFA}),
    "maria": ScriptedUser("TSTNMT2321000156-1003", "Maria Costa", "LAKARE", "siths", [VE12], {"*": ALFA}),
    "sara": ScriptedUser("TSTNMT2321000156-1008", "Sara Tand", "TANDLAKARE", "siths", [VE12], {"*": ALFA}),
    "sigrid": ScriptedUser("TSTNMT2321000156-1014", "Sigrid Dold", "LAKARE", "siths", [VE12], {"*": ALFA},
                           protected_identity=True),
    "bertil": ScriptedUser("TSTNMT2321000156-1012", "Bertil Bengtsson", "LAKARE", "siths", [VE21], {"*": BETA}),
    "eva": ScriptedUser("ELEG-ACCOUNT-1", "Eva Lund", "LAKARE", "bankid", [EVA_UNIT],
                        {"*": {"id": "ELEG-1-VG", "name": "Lunds Läkarpraktik", "standalone": "allowed"}},
                        account={"id": "ELEG-ACCOUNT-1", "name": "Eva Lund", "email": "eva.lund@example.invalid",
                                 "practice": {"care_provider_name": "Lunds Läkarpraktik",
                                              "unit_name": "Lunds Läkarpraktik"}}),
}
REFUSED = {"lena": (403, "NO_CARE_ASSIGNMENT", NO_CARE_ASSIGNMENT)}


@dataclass
class FakeSession:
    scripted: ScriptedUser
    unit: dict | None = None
    care_provider: dict | None = None
    acknowledged: set = field(default_factory=set)
    ended_reason: str | None = None
    account: dict | None = None

    def pending(self) -> list[str]:
        steps = []
        if self.unit is None:
            steps.append("choose_unit")
        if self.scripted.protected_identity and "protected_identity_risk" not in self.acknowledged:
            steps.append("protected_identity_risk")
        if self.care_provider and self.care_provider["standalone"] == "warn" \
                and "standalone_warning" not in self.acknowledged:
            steps.append("standalone_warning")
        return steps

    def view(self) -> dict:
        return {
            "user": self.scripted.user(),
            "care_provider": self.care_provider,
            "unit": self.unit,
            "units": copy.deepcopy(self.scripted.units),
            "may_change_unit": self.scripted.login_method == "siths" and self.choices() > 1,
            "pending": self.pending(),
            "privileges": {},
            "certificate_types": [],
            "idle_expires_at": "2026-11-26T08:30:00+00:00",
            "expires_at": "2026-11-26T20:00:00+00:00",
        }

    def choices(self) -> int:
        return sum(1 + len(u["workplaces"]) for u in self.scripted.units)

    def choose(self, unit_id: str) -> bool:
        for unit in self.scripted.units:
            candidates = [(unit["id"], unit["name"], False)] + [(w["id"], w["name"], True) for w in unit["workplaces"]]
            for candidate_id, name, is_workplace in candidates:
                if candidate_id == unit_id:
                    self.unit = {"id": candidate_id, "name": name, "care_unit_id": unit["id"],
                                 "care_unit_name": unit["name"], "is_workplace": is_workplace}
                    self.care_provider = self.scripted.providers["*"]
                    return True
        return False


def _error(status: int, reason: str, message: str) -> ServiceResponse:
    return ServiceResponse(status, {"error": {"reason": reason, "message": message}})


class FakeAuthService:
    def __init__(self) -> None:
        self.sessions: dict[str, FakeSession] = {}
        self.calls: list[tuple[str, str]] = []
        self.down = False
        self._ids = itertools.count(1)

    # -- test controls -------------------------------------------------------------

    def expire(self, session_id: str, reason: str = "SESSION_EXPIRED_IDLE") -> None:
        self.sessions[session_id].ended_reason = reason

    def calls_to(self, method: str, path: str) -> int:
        return self.calls.count((method, path))

    # -- ServiceClient -------------------------------------------------------------

    def request(self, method, path, json=None, headers=None, params=None) -> ServiceResponse:
        if self.down:
            raise ServiceUnavailable(f"{method} {path}: connection refused")
        self.calls.append((method, path))
        if (method, path) == ("GET", "/health"):
            return ServiceResponse(200, {"status": "ok"})
        if (method, path) == ("POST", "/sessions"):
            return self._create(json or {})
        session = self.sessions.get((headers or {}).get("X-Session-Id", ""))
        if session is None:
            return _error(401, "SESSION_UNKNOWN", "Sessionen är okänd.")
        if session.ended_reason:
            return _error(401, session.ended_reason, "Du har blivit utloggad.")
        return self._route(method, path, session, json or {}, (headers or {})["X-Session-Id"])

    def _create(self, body: dict) -> ServiceResponse:
        self.last_login_body = dict(body)
        key = body.get("assertion", "")
        if key in REFUSED:
            return _error(*REFUSED[key])
        scripted = USERS.get(key)
        if scripted is None:
            return _error(400, "INVALID_ASSERTION", "Inloggningen kunde inte verifieras.")
        session = FakeSession(scripted, account=copy.deepcopy(scripted.account))
        if session.choices() == 1:  # one unit, no workplaces: nothing to choose
            session.choose(scripted.units[0]["id"])
        session_id = f"fake-session-{next(self._ids)}"
        self.sessions[session_id] = session
        return ServiceResponse(201, {"session_id": session_id, "session": session.view()})

    def _route(self, method, path, session: FakeSession, body: dict, session_id: str) -> ServiceResponse:
        if (method, path) == ("GET", "/sessions/current"):
            return ServiceResponse(200, session.view())
        if (method, path) == ("PUT", "/sessions/current/unit"):
            if session.unit is not None and not session.view()["may_change_unit"]:
                return _error(403, "CHANGE_UNIT_NOT_ALLOWED", "Du kan inte byta vårdenhet.")
            if not session.choose(body.get("unit_id", "")):
                return _error(403, "NOT_ASSIGNED_TO_UNIT", "Du har inget medarbetaruppdrag på enheten.")
            return ServiceResponse(200, session.view())
        if (method, path) == ("POST", "/sessions/current/acknowledgements"):
            session.acknowledged.add(body.get("kind"))
            return ServiceResponse(200, session.view())
        if (method, path) == ("DELETE", "/sessions/current"):
            del self.sessions[session_id]
            return ServiceResponse(204, None)
        if path == "/accounts/current":
            return self._account(method, session, body)
        return _error(404, "HTTP_404", "Resursen finns inte.")

    def _account(self, method, session: FakeSession, body: dict) -> ServiceResponse:
        if session.account is None:
            return _error(403, "NOT_AN_ELEG_ACCOUNT", "Min sida finns endast för läkare med e-legitimation.")
        if method == "PATCH":
            if "email" in body and "@" not in body["email"]:
                return _error(400, "INVALID_EMAIL", "E-postadressen är inte giltig.")
            for key, value in body.items():
                if isinstance(value, dict):
                    session.account.setdefault(key, {}).update(value)
                else:
                    session.account[key] = value
        return ServiceResponse(200, copy.deepcopy(session.account))
