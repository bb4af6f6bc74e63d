"""§7's rules for one question (domain/subjects.py, domain/question.py): the subjects, answering,
the autosaved answer, "Hanterad" by hand and untick, forwarded. Each test is named after the rule
and quotes the manual."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from webcert_messaging.domain import subjects
from webcert_messaging.domain.errors import MessagingRefusal
from webcert_messaging.domain.question import (
    ANSWERED, CONFIRMATION_TEXT, MARKED, MAX_TEXT_LENGTH, REVOKED, ComplementReference, Question, QuestionDraft,
)
from webcert_messaging.domain.subjects import (
    AVSTAMNINGSMOTE, FK, KOMPLETTERING, KONTAKT, OVRIGT, PAMINNELSE, UNIT,
)

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
LATER = NOW + timedelta(hours=2)
INGRID = {"id": "HSA-1", "name": "Ingrid Holm"}


def question(subject=KONTAKT, sender=FK, **changes) -> Question:
    values = dict(id="q1", certificate_id="c1", subject=subject, sender=sender, text="Kan vi ses?", sent_at=NOW,
                  unit_id="VE11-M1", care_unit_id="VE11")
    if subject == KOMPLETTERING:
        values["complement_references"] = (ComplementReference("1.1", "Ange grund för bedömningen."),)
    if subject == PAMINNELSE:
        values["reminder_of"] = "q0"
    values.update(changes)
    return Question(**values)


def refused(reason: str, call, *args, **kwargs) -> MessagingRefusal:
    with pytest.raises(MessagingRefusal) as caught:
        call(*args, **kwargs)
    assert caught.value.reason == reason
    return caught.value


# -- subjects (QA-3) ---------------------------------------------------------------------------------

def test_a_question_always_has_one_of_five_subjects():
    """§7: "En fråga från Försäkringskassan har alltid ett ämne: Avstämningsmöte, Komplettering,
    Kontakt, Övrigt, Påminnelse"."""
    assert [subjects.label(s) for s in subjects.SUBJECTS] == [
        "Avstämningsmöte", "Komplettering", "Kontakt", "Övrigt", "Påminnelse"]


def test_administrative_questions_are_the_subjects_a_unit_may_pick():
    """§7 "Ställ en fråga till Försäkringskassan": "Skriv din fråga i textfältet, välj ämne och
    klicka på Skicka" -- Komplettering and Påminnelse come from FK only."""
    assert subjects.ADMINISTRATIVE == (AVSTAMNINGSMOTE, KONTAKT, OVRIGT)
    assert [o["label"] for o in subjects.as_options()] == ["Avstämningsmöte", "Kontakt", "Övrigt"]
    assert not subjects.is_administrative(KOMPLETTERING) and not subjects.is_administrative(PAMINNELSE)


# -- answering -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("subject", subjects.ADMINISTRATIVE)
def test_answering_marks_the_question_handled(subject):
    """§7 "Svara på fråga från Försäkringskassan": "När svaret har skickats markeras frågan
    automatiskt som Hanterad" (QA-7)."""
    q = question(subject)
    q.give_answer("  Ja, torsdag kl 10.  ", INGRID, LATER)
    assert q.answer.text == "Ja, torsdag kl 10." and q.answer.sender == UNIT and q.answer.by == INGRID
    assert q.is_handled and q.handling.how == ANSWERED and q.handling.at == LATER and q.handling.by == INGRID


def test_a_second_answer_is_refused_and_changes_nothing():
    """Issue 7 "Bad input": "a second answer ... a clear 4xx, and nothing changes"."""
    q = question()
    q.give_answer("Ja.", INGRID, NOW)
    error = refused("ALREADY_ANSWERED", q.give_answer, "Nej.", INGRID, LATER)
    assert error.http_status == 409 and q.answer.text == "Ja."


def test_a_reminder_cannot_be_answered():
    """§7 "Påminnelse från Försäkringskassan": "Frågor med ämne Påminnelse kan inte besvaras" (QA-11)."""
    q = question(PAMINNELSE)
    error = refused("REMINDER_NOT_ANSWERABLE", q.give_answer, "Svar", INGRID, NOW)
    assert error.http_status == 400 and q.answer is None and not q.is_handled
    assert "påminnelse" in error.message.lower()


def test_a_complement_request_is_not_answered_with_a_plain_message():
    """§7 "Svara på kompletteringsbegäran": answered by "Komplettera intyg" (A) or "Kan ej
    komplettera" and its two choices (B, C), never by "Svara"."""
    q = question(KOMPLETTERING)
    refused("COMPLEMENT_NEEDS_CERTIFICATE", q.give_answer, "Här är svaret", INGRID, NOW)
    assert q.answer is None


