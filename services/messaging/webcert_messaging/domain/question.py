"""A question (ärende) on one certificate and its answer (§7): plain Python, no framework.

A question is sent by Försäkringskassan or by the care unit and answered by the other side. The
unit's answer handles the question at once ("När svaret har skickats markeras frågan automatiskt
som Hanterad"); FK's answer to the unit's question waits for the user to tick "Hanterad". A
question is handled once and for all, except an administrative question ticked "Hanterad" by
hand, which may be unticked again (§7 "Hantera en fråga utanför Webcert", QA-10: "for Komplettering
after an irreversible-confirmation box; for administrative questions reversible").

The state rules answer with a ``Decision`` (the view offers what they allow); the methods that
change the question raise the same rule's refusal.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from webcert_common.decision import ALLOWED, Decision

from . import errors
from .subjects import ADMINISTRATIVE, FK, KOMPLETTERING, PAMINNELSE, UNIT

# How a question became handled.
ANSWERED = "answered"            # §7: "När svaret har skickats markeras frågan automatiskt som Hanterad"
MARKED = "marked"                # §7 "Hantera en fråga utanför Webcert": the "Hanterad" tick
COMPLEMENTED = "complemented"    # §7 scenario A/B: the new certificate was signed and sent
RENEWED = "renewed"              # §5.8 "Förnya": the renewing certificate was signed (CERT-11)
REVOKED = "revoked"              # §5.10 "Makulering och ärendekommunikation" (CERT-13)
REMINDED_QUESTION_ANSWERED = "reminded_question_answered"   # §7 "Påminnelse från Försäkringskassan" (QA-11)
HOW_LABELS = {
    ANSWERED: "Besvarad",
    MARKED: "Markerad som hanterad",
    COMPLEMENTED: "Kompletteringsbegäran besvarades med ett nytt intyg",
    RENEWED: "Hanterad när intyget förnyades",
    REVOKED: "Hanterad när intyget makulerades",
    REMINDED_QUESTION_ANSWERED: "Hanterad när frågan som påminnelsen avser besvarades",
}
# What told FK that its question is taken care of. A reminder follows these (QA-11), not a tick by
# hand: the manual says "när du besvarat frågan påminnelsen avser".
ANSWERED_TO_FK = (ANSWERED, COMPLEMENTED, RENEWED)

# Not in the manual: a bound so that one message cannot fill a table or FK's queue.
MAX_TEXT_LENGTH = 4000

REMINDER_NOT_ANSWERABLE = Decision(False, "REMINDER_NOT_ANSWERABLE",
                                   "En påminnelse kan inte besvaras. Svara på frågan som påminnelsen avser.")
ANSWERED_BY_FK = Decision(False, "ANSWERED_BY_FK", "Frågan är ställd av vårdenheten och besvaras av "
                          "Försäkringskassan.")
NOT_A_UNIT_QUESTION = Decision(False, "NOT_A_UNIT_QUESTION", "Bara frågor från vårdenheten besvaras av "
                               "Försäkringskassan.")
ALREADY_ANSWERED = Decision(False, "ALREADY_ANSWERED", "Frågan är redan besvarad.")
QUESTION_HANDLED = Decision(False, "QUESTION_HANDLED", "Ärendet är hanterat och kan inte besvaras.")
MARKED_HANDLED = Decision(False, "QUESTION_HANDLED", "Ärendet är markerat som hanterat. Avmarkera Hanterad om "
                          "du vill svara.")
# §7 "Svara på kompletteringsbegäran": "Komplettera intyg", or "Kan ej komplettera" and its two choices.
COMPLEMENT_NEEDS_CERTIFICATE = Decision(False, "COMPLEMENT_NEEDS_CERTIFICATE", "En kompletteringsbegäran "
                                        "besvaras med Komplettera intyg eller Kan ej komplettera.")
NOT_A_COMPLEMENT_REQUEST = Decision(False, "NOT_A_COMPLEMENT_REQUEST", "Frågan är ingen kompletteringsbegäran.")
ALREADY_HANDLED = Decision(False, "ALREADY_HANDLED", "Ärendet är redan hanterat.")
NOT_HANDLED = Decision(False, "NOT_HANDLED", "Ärendet är inte markerat som hanterat.")
# §7: "För kompletteringsbegäran gäller att vid klick på checkboxen Hanterad ... öppnas en
# informationsruta med upplysning om att detta val inte går att ångra vid ett senare tillfälle."
CONFIRMATION_TEXT = ("Om du markerar kompletteringsbegäran som hanterad går det inte att ångra vid ett senare "
                     "tillfälle. Vill du markera den som hanterad?")
CONFIRMATION_REQUIRED = Decision(False, "CONFIRMATION_REQUIRED", CONFIRMATION_TEXT)
REOPEN_REFUSED = {
    KOMPLETTERING: "En kompletteringsbegäran som markerats som hanterad kan inte avmarkeras.",
    # A reminder follows its question (QA-11); unticked, it could stay open beside an answered question.
    PAMINNELSE: "En påminnelse som markerats som hanterad kan inte avmarkeras.",
    ANSWERED: "Frågan hanterades när svaret skickades och kan inte avmarkeras.",
    COMPLEMENTED: "Kompletteringsbegäran besvarades med ett nytt intyg och kan inte avmarkeras.",
    RENEWED: "Kompletteringsbegäran hanterades när intyget förnyades och kan inte avmarkeras.",
    REVOKED: "Intyget är makulerat. Dess ärenden kan inte avmarkeras.",
    REMINDED_QUESTION_ANSWERED: "Påminnelsen hanterades när frågan den avser besvarades och kan inte avmarkeras.",
}


@dataclass(frozen=True)
class ComplementReference:
    """One question of the form that FK asks to have complemented: framed in the complement draft,
    with FK's text under it (§7 "Svara på kompletteringsbegäran", Figur 30)."""
    question_id: str
    text: str


