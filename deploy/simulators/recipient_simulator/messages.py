"""Ärendekommunikation as FK's side of it (issue 7, docs/ARCHITECTURE.md "FK's side"), plain Python:
what Webcert sends FK (the unit's questions and answers, ``POST /api/messages``), checked like a
delivery; and FK's own messages to Webcert, built from the operator's form -- a question with one
of the five subjects (§7: "En fråga från Försäkringskassan har alltid ett ämne"), a complement
request naming the form's questions, a reminder of an earlier question, or FK's answer."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from .deliveries import MAX_ID, MAX_TEXT, DeliveryError, _text

QUESTION, ANSWER = "question", "answer"
KINDS = (QUESTION, ANSWER)
KOMPLETTERING, PAMINNELSE = "KOMPLETTERING", "PAMINNELSE"
SUBJECT_LABELS = {             # the manual's order and words
    "AVSTAMNINGSMOTE": "Avstämningsmöte",
    KOMPLETTERING: "Komplettering",
    "KONTAKT": "Kontakt",
    "OVRIGT": "Övrigt",
    PAMINNELSE: "Påminnelse",
}


class MessageError(ValueError):
    """What the operator typed, or Webcert sent, cannot be sent or stored; a Swedish message."""


@dataclass(frozen=True)
class Message:
    """A message between Webcert and FK, either way. ``question_id``: the question itself (a
    question) or the question answered (an answer)."""
    message_id: str
    kind: str
    certificate_id: str
    question_id: str
    subject: str | None
    text: str
    sent_at: str
    body: dict = field(default_factory=dict)        # as sent over the wire
    received_at: str = ""                            # when the simulator stored it (UTC, ISO 8601)
    attempts: int = 1

    @property
    def subject_label(self) -> str:
        return SUBJECT_LABELS.get(self.subject or "", "–")

    def receipt(self) -> dict:
        return {"receipt_id": self.message_id, "received_at": self.received_at}

    def to_json(self) -> dict:
        return {**self.body, "received_at": self.received_at, "attempts": self.attempts}


def parse_from_webcert(body: object) -> Message:
    """``{message_id, kind, certificate_id, question_id, subject|null, text, sent_at}``."""
    if not isinstance(body, dict):
        raise DeliveryError("Begäran ska vara ett JSON-objekt.")
    kind = _text(body, "kind", "", limit=MAX_ID)
    if kind not in KINDS:
        raise DeliveryError("Fältet kind ska vara question eller answer.")
    subject = _text(body, "subject", "", required=kind == QUESTION, limit=MAX_ID)
    if kind == QUESTION and subject not in SUBJECT_LABELS:
        raise DeliveryError(f"Fältet subject ska vara ett av {', '.join(SUBJECT_LABELS)}.")
    return Message(message_id=_text(body, "message_id", "", limit=MAX_ID), kind=kind,
                   certificate_id=_text(body, "certificate_id", "", limit=MAX_ID),
                   question_id=_text(body, "question_id", "", limit=MAX_ID), subject=subject if kind == QUESTION
                   else None, text=_text(body, "text", "", limit=MAX_TEXT),
                   sent_at=_text(body, "sent_at", "", required=False, limit=MAX_ID) or "", body=dict(body))


def _required_text(value: str | None, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise MessageError(message)
    if len(text) > MAX_TEXT:
        raise MessageError(f"Texten får vara högst {MAX_TEXT} tecken.")
    return text


def fk_question(certificate_id: str, form: dict, *, form_questions: dict[str, str], earlier: dict[str, str],
                now: datetime) -> dict:
    """FK's question from the operator's form: ``subject``, ``text``, for Komplettering the ticked
    ``fraga`` ids each with ``text_<id>``, for Påminnelse ``reminder_of`` -- one of ``earlier``
    (FK's questions on this certificate). ``form_questions``: {id: label} of the certificate's type."""
    subject = form.get("subject") or ""
    if subject not in SUBJECT_LABELS:
        raise MessageError("Välj ett ämne.")
    text = _required_text(form.get("text"), "Skriv ett meddelande.")
    body = {"kind": QUESTION, "id": str(uuid.uuid4()), "certificate_id": certificate_id, "subject": subject,
            "text": text, "sent_at": now.isoformat(), "complement_references": [], "reminder_of": None}
    if subject == KOMPLETTERING:
        body["complement_references"] = _references(form, form_questions)
    if subject == PAMINNELSE:
        reminded = form.get("reminder_of") or ""
        if reminded not in earlier:
            raise MessageError("Välj vilken fråga påminnelsen gäller.")
        body["reminder_of"] = reminded
    return body


def _references(form: dict, form_questions: dict[str, str]) -> list[dict]:
    """§7: "Frågan som kompletteringsbegäran avser ... I inramningen finns även Försäkringskassans
    kompletteringsbegäran beskriven i text" -- a text for each question ticked."""
    ticked = [qid for qid in form.get("fraga", []) if qid in form_questions]
    if not ticked:
        raise MessageError("Välj minst en fråga i intyget som ska kompletteras.")
    return [{"question_id": qid, "text": _required_text(
        form.get(f"text_{qid}"), f"Skriv vad som ska kompletteras i frågan {form_questions[qid]}.")}
        for qid in ticked]


def fk_answer(question_id: str, text: str | None, now: datetime) -> dict:
    """FK's answer to the unit's question."""
    return {"kind": ANSWER, "question_id": question_id, "text": _required_text(text, "Skriv ett svar."),
            "sent_at": now.isoformat()}
