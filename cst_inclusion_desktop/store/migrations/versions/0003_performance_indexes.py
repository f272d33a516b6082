"""performance indexes and the action search index

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-23 19:30:00

Measured on the reference trust (100,000 actions; docs/benchmark.md):

- The list's default order is ``due_date IS NULL, due_date, id``. Indexes ending in exactly
  those terms hand SQLite the first page in order (0.1 ms instead of a 125 ms sort).
- ``(archived, due_date, id, status)`` gives "overdue" its first page as an ordered range
  scan; ``(status, archived, due_date)`` counts it from the open statuses' ranges alone
  (1 ms instead of 60 ms).
- ``date`` added to ``ix_evidence_school_principle`` makes the board report's evidence-by-day
  count covering (the whole-trust assembly: 4.1 s to 3.4 s).
- On SQLite, ``action_search`` is an FTS5 trigram index of title, owner and description, so a
  search word (3+ characters) is an index lookup rather than a LIKE over every row. It is
  contentless and keyed by the action's rowid; triggers keep it in step. If a later migration
  rebuilds the ``action`` table (batch mode copies it, which renumbers rowids and drops the
  triggers), it must call ``store.text_search.rebuild(connection)`` afterwards. Where FTS5 or
  its trigram tokenizer is missing, nothing is created and searches fall back to LIKE.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)
NO_DUE_DATE = sa.text("(due_date IS NULL)")
NEW_INDEXES: dict[str, list[str | sa.TextClause]] = {
    "ix_action_live_order": ["archived", NO_DUE_DATE, "due_date", "id"],
    "ix_action_school_order": ["school_id", "archived", NO_DUE_DATE, "due_date", "id"],
    "ix_action_principle_order": ["principle_id", "archived", NO_DUE_DATE, "due_date", "id"],
    "ix_action_due_status": ["archived", "due_date", "id", "status"],
    "ix_action_status": ["status", "archived", "due_date"],
}
OLD_INDEXES = {
    "ix_action_list_due": ["archived", "due_date"],
    "ix_action_school_due": ["school_id", "archived", "due_date"],
    "ix_action_principle_due": ["principle_id", "archived", "due_date"],
    "ix_action_status": ["status", "archived"],
}
SEARCH_DDL = [
    "CREATE VIRTUAL TABLE action_search USING fts5("
    "title, owner, description, content='', tokenize='trigram')",
    "INSERT INTO action_search(rowid, title, owner, description) "
    "SELECT rowid, title, owner, description FROM action",
    "CREATE TRIGGER action_search_insert AFTER INSERT ON action BEGIN "
    "INSERT INTO action_search(rowid, title, owner, description) "
    "VALUES (new.rowid, new.title, new.owner, new.description); END",
    "CREATE TRIGGER action_search_delete AFTER DELETE ON action BEGIN "
    "INSERT INTO action_search(action_search, rowid, title, owner, description) "
    "VALUES ('delete', old.rowid, old.title, old.owner, old.description); END",
    "CREATE TRIGGER action_search_update AFTER UPDATE OF title, owner, description ON action "
    "BEGIN "
    "INSERT INTO action_search(action_search, rowid, title, owner, description) "
    "VALUES ('delete', old.rowid, old.title, old.owner, old.description); "
    "INSERT INTO action_search(rowid, title, owner, description) "
    "VALUES (new.rowid, new.title, new.owner, new.description); END",
]
SEARCH_DROP = [
    "DROP TRIGGER IF EXISTS action_search_insert",
    "DROP TRIGGER IF EXISTS action_search_delete",
    "DROP TRIGGER IF EXISTS action_search_update",
    "DROP TABLE IF EXISTS action_search",
]


EVIDENCE_INDEX = "ix_evidence_school_principle"  # + date: the report counts evidence by day
EVIDENCE_NEW = ["school_id", "principle_id", "archived", "date"]
EVIDENCE_OLD = ["school_id", "principle_id", "archived"]


def upgrade() -> None:
    # IF [NOT] EXISTS everywhere: re-running on a database already at this shape is harmless.
    for name in OLD_INDEXES:
        op.drop_index(name, table_name="action", if_exists=True)
    for name, columns in NEW_INDEXES.items():
        op.create_index(name, "action", columns, if_not_exists=True)
    op.drop_index(EVIDENCE_INDEX, table_name="evidence", if_exists=True)
    op.create_index(EVIDENCE_INDEX, "evidence", EVIDENCE_NEW)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and not _has_search(bind) and _has_trigram(bind):
        for statement in SEARCH_DDL:
            bind.exec_driver_sql(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SEARCH_DROP:
            bind.exec_driver_sql(statement)
    for name in NEW_INDEXES:
        op.drop_index(name, table_name="action")
    for name, columns in OLD_INDEXES.items():
        op.create_index(name, "action", columns)
    op.drop_index(EVIDENCE_INDEX, table_name="evidence")
    op.create_index(EVIDENCE_INDEX, "evidence", EVIDENCE_OLD)


def _has_search(bind: sa.Connection) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'action_search'"
    return bind.exec_driver_sql(query).first() is not None


def _has_trigram(bind: sa.Connection) -> bool:
    """FTS5 and its trigram tokenizer (SQLite 3.34+) are compile-time options: check both."""
    try:
        bind.exec_driver_sql(
            "CREATE VIRTUAL TABLE temp.probe_trigram USING fts5(text, tokenize='trigram')"
        )
        bind.exec_driver_sql("DROP TABLE temp.probe_trigram")
    except sa.exc.OperationalError as error:
        log.warning("No FTS5 trigram index (%s): action search will use LIKE", error)
        return False
    return True
