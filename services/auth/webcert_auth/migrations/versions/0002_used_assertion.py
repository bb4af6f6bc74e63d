"""Single-use login assertions (replay protection).

Revision ID: 0002_used_assertion
Revises: 0001_initial
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_used_assertion"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "used_assertion",
        sa.Column("assertion_hash", sa.String(64), primary_key=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("used_assertion")
