"""search finds words in review notes and evidence titles; indexes for every far-page sort

Revision ID: 0012
Revises: 0013
Create Date: 2026-12-01 22:40:00

Beside ``action_search`` (title, owner, description), two more FTS5 trigram indexes, built the
same way (contentless, keyed by rowid, kept in step by triggers): ``review_search`` holds each
review's progress note, ``evidence_search`` each live evidence item's title (archiving takes it
out, restoring puts it back). A search word then matches an action when it is in the action's
own text, one of its review notes or one of its live evidence titles
(``store.text_search.word_condition``).

The actions table reads its pages by key (keyset paging): sorted by title or owner, a far page
walked every row before it without an index on that order (~280 ms for the last page of
100,000 actions). ``ix_action_title_order`` and ``ix_action_owner_order`` (archived, column,
id) serve those orders. Sorted by status or RAG the list orders by a CASE (statuses in the
order users know, not yet rated after green): ``ix_action_status_rank`` and
``ix_action_rag_rank`` index that very expression. Sorted by school: ``ix_school_name_order``
(unique: it ends in the id) walks the schools by name and ``ix_action_school_id_order`` each
school's actions by id.

Existing data: nothing in the record changes. Both indexes are filled from the existing reviews
and live evidence during the upgrade. Where the database has no ``action_search`` (a SQLite
without FTS5 trigram, or a server), nothing is created and search uses LIKE, which looks in
the same places. Downgrade drops the two indexes and their triggers.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from cst_inclusion_desktop.store import text_search

revision = "0012"
down_revision = "0013"  # after coverage tallies (0013), merged first
branch_labels = None
depends_on = None


# The status and RAG ranks exactly as store/sort_order.py writes them today (frozen here: a
# later change to that module needs a migration of its own).
STATUS_RANK = (
    "(CASE status WHEN 'planned' THEN 0 WHEN 'in_progress' THEN 1 WHEN 'completed' THEN 2 "
    "WHEN 'on_hold' THEN 3 WHEN 'cancelled' THEN 4 END)"
)
RAG_RANK = "(CASE rag WHEN 'red' THEN 0 WHEN 'amber' THEN 1 WHEN 'green' THEN 2 ELSE 3 END)"
SORT_INDEXES: dict[str, list[str | sa.TextClause]] = {
    "ix_action_title_order": ["archived", "title", "id"],
    "ix_action_owner_order": ["archived", "owner", "id"],
    "ix_action_status_rank": ["archived", sa.text(STATUS_RANK), "id"],
    "ix_action_rag_rank": ["archived", sa.text(RAG_RANK), "id"],
    "ix_action_school_id_order": ["school_id", "archived", "id"],
}


def upgrade() -> None:
    for name, columns in SORT_INDEXES.items():
        op.create_index(name, "action", columns, if_not_exists=True)
    op.create_index("ix_school_name_order", "school", ["name", "id"], unique=True, if_not_exists=True)
    bind = op.get_bind()
    if bind.dialect.name != "sqlite" or not _exists(bind, "action_search"):
        return
    text_search.create_note_indexes(bind)


def downgrade() -> None:
    for name in SORT_INDEXES:
        op.drop_index(name, table_name="action", if_exists=True)
    op.drop_index("ix_school_name_order", table_name="school", if_exists=True)
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for name in text_search.NOTE_TRIGGERS:
        bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    bind.exec_driver_sql("DROP TABLE IF EXISTS review_search")
    bind.exec_driver_sql("DROP TABLE IF EXISTS evidence_search")


def _exists(bind: sa.Connection, name: str) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    return bind.exec_driver_sql(query, (name,)).first() is not None
