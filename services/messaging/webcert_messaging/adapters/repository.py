"""Repositories over one open connection (the unit of work's transaction)."""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

import sqlalchemy as sa
from webcert_common.db import from_json, to_json

from ..domain.certificate import CertificateRecord
from ..domain.question import Answer, AnswerDraft, ComplementReference, Handling, Question, QuestionDraft
from . import orm
from .orm import utc

Q = orm.question
R = orm.certificate_record
D = orm.question_draft


def _timed_dump(value) -> str | None:
    """An Answer or AnswerDraft as JSON, its time as ISO 8601."""
    if value is None:
        return None
    return to_json({k: v.isoformat() if isinstance(v, datetime) else v for k, v in asdict(value).items()})


def _answer(text: str | None) -> Answer | None:
    data = from_json(text)
    return None if data is None else Answer(**{**data, "at": datetime.fromisoformat(data["at"])})


def _answer_draft(text: str | None) -> AnswerDraft | None:
    data = from_json(text)
    return None if data is None else AnswerDraft(**{**data, "saved_at": datetime.fromisoformat(data["saved_at"])})


def _question_row(q: Question) -> dict:
    handling = q.handling
    return {
        "id": q.id, "certificate_id": q.certificate_id, "subject": q.subject, "sender": q.sender, "text": q.text,
        "sent_at": q.sent_at, "unit_id": q.unit_id, "care_unit_id": q.care_unit_id, "author": to_json(q.author),
        "complement_references": to_json([asdict(r) for r in q.complement_references]),
        "reminder_of": q.reminder_of, "answer": _timed_dump(q.answer), "answer_draft": _timed_dump(q.answer_draft),
        "handled_how": handling.how if handling else None, "handled_at": handling.at if handling else None,
        "handled_by": to_json(handling.by) if handling else None,
        "handled_related_id": handling.related_id if handling else None, "forwarded": q.forwarded,
    }


def _question(row) -> Question:
    handling = None
    if row.handled_how is not None:
        handling = Handling(row.handled_how, utc(row.handled_at), from_json(row.handled_by), row.handled_related_id)
    return Question(
        id=row.id, certificate_id=row.certificate_id, subject=row.subject, sender=row.sender, text=row.text,
        sent_at=utc(row.sent_at), unit_id=row.unit_id, care_unit_id=row.care_unit_id, author=from_json(row.author),
        complement_references=tuple(ComplementReference(**r) for r in from_json(row.complement_references)),
        reminder_of=row.reminder_of, answer=_answer(row.answer), answer_draft=_answer_draft(row.answer_draft),
        handling=handling, forwarded=bool(row.forwarded),
    )


def _record_row(r: CertificateRecord) -> dict:
    return {"id": r.id, "certificate_type": r.certificate_type, "unit_id": r.unit_id, "care_unit_id": r.care_unit_id,
            "care_provider_id": r.care_provider_id, "signed_at": r.signed_at, "sent_to_fk": r.sent_to_fk,
            "sent_to_fk_at": r.sent_to_fk_at, "revoked": r.revoked, "revoked_at": r.revoked_at,
            "replaced": r.replaced, "complemented_by": r.complemented_by,
            "complement_draft_id": r.complement_draft_id, "patient_id": r.patient_id, "signed_by": r.signed_by}


def _record(row) -> CertificateRecord:
    return CertificateRecord(
        id=row.id, certificate_type=row.certificate_type, unit_id=row.unit_id, care_unit_id=row.care_unit_id,
        care_provider_id=row.care_provider_id, sent_to_fk=bool(row.sent_to_fk), revoked=bool(row.revoked),
        replaced=bool(row.replaced), complemented_by=row.complemented_by,
        complement_draft_id=row.complement_draft_id, signed_at=utc(row.signed_at),
        sent_to_fk_at=utc(row.sent_to_fk_at), revoked_at=utc(row.revoked_at), patient_id=row.patient_id,
        signed_by=row.signed_by)


def _in_scope(scope_id: str):
    """§4.2: a care unit's scope holds its workplaces' questions, a workplace's only its own
    (domain/overview.in_scope)."""
    return sa.or_(Q.c.unit_id == scope_id, Q.c.care_unit_id == scope_id)


