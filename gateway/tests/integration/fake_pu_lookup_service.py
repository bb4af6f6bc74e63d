"""An in-memory pu-lookup service that follows docs/ARCHITECTURE.md's HTTP API, for the
gateway's tests (fakes over mocks). It speaks ``ServiceClient.request`` like the real
clients, so the gateway's own PuLookupClient is exercised too.

Its validation is deliberately small (digits, length, Luhn check digit): enough to give
the gateway the documented answers. The real rules live in services/pu-lookup. Its
persons are the demo world's (deploy/demo/demo-data.yaml); its action rules are a small
copy of PU-2/PU-4 so that the page has something true to show."""
from __future__ import annotations

import copy
import re
from datetime import datetime, timezone

from webcert_common.service_client import ServiceResponse, ServiceUnavailable

TOLVAN = "19121212-1212"
JAN = "19850363-3219"
# The demo world's numbers (deploy/demo/demo-data.yaml, check digits corrected there).
SKYDDAD = "19680815-1556"
GUNHILD = "19400404-0442"
UNKNOWN = "19721225-4549"

PERSONS = {
    TOLVAN: {"personnummer": TOLVAN, "kind": "personnummer", "name": "Tolvan Tolvansson",
             "address": {"street": "Svensksundsvägen 11", "postal_code": "11111", "city": "Stockholm"},
             "protected_identity": False, "deceased": False, "date_of_death": None},
    SKYDDAD: {"personnummer": SKYDDAD, "kind": "personnummer", "name": "Skyddad Sköld", "address": None,
              "protected_identity": True, "deceased": False, "date_of_death": None},
    GUNHILD: {"personnummer": GUNHILD, "kind": "personnummer", "name": "Gunhild Ek",
              "address": {"street": "Björkvägen 2", "postal_code": "60221", "city": "Norrköping"},
              "protected_identity": False, "deceased": True, "date_of_death": "2026-11-20"},
    JAN: {"personnummer": JAN, "kind": "samordningsnummer", "name": "Jan Samuelsson",
          "address": {"street": "Tullgatan 2", "postal_code": "25225", "city": "Helsingborg"},
          "protected_identity": False, "deceased": False, "date_of_death": None},
}
ACTIONS = ("CREATE_CERTIFICATE", "CREATE_DOI", "RENEW_CERTIFICATE", "REPLACE_CERTIFICATE", "SIGN_DRAFT",
           "SEND_CERTIFICATE", "REVOKE_CERTIFICATE", "HANDLE_QUESTIONS")
DECEASED_MESSAGE = ("Patienten är registrerad som avliden. Du kan hantera pågående ärenden men inte skapa, "
                    "förnya eller ersätta intyg, utom Dödsorsaksintyg.")
PROTECTED_TYPES_MESSAGE = ("Dödsbevis och Dödsorsaksintyg kan inte hanteras i Webcert för en patient med "
                           "skyddade personuppgifter.")
NOT_AUTHORISED = "Du har inte behörighet att hantera intyg för denna patient."
NOT_FOUND = "Personnumret finns inte i folkbokföringen."


def _error(status: int, reason: str, message: str) -> ServiceResponse:
    return ServiceResponse(status, {"error": {"reason": reason, "message": message}})


def _luhn_ok(ten_digits: str) -> bool:
    total = 0
    for index, char in enumerate(ten_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def normalise(typed) -> tuple[str | None, str | None]:
    """(normalised number, None) or (None, Swedish problem)."""
    if not isinstance(typed, str):
        return None, "Ange ett personnummer."
    digits = re.sub(r"[-+ ]", "", typed)
    if not digits.isdigit() or len(digits) not in (10, 12):
        return None, "Personnumret ska ha 10 eller 12 siffror."
    if len(digits) == 10:
        digits = "19" + digits
    if not _luhn_ok(digits[2:]):
        return None, "Kontrollsiffran i personnumret stämmer inte."
    return f"{digits[:8]}-{digits[8:]}", None


class FakePuLookupService:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str, dict | None]] = []
        self.down = False                 # pu-lookup itself does not answer
        self.register_unavailable = False  # pu-lookup answers 503 PU_UNAVAILABLE
        self.status_answer = {"available": True, "changed_at": "2026-11-26T07:00:00+00:00"}
        self.persons = copy.deepcopy(PERSONS)

    # -- test controls -------------------------------------------------------------

    def lookups(self) -> list[dict]:
        return [body for method, path, body in self.calls if (method, path) == ("POST", "/persons/lookup")]

    def calls_to(self, method: str, path: str) -> int:
        return sum(1 for m, p, _ in self.calls if (m, p) == (method, path))

    def set_status(self, available: bool, changed_at: datetime) -> None:
        self.status_answer = {"available": available, "changed_at": changed_at.astimezone(timezone.utc).isoformat()}

    # -- ServiceClient -------------------------------------------------------------

    def request(self, method, path, json=None, headers=None, params=None) -> ServiceResponse:
        if self.down:
            raise ServiceUnavailable(f"{method} {path}: connection refused")
        self.calls.append((method, path, copy.deepcopy(json)))
        if (method, path) == ("GET", "/health"):
            return ServiceResponse(200, {"status": "ok"})
        if (method, path) == ("GET", "/status"):
            return ServiceResponse(200, dict(self.status_answer))
        if (method, path) == ("POST", "/persons/validate"):
            return self._validate(json or {})
        if (method, path) == ("POST", "/persons/lookup"):
            return self._lookup(json or {})
        return _error(404, "HTTP_404", "Resursen finns inte.")

    def _validate(self, body: dict) -> ServiceResponse:
        number, problem = normalise(body.get("personnummer"))
        if problem:
            return _error(400, "INVALID_PERSONNUMMER", problem)
        kind = "samordningsnummer" if int(number[6:8]) > 60 else "personnummer"
        return ServiceResponse(200, {"personnummer": number, "kind": kind})

    def _lookup(self, body: dict) -> ServiceResponse:
        number, problem = normalise(body.get("personnummer"))
        if problem:
            return _error(400, "INVALID_PERSONNUMMER", problem)
        if self.register_unavailable:
            raise ServiceUnavailable("POST /persons/lookup: HTTP 503")   # as the real clients do on a 5xx
        person = self.persons.get(number)
        if person is None:
            return _error(404, "PERSON_NOT_FOUND", NOT_FOUND)
        requester = body.get("requester") or {}
        if person["protected_identity"] and requester.get("role") == "VARDADMINISTRATOR":
            return _error(403, "PROTECTED_IDENTITY_NOT_AUTHORISED", NOT_AUTHORISED)
        return ServiceResponse(200, {"person": copy.deepcopy(person), "actions": self._actions(person),
                                     "excluded_certificate_types": ["DB", "DOI"] if person["protected_identity"]
                                     else []})

    @staticmethod
    def _actions(person: dict) -> dict:
        actions = {key: {"allowed": True, "reason": None, "message": None} for key in ACTIONS}
        if person["deceased"]:
            for key in ("CREATE_CERTIFICATE", "RENEW_CERTIFICATE", "REPLACE_CERTIFICATE"):
                actions[key] = {"allowed": False, "reason": "PATIENT_DECEASED", "message": DECEASED_MESSAGE}
        if person["protected_identity"]:
            actions["CREATE_DOI"] = {"allowed": False, "reason": "PROTECTED_IDENTITY_CERTIFICATE_TYPE",
                                     "message": PROTECTED_TYPES_MESSAGE}
        return actions
