"""Crash-loop protection for the inbox consumer: the delivery_attempt table
(webcert_common.bus.tables).

Revision ID: 0003
Revises: 0002
"""
from alembic import op
from webcert_common.bus import create_delivery_attempt_table, drop_delivery_attempt_table

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_delivery_attempt_table(op)


def downgrade() -> None:
    drop_delivery_attempt_table(op)