class QuestionRepository:
    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def add(self, question: Question) -> None:
        self.conn.execute(Q.insert().values(**_question_row(question)))

    def update(self, question: Question) -> None:
        values = _question_row(question)
        del values["id"]
        self.conn.execute(Q.update().where(Q.c.id == question.id).values(**values))

    def save_all(self, questions) -> None:
        for question in questions:
            self.update(question)

    def get(self, question_id: str) -> Question | None:
        row = self.conn.execute(sa.select(Q).where(Q.c.id == question_id)).one_or_none()
        return None if row is None else _question(row)

    def of_certificate(self, certificate_id: str) -> list[Question]:
        rows = self.conn.execute(sa.select(Q).where(Q.c.certificate_id == certificate_id)
                                 .order_by(Q.c.sent_at, Q.c.id))
        return [_question(r) for r in rows]

    def around_unhandled(self, scope_id: str) -> list[Question]:
        """Every question of each certificate with an unhandled question in the scope: a
        reminder's action depends on the question it reminds of (domain/overview.action_needed)."""
        certificates = (sa.select(Q.c.certificate_id).where(Q.c.handled_how.is_(None))
                        .where(_in_scope(scope_id)).distinct())
        rows = self.conn.execute(sa.select(Q).where(Q.c.certificate_id.in_(certificates))
                                 .order_by(Q.c.sent_at, Q.c.id))
        return [_question(r) for r in rows]

    def unhandled_of_care_units(self, care_unit_ids) -> list[Question]:
        """The unhandled questions of these care units and their workplaces (AUTH-6: the header)."""
        ids = list(set(care_unit_ids))
        if not ids:
            return []
        rows = self.conn.execute(sa.select(Q).where(Q.c.handled_how.is_(None)).where(Q.c.care_unit_id.in_(ids)))
        return [_question(r) for r in rows]


class QuestionDraftRepository:
    """QA-1: the unit's question while it is written, one per certificate."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def get(self, certificate_id: str) -> QuestionDraft | None:
        row = self.conn.execute(sa.select(D).where(D.c.certificate_id == certificate_id)).one_or_none()
        if row is None:
            return None
        return QuestionDraft(row.certificate_id, row.text, row.subject, from_json(row.saved_by), utc(row.saved_at))

    def save(self, draft: QuestionDraft) -> None:
        values = {"subject": draft.subject, "text": draft.text, "saved_by": to_json(draft.saved_by),
                  "saved_at": draft.saved_at}
        updated = self.conn.execute(D.update().where(D.c.certificate_id == draft.certificate_id).values(**values))
        if updated.rowcount == 0:
            self.conn.execute(D.insert().values(certificate_id=draft.certificate_id, **values))

    def delete(self, certificate_id: str) -> None:
        self.conn.execute(D.delete().where(D.c.certificate_id == certificate_id))


class CertificateRecordRepository:
    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def get(self, certificate_id: str, *, for_update: bool = False) -> CertificateRecord | None:
        """``for_update``: the certificate's questions are changed together (one answer handles every
        open complement request), so one change at a time per certificate."""
        query = sa.select(R).where(R.c.id == certificate_id)
        if for_update and self.conn.dialect.name == "sqlite":
            # SQLite has no row locks: a write that changes nothing takes the database's write lock
            # until commit, as FOR UPDATE serialises "check, then act" on PostgreSQL.
            self.conn.execute(R.update().where(R.c.id == certificate_id).values(revoked=R.c.revoked))
        elif for_update:
            query = query.with_for_update()
        row = self.conn.execute(query).one_or_none()
        return None if row is None else _record(row)

    def of(self, certificate_ids) -> dict[str, CertificateRecord]:
        ids = list(set(certificate_ids))
        if not ids:
            return {}
        return {r.id: _record(r) for r in self.conn.execute(sa.select(R).where(R.c.id.in_(ids)))}

    def add(self, record: CertificateRecord) -> None:
        self.conn.execute(R.insert().values(**_record_row(record)))

    def update(self, record: CertificateRecord) -> None:
        values = _record_row(record)
        del values["id"]
        self.conn.execute(R.update().where(R.c.id == record.id).values(**values))
