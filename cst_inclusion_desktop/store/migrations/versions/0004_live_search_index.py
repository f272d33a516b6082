"""the action search index holds live actions only

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 20:20:00

Measured on the reference trust (docs/benchmark.md): a search word's count looked up each of
the ~4,000 rowids the index returned in ``action`` to check ``archived`` (~5 ms). With archived
actions kept out of ``action_search`` a count of a search alone is answered by the index
(``store.text_search.count_matches``), and a search that includes archived actions uses the
LIKE fallback instead. The triggers now follow ``archived`` too: archiving an action takes it
out of the index, restoring it puts it back.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_ROW = "rowid, title, owner, description"
_DELETE = "INSERT INTO action_search(action_search, {row}) VALUES ('delete', {values});"
_INSERT = "INSERT INTO action_search({row}) VALUES ({values});"


def _values(alias: str) -> str:
    return ", ".join(f"{alias}.{name.strip()}" for name in _ROW.split(","))


LIVE_TRIGGERS = [
    "CREATE TRIGGER action_search_insert AFTER INSERT ON action WHEN NOT new.archived BEGIN "
    + _INSERT.format(row=_ROW, values=_values("new"))
    + " END",
    "CREATE TRIGGER action_search_delete AFTER DELETE ON action WHEN NOT old.archived BEGIN "
    + _DELETE.format(row=_ROW, values=_values("old"))
    + " END",
    # One trigger, its statements in this order (SQLite runs several triggers in no promised
    # order, and a re-insert before the delete would lose the words both versions share).
    "CREATE TRIGGER action_search_update "
    "AFTER UPDATE OF title, owner, description, archived ON action BEGIN "
    f"INSERT INTO action_search(action_search, {_ROW}) "
    f"SELECT 'delete', {_values('old')} WHERE NOT old.archived; "
    f"INSERT INTO action_search({_ROW}) SELECT {_values('new')} WHERE NOT new.archived; END",
]
ALL_ROWS_TRIGGERS = [
    "CREATE TRIGGER action_search_insert AFTER INSERT ON action BEGIN "
    + _INSERT.format(row=_ROW, values=_values("new"))
    + " END",
    "CREATE TRIGGER action_search_delete AFTER DELETE ON action BEGIN "
    + _DELETE.format(row=_ROW, values=_values("old"))
    + " END",
    "CREATE TRIGGER action_search_update AFTER UPDATE OF title, owner, description ON action "
    "BEGIN "
    + _DELETE.format(row=_ROW, values=_values("old"))
    + " "
    + _INSERT.format(row=_ROW, values=_values("new"))
    + " END",
]
TRIGGER_NAMES = [
    "action_search_insert",
    "action_search_delete",
    "action_search_update",
]


def upgrade() -> None:
    _replace_triggers(LIVE_TRIGGERS, "WHERE NOT archived")


def downgrade() -> None:
    _replace_triggers(ALL_ROWS_TRIGGERS, "")


def _replace_triggers(triggers: list[str], rows: str) -> None:
    """Swap the triggers and refill the index (nothing to do where 0003 made no index)."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite" or not _has_search(bind):
        return
    for name in TRIGGER_NAMES:
        bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    for statement in triggers:
        bind.exec_driver_sql(statement)
    bind.exec_driver_sql("INSERT INTO action_search(action_search) VALUES ('delete-all')")
    bind.exec_driver_sql(
        f"INSERT INTO action_search({_ROW}) SELECT {_ROW} FROM action {rows}".strip()
    )


def _has_search(bind: sa.Connection) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'action_search'"
    return bind.exec_driver_sql(query).first() is not None
