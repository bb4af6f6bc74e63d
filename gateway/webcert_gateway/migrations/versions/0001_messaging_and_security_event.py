"""Messaging tables (outbox, inbox) and the append-only security_event table.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""
from alembic import op

from webcert_common.bus import create_messaging_tables, drop_messaging_tables
from webcert_gateway.security_events import security_event_columns

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_APPEND_ONLY = "security_event is append-only"


def upgrade() -> None:
    create_messaging_tables(op)
    op.create_table("security_event", *security_event_columns())
    op.create_index("ix_security_event_user_time", "security_event", ["user_id", "time"])
    # The log is evidence: the database itself refuses to change or remove a row.
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER security_event_no_{action.lower()} BEFORE {action} ON security_event "
                       f"BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END")
    elif dialect == "postgresql":
        op.execute("CREATE FUNCTION security_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
                   f"$$ BEGIN RAISE EXCEPTION '{_APPEND_ONLY}'; END $$")
        op.execute("CREATE TRIGGER security_event_append_only BEFORE UPDATE OR DELETE ON security_event "
                   "FOR EACH ROW EXECUTE FUNCTION security_event_append_only()")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS security_event_append_only ON security_event")
        op.execute("DROP FUNCTION IF EXISTS security_event_append_only()")
    op.drop_index("ix_security_event_user_time", table_name="security_event")
    op.drop_table("security_event")
    drop_messaging_tables(op)