def test_scenario_c_answers_a_complement_request_with_a_message():
    """Scenario C: "Ingen på vårdenheten kan ansvara för det medicinska innehållet i intyget ...
    svara med ett meddelande. Det kommer inte att skapas ett nytt intyg." """
    q = question(KOMPLETTERING)
    q.give_answer("Intygsutfärdaren har slutat.", INGRID, LATER, no_one_responsible=True)
    assert q.answer.no_one_responsible and q.handling.how == ANSWERED


def test_the_cannot_complement_message_is_for_complement_requests_only():
    """"Kan ej komplettera" is a choice of "Svara på kompletteringsbegäran" only."""
    refused("NOT_A_COMPLEMENT_REQUEST", question(OVRIGT).give_answer, "x", INGRID, NOW, no_one_responsible=True)


def test_the_units_own_question_is_answered_by_fk_not_by_the_unit():
    """§7 "Hantera svar från Försäkringskassan": "När Försäkringskassan svarar på en fråga som
    har ställts i Webcert ..."."""
    refused("ANSWERED_BY_FK", question(sender=UNIT).give_answer, "x", INGRID, NOW)


def test_fks_answer_does_not_handle_the_units_question():
    """§7: "Den som tar emot meddelandet kan titta på svaret och markera frågan som Hanterad." """
    q = question(sender=UNIT, author=INGRID)
    q.receive_answer("Ja, torsdag passar.", LATER)
    assert q.answer.sender == FK and q.answer.by is None and not q.is_handled
    refused("ALREADY_ANSWERED", q.receive_answer, "Igen", LATER)
    refused("NOT_A_UNIT_QUESTION", question().receive_answer, "x", LATER)


def test_fks_answer_after_the_question_was_handled_is_kept_and_reopens_nothing():
    """An answer in FK's queue is never lost: kept on a question ticked by hand or revoked."""
    q = question(sender=UNIT)
    q.mark_handled(INGRID, NOW)
    q.receive_answer("Svar", LATER)
    assert q.answer.text == "Svar" and q.handling.how == MARKED


@pytest.mark.parametrize("text", ["", "   ", None])
def test_an_empty_answer_is_refused(text):
    """A message that is sent has words in it."""
    q = question()
    error = refused("TEXT_REQUIRED", q.give_answer, text, INGRID, NOW)
    assert error.http_status == 422 and not q.is_handled


def test_an_overlong_answer_is_refused():
    refused("TEXT_TOO_LONG", question().give_answer, "x" * (MAX_TEXT_LENGTH + 1), INGRID, NOW)


def test_a_question_ticked_handled_is_not_answered_until_unticked():
    """§7: an administrative question ticked "Hanterad" may be unticked again -- then answered."""
    q = question()
    q.mark_handled(INGRID, NOW)
    assert "Avmarkera" in refused("QUESTION_HANDLED", q.give_answer, "x", INGRID, LATER).message
    q.mark_unhandled()
    q.give_answer("Svar", INGRID, LATER)
    assert q.handling.how == ANSWERED


# -- autosave (QA-1) -------------------------------------------------------------------------------------

def test_an_unfinished_answer_is_saved_and_cleared_when_sent():
    """§7: "All påbörjad ärendekommunikation med Försäkringskassan sparas automatiskt. Du kan
    avbryta och återvända till Webcert senare för att skriva klart meddelandet." """
    q = question()
    q.save_answer_draft("Ja, tor", INGRID, NOW)
    q.save_answer_draft("", INGRID, NOW)          # an emptied field is saved as it is
    q.save_answer_draft("Ja, torsdag", INGRID, LATER)
    assert q.answer_draft.text == "Ja, torsdag" and q.answer_draft.saved_at == LATER and not q.is_handled
    q.give_answer(q.answer_draft.text, INGRID, LATER)
    assert q.answer_draft is None


def test_an_unfinished_question_to_fk_is_saved_with_its_subject():
    """QA-1 "unfinished messages are saved automatically": the unit's question too, subject and all."""
    draft = QuestionDraft(certificate_id="c1")
    draft.save("Vi behöver", None, INGRID, NOW)
    draft.save("Vi behöver ett möte", AVSTAMNINGSMOTE, INGRID, LATER)
    assert (draft.text, draft.subject, draft.saved_at) == ("Vi behöver ett möte", AVSTAMNINGSMOTE, LATER)
    refused("SUBJECT_NOT_FOR_UNIT", draft.save, "x", KOMPLETTERING, INGRID, LATER)
    assert draft.subject == AVSTAMNINGSMOTE


def test_the_cannot_complement_comment_is_saved_too():
    """Scenario B and C: "Kommentera varför ..." -- the comment is part of the communication."""
    q = question(KOMPLETTERING)
    q.save_answer_draft("Patienten har inte", INGRID, NOW)
    assert q.answer_draft.text == "Patienten har inte"


