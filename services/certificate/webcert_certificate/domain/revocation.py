"""§5.10 "Makulera intyg eller låst utkast": the reasons a user gives, who is told, and what the
user must do by telephone when the recipient is not told (CERT-13)."""
from __future__ import annotations

from dataclasses import dataclass

from . import errors


@dataclass(frozen=True)
class Reason:
    code: str
    label: str
    message_required: bool

    def as_dict(self) -> dict:
        return {"code": self.code, "label": self.label, "message_required": self.message_required}


# §5.10: "Ett exempel på ett allvarligt fel är om intyget är utfärdat på fel patient."
REASONS = (
    Reason("FEL_PATIENT", "Intyget har utfärdats på fel patient", False),
    Reason("ANNAT_ALLVARLIGT_FEL", "Annat allvarligt fel", True),
)
NO_REASON = "INGEN_ORSAK"       # DB and DOI: no reason asked (their recipients are not told)
REASON_LABELS = {r.code: r.label for r in REASONS} | {NO_REASON: "Ingen orsak angiven"}
MAX_MESSAGE_LENGTH = 1000

# §5.10: "Om intyget har skickats digitalt till Försäkringskassan eller till Transportstyrelsen
# kommer intygsmottagaren att informeras om makuleringen, inklusive informationen om varför".
TOLD_OF_REVOCATION = ("fk", "ts")

# §5.10 "Makulering av Dödsbevis" / "Makulering av Dödsorsaksintyg": the recipient is NOT told.
PHONE_INSTRUCTIONS = {
    "skv": ("Makuleringen återkallar inte dödsbeviset hos Skatteverket. Förutom att klicka på Makulera måste du "
            "därför omedelbart ta kontakt med Skatteverket: ring Skatteupplysningen på telefon 0771-567 567 och "
            "ange ”folkbokföring - dödsfall”."),
    "sos": ("Makuleringen återkallar inte dödsorsaksintyget hos Socialstyrelsen. Förutom att klicka på Makulera "
            "måste du därför omedelbart ta kontakt med Socialstyrelsen: ring Socialstyrelsens växel på telefon "
            "075 247 30 00."),
}


def checked_reason(reason: str | None, message: str | None, *, required: bool) -> tuple[str, str | None]:
    """The reason code and the trimmed message, or a 422 with a Swedish reason."""
    text = (message or "").strip() or None
    if text is not None and len(text) > MAX_MESSAGE_LENGTH:
        raise errors.CertificateRefusal("MESSAGE_TOO_LONG",
                                        f"Förklaringen får vara högst {MAX_MESSAGE_LENGTH} tecken.", 422)
    if not reason:
        if required:
            raise errors.CertificateRefusal("REASON_REQUIRED", "Ange orsaken till att intyget makuleras.", 422)
        return NO_REASON, text
    chosen = next((r for r in REASONS if r.code == reason), None)
    if chosen is None:
        raise errors.CertificateRefusal("REASON_REQUIRED", "Välj en av de angivna orsakerna till makuleringen.",
                                        422)
    if chosen.message_required and text is None:
        raise errors.CertificateRefusal("MESSAGE_REQUIRED",
                                        "Beskriv felet när orsaken är \"Annat allvarligt fel\".", 422)
    return chosen.code, text


def who_is_told(recipient: str | None, delivered_or_pending: bool) -> str | None:
    """The recipient that gets the revocation: FK or Transportstyrelsen, when it has (or is
    being sent) the certificate."""
    return recipient if delivered_or_pending and recipient in TOLD_OF_REVOCATION else None


def phone_instruction(recipient: str | None) -> str | None:
    return PHONE_INSTRUCTIONS.get(recipient or "")
