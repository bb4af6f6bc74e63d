"""The rules of §7 that concern all the questions of one certificate: plain functions over the
certificate's questions, each returning the questions it changed (for the unit of work to save
and the events to name). The questions passed in are those of one certificate."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from . import errors
from .certificate import CertificateRecord
from .question import (
    ANSWERED, COMPLEMENTED, REMINDED_QUESTION_ANSWERED, RENEWED, REVOKED, ComplementReference, Question,
    require_text,
)
from .subjects import ADMINISTRATIVE, FK, KOMPLETTERING, PAMINNELSE, SUBJECTS, UNIT


def find(questions: Iterable[Question], question_id: str) -> Question:
    for question in questions:
        if question.id == question_id:
            return question
    raise errors.not_found()


def receive_from_fk(record: CertificateRecord, questions: Sequence[Question], *, id: str, subject: str, text: str,
                    sent_at: datetime, references: Sequence[ComplementReference] = (),
                    reminder_of: str | None = None, form_question_ids: Iterable[str] | None = None) -> Question:
    """A question from FK's queue adapter. QA-1: only on a certificate signed and sent to FK;
    a complement request names the form's questions with FK's text for each; a reminder names
    an earlier question from FK on the same certificate. Anything else is refused whole."""
    if subject not in SUBJECTS:
        raise errors.unknown_subject(subject)
    errors.require(record.messaging_state())
    _check_references(subject, references, form_question_ids)
    _check_reminder(subject, reminder_of, questions)
    question = Question(id=id, certificate_id=record.id, subject=subject, sender=FK, text=require_text(text),
                        sent_at=sent_at, unit_id=record.unit_id, care_unit_id=record.care_unit_id,
                        complement_references=tuple(references), reminder_of=reminder_of)
    settle_reminders([*questions, question])   # reminding of a question already answered
    return question


def ask(record: CertificateRecord, *, id: str, subject: str, text: str, by: dict, at: datetime) -> Question:
    """§7 "Ställ en fråga till Försäkringskassan": "Skriv din fråga i textfältet, välj ämne och
    klicka på Skicka" -- an administrative subject; Komplettering and Påminnelse are FK's."""
    if subject not in SUBJECTS:
        raise errors.unknown_subject(subject)
    if subject not in ADMINISTRATIVE:
        raise errors.MessagingRefusal("SUBJECT_NOT_FOR_UNIT", "Välj ämne Avstämningsmöte, Kontakt eller Övrigt.", 422)
    errors.require(record.messaging_state())
    return Question(id=id, certificate_id=record.id, subject=subject, sender=UNIT, text=require_text(text),
                    sent_at=at, unit_id=record.unit_id, care_unit_id=record.care_unit_id, author=by)


def answer(questions: Sequence[Question], question_id: str, text: str, by: dict, at: datetime, *,
           no_one_responsible: bool = False) -> list[Question]:
    """The unit answers with a message. §7 "Svara på flera kompletteringsbegäran": "Alla
    kompletteringsbegäran markeras som hanterade när ett svar skickats till Försäkringskassan,
    oavsett om det svarades med ett nytt intyg eller ett meddelande" (scenario C)."""
    question = find(questions, question_id)
    question.give_answer(text, by, at, no_one_responsible=no_one_responsible)
    changed = [question]
    if question.is_complement_request:
        changed += _settle_open(questions, KOMPLETTERING, ANSWERED, at, by, related_id=question.id)
    return changed + settle_reminders(questions)


def complemented_with_new_certificate(questions: Sequence[Question], new_certificate_id: str, by: dict | None,
                                      at: datetime) -> list[Question]:
    """Scenario A or B: the new certificate was signed and sent. §7 "Avklarad
    kompletteringsbegäran": "När intyget eller meddelandet har skickats markeras frågan
    automatiskt som Hanterad" -- every open complement request on the certificate."""
    changed = _settle_open(questions, KOMPLETTERING, COMPLEMENTED, at, by, related_id=new_certificate_id)
    return changed + settle_reminders(questions)


def renewal_signed(questions: Sequence[Question], renewal_id: str, by: dict | None, at: datetime) -> list[Question]:
    """§5.8 "Förnya intyg" (CERT-11): "När det förnyande intyget signerats markeras eventuell
    kompletteringsbegäran automatiskt som hanterad på ursprungsintyget. Eventuell administrativ
    ärendekommunikation förblir obesvarad." """
    changed = _settle_open(questions, KOMPLETTERING, RENEWED, at, by, related_id=renewal_id)
    return changed + settle_reminders(questions)


def certificate_revoked(questions: Sequence[Question], by: dict | None, at: datetime) -> list[Question]:
    """§5.10 "Makulering och ärendekommunikation" (CERT-13): "Om det finns obesvarad
    ärendekommunikation kopplad till intyget markeras de som hanterade när intyget makuleras." """
    return [q for q in questions if q.settle(REVOKED, at, by)]


def settle_reminders(questions: Sequence[Question]) -> list[Question]:
    """QA-11: "när du besvarat frågan påminnelsen avser kommer påminnelsen automatiskt markeras
    som Hanterad" -- at the time the question was answered, by Webcert itself."""
    by_id = {q.id: q for q in questions}
    changed = []
    for reminder in questions:
        reminded = by_id.get(reminder.reminder_of or "")
        if reminder.is_reminder and reminded is not None and reminded.answered_to_fk:
            if reminder.settle(REMINDED_QUESTION_ANSWERED, reminded.handling.at, None, related_id=reminded.id):
                changed.append(reminder)
    return changed


def _settle_open(questions: Sequence[Question], subject: str, how: str, at: datetime, by: dict | None,
                 related_id: str | None) -> list[Question]:
    return [q for q in questions if q.subject == subject and q.settle(how, at, by, related_id)]


def _check_references(subject: str, references: Sequence[ComplementReference],
                      form_question_ids: Iterable[str] | None) -> None:
    def invalid(message: str) -> errors.MessagingRefusal:
        return errors.MessagingRefusal("INVALID_COMPLEMENT_REFERENCES", message, 400)

    if subject != KOMPLETTERING:
        if references:
            raise invalid("Bara en kompletteringsbegäran hänvisar till intygets frågor.")
        return
    # §7: "Frågan som kompletteringsbegäran avser är inramad och motsvarar frågans rubrik i intyget".
    if not references:
        raise invalid("En kompletteringsbegäran måste ange minst en av intygets frågor.")
    known = set(form_question_ids) if form_question_ids is not None else None
    for reference in references:
        if known is not None and reference.question_id not in known:
            raise invalid(f"Intyget har ingen fråga {reference.question_id}.")
        if not reference.text.strip():
            raise invalid(f"Kompletteringsbegäran saknar text för fråga {reference.question_id}.")


def _check_reminder(subject: str, reminder_of: str | None, questions: Sequence[Question]) -> None:
    def invalid(message: str) -> errors.MessagingRefusal:
        return errors.MessagingRefusal("INVALID_REMINDER", message, 400)

    if subject != PAMINNELSE:
        if reminder_of is not None:
            raise invalid("Bara en påminnelse hänvisar till en tidigare fråga.")
        return
    reminded = next((q for q in questions if q.id == reminder_of), None)
    if reminded is None:
        raise invalid("Påminnelsen avser en fråga som inte finns på intyget.")
    if reminded.sender != FK or reminded.is_reminder:
        raise invalid("En påminnelse avser en fråga som Försäkringskassan har ställt.")
