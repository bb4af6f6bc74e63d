"""§7: "En fråga från Försäkringskassan har alltid ett ämne" -- the five subjects, and who sends
what (QA-3). Codes are stable (API, events, tables); labels are the manual's words."""
from __future__ import annotations

AVSTAMNINGSMOTE = "AVSTAMNINGSMOTE"
KOMPLETTERING = "KOMPLETTERING"
KONTAKT = "KONTAKT"
OVRIGT = "OVRIGT"
PAMINNELSE = "PAMINNELSE"

SUBJECTS = (AVSTAMNINGSMOTE, KOMPLETTERING, KONTAKT, OVRIGT, PAMINNELSE)   # the manual's order
LABELS = {
    AVSTAMNINGSMOTE: "Avstämningsmöte",
    KOMPLETTERING: "Komplettering",
    KONTAKT: "Kontakt",
    OVRIGT: "Övrigt",
    PAMINNELSE: "Påminnelse",
}

# "Administrativa frågor" (§7 "Ställ en fråga till Försäkringskassan", §3 "Skapa/besvara
# administrativ fråga"): the subjects a unit may pick and answer with a message. A complement
# request is answered with a new certificate ("Svara på kompletteringsbegäran"); a reminder is
# never answered ("Frågor med ämne Påminnelse kan inte besvaras").
ADMINISTRATIVE = (AVSTAMNINGSMOTE, KONTAKT, OVRIGT)
FK_ONLY = (KOMPLETTERING, PAMINNELSE)

# Who sent the question (fråga), and so who answers it.
FK = "fk"          # Försäkringskassan, through its queue adapter
UNIT = "unit"      # the care unit that issued the certificate ("Administrativa frågor")
SENDERS = (FK, UNIT)
SENDER_LABELS = {FK: "Försäkringskassan", UNIT: "Vårdenheten"}


def label(subject: str) -> str:
    return LABELS[subject]


def is_administrative(subject: str) -> bool:
    return subject in ADMINISTRATIVE


def as_options() -> list[dict]:
    """The unit's subject choice under "Administrativa frågor" (QA-6)."""
    return [{"code": code, "label": LABELS[code]} for code in ADMINISTRATIVE]
