"""The auth service's tables (SQLAlchemy Core). Kept in step with migrations/versions by
hand; tests/integration checks that a migrated database has every table named here."""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from webcert_common.bus import add_messaging_tables

metadata = sa.MetaData()

care_provider = sa.Table(
    "care_provider", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("standalone", sa.String(16), nullable=False, server_default="allowed"),
)

# A workplace (arbetsplats) is a care_unit row with a parent.
care_unit = sa.Table(
    "care_unit", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("care_provider_id", sa.String(64), sa.ForeignKey("care_provider.id"), nullable=False),
    sa.Column("parent_id", sa.String(64), sa.ForeignKey("care_unit.id"), nullable=True),
    sa.Column("email", sa.String(200), nullable=True),
    sa.Column("srs_pilot", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
)

directory_user = sa.Table(
    "directory_user", metadata,
    sa.Column("hsa_id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("licensed_professions", sa.JSON(), nullable=False),
    sa.Column("position_codes", sa.JSON(), nullable=False),
    sa.Column("group_prescriber_code", sa.String(16), nullable=True),
    sa.Column("protected_identity", sa.Boolean(), nullable=False, server_default=sa.false()),
)

assignment = sa.Table(
    "assignment", metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("user_hsa_id", sa.String(64), sa.ForeignKey("directory_user.hsa_id"), nullable=False),
    sa.Column("unit_id", sa.String(64), sa.ForeignKey("care_unit.id"), nullable=False),
    sa.Column("purpose", sa.String(100), nullable=False),
    sa.UniqueConstraint("user_hsa_id", "unit_id", "purpose", name="uq_assignment"),
)

# Appendix A: the account of a doctor who logs in with e-legitimation. Its practice is a
# care provider with one care unit of its own.
eleg_account = sa.Table(
    "eleg_account", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("personal_identity_number", sa.String(13), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("care_provider_id", sa.String(64), sa.ForeignKey("care_provider.id"), nullable=False),
    sa.Column("unit_id", sa.String(64), sa.ForeignKey("care_unit.id"), nullable=False),
    sa.Column("email", sa.String(200), nullable=True),
    sa.Column("phone", sa.String(40), nullable=True),
)

# The HoSp-like register's answer about a person's licence; no row = no answer yet.
licence = sa.Table(
    "licence", metadata,
    sa.Column("personal_identity_number", sa.String(13), primary_key=True),
    sa.Column("licensed_profession", sa.String(100), nullable=False),
)

# Only a SHA-256 of the session id is stored: a leaked table does not log anyone in.
session = sa.Table(
    "session", metadata,
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
sa.Index("ix_session_open", session.c.ended_at, session.c.idle_expires_at)

# An assertion logs in once: its hash is kept until it could no longer be valid anyway.
used_assertion = sa.Table(
    "used_assertion", metadata,
    sa.Column("assertion_hash", sa.String(64), primary_key=True),
    sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
)

outbox, inbox = add_messaging_tables(metadata)

AUTH_TABLES = ("care_provider", "care_unit", "directory_user", "assignment", "eleg_account", "licence", "session",
               "used_assertion")


def utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything stored here is UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