@dataclass(frozen=True)
class Answer:
    text: str
    sender: str                      # UNIT answers FK's question, FK answers the unit's
    at: datetime
    by: dict | None = None           # {id, name} of the user; None when FK answered
    no_one_responsible: bool = False  # scenario C: "Kan ej komplettera", sent as a message


@dataclass(frozen=True)
class AnswerDraft:
    """QA-1: "All påbörjad ärendekommunikation ... sparas automatiskt"."""
    text: str
    saved_by: dict
    saved_at: datetime


@dataclass(frozen=True)
class Handling:
    how: str
    at: datetime
    by: dict | None = None           # None for what Webcert did itself (a reminder following its question)
    related_id: str | None = None    # the new or renewing certificate; the question that carried the answer

    @property
    def label(self) -> str:
        return HOW_LABELS[self.how]


def check_length(text: str) -> str:
    if len(text) > MAX_TEXT_LENGTH:
        raise errors.MessagingRefusal("TEXT_TOO_LONG", f"Meddelandet får vara högst {MAX_TEXT_LENGTH} tecken.", 422)
    return text


def require_text(text: str | None) -> str:
    """A message that is sent: never empty (an unfinished one is only saved)."""
    text = (text or "").strip()
    if not text:
        raise errors.MessagingRefusal("TEXT_REQUIRED", "Skriv ett meddelande innan du skickar.", 422)
    return check_length(text)


@dataclass
class QuestionDraft:
    """QA-1: the unit's question under "Administrativa frågor" while it is written, saved as it is
    typed, one per certificate: "Du kan avbryta och återvända till Webcert senare för att skriva
    klart meddelandet." Sending it is ``lifecycle.ask``."""
    certificate_id: str
    text: str = ""
    subject: str | None = None
    saved_by: dict | None = None
    saved_at: datetime | None = None

    def save(self, text: str, subject: str | None, by: dict, at: datetime) -> None:
        if subject is not None and subject not in ADMINISTRATIVE:
            raise errors.MessagingRefusal("SUBJECT_NOT_FOR_UNIT", "Välj ämne Avstämningsmöte, Kontakt eller Övrigt.",
                                          422)
        self.text, self.subject, self.saved_by, self.saved_at = check_length(text or ""), subject, by, at


