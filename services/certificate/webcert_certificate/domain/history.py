"""A certificate's history (issue 5 item 7: "every certificate shows its events ... with time and
who"): past-tense facts about one certificate, in the words the certificate's view shows. Only
what happened and who did it -- never the content, so that "Radera" of a draft removes the
draft's history with it and nothing of the content is left anywhere."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

CREATED = "created"
COPIED_FROM = "copied_from"     # this draft was made by "Kopiera" of a locked draft (§5.9)
COPIED_TO = "copied_to"         # this locked draft was copied
PREFILLED_FROM = "prefilled_from"   # §6.13: made from a signed certificate (AG7804 from FK7804, DOI from DB)
PREFILLED_TO = "prefilled_to"
SIGNED = "signed"
SENT = "sent"
LOCKED = "locked"

LABELS = {
    CREATED: "Utkastet skapades",
    COPIED_FROM: "Utkastet skapades som en kopia av ett låst utkast",
    COPIED_TO: "Utkastet kopierades till ett nytt utkast",
    PREFILLED_FROM: "Utkastet skapades förifyllt från ett signerat intyg",
    PREFILLED_TO: "Ett nytt utkast förifylldes från intyget",
    SIGNED: "Intyget signerades",
    SENT: "Intyget skickades till mottagaren",
    LOCKED: "Utkastet låstes eftersom det inte signerades inom fjorton dagar",
}


@dataclass(frozen=True)
class HistoryEntry:
    certificate_id: str
    kind: str
    at: datetime
    by: dict | None = None          # {id, name}; None for what Webcert did by itself (locking)
    related_id: str | None = None   # the other certificate of a copy (later: replace, renew)

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    def as_dict(self) -> dict:
        return {"kind": self.kind, "label": self.label, "at": self.at.isoformat(),
                "by": self.by, "related_id": self.related_id}
