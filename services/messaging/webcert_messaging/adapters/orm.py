"""The messaging service's tables (SQLAlchemy Core). Kept in step with migrations/versions by
hand; tests/integration checks that a migrated database has every table and column named here.

``question``: one question (ärende) with its answer and how it was handled (§7); the complement
request's references and the people are JSON. ``certificate_record``: what this service has
learnt of a certificate from ``certificate.*`` events (domain/certificate.py), never asked for.
``question_draft``: the unit's autosaved question, one per certificate (QA-1)."""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from webcert_common.bus import add_messaging_tables

metadata = sa.MetaData()

question = sa.Table(
    "question", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("certificate_id", sa.String(64), nullable=False, index=True),
    sa.Column("subject", sa.String(20), nullable=False),
    sa.Column("sender", sa.String(10), nullable=False),                  # fk | unit
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("unit_id", sa.String(64), nullable=False, index=True),       # §4.2: listed per unit or workplace
    sa.Column("care_unit_id", sa.String(64), nullable=False, index=True),
    sa.Column("author", sa.Text(), nullable=True),                       # JSON {id, name}: the unit's question
    sa.Column("complement_references", sa.Text(), nullable=False),       # JSON [{question_id, text}]
    sa.Column("reminder_of", sa.String(64), nullable=True),
    sa.Column("answer", sa.Text(), nullable=True),                       # JSON: domain.question.Answer
    sa.Column("answer_draft", sa.Text(), nullable=True),                 # JSON: domain.question.AnswerDraft (QA-1)
    sa.Column("handled_how", sa.String(40), nullable=True, index=True),   # null: not handled
    sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("handled_by", sa.Text(), nullable=True),                   # JSON {id, name}; null: Webcert itself
    sa.Column("handled_related_id", sa.String(64), nullable=True),
    sa.Column("forwarded", sa.Boolean(), nullable=False, default=False),
)

certificate_record = sa.Table(
    "certificate_record", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("certificate_type", sa.String(20), nullable=False),        # "" until an event names it
    sa.Column("unit_id", sa.String(64), nullable=False),
    sa.Column("care_unit_id", sa.String(64), nullable=False),
    sa.Column("care_provider_id", sa.String(64), nullable=False),
    sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("sent_to_fk", sa.Boolean(), nullable=False, default=False),
    sa.Column("sent_to_fk_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("revoked", sa.Boolean(), nullable=False, default=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("replaced", sa.Boolean(), nullable=False, default=False),
    sa.Column("complemented_by", sa.String(64), nullable=True),
    sa.Column("complement_draft_id", sa.String(64), nullable=True),
    sa.Column("patient_id", sa.String(13), nullable=True),              # certificate.signed v2 (0002)
    sa.Column("signed_by", sa.String(64), nullable=True),               # (0002)
)

# QA-1: the unit's question while it is written, one per certificate (domain.question.QuestionDraft).
question_draft = sa.Table(
    "question_draft", metadata,
    sa.Column("certificate_id", sa.String(64), primary_key=True),
    sa.Column("subject", sa.String(20), nullable=True),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("saved_by", sa.Text(), nullable=True),                     # JSON {id, name}
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=True),
)

outbox, inbox = add_messaging_tables(metadata)

MESSAGING_TABLES = ("question", "certificate_record", "question_draft")


def utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything stored here is UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
