"""The certificate service's first tables: certificates (drafts and signed), favourites, and the
outbox/inbox/delivery_attempt of the bus.

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
        "certificate",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("certificate_type", sa.String(20), nullable=False),
        sa.Column("type_version", sa.String(10), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.String(13), nullable=False),
        sa.Column("patient", sa.Text(), nullable=False),
        sa.Column("unit_id", sa.String(64), nullable=False),
        sa.Column("care_unit_id", sa.String(64), nullable=False),
        sa.Column("care_provider_id", sa.String(64), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.Text(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("forwarded", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("editor", sa.Text(), nullable=True),
        sa.Column("issuer", sa.Text(), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signature", sa.Text(), nullable=True),
        sa.Column("sent_to", sa.String(10), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_certificate_patient_id", "certificate", ["patient_id"])
    op.create_index("ix_certificate_unit_id", "certificate", ["unit_id"])
    op.create_index("ix_certificate_care_unit_id", "certificate", ["care_unit_id"])
    op.create_index("ix_certificate_signed_at", "certificate", ["signed_at"])
    op.create_table(
        "favourite",
        sa.Column("user_id", sa.String(64), primary_key=True),
        sa.Column("certificate_type", sa.String(20), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    create_messaging_tables(op)
    create_delivery_attempt_table(op)


def downgrade() -> None:
    drop_delivery_attempt_table(op)
    drop_messaging_tables(op)
    op.drop_table("favourite")
    op.drop_table("certificate")
