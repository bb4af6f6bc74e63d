"""The messaging service's first tables: questions with their answers and handling, what it knows
of each certificate from certificate.* events, and the outbox/inbox/delivery_attempt of the bus.

Revision ID: 0001_initial
Revises:
"""
import sqlalchemy as sa
from alembic import op
from webcert_common.bus import (create_delivery_attempt_table, create_messaging_tables,
                                drop_delivery_attempt_table, drop_messaging_tables)

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "question",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("certificate_id", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(20), nullable=False),
        sa.Column("sender", sa.String(10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("unit_id", sa.String(64), nullable=False),
        sa.Column("care_unit_id", sa.String(64), nullable=False),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("complement_references", sa.Text(), nullable=False),
        sa.Column("reminder_of", sa.String(64), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answer_draft", sa.Text(), nullable=True),
        sa.Column("handled_how", sa.String(40), nullable=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handled_by", sa.Text(), nullable=True),
        sa.Column("handled_related_id", sa.String(64), nullable=True),
        sa.Column("forwarded", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_question_certificate_id", "question", ["certificate_id"])
    op.create_index("ix_question_unit_id", "question", ["unit_id"])
    op.create_index("ix_question_care_unit_id", "question", ["care_unit_id"])
    op.create_index("ix_question_handled_how", "question", ["handled_how"])
    op.create_table(
        "certificate_record",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("certificate_type", sa.String(20), nullable=False),
        sa.Column("unit_id", sa.String(64), nullable=False),
        sa.Column("care_unit_id", sa.String(64), nullable=False),
        sa.Column("care_provider_id", sa.String(64), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_to_fk", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("sent_to_fk_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replaced", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("complemented_by", sa.String(64), nullable=True),
        sa.Column("complement_draft_id", sa.String(64), nullable=True),
    )
    create_messaging_tables(op)
    create_delivery_attempt_table(op)


def downgrade() -> None:
    drop_delivery_attempt_table(op)
    drop_messaging_tables(op)
    op.drop_table("certificate_record")
    op.drop_index("ix_question_handled_how", "question")
    op.drop_index("ix_question_care_unit_id", "question")
    op.drop_index("ix_question_unit_id", "question")
    op.drop_index("ix_question_certificate_id", "question")
    op.drop_table("question")
