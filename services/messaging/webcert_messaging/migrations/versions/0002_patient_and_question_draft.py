"""certificate.signed v2 (issue 7): the record keeps the patient (PU-3/PU-4 and PDL) and the
signer (the list's filter); the unit's autosaved question (QA-1) gets its table.

Revision ID: 0002_patient_and_question_draft
Revises: 0001_initial
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_patient_and_question_draft"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("certificate_record", sa.Column("patient_id", sa.String(13), nullable=True))
    op.add_column("certificate_record", sa.Column("signed_by", sa.String(64), nullable=True))
    op.create_table(
        "question_draft",
        sa.Column("certificate_id", sa.String(64), primary_key=True),
        sa.Column("subject", sa.String(20), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("saved_by", sa.Text(), nullable=True),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("question_draft")
    with op.batch_alter_table("certificate_record") as batch:   # SQLite drops a column by copying the table
        batch.drop_column("signed_by")
        batch.drop_column("patient_id")
