"""After signing (issue 5): how a certificate came from another (relations, both directions),
its delivery to the recipient and its revocation; the recipient a history row names.

Revision ID: 0004_after_signing
Revises: 0003_history
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_after_signing"
down_revision = "0003_history"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("certificate", sa.Column("relation_kind", sa.String(10), nullable=True))
    op.add_column("certificate", sa.Column("parent_id", sa.String(36), nullable=True))
    op.add_column("certificate", sa.Column("delivery", sa.Text(), nullable=True))
    op.add_column("certificate", sa.Column("revocation", sa.Text(), nullable=True))
    op.create_index("ix_certificate_parent_id", "certificate", ["parent_id"])
    op.add_column("certificate_event", sa.Column("detail", sa.String(20), nullable=True))
    # The copies made before relations were kept are relations too.
    op.execute("UPDATE certificate SET relation_kind = 'COPY', parent_id = copied_from WHERE copied_from IS NOT NULL")


def downgrade() -> None:
    op.drop_column("certificate_event", "detail")
    op.drop_index("ix_certificate_parent_id", "certificate")
    for column in ("revocation", "delivery", "parent_id", "relation_kind"):
        op.drop_column("certificate", column)
