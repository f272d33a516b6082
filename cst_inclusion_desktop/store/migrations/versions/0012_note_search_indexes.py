"""search finds words in review notes and evidence titles; title and owner sort indexes

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
id) serve those orders.

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


SORT_INDEXES = {
    "ix_action_title_order": ["archived", "title", "id"],
    "ix_action_owner_order": ["archived", "owner", "id"],
}


def upgrade() -> None:
    for name, columns in SORT_INDEXES.items():
        op.create_index(name, "action", columns, if_not_exists=True)
    bind = op.get_bind()
    if bind.dialect.name != "sqlite" or not _exists(bind, "action_search"):
        return
    text_search.create_note_indexes(bind)


def downgrade() -> None:
    for name in SORT_INDEXES:
        op.drop_index(name, table_name="action", if_exists=True)
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
