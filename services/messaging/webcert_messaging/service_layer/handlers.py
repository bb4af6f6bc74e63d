"""One plain function per command, looked up in HANDLERS (STYLE.md habit 3): what the events
tell (certificates.py) and what the user does (questions.py)."""
from __future__ import annotations

from typing import Callable

from ..domain import commands
from . import certificates, questions
from .steps import MessagingServices

__all__ = ["MessagingServices", "HANDLERS", "handle"]

HANDLERS: dict[type, Callable] = {
    commands.RecordSigned: certificates.record_signed,
    commands.RecordDelivered: certificates.record_delivered,
    commands.RecordRevoked: certificates.record_revoked,
    commands.ListQuestions: questions.list_questions,
    commands.AnswerQuestion: questions.answer_question,
    commands.SetHandled: questions.set_handled,
    commands.ListUnhandled: questions.list_unhandled,
}


def handle(cmd, deps: MessagingServices):
    return HANDLERS[type(cmd)](cmd, deps)
