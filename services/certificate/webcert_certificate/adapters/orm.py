"""The certificate service's tables (SQLAlchemy Core). Kept in step with migrations/versions by
hand; tests/integration checks that a migrated database has every table and column named here.

A draft's content lives in ``certificate.content`` and nowhere else (no history, no copies in
events), so that "Radera" (§5.2) removes every trace of it with one DELETE."""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from webcert_common.bus import add_messaging_tables

metadata = sa.MetaData()

certificate = sa.Table(
    "certificate", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("certificate_type", sa.String(20), nullable=False),
    sa.Column("type_version", sa.String(10), nullable=False),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.Column("patient_id", sa.String(13), nullable=False, index=True),   # normalised personnummer
    sa.Column("patient", sa.Text(), nullable=False),                      # JSON snapshot from PU
    sa.Column("unit_id", sa.String(64), nullable=False, index=True),
    sa.Column("care_unit_id", sa.String(64), nullable=False, index=True),
    sa.Column("care_provider_id", sa.String(64), nullable=False),
    sa.Column("unit", sa.Text(), nullable=False),
    sa.Column("created_by", sa.Text(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("saved_by", sa.Text(), nullable=True),
    sa.Column("content", sa.Text(), nullable=False),
    sa.Column("forwarded", sa.Boolean(), nullable=False, default=False),
    sa.Column("editor", sa.Text(), nullable=True),
    sa.Column("issuer", sa.Text(), nullable=True),
    sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True, index=True),
    sa.Column("signature", sa.Text(), nullable=True),
    sa.Column("sent_to", sa.String(10), nullable=True),
    sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("copied_from", sa.String(36), nullable=True),
    sa.Column("relation_kind", sa.String(10), nullable=True),          # REPLACE, RENEW, COPY, DERIVE, COMPLEMENT
    sa.Column("parent_id", sa.String(36), nullable=True, index=True),   # the certificate this one came from
    sa.Column("delivery", sa.Text(), nullable=True),                    # JSON: domain.certificate.Delivery
    sa.Column("revocation", sa.Text(), nullable=True),                  # JSON: domain.certificate.Revocation
)

# A certificate's history: what happened, when and by whom -- never content (domain/history.py).
certificate_event = sa.Table(
    "certificate_event", metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("certificate_id", sa.String(36), nullable=False, index=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("by_id", sa.String(64), nullable=True),
    sa.Column("by_name", sa.String(200), nullable=True),
    sa.Column("related_id", sa.String(36), nullable=True),
    sa.Column("detail", sa.String(20), nullable=True),    # the recipient a row names
)

# CERT-2 "Favoritmarkering av intyg": a star per type, per user.
favourite = sa.Table(
    "favourite", metadata,
    sa.Column("user_id", sa.String(64), primary_key=True),
    sa.Column("certificate_type", sa.String(20), primary_key=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

outbox, inbox = add_messaging_tables(metadata)

CERTIFICATE_TABLES = ("certificate", "certificate_event", "favourite")


def utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything stored here is UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
