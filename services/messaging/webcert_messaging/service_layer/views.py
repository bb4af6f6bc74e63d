"""What the API answers: a question with what the user may do with it (the view offers exactly
what the domain allows, with the reason for what it refuses), one certificate's questions in the
panel's order, and "Ej hanterade ärenden"."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ..domain import access, overview, subjects
from ..domain.certificate import COMPLEMENTED_TEXT, CertificateRecord
from ..domain.question import Answer, AnswerDraft, Handling, Question, QuestionDraft
from ..domain.requester import Requester


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _answer(answer: Answer | None) -> dict | None:
    if answer is None:
        return None
    return {"text": answer.text, "sender": answer.sender, "at": _time(answer.at), "by": answer.by,
            "no_one_responsible": answer.no_one_responsible}


def _draft(draft: AnswerDraft | None) -> dict | None:
    return None if draft is None else {"text": draft.text, "saved_by": draft.saved_by,
                                       "saved_at": _time(draft.saved_at)}


def _handling(handling: Handling | None) -> dict | None:
    if handling is None:
        return None
    return {"how": handling.how, "label": handling.label, "at": _time(handling.at), "by": handling.by,
            "related_id": handling.related_id}


def question_draft(draft: QuestionDraft | None) -> dict | None:
    """The unit's autosaved question (QA-1); None when nothing is being written."""
    if draft is None:
        return None
    return {"subject": draft.subject, "subject_label": subjects.label(draft.subject) if draft.subject else None,
            "text": draft.text, "saved_by": draft.saved_by, "saved_at": _time(draft.saved_at)}


def question_view(question: Question, record: CertificateRecord, requester: Requester,
                  questions: Sequence[Question]) -> dict:
    """``questions``: the certificate's, for a reminder's action (the question it reminds of)."""
    return {
        "id": question.id, "certificate_id": question.certificate_id,
        "certificate_type": record.certificate_type or None,   # the list's "Intyg" column (§4.2 Figur 27)
        "subject": question.subject, "subject_label": subjects.label(question.subject),
        "sender": question.sender, "sender_label": subjects.SENDER_LABELS[question.sender],
        "text": question.text, "sent_at": _time(question.sent_at), "author": question.author,
        "unit_id": question.unit_id, "care_unit_id": question.care_unit_id,
        "complement_references": [{"question_id": r.question_id, "text": r.text}
                                  for r in question.complement_references],
        "reminder_of": question.reminder_of,
        "answer": _answer(question.answer), "answer_draft": _draft(question.answer_draft),
        "handled": question.is_handled, "handled_label": question.handling.label if question.handling else None,
        "handling": _handling(question.handling),
        "needs_confirmation": question.needs_confirmation, "forwarded": question.forwarded,
        "action_needed": overview.action_needed(question, questions).as_dict(),
        "actions": access.question_actions(requester, record, question),
    }


def certificate_questions(record: CertificateRecord, requester: Requester, questions: Sequence[Question],
                          draft: QuestionDraft | None = None) -> dict:
    """The panel beside the certificate (§7 "Titta på en fråga eller ett svar"): latest first; the
    unit's question being written; the framed questions of a complement draft (Figur 30)."""
    return {
        "certificate_id": record.id,
        "sent_to_fk": record.sent_to_fk, "revoked": record.revoked,
        "complemented_by": record.complemented_by,
        "complemented_text": COMPLEMENTED_TEXT if record.complemented_by else None,
        "complement_draft_id": record.complement_draft_id,
        "actions": access.certificate_actions(requester, record),
        "subjects": subjects.as_options(),
        "questions": [question_view(q, record, requester, questions) for q in overview.panel_order(questions)],
        "question_draft": question_draft(draft),
        "open_complement_references": overview.open_complement_references(questions),
    }


def unhandled_list(scope_id: str, listed: Sequence[Question], records: dict[str, CertificateRecord],
                   requester: Requester, around: Sequence[Question], filters: dict | None = None) -> dict:
    """§4.2 "Ej hanterade ärenden": newest activity first, with how many are listed; the workplaces
    of the unit to choose among (none on a workplace), and the filter as applied."""
    by_certificate: dict[str, list[Question]] = {}
    for question in around:
        by_certificate.setdefault(question.certificate_id, []).append(question)
    return {
        "unit_id": scope_id, "count": len(listed),
        "workplaces": [{"id": id_, "name": name} for id_, name in requester.workplaces()],
        "filters": filters or {},
        "questions": [question_view(q, records[q.certificate_id], requester, by_certificate[q.certificate_id])
                      for q in listed],
    }
