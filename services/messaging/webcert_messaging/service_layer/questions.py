"""The user's operations on questions (§7): read a certificate's questions, answer one, tick or
untick "Hanterad", and the "Ej hanterade ärenden" list (§4.2). Each begins as steps.py says: who
asks, whether the user reaches the certificate, the domain's rule; only then a change, made on
the certificate's questions under its lock and committed in one transaction.

The unit's answer is stored and handles the question here; carrying it to FK is the FK queue
adapter's (the next step), which will take it from this transaction's outbox."""
from __future__ import annotations

from ..domain import access, commands, errors, lifecycle, overview
from ..domain.certificate import CertificateRecord
from . import views
from .steps import MessagingServices, reachable_question, reachable_record, requester_of


def list_questions(cmd: commands.ListQuestions, deps: MessagingServices) -> dict:
    requester = requester_of(deps, cmd.session_id)
    with deps.uow() as uow:
        record = reachable_record(uow, requester, cmd.certificate_id)
        errors.require(access.decide(requester, access.READ, record))
        questions = uow.questions.of_certificate(cmd.certificate_id)
    return views.certificate_questions(record, requester, questions)


def answer_question(cmd: commands.AnswerQuestion, deps: MessagingServices) -> dict:
    """§7 "Svara på fråga från Försäkringskassan": "När svaret har skickats markeras frågan
    automatiskt som Hanterad"; a reminder of it follows (QA-11)."""
    requester = requester_of(deps, cmd.session_id)
    with deps.uow() as uow:
        record, questions = reachable_question(uow, requester, cmd.question_id)
        question = lifecycle.find(questions, cmd.question_id)
        errors.require(access.decide(requester, access.ANSWER, record, question))
        changed = lifecycle.answer(questions, cmd.question_id, cmd.text, requester.person(), deps.clock.now())
        uow.questions.save_all(changed)
        uow.commit()
    return views.certificate_questions(record, requester, questions)


def set_handled(cmd: commands.SetHandled, deps: MessagingServices) -> dict:
    """§7 "Hantera en fråga utanför Webcert" (QA-10): the "Hanterad" tick; on a complement request
    only after the confirmation, and for good; on an administrative question reversible."""
    requester = requester_of(deps, cmd.session_id)
    with deps.uow() as uow:
        record, questions = reachable_question(uow, requester, cmd.question_id)
        question = lifecycle.find(questions, cmd.question_id)
        if cmd.handled:
            errors.require(access.decide(requester, access.MARK_HANDLED, record, question))
            question.mark_handled(requester.person(), deps.clock.now(), confirmed=cmd.confirmed)
        else:
            errors.require(access.decide(requester, access.MARK_UNHANDLED, record, question))
            question.mark_unhandled()
        uow.questions.update(question)
        uow.commit()
    return views.certificate_questions(record, requester, questions)


def list_unhandled(cmd: commands.ListUnhandled, deps: MessagingServices) -> dict:
    """§4.2/§7 "Ej hanterade ärenden" for the unit or workplace the user is logged in on."""
    requester = requester_of(deps, cmd.session_id)
    errors.require(requester.decision(access.MESSAGING))
    scope = requester.unit_id
    with deps.uow() as uow:
        around = uow.questions.around_unhandled(scope)
        records = uow.records.of(q.certificate_id for q in around)
    listed = overview.unhandled(around, scope)
    for question in listed:   # a question always has its certificate's record; never fail the list on one
        records.setdefault(question.certificate_id,
                           CertificateRecord(question.certificate_id, "", question.unit_id, question.care_unit_id))
    return views.unhandled_list(scope, listed, records, requester, around)
