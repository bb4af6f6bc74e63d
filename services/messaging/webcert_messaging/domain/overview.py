"""What the lists show: §4.2/§7 "Ej hanterade ärenden" (which questions, their count, the filter,
the action each needs before it counts as handled), the order beside the certificate (§7 "Titta
på en fråga eller ett svar") and the framed questions of a complement draft."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from .question import Question
from .subjects import UNIT


@dataclass(frozen=True)
class ActionNeeded:
    """§7 "Se lista över ärendekommunikation": "Se vilken åtgärd som behövs för att ärendet ska
    anses som hanterat och avslutat. Beroende på avsändare och ämne på frågan krävs olika åtgärder." """
    code: str
    label: str

    def as_dict(self) -> dict:
        return {"code": self.code, "label": self.label}


ANSWER = ActionNeeded("ANSWER", "Svara")
COMPLEMENT = ActionNeeded("COMPLEMENT", "Komplettera")
AWAIT_ANSWER = ActionNeeded("AWAIT_ANSWER", "Invänta svar från Försäkringskassan")
MARK_HANDLED = ActionNeeded("MARK_HANDLED", "Markera som hanterad")
ANSWER_REMINDED = ActionNeeded("ANSWER_REMINDED", "Svara på frågan som påminnelsen avser")
COMPLEMENT_REMINDED = ActionNeeded("COMPLEMENT_REMINDED", "Komplettera enligt kompletteringsbegäran som "
                                   "påminnelsen avser")
NONE = ActionNeeded("NONE", "Ingen åtgärd")
ACTIONS = (ANSWER, COMPLEMENT, AWAIT_ANSWER, MARK_HANDLED, ANSWER_REMINDED, COMPLEMENT_REMINDED, NONE)


def action_needed(question: Question, questions: Iterable[Question] = ()) -> ActionNeeded:
    """By sender and subject: FK's administrative question is answered, its complement request
    complemented; the unit's question waits for FK's answer and is then ticked "Hanterad"
    ("Hantera svar från Försäkringskassan"); a reminder is closed by its question (QA-11)."""
    if question.is_handled:
        return NONE
    if question.sender == UNIT:
        return MARK_HANDLED if question.is_answered else AWAIT_ANSWER
    if question.is_reminder:
        reminded = next((q for q in questions if q.id == question.reminder_of), None)
        if reminded is None or reminded.is_handled:   # its question was ticked by hand: tick this one too
            return MARK_HANDLED
        return COMPLEMENT_REMINDED if reminded.is_complement_request else ANSWER_REMINDED
    return COMPLEMENT if question.is_complement_request else ANSWER


def in_scope(question: Question, scope_id: str) -> bool:
    """§7: "välja om du vill se ärenden för hela vårdenheten eller för en specifik arbetsplats":
    a care unit's scope holds its workplaces' questions, a workplace's only its own."""
    return scope_id in (question.unit_id, question.care_unit_id)


@dataclass(frozen=True)
class Filter:
    """The list's search filter (QA-4); ``None`` leaves a criterion out."""
    sender: str | None = None
    forwarded: bool | None = None
    subject: str | None = None
    action: str | None = None         # an ActionNeeded code
    sent_from: datetime | None = None
    sent_to: datetime | None = None

    def matches(self, question: Question, action: ActionNeeded) -> bool:
        return ((self.sender is None or question.sender == self.sender)
                and (self.subject is None or question.subject == self.subject)
                and (self.forwarded is None or question.forwarded == self.forwarded)
                and (self.action is None or action.code == self.action)
                and (self.sent_from is None or question.sent_at >= self.sent_from)
                and (self.sent_to is None or question.sent_at <= self.sent_to))


def unhandled(questions: Sequence[Question], scope_id: str, search: Filter = Filter()) -> list[Question]:
    """§7: "Under fliken Ej hanterade ärenden listas alla ej hanterade ärenden för den vårdenhet
    eller arbetsplats du är inloggad på" -- newest activity first."""
    listed = [q for q in questions if not q.is_handled and in_scope(q, scope_id)
              and search.matches(q, action_needed(q, questions))]
    return sorted(listed, key=lambda q: q.last_activity_at, reverse=True)


def unhandled_count(questions: Sequence[Question], scope_id: str) -> int:
    """QA-2: "Intill fliken Ej hanterade ärenden visas antalet ej hanterade ärenden för den
    vårdenhet eller arbetsplats som du är inloggad på" -- the unfiltered list's length."""
    return len(unhandled(questions, scope_id))


def counts_by_care_unit(questions: Iterable[Question]) -> dict[str, int]:
    """AUTH-6: the header's "antalet ej hanterade ärenden för de andra vårdenheterna"."""
    return dict(Counter(q.care_unit_id for q in questions if not q.is_handled))


def panel_order(questions: Iterable[Question]) -> list[Question]:
    """Beside the certificate the latest comes first: "När frågan har skickats visas den överst",
    "Då frågan är markerad som Hanterad visas frågan och det tillhörande svaret överst", "När
    kompletteringsbegäran har hanterats visas den överst i det ursprungliga intyget"."""
    return sorted(questions, key=lambda q: q.last_activity_at, reverse=True)


def open_complement_references(questions: Iterable[Question]) -> dict[str, list[str]]:
    """The complement draft frames each question FK asks about, with FK's text under it (§7
    scenario A: "Frågan som kompletteringen gäller är markerad med en orange ram och
    kompletteringsbegäran från Försäkringskassan syns under frågan"); several open requests may
    name the same question ("Svara på flera kompletteringsbegäran")."""
    framed: dict[str, list[str]] = {}
    for question in sorted(questions, key=lambda q: q.sent_at):
        if question.is_complement_request and not question.is_handled:
            for reference in question.complement_references:
                framed.setdefault(reference.question_id, []).append(reference.text)
    return framed
