"""The auth service's first tables: directory, accounts, licences, sessions, outbox/inbox.

Revision ID: 0001_initial
Revises:
"""
import sqlalchemy as sa
from alembic import op
from webcert_common.bus import create_messaging_tables, drop_messaging_tables

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "care_provider",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("standalone", sa.String(16), nullable=False, server_default="allowed"),
    )
    op.create_table(
        "care_unit",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("care_provider_id", sa.String(64), sa.ForeignKey("care_provider.id"), nullable=False),
        sa.Column("parent_id", sa.String(64), sa.ForeignKey("care_unit.id"), nullable=True),
        sa.Column("email", sa.String(200), nullable=True),
        sa.Column("srs_pilot", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "directory_user",
        sa.Column("hsa_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("licensed_professions", sa.JSON(), nullable=False),
        sa.Column("position_codes", sa.JSON(), nullable=False),
        sa.Column("group_prescriber_code", sa.String(16), nullable=True),
        sa.Column("protected_identity", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_hsa_id", sa.String(64), sa.ForeignKey("directory_user.hsa_id"), nullable=False),
        sa.Column("unit_id", sa.String(64), sa.ForeignKey("care_unit.id"), nullable=False),
        sa.Column("purpose", sa.String(100), nullable=False),
        sa.UniqueConstraint("user_hsa_id", "unit_id", "purpose", name="uq_assignment"),
    )
    op.create_table(
        "eleg_account",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("personal_identity_number", sa.String(13), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("care_provider_id", sa.String(64), sa.ForeignKey("care_provider.id"), nullable=False),
        sa.Column("unit_id", sa.String(64), sa.ForeignKey("care_unit.id"), nullable=False),
        sa.Column("email", sa.String(200), nullable=True),
        sa.Column("phone", sa.String(40), nullable=True),
    )
    op.create_table(
        "licence",
        sa.Column("personal_identity_number", sa.String(13), primary_key=True),
        sa.Column("licensed_profession", sa.String(100), nullable=False),
    )
    op.create_table(
        "session",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("unit_id", sa.String(64), nullable=True),
        sa.Column("acknowledgements", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_activity_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("idle_expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("idle_limit_seconds", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.String(16), nullable=True),
    )
    op.create_index("ix_session_open", "session", ["ended_at", "idle_expires_at"])
    create_messaging_tables(op)


def downgrade() -> None:
    drop_messaging_tables(op)
    op.drop_index("ix_session_open", table_name="session")
    for table in ("session", "licence", "eleg_account", "assignment", "directory_user", "care_unit",
                  "care_provider"):
        op.drop_table(table)
