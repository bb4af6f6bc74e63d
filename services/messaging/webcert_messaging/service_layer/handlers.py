"""One plain function per command, looked up in HANDLERS (STYLE.md habit 3): what the events
tell (certificates.py) and what the user does (questions.py, asking.py, unhandled.py)."""
from __future__ import annotations

from typing import Callable

from ..domain import commands
from . import asking, certificates, questions, unhandled
from .steps import MessagingServices

__all__ = ["MessagingServices", "HANDLERS", "handle"]

HANDLERS: dict[type, Callable] = {
    commands.RecordSigned: certificates.record_signed,
    commands.RecordDelivered: certificates.record_delivered,
    commands.RecordRevoked: certificates.record_revoked,
    commands.RecordDraftCreated: certificates.record_draft_created,
    commands.RecordDraftDeleted: certificates.record_draft_deleted,
    commands.ListQuestions: questions.list_questions,
    commands.AnswerQuestion: questions.answer_question,
    commands.CannotComplement: questions.cannot_complement,
    commands.SaveAnswerDraft: questions.save_answer_draft,
    commands.SetHandled: questions.set_handled,
    commands.SetForwarded: questions.set_forwarded,
    commands.AskQuestion: asking.ask_question,
    commands.SaveQuestionDraft: asking.save_question_draft,
    commands.ListUnhandled: unhandled.list_unhandled,
    commands.CountUnhandled: unhandled.count_unhandled,
}


def handle(cmd, deps: MessagingServices):
    return HANDLERS[type(cmd)](cmd, deps)
