"""The pu-lookup service's first tables: the register state (one row) and outbox/inbox.

Revision ID: 0001_initial
Revises:
"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op
from webcert_common.bus import create_messaging_tables, drop_messaging_tables

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    state = op.create_table(
        "register_state",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("available", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    # Available until seen otherwise: the probe finds an outage within seconds of the first start.
    op.bulk_insert(state, [{"id": 1, "available": True, "changed_at": datetime.now(timezone.utc)}])
    create_messaging_tables(op)


def downgrade() -> None:
    drop_messaging_tables(op)
    op.drop_table("register_state")
