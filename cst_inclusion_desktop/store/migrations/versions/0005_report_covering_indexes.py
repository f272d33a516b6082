"""covering indexes for the board paper's reads

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 21:00:00

Measured on the reference trust (100,000 actions, 229,631 reviews; docs/benchmark.md): the board
paper reads every live action's status, RAG and dates, and every review's day and RAG. From the
tables those reads walk each wide action row (titles, descriptions) and each review row (notes):
~0.4 s and ~0.3 s. ``ix_action_report`` holds every column the paper's action read needs, in
the order its scope filters them, and ``ix_review_action_day_rag`` replaces
``ix_review_action_date`` with the RAG added, so both reads are answered from the indexes alone
(~0.17 s and ~0.18 s). The review index still serves every "latest review of an action" look-up
the old one did (same leading columns).
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ACTION_REPORT = "ix_action_report"
ACTION_REPORT_COLUMNS = [
    "archived",
    "school_id",
    "principle_id",
    "status",
    "rag",
    "rag_overridden",
    "start_date",
    "created_at",
    "due_date",
    "completed_date",
    "area_of_need",
    "id",
]
REVIEW_NEW = "ix_review_action_day_rag"
REVIEW_OLD = "ix_review_action_date"


def upgrade() -> None:
    op.create_index(ACTION_REPORT, "action", ACTION_REPORT_COLUMNS, if_not_exists=True)
    op.create_index(REVIEW_NEW, "review", ["action_id", "date", "rag"], if_not_exists=True)
    op.drop_index(REVIEW_OLD, table_name="review", if_exists=True)


def downgrade() -> None:
    op.create_index(REVIEW_OLD, "review", ["action_id", "date"], if_not_exists=True)
    op.drop_index(REVIEW_NEW, table_name="review", if_exists=True)
    op.drop_index(ACTION_REPORT, table_name="action", if_exists=True)
