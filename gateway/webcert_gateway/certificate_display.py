"""What a certificate page says in words (plain Python, no Flask; tested directly): every
answer of a signed certificate in Swedish, the §5.2 priority notice, the §5.4 e-mail link,
the signature check."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable
from urllib.parse import quote

from webcert_common import certificate_answers
from webcert_common.certificate_answers import NO, NOT_GIVEN, YES, Answer, answer_lines  # noqa: F401 (re-exported)
from webcert_common.clock import swedish_minute

from .certificate_form_model import section_anchor

SIGNATURE_VALID = "Signaturen är giltig."
# §5.4: "Ett nytt e-postmeddelande skapas i din e-postklient, där länken till utkastet är ifylld."
# "Texten i e-postmeddelandet får inte tillföras några personuppgifter eller någon medicinsk
# information som rör patienten": the subject and body name neither patient nor type.
FORWARD_SUBJECT = "Intygsutkast i Webcert"


@dataclass(frozen=True)
class SectionAnswers(certificate_answers.SectionAnswers):
    @property
    def anchor(self) -> str:
        return section_anchor(self.id)


def answered_sections(definition: dict, content: dict | None, *, hidden_questions: Iterable[str] = (),
                      hidden_sections: Iterable[str] = ()) -> list[SectionAnswers]:
    """Every shown question with its answer (webcert_common.certificate_answers), each section
    with its anchor on the page."""
    return [SectionAnswers(s.id, s.label, s.answers)
            for s in certificate_answers.answered_sections(definition, content, hidden_questions=hidden_questions,
                                                           hidden_sections=hidden_sections)]


# --- notices and links ----------------------------------------------------------------------

def priority_notice(holder_name: str | None) -> str:
    """§5.2 "Samtidig redigering": the user who opened the draft last has priority, and the
    earlier one is told who."""
    who = holder_name or "en annan användare"
    return (f"Utkastet har öppnats av {who}, som nu har förtur att färdigställa det. "
            "Dina ändringar sparas inte längre.")


def forward_mailto(draft_url: str) -> str:
    """§5.4: the body is the link to the draft and nothing else."""
    return f"mailto:?subject={quote(FORWARD_SUBJECT)}&body={quote(draft_url, safe='')}"


def signature_text(verification: dict | None) -> tuple[bool, str]:
    if not isinstance(verification, dict):
        return False, "Signaturen kunde inte kontrolleras."
    if verification.get("valid"):
        return True, SIGNATURE_VALID
    return False, verification.get("message") or "Signaturen är inte giltig."


def local_time(value: str | None) -> str:
    """An ISO time from a service as Swedes read it: "2024-05-02 14:03" in Swedish time."""
    if not value:
        return ""
    return swedish_minute(value) or str(value)


def history_rows(history) -> list[dict]:
    """Issue 5 item 7: the certificate's events, oldest first, with time and who ("Webcert" for
    what the system did by itself, such as locking a draft)."""
    rows = []
    for entry in history if isinstance(history, list) else []:
        if not isinstance(entry, dict):
            continue
        by = entry.get("by") if isinstance(entry.get("by"), dict) else None
        rows.append({"label": entry.get("label") or "", "at": local_time(entry.get("at")),
                     "by": (by or {}).get("name") or "Webcert"})
    return rows


# --- after signing (issue 5): sending, relations, revocation ---------------------------------

REVIEW_REPLACED = "Intyget som makulerades ersatte ett tidigare intyg. Se över det ersatta intyget."


def _name(person) -> str:
    return (person.get("name") if isinstance(person, dict) else None) or "Webcert"


def delivery_notice(delivery) -> dict | None:
    """CERT-9: where the sending stands. ``pending`` until the recipient's receipt arrives
    (the page polls), then ``delivered`` with the time, or ``failed`` with the reason (and
    "Skicka" is offered again)."""
    if not isinstance(delivery, dict) or delivery.get("state") not in ("pending", "delivered", "failed"):
        return None
    state, recipient = delivery["state"], delivery.get("recipient_name") or "mottagaren"
    text = {"pending": f"Intyget skickas till {recipient}.",
            "delivered": f"Intyget är skickat till {recipient}.",
            "failed": f"Intyget kunde inte skickas till {recipient}."}[state]
    return {"state": state, "text": text, "recipient_name": recipient, "reason": delivery.get("reason") or "",
            "requested_at": local_time(delivery.get("requested_at")),
            "delivered_at": local_time(delivery.get("delivered_at"))}


def revocation_facts(revocation) -> dict | None:
    """CERT-13: when, who and why; §5.10's phone instruction and Figur 11's link to the
    certificate the revoked one replaced."""
    if not isinstance(revocation, dict):
        return None
    review = revocation.get("review_replaced")
    return {"at": local_time(revocation.get("revoked_at")), "by": _name(revocation.get("by")),
            "reason": revocation.get("reason_label") or "", "message": revocation.get("message") or "",
            "phone_instruction": revocation.get("phone_instruction") or "",
            "review_replaced_id": review.get("id") if isinstance(review, dict) else None}


def revoke_reasons(view: dict) -> list[dict]:
    """The reasons the service offers (``revoke_reasons``); none when the type needs none (DB, DOI)."""
    if view.get("revoke_reason_required") is False:
        return []
    return [{"code": str(r.get("code")), "label": r.get("label") or str(r.get("code")),
             "message_required": bool(r.get("message_required"))}
            for r in view.get("revoke_reasons") or [] if isinstance(r, dict) and r.get("code")]


def _related(value) -> dict | None:
    return value if isinstance(value, dict) and value.get("id") else None


def _type_name(related: dict) -> str:
    return related.get("type_name") or related.get("certificate_type") or ""


def relation_rows(view: dict) -> list[dict]:
    """§5.7 "Förnya", §5.8 "Ersätta" (CERT-11/12): the certificate's relations in both directions, each a sentence and a
    link (``id``) to the related certificate."""
    noun = "Utkastet" if view.get("status") in ("DRAFT", "LOCKED") else "Intyget"
    relations = view.get("relations") if isinstance(view.get("relations"), dict) else {}
    rows = []
    replaced_by = _related(view.get("replaced_by"))
    if replaced_by:
        # §5.8: "I ett ersatt intyg finns informationen "Intyget har ersatts av detta intyg"".
        rows.append({"kind": "replaced-by", "text": "Intyget har ersatts av", "link": "detta intyg",
                     "id": replaced_by["id"]})
    complemented_by = _related(view.get("complemented_by"))
    if complemented_by:
        # §7 "Avklarad kompletteringsbegäran" (Figur 33): the text and "en länk till det nya intyget".
        rows.append({"kind": "complemented-by", "id": complemented_by["id"], "link": "Visa det nya intyget",
                     "text": complemented_by.get("message") or "Kompletteringsbegäran besvarades med ett nytt intyg"})
    parent = _related(relations.get("parent"))
    if parent:
        text, link = {
            "REPLACE": (f"{noun} ersätter ett tidigare intyg.", "Visa det ersatta intyget"),
            "RENEW": (f"{noun} förnyar ett tidigare intyg.", "Visa det förnyade intyget"),
            "COPY": (f"{noun} är en kopia av ett låst utkast.", "Visa det låsta utkastet"),
            "COMPLEMENT": (f"{noun} kompletterar ett tidigare intyg.", "Visa det kompletterade intyget"),
        }.get(parent.get("kind"), (f"{noun} är förifyllt från {_type_name(parent) or 'ett annat intyg'}.",
                                   "Visa intyget"))
        rows.append({"kind": f"parent-{str(parent.get('kind')).lower()}", "text": text, "link": link,
                     "id": parent["id"]})
    for child in (c for c in relations.get("children") or [] if _related(c) and c.get("kind") == "RENEW"):
        status = (child.get("status_label") or "").lower()
        rows.append({"kind": "renewed-by", "text": "Intyget har förnyats:", "id": child["id"],
                     "link": f"{_type_name(child) or 'Intyg'}, {status}, skapat {local_time(child.get('created_at'))}"})
    return rows
