"""far pages sorted by status, RAG or school read by key from an index

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-02 01:50:00

The actions table reads its pages by key (keyset paging, 0012). Sorted by status or RAG the
list orders by a CASE (statuses in the order users know, not yet rated after green), which no
index served, so a far page sorted all 100,000 actions (~150 ms). ``ix_action_status_rank`` and
``ix_action_rag_rank`` index that very expression (``store/sort_order.py`` writes the query's
CASE with the same literal values). Sorted by school: ``ix_school_name_order`` (unique, as it
ends in the id) walks the schools by name and ``ix_action_school_id_order`` each school's
actions by id (~160 ms a far page before, ~4 ms after; docs/benchmark.md).

Existing data: nothing in the record changes; the indexes are built from the existing rows
during the upgrade. Downgrade drops them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0012"  # the lead re-chains at merge
branch_labels = None
depends_on = None

# The ranks exactly as store/sort_order.py writes them today (frozen here: a later change to
# that module needs a migration of its own).
STATUS_RANK = (
    "(CASE status WHEN 'planned' THEN 0 WHEN 'in_progress' THEN 1 WHEN 'completed' THEN 2 "
    "WHEN 'on_hold' THEN 3 WHEN 'cancelled' THEN 4 END)"
)
RAG_RANK = "(CASE rag WHEN 'red' THEN 0 WHEN 'amber' THEN 1 WHEN 'green' THEN 2 ELSE 3 END)"
ACTION_INDEXES: dict[str, list[str | sa.TextClause]] = {
    "ix_action_status_rank": ["archived", sa.text(STATUS_RANK), "id"],
    "ix_action_rag_rank": ["archived", sa.text(RAG_RANK), "id"],
    "ix_action_school_id_order": ["school_id", "archived", "id"],
}


def upgrade() -> None:
    for name, columns in ACTION_INDEXES.items():
        op.create_index(name, "action", columns, if_not_exists=True)
    op.create_index(
        "ix_school_name_order", "school", ["name", "id"], unique=True, if_not_exists=True
    )


def downgrade() -> None:
    op.drop_index("ix_school_name_order", table_name="school", if_exists=True)
    for name in ACTION_INDEXES:
        op.drop_index(name, table_name="action", if_exists=True)
