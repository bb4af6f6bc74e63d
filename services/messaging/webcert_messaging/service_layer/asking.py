"""The unit's own question (§7 "Ställ en fråga till Försäkringskassan", "Administrativa frågor"):
its autosaved draft (QA-1) and sending it. Sending asks PU first (PU-3, PU-4: a deceased
patient's certificate may still be asked about, §7.8), then stores the question, forgets the draft
and writes ``question.asked`` for FK's queue adapter and the PDL entry, in one transaction."""
from __future__ import annotations

from webcert_common import pdl
from webcert_common.bus import contracts

from ..domain import access, commands, errors, lifecycle
from ..domain.question import Question, QuestionDraft
from . import views
from .steps import MessagingServices, log_access, reachable_record, require_patient, requester_of


def ask_question(cmd: commands.AskQuestion, deps: MessagingServices) -> dict:
    """"Skriv din fråga i textfältet, välj ämne och klicka på Skicka. När frågan har skickats
    visas den överst i listan med frågor och svar." """
    requester = requester_of(deps, cmd.session_id)
    with deps.uow() as uow:
        record = reachable_record(uow, requester, cmd.certificate_id)
        errors.require(access.decide(requester, access.ASK, record))
    require_patient(deps, requester, record)
    with deps.uow() as uow:
        record = reachable_record(uow, requester, cmd.certificate_id, for_update=True)
        errors.require(access.decide(requester, access.ASK, record))   # again, under the lock
        question = lifecycle.ask(record, id=deps.new_id(), subject=cmd.subject, text=cmd.text,
                                 by=requester.person(), at=deps.clock.now())
        uow.questions.add(question)
        uow.question_drafts.delete(record.id)
        _asked(uow, deps, question)
        log_access(uow, deps, requester, record.patient_id, pdl.WRITE, record.id)
        questions = uow.questions.of_certificate(record.id)
        uow.commit()
    return views.certificate_questions(record, requester, questions, None)


def _asked(uow, deps: MessagingServices, question: Question) -> None:
    uow.add_event(contracts.QUESTION_ASKED, {
        "message_id": deps.new_id(), "question_id": question.id, "certificate_id": question.certificate_id,
        "subject": question.subject, "text": question.text, "sent_at": question.sent_at.isoformat()})


def save_question_draft(cmd: commands.SaveQuestionDraft, deps: MessagingServices) -> dict:
    """QA-1: "All påbörjad ärendekommunikation ... sparas automatiskt" -- on a certificate the unit
    may ask about. A subject left out keeps the one chosen before. Like every autosave: a PDL
    entry, no PU lookup per keystroke."""
    requester = requester_of(deps, cmd.session_id)
    with deps.uow() as uow:
        record = reachable_record(uow, requester, cmd.certificate_id, for_update=True)
        errors.require(access.decide(requester, access.ASK, record))
        draft = uow.question_drafts.get(record.id) or QuestionDraft(record.id)
        subject = cmd.subject if cmd.subject_given else draft.subject
        draft.save(cmd.text, subject, requester.person(), deps.clock.now())
        uow.question_drafts.save(draft)
        log_access(uow, deps, requester, record.patient_id, pdl.WRITE, record.id)
        uow.commit()
    return {"certificate_id": record.id, "question_draft": views.question_draft(draft)}
