"""CERT-8 locking and §5.9 copying: a draft's "copied from" link (the status LOCKED needs no column
of its own), and an index for the locking job's search by creation time.

Revision ID: 0002_locking
Revises: 0001_initial
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_locking"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("certificate", sa.Column("copied_from", sa.String(36), nullable=True))
    op.create_index("ix_certificate_status_created_at", "certificate", ["status", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_certificate_status_created_at", "certificate")
    with op.batch_alter_table("certificate") as batch:
        batch.drop_column("copied_from")
