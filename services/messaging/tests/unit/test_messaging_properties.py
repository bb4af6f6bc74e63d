"""Properties of §7's rules over any sequence of what users, FK and the certificate service do to
one certificate's questions: handled stays handled except an administrative tick undone, a refusal
changes nothing, an answer is given once, reminders follow their questions, revoking closes all."""
from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from webcert_messaging.domain import lifecycle
from webcert_messaging.domain.certificate import CertificateRecord
from webcert_messaging.domain.errors import MessagingRefusal
from webcert_messaging.domain.question import MARKED, ComplementReference
from webcert_messaging.domain.subjects import ADMINISTRATIVE, FK, KOMPLETTERING, PAMINNELSE, SUBJECTS

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
INGRID = {"id": "HSA-1", "name": "Ingrid Holm"}
SENT = CertificateRecord(id="c1", certificate_type="FK7804", unit_id="VE11-M1", care_unit_id="VE11",
                         sent_to_fk=True)
OPERATIONS = ("answer", "answer_no_one_responsible", "fk_answers", "mark", "mark_confirmed", "unmark", "forward",
              "complemented", "renewed")

questions_plan = st.lists(st.tuples(st.sampled_from(SUBJECTS), st.booleans()), min_size=1, max_size=6)
steps = st.lists(st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 5)), max_size=25)


def build(plan) -> list:
    """FK's questions (a reminder of the latest earlier FK question) and the unit's own."""
    questions = []
    for index, (subject, from_unit) in enumerate(plan):
        id = f"q{index}"
        if from_unit and subject in ADMINISTRATIVE:
            questions.append(lifecycle.ask(SENT, id=id, subject=subject, text="Fråga", by=INGRID, at=NOW))
            continue
        reminded = [q.id for q in questions if q.sender == FK and not q.is_reminder]
        if subject == PAMINNELSE and not reminded:
            continue
        refs = (ComplementReference("1.1", "Förtydliga."),) if subject == KOMPLETTERING else ()
        questions.append(lifecycle.receive_from_fk(
            SENT, questions, id=id, subject=subject, text="Fråga", sent_at=NOW + timedelta(minutes=index),
            references=refs, reminder_of=reminded[-1] if subject == PAMINNELSE else None))
    return questions


def apply(questions, operation: str, index: int, at: datetime) -> None:
    q = questions[index % len(questions)]
    if operation == "answer":
        lifecycle.answer(questions, q.id, "Svar", INGRID, at)
    elif operation == "answer_no_one_responsible":
        lifecycle.answer(questions, q.id, "Ingen kan ansvara", INGRID, at, no_one_responsible=True)
    elif operation == "fk_answers":
        q.receive_answer("FK:s svar", at)
    elif operation in ("mark", "mark_confirmed"):
        q.mark_handled(INGRID, at, confirmed=operation == "mark_confirmed")
    elif operation == "unmark":
        q.mark_unhandled()
    elif operation == "forward":
        q.set_forwarded(True)
    elif operation == "complemented":
        lifecycle.complemented_with_new_certificate(questions, "c2", INGRID, at)
    elif operation == "renewed":
        lifecycle.renewal_signed(questions, "c3", INGRID, at)


def check_step(before, after, operation: str) -> None:
    for old, new in zip(before, after):
        if old.is_handled and not new.is_handled:
            # The only way back: an untick of an administrative question ticked by hand (QA-10).
            assert operation == "unmark" and old.handling.how == MARKED and old.is_administrative
        if old.answer is not None:
            assert new.answer == old.answer          # an answer is given once
        assert not (new.is_reminder and new.answer is not None)   # QA-11: never answered
        if old.forwarded:
            assert new.forwarded


def check_reminders(questions) -> None:
    by_id = {q.id: q for q in questions}
    for q in questions:
        if q.is_reminder and by_id[q.reminder_of].answered_to_fk:
            assert q.is_handled                     # QA-11


@settings(max_examples=300, deadline=None)
@given(plan=questions_plan, script=steps)
def test_handled_questions_reopen_only_by_an_untick_of_an_administrative_question(plan, script):
    questions = build(plan)
    if not questions:
        return
    for minute, (operation, index) in enumerate(script, start=60):
        before = copy.deepcopy(questions)
        try:
            apply(questions, operation, index, NOW + timedelta(minutes=minute))
        except MessagingRefusal:
            assert questions == before                # a refusal changes nothing
            continue
        check_step(before, questions, operation)
        check_reminders(questions)


@settings(max_examples=200, deadline=None)
@given(plan=questions_plan, script=steps)
def test_revoking_leaves_no_question_open_whatever_came_before(plan, script):
    questions = build(plan)
    if not questions:
        return
    for minute, (operation, index) in enumerate(script, start=60):
        try:
            apply(questions, operation, index, NOW + timedelta(minutes=minute))
        except MessagingRefusal:
            pass
    lifecycle.certificate_revoked(questions, INGRID, NOW + timedelta(days=1))
    assert all(q.is_handled for q in questions)
    assert not any(q.unmark_state().allowed for q in questions if q.handling.how != MARKED)


@settings(max_examples=200, deadline=None)
@given(plan=questions_plan)
def test_only_administrative_questions_can_be_unticked(plan):
    """QA-10: "Hanterad" on a complement request is irreversible; on administrative questions
    reversible. A reminder follows its question and is not unticked either."""
    for q in build(plan):
        q.mark_handled(INGRID, NOW, confirmed=True)
        assert q.unmark_state().allowed == q.is_administrative
