"""The panel "Ärendekommunikation" beside a certificate (§7, Figur 28–33) in words: plain Python,
no Flask, tested directly.

The messaging service decides everything (the order of the questions, what the user may do with
each: ``actions``); this module only turns its answer into what the templates render -- each
question a card, each complement request's form questions with their headings from the
certificate type's definition and the anchor the framed question has on the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from .certificate_display import local_time
from .certificate_form_model import questions_by_id

# Not the manual's words: what the panel says when the messaging service does not answer, so
# that the certificate still shows.
UNAVAILABLE = ("Ärendekommunikationen kan inte visas just nu eftersom ärendetjänsten inte svarar. "
               "Försök igen om en stund.")
NOTHING_YET = "Det finns inga frågor och svar om intyget."
COMPLEMENT_DRAFT_OPEN = "Det finns ett påbörjat utkast för att komplettera intyget."
# §7 "Vidarebefordra ärendekommunikation": "Observera: Texten i e-postmeddelandet får inte
# tillföras några personuppgifter eller någon medicinsk information som rör patienten." The
# subject names neither patient nor certificate type; the body is the link to the certificate.
FORWARD_SUBJECT = "Ärende i Webcert"
KOMPLETTERING = "KOMPLETTERING"
PAMINNELSE = "PAMINNELSE"
FK = "fk"


def question_anchor(question_id: str) -> str:
    """The id of a form question's place on the certificate's page (the framed question of a
    complement draft, the answer of a signed certificate): "Genom att klicka på inramningen
    scrollas intyget till frågans rubrik"."""
    return "fraga-" + re.sub(r"[^A-Za-z0-9_-]", "_", str(question_id))


def card_anchor(question_id: str) -> str:
    """The id of a question's card in the panel (``?arende=<id>`` from "Ej hanterade ärenden")."""
    return "arende-" + re.sub(r"[^A-Za-z0-9_-]", "_", str(question_id))


def forward_mailto(certificate_url: str) -> str:
    """§7: "Ett nytt e-postmeddelande skapas i din e-postklient, där länken till det berörda
    intyget är ifylld" -- the link and nothing else."""
    return f"mailto:?subject={quote(FORWARD_SUBJECT)}&body={quote(certificate_url, safe='')}"


def allowed(actions, name: str) -> bool:
    decision = (actions or {}).get(name) if isinstance(actions, dict) else None
    return isinstance(decision, dict) and decision.get("allowed") is True


def refusal_message(actions, name: str) -> str | None:
    decision = (actions or {}).get(name) if isinstance(actions, dict) else None
    if isinstance(decision, dict) and decision.get("allowed") is False:
        return decision.get("message") or None
    return None


@dataclass(frozen=True)
class Reference:
    """One form question FK asks about (Figur 30): its heading, where it is, FK's text."""
    question_id: str
    label: str
    anchor: str
    texts: tuple[str, ...]


@dataclass
class QuestionCard:
    id: str
    anchor: str
    subject: str
    subject_label: str
    sender_label: str
    from_fk: bool
    sent_at: str
    text: str
    author: str
    answer: dict | None
    answer_draft: str
    handled: bool
    handling: str
    forwarded: bool
    action_needed: str
    references: list[Reference]
    reminder_of: str | None
    may: dict[str, bool]
    highlighted: bool = False

    @property
    def is_complement_request(self) -> bool:
        return self.subject == KOMPLETTERING

    @property
    def is_reminder(self) -> bool:
        return self.subject == PAMINNELSE

    @property
    def may_decline(self) -> bool:
        """"Kan ej komplettera" is offered when one of its two choices is (Figur 31)."""
        return self.may["NO_FURTHER_INFORMATION"] or self.may["NO_ONE_RESPONSIBLE"]

    @property
    def shows_handled_box(self) -> bool:
        return self.may["MARK_HANDLED"] or self.may["MARK_UNHANDLED"] or self.handled


QUESTION_ACTIONS = ("ANSWER", "COMPLEMENT", "NO_FURTHER_INFORMATION", "NO_ONE_RESPONSIBLE", "MARK_HANDLED",
                    "MARK_UNHANDLED", "FORWARD")


def _name(person) -> str:
    return (person.get("name") if isinstance(person, dict) else None) or ""


def _answer(answer) -> dict | None:
    if not isinstance(answer, dict):
        return None
    sender = "Försäkringskassan" if answer.get("sender") == FK else "Vårdenheten"
    return {"text": answer.get("text") or "", "sender_label": sender, "at": local_time(answer.get("at")),
            "by": _name(answer.get("by"))}