def test_nothing_is_saved_as_an_answer_to_a_reminder_or_an_answered_question():
    refused("REMINDER_NOT_ANSWERABLE", question(PAMINNELSE).save_answer_draft, "x", INGRID, NOW)
    q = question()
    q.give_answer("Ja", INGRID, NOW)
    refused("ALREADY_ANSWERED", q.save_answer_draft, "x", INGRID, NOW)


# -- "Hanterad" by hand (QA-10) ------------------------------------------------------------------------

def test_a_question_handled_outside_webcert_is_ticked_by_hand():
    """§7 "Hantera en fråga utanför Webcert": "Om en fråga hanteras utanför Webcert kan du själv
    markera frågan som Hanterad." """
    q = question()
    q.mark_handled(INGRID, NOW)
    assert q.handling.how == MARKED and q.answer is None
    refused("ALREADY_HANDLED", q.mark_handled, INGRID, LATER)


def test_handled_on_a_complement_request_asks_for_confirmation_first():
    """§7: "För kompletteringsbegäran gäller att vid klick på checkboxen Hanterad ... öppnas en
    informationsruta med upplysning om att detta val inte går att ångra vid ett senare tillfälle." """
    q = question(KOMPLETTERING)
    assert q.needs_confirmation and q.mark_state().allowed
    error = refused("CONFIRMATION_REQUIRED", q.mark_handled, INGRID, NOW)
    assert error.message == CONFIRMATION_TEXT and "inte att ångra" in error.message and not q.is_handled
    q.mark_handled(INGRID, NOW, confirmed=True)
    assert q.handling.how == MARKED


def test_handled_on_a_complement_request_is_irreversible():
    """QA-10: "for Komplettering after an irreversible-confirmation box"."""
    q = question(KOMPLETTERING)
    q.mark_handled(INGRID, NOW, confirmed=True)
    refused("HANDLING_IRREVERSIBLE", q.mark_unhandled)
    assert q.is_handled


@pytest.mark.parametrize("subject", subjects.ADMINISTRATIVE)
def test_handled_on_an_administrative_question_is_reversible(subject):
    """§7: "Vid klick på checkboxen Hanterad, för administrativa frågor, kommer checkboxen att
    ligga kvar och visas ikryssad, en möjlighet finns då att aktivt kryssa ur checkboxen igen." """
    q = question(subject)
    assert not q.needs_confirmation
    q.mark_handled(INGRID, NOW)
    q.mark_unhandled()
    assert not q.is_handled
    refused("NOT_HANDLED", q.mark_unhandled)


def test_a_reminder_ticked_by_hand_stays_handled():
    """A reminder follows its question (QA-11); QA-10 makes only administrative ticks reversible."""
    q = question(PAMINNELSE)
    q.mark_handled(INGRID, NOW)
    assert "påminnelse" in refused("HANDLING_IRREVERSIBLE", q.mark_unhandled).message


def test_untick_undoes_only_a_tick_not_a_sent_answer_or_a_revocation():
    """An answer sent to FK cannot be unsent; a revoked certificate's questions stay handled (§5.10)."""
    answered = question()
    answered.give_answer("Ja", INGRID, NOW)
    assert "svaret skickades" in refused("HANDLING_IRREVERSIBLE", answered.mark_unhandled).message
    revoked = question()
    revoked.settle(REVOKED, NOW, INGRID)
    assert "makulerat" in refused("HANDLING_IRREVERSIBLE", revoked.mark_unhandled).message


def test_the_units_question_answered_by_fk_is_ticked_and_unticked():
    """§7 "Hantera svar från Försäkringskassan": "Titta på svaret och markera kryssrutan Hanterad
    när du är klar"; an administrative question, so reversible."""
    q = question(AVSTAMNINGSMOTE, sender=UNIT)
    q.receive_answer("Torsdag.", NOW)
    q.mark_handled(INGRID, LATER)
    q.mark_unhandled()
    assert not q.is_handled and q.answer.text == "Torsdag."


def test_settle_leaves_a_handled_question_as_it_was():
    q = question()
    q.mark_handled(INGRID, NOW)
    assert q.settle(REVOKED, LATER) is False and q.handling.how == MARKED


# -- forwarded (QA-8) ------------------------------------------------------------------------------------

def test_forwarding_marks_the_question_forwarded_when_the_user_says_yes():
    """§7 "Vidarebefordra ärendekommunikation": "välj om du vill markera frågan/svaret som
    vidarebefordrad genom att klicka på Ja eller Nej. Om du väljer Ja blir ärendet markerat som
    vidarebefordrat i tabellen"."""
    q = question()
    assert q.forwarded is False
    q.set_forwarded(True)
    assert q.forwarded is True and not q.is_handled


def test_last_activity_is_the_latest_of_sent_answered_handled():
    q = question(sender=UNIT)
    assert q.last_activity_at == NOW
    q.receive_answer("Svar", LATER)
    assert q.last_activity_at == LATER
