"""an index of the open, live actions on a server database (PostgreSQL only)

Revision ID: 0014
Revises: 0011
Create Date: 2026-12-02 01:10:00

On the reference trust (100,000 actions, ~22,000 of them open), PostgreSQL answered the
dashboard's questions about open actions by reading far more than them:

- the Trust overview's matrix (open actions by school, principle and RAG as rated) read the
  whole table (111 ms): ``archived IS false`` cannot narrow a b-tree search there, and the
  wide ``ix_action_report`` was judged dearer than the table;
- the first page of overdue actions walked ``ix_action_due_status`` past ~59,000 completed
  actions with older due dates (151 ms): the planner assumed open actions spread evenly
  along the due dates, and in a trust's record old work is completed.

``ix_action_open_due`` holds just the open, live actions (the definitions of
domain/definitions.py: planned, in progress, on hold; not archived) in due-date order, with
the columns those questions read, so each is an index-only read of ~22,000 small entries:
the matrix in ~30 ms, the overdue page of ids in 0.1 ms, the due-soon list and the red and
overdue counts likewise. The statuses are written out here, as migrations are: a change to
what counts as open needs a new migration.

SQLite is unchanged (its planner already answers these from the indexes of 0003–0006), so a
file's schema stays as it was. Existing data: nothing changes; the index is built from the
rows already there.
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0011"
branch_labels = None
depends_on = None

INDEX = "ix_action_open_due"
OPEN_ACTIONS = "archived IS false AND status IN ('planned', 'in_progress', 'on_hold')"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON action (due_date, id) "
        "INCLUDE (school_id, principle_id, rag, rag_overridden, last_review_date) "
        f"WHERE {OPEN_ACTIONS}"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {INDEX}")
