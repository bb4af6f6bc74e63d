"""The user's operations on one certificate's questions (§7): read them, answer one (also scenario C,
"Kan ej komplettera"), autosave an answer, tick or untick "Hanterad", mark one forwarded. Each
begins as steps.py says: who asks, whether the user reaches the certificate, the domain's rule;
then, before a change, what PU says of the patient (PU-3, PU-4); only then the change, made on the
certificate's questions under its lock, decided again there, and committed in one transaction with
its PDL entry and, for an answer, the ``question.answered`` event that FK's queue adapter carries."""
from __future__ import annotations

from typing import Callable

from webcert_common import pdl
from webcert_common.bus import contracts

from ..domain import access, commands, errors, lifecycle
from ..domain.certificate import CertificateRecord
from ..domain.question import Question
from ..domain.requester import Requester
from . import views
from .steps import MessagingServices, log_access, reachable_question, reachable_record, require_patient, requester_of

# change(uow, record, questions, question, requester) -> the questions it changed
Change = Callable[[object, CertificateRecord, list[Question], Question, Requester], list[Question]]


def list_questions(cmd: commands.ListQuestions, deps: MessagingServices) -> dict:
    """The panel beside the certificate, the autosaved question and the framed questions of a
    complement draft. PDL "läsa". No PU lookup: the certificate service reads without one too."""
    requester = requester_of(deps, cmd.session_id)
    with deps.uow() as uow:
        record = reachable_record(uow, requester, cmd.certificate_id)
        errors.require(access.decide(requester, access.READ, record))
        questions = uow.questions.of_certificate(cmd.certificate_id)
        draft = uow.question_drafts.get(cmd.certificate_id)
        log_access(uow, deps, requester, record.patient_id, pdl.READ, record.id)
        uow.commit()
    return views.certificate_questions(record, requester, questions, draft)


def change_question(deps: MessagingServices, session_id: str, question_id: str,
                    action: str | Callable[[Question], str], change: Change, *,
                    ask_pu: bool = True) -> tuple[CertificateRecord, Requester, list[Question], object]:
    """Decide, ask PU (outside the transaction: no row lock held over HTTP), then under the
    certificate's lock decide again (another user may have been first), change, log, commit.
    A refusal anywhere leaves everything as it was. ``action`` may depend on the question."""
    def decide(record: CertificateRecord, question: Question) -> None:
        name = action(question) if callable(action) else action
        errors.require(access.decide(requester, name, record, question))

    requester = requester_of(deps, session_id)
    if ask_pu:
        with deps.uow() as uow:
            record, questions = reachable_question(uow, requester, question_id, for_update=False)
            decide(record, lifecycle.find(questions, question_id))
        require_patient(deps, requester, record)
    with deps.uow() as uow:
        record, questions = reachable_question(uow, requester, question_id)
        question = lifecycle.find(questions, question_id)
        decide(record, question)
        uow.questions.save_all(change(uow, record, questions, question, requester))
        log_access(uow, deps, requester, record.patient_id, pdl.WRITE, record.id)
        draft = uow.question_drafts.get(record.id)
        uow.commit()
    return record, requester, questions, draft


def _panel(deps: MessagingServices, session_id: str, question_id: str, action: str, change: Change) -> dict:
    record, requester, questions, draft = change_question(deps, session_id, question_id, action, change)
    return views.certificate_questions(record, requester, questions, draft)


def _answered(uow, deps: MessagingServices, question: Question) -> None:
    """``question.answered`` v1 for FK's queue adapter, in the answer's transaction."""
    uow.add_event(contracts.QUESTION_ANSWERED, {
        "message_id": deps.new_id(), "question_id": question.id, "certificate_id": question.certificate_id,
        "text": question.answer.text, "sent_at": question.answer.at.isoformat()})


def _answer_with(deps: MessagingServices, text: str, *, no_one_responsible: bool) -> Change:
    def change(uow, _record, questions, question, requester) -> list[Question]:
        changed = lifecycle.answer(questions, question.id, text, requester.person(), deps.clock.now(),
                                   no_one_responsible=no_one_responsible)
        _answered(uow, deps, question)
        return changed
    return change


def answer_question(cmd: commands.AnswerQuestion, deps: MessagingServices) -> dict:
    """§7 "Svara på fråga från Försäkringskassan": "När svaret har skickats markeras frågan
    automatiskt som Hanterad"; a reminder of it follows (QA-11)."""
    return _panel(deps, cmd.session_id, cmd.question_id, access.ANSWER,
                  _answer_with(deps, cmd.text, no_one_responsible=False))


def cannot_complement(cmd: commands.CannotComplement, deps: MessagingServices) -> dict:
    """Scenario C: "Meddelandet skickas som ett svar på kompletteringsbegäran" -- and, as every
    answer sent to FK, it handles every open complement request ("Svara på flera
    kompletteringsbegäran")."""
    return _panel(deps, cmd.session_id, cmd.question_id, access.NO_ONE_RESPONSIBLE,
                  _answer_with(deps, cmd.text, no_one_responsible=True))


def set_handled(cmd: commands.SetHandled, deps: MessagingServices) -> dict:
    """§7 "Hantera en fråga utanför Webcert" (QA-10): the "Hanterad" tick; on a complement request
    only after the confirmation, and for good; on an administrative question reversible."""
    def change(_uow, _record, _questions, question, requester) -> list[Question]:
        if cmd.handled:
            question.mark_handled(requester.person(), deps.clock.now(), confirmed=cmd.confirmed)
        else:
            question.mark_unhandled()
        return [question]

    action = access.MARK_HANDLED if cmd.handled else access.MARK_UNHANDLED
    return _panel(deps, cmd.session_id, cmd.question_id, action, change)


def set_forwarded(cmd: commands.SetForwarded, deps: MessagingServices) -> dict:
    """§7 "Vidarebefordra ärendekommunikation": "Om du väljer Ja blir ärendet markerat som
    vidarebefordrat i tabellen" (SITHS only, QA-8)."""
    def change(_uow, _record, _questions, question, _requester) -> list[Question]:
        question.set_forwarded(cmd.forwarded)
        return [question]

    return _panel(deps, cmd.session_id, cmd.question_id, access.FORWARD, change)


def save_answer_draft(cmd: commands.SaveAnswerDraft, deps: MessagingServices) -> dict:
    """QA-1 autosave of an answer being written (the comment of "Kan ej komplettera" on a complement
    request). Like the certificate service's autosave: a PDL entry, no PU lookup per keystroke."""
    def change(_uow, _record, _questions, question, requester) -> list[Question]:
        question.save_answer_draft(cmd.text, requester.person(), deps.clock.now())
        return [question]

    def action_of(question: Question) -> str:
        return access.NO_ONE_RESPONSIBLE if question.is_complement_request else access.ANSWER

    record, requester, questions, _draft = change_question(deps, cmd.session_id, cmd.question_id, action_of,
                                                           change, ask_pu=False)
    saved = lifecycle.find(questions, cmd.question_id)
    return views.question_view(saved, record, requester, questions)
