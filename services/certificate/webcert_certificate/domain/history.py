"""A certificate's history (issue 5 item 7: "every certificate shows its events ... with time and
who"): past-tense facts about one certificate, in the words the certificate's view shows. Only
what happened and who did it -- never the content, so that "Radera" of a draft removes the
draft's history with it and nothing of the content is left anywhere."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .certificate_type import RECIPIENTS as RECIPIENT_NAMES

CREATED = "created"
COPIED_FROM = "copied_from"     # this draft was made by "Kopiera" of a locked draft (§5.9)
COPIED_TO = "copied_to"         # this locked draft was copied
PREFILLED_FROM = "prefilled_from"   # §6.13: made from a signed certificate (AG7804 from FK7804, DOI from DB)
PREFILLED_TO = "prefilled_to"
SIGNED = "signed"
SENT = "sent"                   # handed to the recipient (detail: the recipient's code)
RECEIVED = "received"           # the recipient's receipt
SEND_FAILED = "send_failed"     # the recipient refused it for good
REPLACED_BY = "replaced_by"     # §5.8 "Ersätt": a replacing draft was made from this certificate
REPLACES = "replaces"
RENEWED_BY = "renewed_by"       # §5.8 "Förnya"
RENEWS = "renews"
COMPLEMENTED_BY = "complemented_by"   # §7 "Komplettera intyg": a draft answering FK's complement request
COMPLEMENTS = "complements"
REVOKED = "revoked"             # §5.10 "Makulera"
REVOCATION_RECEIVED = "revocation_received"
REVOCATION_FAILED = "revocation_failed"
LOCKED = "locked"

LABELS = {
    CREATED: "Utkastet skapades",
    COPIED_FROM: "Utkastet skapades som en kopia av ett låst utkast",
    COPIED_TO: "Utkastet kopierades till ett nytt utkast",
    PREFILLED_FROM: "Utkastet skapades förifyllt från ett signerat intyg",
    PREFILLED_TO: "Ett nytt utkast förifylldes från intyget",
    SIGNED: "Intyget signerades",
    SENT: "Intyget skickades till {recipient}",
    RECEIVED: "{recipient} tog emot intyget",
    SEND_FAILED: "{recipient} tog inte emot intyget",
    REPLACED_BY: "Ett utkast skapades för att ersätta intyget",
    REPLACES: "Utkastet skapades för att ersätta ett tidigare intyg",
    RENEWED_BY: "Intyget förnyades",
    RENEWS: "Utkastet skapades genom att förnya ett tidigare intyg",
    COMPLEMENTED_BY: "Ett utkast skapades för att komplettera intyget",
    COMPLEMENTS: "Utkastet skapades för att komplettera ett tidigare intyg",
    REVOKED: "Intyget makulerades",
    REVOCATION_RECEIVED: "{recipient} informerades om makuleringen",
    REVOCATION_FAILED: "{recipient} kunde inte informeras om makuleringen",
    LOCKED: "Utkastet låstes eftersom det inte signerades inom fjorton dagar",
}


@dataclass(frozen=True)
class HistoryEntry:
    certificate_id: str
    kind: str
    at: datetime
    by: dict | None = None          # {id, name}; None for what Webcert did by itself (locking)
    related_id: str | None = None   # the other certificate of a copy, replacement, renewal, prefill
    detail: str | None = None       # the recipient's code, for the rows about a recipient

    @property
    def label(self) -> str:
        # A recipient's name where the row names one; "mottagaren" where it is not known (the demo's
        # FK7263 certificates, sent before this history kept the recipient).
        name = RECIPIENT_NAMES.get(self.detail or "", "mottagaren")
        text = LABELS[self.kind].format(recipient=name)
        return text[0].upper() + text[1:]

    def as_dict(self) -> dict:
        return {"kind": self.kind, "label": self.label, "at": self.at.isoformat(),
                "by": self.by, "related_id": self.related_id}