@dataclass
class Question:
    id: str
    certificate_id: str
    subject: str
    sender: str
    text: str
    sent_at: datetime
    unit_id: str = ""                # the certificate's unit (§4.2: the list is per unit or workplace)
    care_unit_id: str = ""
    author: dict | None = None       # {id, name}: who wrote the unit's question
    complement_references: tuple[ComplementReference, ...] = ()
    reminder_of: str | None = None   # the question a Påminnelse reminds of
    answer: Answer | None = None
    answer_draft: AnswerDraft | None = None
    handling: Handling | None = None
    forwarded: bool = False

    @property
    def is_administrative(self) -> bool:
        return self.subject in ADMINISTRATIVE

    @property
    def is_complement_request(self) -> bool:
        return self.subject == KOMPLETTERING

    @property
    def is_reminder(self) -> bool:
        return self.subject == PAMINNELSE

    @property
    def is_handled(self) -> bool:
        return self.handling is not None

    @property
    def is_answered(self) -> bool:
        return self.answer is not None

    @property
    def answered_to_fk(self) -> bool:
        """FK has been told: the unit's answer, or a new or renewing certificate."""
        return self.handling is not None and self.handling.how in ANSWERED_TO_FK

    @property
    def needs_confirmation(self) -> bool:
        """"Hanterad" on a complement request opens the irreversibility box first (QA-10)."""
        return self.is_complement_request

    @property
    def last_activity_at(self) -> datetime:
        return max(t for t in (self.sent_at, self.answer and self.answer.at, self.handling and self.handling.at) if t)

    # -- answering -------------------------------------------------------------------------------
    def answer_state(self, no_one_responsible: bool = False) -> Decision:
        """May the unit answer this question with a message (§7 "Svara på fråga från
        Försäkringskassan"; a complement request only by scenario C)."""
        if self.sender == UNIT:
            return ANSWERED_BY_FK
        if self.is_reminder:     # QA-11: "Frågor med ämne Påminnelse kan inte besvaras"
            return REMINDER_NOT_ANSWERABLE
        if self.is_answered:
            return ALREADY_ANSWERED
        if self.is_handled:
            return MARKED_HANDLED if self.handling.how == MARKED and self.is_administrative else QUESTION_HANDLED
        if self.is_complement_request and not no_one_responsible:
            return COMPLEMENT_NEEDS_CERTIFICATE
        if no_one_responsible and not self.is_complement_request:
            return NOT_A_COMPLEMENT_REQUEST
        return ALLOWED

    def save_answer_draft(self, text: str, by: dict, at: datetime) -> None:
        """Autosave of an answer being written: the administrative answer, or the comment of
        "Kan ej komplettera" (scenario B or C) on a complement request."""
        errors.require(self.answer_state(no_one_responsible=self.is_complement_request))
        self.answer_draft = AnswerDraft(text=check_length(text or ""), saved_by=by, saved_at=at)

    def give_answer(self, text: str, by: dict, at: datetime, *, no_one_responsible: bool = False) -> None:
        """The unit's answer; it handles the question. On a complement request only scenario C
        ("Ingen på vårdenheten kan ansvara för det medicinska innehållet i intyget")."""
        errors.require(self.answer_state(no_one_responsible))
        self.answer = Answer(text=require_text(text), sender=UNIT, at=at, by=by,
                             no_one_responsible=no_one_responsible)
        self.answer_draft = None
        self.handling = Handling(ANSWERED, at, by)

    def receive_answer(self, text: str, at: datetime) -> None:
        """FK's answer to the unit's question (§7 "Hantera svar från Försäkringskassan"): "Den som
        tar emot meddelandet kan titta på svaret och markera frågan som Hanterad" -- not handled
        by itself. An answer arriving after the question was handled is kept; nothing reopens."""
        if self.sender != UNIT:
            errors.require(NOT_A_UNIT_QUESTION)
        if self.is_answered:
            errors.require(ALREADY_ANSWERED)
        self.answer = Answer(text=require_text(text), sender=FK, at=at)

    # -- handled by hand ---------------------------------------------------------------------------
    def mark_state(self) -> Decision:
        return ALREADY_HANDLED if self.is_handled else ALLOWED

    def mark_handled(self, by: dict, at: datetime, *, confirmed: bool = False) -> None:
        errors.require(self.mark_state())
        if self.needs_confirmation and not confirmed:
            errors.require(CONFIRMATION_REQUIRED)
        self.handling = Handling(MARKED, at, by)

    def unmark_state(self) -> Decision:
        """§7: "Vid klick på checkboxen Hanterad, för administrativa frågor, kommer checkboxen att
        ligga kvar och visas ikryssad, en möjlighet finns då att aktivt kryssa ur checkboxen igen."
        Only the tick itself is undone; an answer sent or a certificate signed stays done."""
        if not self.is_handled:
            return NOT_HANDLED
        if self.handling.how != MARKED:
            return Decision(False, "HANDLING_IRREVERSIBLE", REOPEN_REFUSED[self.handling.how])
        if not self.is_administrative:
            return Decision(False, "HANDLING_IRREVERSIBLE", REOPEN_REFUSED[self.subject])
        return ALLOWED

    def mark_unhandled(self) -> None:
        errors.require(self.unmark_state())
        self.handling = None

    # -- handled by what happened elsewhere --------------------------------------------------------
    def settle(self, how: str, at: datetime, by: dict | None = None, related_id: str | None = None) -> bool:
        """Handle the question because of something else (a new certificate, a renewal, a
        revocation, the reminded question answered). A handled question stays as it was."""
        if self.is_handled:
            return False
        self.handling = Handling(how, at, by, related_id)
        return True

    # -- forwarded ---------------------------------------------------------------------------------
    def set_forwarded(self, forwarded: bool) -> None:
        """§7 "Vidarebefordra ärendekommunikation": "Om du väljer Ja blir ärendet markerat som
        vidarebefordrat i tabellen"."""
        self.forwarded = bool(forwarded)
