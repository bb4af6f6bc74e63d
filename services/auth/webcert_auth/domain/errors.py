"""Refusals of the auth domain, each with a stable reason code and the Swedish text the user
sees. Plain exceptions: the HTTP layer maps ``kind`` to a status (400/401/403/404)."""
from __future__ import annotations


class AuthRefusal(Exception):
    kind = "forbidden"

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message


class InvalidRequest(AuthRefusal):
    kind = "invalid"


class NotAuthenticated(AuthRefusal):
    kind = "unauthenticated"


class LoginRefused(AuthRefusal):
    """A verified identity that may not log in; the refusal itself is recorded (user.login_refused)."""
    kind = "forbidden"


class NotPermitted(AuthRefusal):
    kind = "forbidden"


class NotFound(AuthRefusal):
    kind = "not_found"


MESSAGES = {
    "INVALID_ASSERTION": "Inloggningen kunde inte verifieras eller har tagit för lång tid. Försök logga in igen.",
    "UNKNOWN_IDENTITY": "Du finns inte i katalogen över användare och kan därför inte logga in i Webcert.",
    "NO_CARE_ASSIGNMENT": "Du saknar medarbetaruppdrag med ändamålet Vård och behandling och kan därför "
                          "inte logga in i Webcert.",
    "NO_ACCOUNT": "Du har inget användarkonto i Webcert. Klicka på Skapa konto på startsidan för att skapa ett.",
    "NOT_A_DOCTOR": "Endast läkare kan logga in i Webcert med e-legitimation. Vårdadministratörer och "
                    "tandläkare loggar in med SITHS-kort.",
    "LICENCE_PENDING": "Uppgifter om din läkarlegitimation har ännu inte hämtats från Socialstyrelsen. "
                       "Du får ett e-postmeddelande när du kan börja använda Webcert.",
    "SESSION_UNKNOWN": "Du är inte inloggad. Logga in igen.",
    "SESSION_EXPIRED_IDLE": "Du har loggats ut eftersom du varit inaktiv i trettio minuter. Logga in igen.",
    "SESSION_EXPIRED_ABSOLUTE": "Din inloggning har gått ut. Logga in igen.",
    "NOT_ASSIGNED_TO_UNIT": "Du har inget medarbetaruppdrag med ändamålet Vård och behandling på den "
                            "vårdenheten.",
    "CHANGE_UNIT_NOT_ALLOWED": "Du kan inte byta vårdenhet. Funktionen finns endast om du har tillgång till "
                               "flera vårdenheter och loggat in med SITHS-kort.",
    "UNKNOWN_ACKNOWLEDGEMENT": "Okänd bekräftelse.",
    "NOT_AN_ELEG_ACCOUNT": "Min sida finns endast för läkare som loggat in med e-legitimation.",
    "UNIT_NOT_FOUND": "Vårdenheten finns inte i katalogen.",
}


def refusal(cls: type[AuthRefusal], reason: str) -> AuthRefusal:
    return cls(reason, MESSAGES[reason])
