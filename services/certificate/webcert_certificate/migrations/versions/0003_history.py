"""A certificate's history (domain/history.py): one row per fact, no content.

Revision ID: 0003_history
Revises: 0002_locking
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_history"
down_revision = "0002_locking"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificate_event",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("certificate_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_id", sa.String(64), nullable=True),
        sa.Column("by_name", sa.String(200), nullable=True),
        sa.Column("related_id", sa.String(36), nullable=True),
    )
    op.create_index("ix_certificate_event_certificate_id", "certificate_event", ["certificate_id"])


def downgrade() -> None:
    op.drop_index("ix_certificate_event_certificate_id", "certificate_event")
    op.drop_table("certificate_event")