def references(raw, definition: dict | None) -> list[Reference]:
    """A complement request's ``complement_references`` (or a draft's ``open_complement_references``
    ``{question id: [texts]}``) with each form question's heading, in the form's order."""
    grouped: dict[str, list[str]] = {}
    if isinstance(raw, dict):
        for qid, texts in raw.items():
            grouped.setdefault(str(qid), []).extend(t for t in (texts or []) if isinstance(t, str))
    else:
        for ref in raw or []:
            if isinstance(ref, dict) and ref.get("question_id"):
                grouped.setdefault(str(ref["question_id"]), []).append(ref.get("text") or "")
    by_id = questions_by_id(definition or {})
    order = {qid: n for n, qid in enumerate(by_id)}
    found = [Reference(qid, _label(by_id.get(qid), qid), question_anchor(qid), tuple(texts))
             for qid, texts in grouped.items()]
    return sorted(found, key=lambda r: order.get(r.question_id, len(order)))


def _label(question, question_id: str) -> str:
    if isinstance(question, dict):
        return str(question.get("label") or question.get("short_label") or question_id)
    return f"Fråga {question_id}"


def question_card(raw: dict, definition: dict | None, highlight_id: str | None = None) -> QuestionCard:
    actions = raw.get("actions")
    handling = raw.get("handling") if isinstance(raw.get("handling"), dict) else {}
    needed = raw.get("action_needed") if isinstance(raw.get("action_needed"), dict) else {}
    draft = raw.get("answer_draft") if isinstance(raw.get("answer_draft"), dict) else {}
    return QuestionCard(
        id=str(raw.get("id")), anchor=card_anchor(raw.get("id")), subject=str(raw.get("subject") or ""),
        subject_label=raw.get("subject_label") or "", sender_label=raw.get("sender_label") or "",
        from_fk=raw.get("sender") == FK, sent_at=local_time(raw.get("sent_at")), text=raw.get("text") or "",
        author=_name(raw.get("author")), answer=_answer(raw.get("answer")), answer_draft=draft.get("text") or "",
        handled=bool(raw.get("handled")), handling=handling.get("label") or "",
        forwarded=bool(raw.get("forwarded")), action_needed=needed.get("label") or "",
        references=references(raw.get("complement_references"), definition),
        reminder_of=raw.get("reminder_of"), may={name: allowed(actions, name) for name in QUESTION_ACTIONS},
        highlighted=highlight_id is not None and str(raw.get("id")) == highlight_id)


@dataclass
class Panel:
    """What the panel shows; ``error`` instead of the questions when the service did not answer."""
    questions: list[QuestionCard] = field(default_factory=list)
    may_ask: bool = False
    ask_refusal: str | None = None
    subjects: list[dict] = field(default_factory=list)
    question_draft: dict = field(default_factory=dict)
    complement_draft_id: str | None = None
    error: str | None = None
    readonly: bool = False        # on the complement draft: the requests to read beside the form

    @property
    def empty_text(self) -> str:
        return self.ask_refusal or NOTHING_YET


def panel(answer: dict, definition: dict | None, *, highlight_id: str | None = None,
          complement_draft_id: str | None = None, readonly: bool = False) -> Panel:
    """The messaging service's ``GET /certificates/<id>/questions`` as the panel shows it."""
    actions = answer.get("actions")
    draft = answer.get("question_draft") if isinstance(answer.get("question_draft"), dict) else {}
    subjects = [s for s in answer.get("subjects") or [] if isinstance(s, dict) and s.get("code")]
    cards = [question_card(q, definition, highlight_id) for q in answer.get("questions") or [] if isinstance(q, dict)]
    return Panel(questions=cards, may_ask=allowed(actions, "ASK") and not readonly,
                 ask_refusal=refusal_message(actions, "ASK"), subjects=subjects,
                 question_draft={"subject": draft.get("subject") or "", "text": draft.get("text") or ""},
                 complement_draft_id=complement_draft_id if not readonly else None, readonly=readonly)


def failed_panel(message: str) -> Panel:
    return Panel(error=message)


def complement_frames(answer: dict | None, definition: dict | None) -> dict[str, Reference]:
    """A complement draft's framed questions: the original's ``open_complement_references``, each
    with FK's texts ("Frågan som kompletteringen gäller är markerad med en orange ram och
    kompletteringsbegäran från Försäkringskassan syns under frågan")."""
    raw = (answer or {}).get("open_complement_references")
    return {ref.question_id: ref for ref in references(raw if isinstance(raw, dict) else {}, definition)}
