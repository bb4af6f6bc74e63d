"""The PU lock's one-row table ``pu_state`` (PU-3, §5.8 "Otillgänglig PU-tjänst").

Seeded with "available, nothing heard yet" (changed_at null), so any real fact -- the
worker's status answer at start, or an event -- replaces it. A missing row reads as
locked (fail closed).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""
from alembic import op

from webcert_gateway.pu_state import INITIAL, ROW_ID, pu_state_columns

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table("pu_state", *pu_state_columns())
    op.bulk_insert(table, [{"id": ROW_ID, "available": INITIAL.available, "changed_at": None,
                            "source": INITIAL.source}])


def downgrade() -> None:
    op.drop_table("pu_state")
