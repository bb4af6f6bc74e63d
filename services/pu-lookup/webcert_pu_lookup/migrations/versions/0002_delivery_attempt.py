"""Crash-loop protection for the inbox consumer: the delivery_attempt table
(webcert_common.bus.tables).

Revision ID: 0002_delivery_attempt
Revises: 0001_initial
"""
from alembic import op
from webcert_common.bus import create_delivery_attempt_table, drop_delivery_attempt_table

revision = "0002_delivery_attempt"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_delivery_attempt_table(op)


def downgrade() -> None:
    drop_delivery_attempt_table(op)
