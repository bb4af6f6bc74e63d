"""Refusals of the pu-lookup domain: a stable reason code and the Swedish text the user sees.
Plain exceptions; the HTTP layer maps ``status`` to the response code."""
from __future__ import annotations

from .rules import MESSAGES as RULE_MESSAGES, PROTECTED_IDENTITY_NOT_AUTHORISED

INVALID_PERSONNUMMER = "INVALID_PERSONNUMMER"
PERSON_NOT_FOUND = "PERSON_NOT_FOUND"
PU_UNAVAILABLE = "PU_UNAVAILABLE"

MESSAGES = {
    PERSON_NOT_FOUND: "Det finns ingen person med det angivna person- eller samordningsnumret i PU-tjänsten. "
                      "Kontrollera numret och försök igen.",
    # §5.8 "Otillgänglig PU-tjänst"
    PU_UNAVAILABLE: "PU-tjänsten är inte tillgänglig. All hantering av intyg och ärenden är låst tills "
                    "PU-tjänsten är tillgänglig igen.",
    PROTECTED_IDENTITY_NOT_AUTHORISED: RULE_MESSAGES[PROTECTED_IDENTITY_NOT_AUTHORISED],
}


class PuLookupRefusal(Exception):
    status = 400

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message


class InvalidPersonnummerRefusal(PuLookupRefusal):
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(INVALID_PERSONNUMMER, message)


class NotAuthorisedForPatient(PuLookupRefusal):
    status = 403

    def __init__(self) -> None:
        super().__init__(PROTECTED_IDENTITY_NOT_AUTHORISED, MESSAGES[PROTECTED_IDENTITY_NOT_AUTHORISED])


class PersonNotFound(PuLookupRefusal):
    status = 404

    def __init__(self) -> None:
        super().__init__(PERSON_NOT_FOUND, MESSAGES[PERSON_NOT_FOUND])


class PopulationRegisterLocked(PuLookupRefusal):
    """The register is unavailable: refuse, never guess (fail closed)."""

    status = 503

    def __init__(self) -> None:
        super().__init__(PU_UNAVAILABLE, MESSAGES[PU_UNAVAILABLE])
