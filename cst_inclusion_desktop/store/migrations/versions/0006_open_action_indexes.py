"""indexes for counting and listing open actions as the definitions say

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 21:30:00

The Trust overview now counts open actions by the RAG they are rated (domain/definitions.py:
"not yet rated" needs ``last_review_date`` and ``rag_overridden``), which ``ix_action_matrix``
(archived, school, principle, RAG) cannot answer: the count read every action row (~64 ms on
the reference trust). ``ix_action_report`` gains ``last_review_date`` at its end, so it covers
that count too, and the old matrix index goes.

A trust's record is mostly completed work with older due dates, so the first page of "in
progress" walked ``ix_action_live_order`` past tens of thousands of completed rows (~90 ms).
``ix_action_status`` now ends in the list's own order (no-due-date last, due date, id), so one
status gives its first page straight from the index; counts still use its leading columns.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

NO_DUE_DATE = sa.text("(due_date IS NULL)")
REPORT = "ix_action_report"
REPORT_0005 = [
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
STATUS = "ix_action_status"
MATRIX = "ix_action_matrix"


def upgrade() -> None:
    op.drop_index(REPORT, table_name="action", if_exists=True)
    op.create_index(REPORT, "action", [*REPORT_0005, "last_review_date"])
    op.drop_index(MATRIX, table_name="action", if_exists=True)
    op.drop_index(STATUS, table_name="action", if_exists=True)
    op.create_index(STATUS, "action", ["status", "archived", NO_DUE_DATE, "due_date", "id"])


def downgrade() -> None:
    op.drop_index(STATUS, table_name="action", if_exists=True)
    op.create_index(STATUS, "action", ["status", "archived", "due_date"])
    op.create_index(MATRIX, "action", ["archived", "school_id", "principle_id", "rag"])
    op.drop_index(REPORT, table_name="action", if_exists=True)
    op.create_index(REPORT, "action", REPORT_0005)
