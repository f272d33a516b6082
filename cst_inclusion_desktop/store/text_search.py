"""The optional FTS5 trigram index behind action search (created by migration 0003).

SQLite-only SQL lives here and nowhere else: callers ask ``available`` and, when it says no
(a server database, or a SQLite built without FTS5 trigram), search falls back to portable
``ilike``. A trigram index matches any substring of 3+ characters, case-insensitively, so it
gives the same rows as the fallback (shorter words always use the fallback).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, column, literal, literal_column, select, table, text
from sqlalchemy.orm import Session

from cst_inclusion_desktop.store.models import Action

SEARCH_TABLE = "action_search"
MIN_WORD = 3  # trigram: shorter phrases match nothing, so they use the LIKE fallback


def available(session: Session) -> bool:
    """True when this database has the search index (a ~20 µs catalogue lookup)."""
    if session.get_bind().dialect.name != "sqlite":
        return False
    found = session.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"),
        {"name": SEARCH_TABLE},
    ).first()
    return found is not None


def word_condition(word: str) -> Any:
    """Actions whose title, owner or description contains ``word`` (3+ characters)."""
    phrase = '"' + word.replace('"', '""') + '"'
    index = table(SEARCH_TABLE, column("rowid"))
    matches = select(index.c.rowid).where(literal_column(SEARCH_TABLE).op("MATCH")(literal(phrase)))
    return literal_column(f"{Action.__tablename__}.rowid").in_(matches.scalar_subquery())


def rebuild(connection: Connection) -> None:
    """Refill the index from ``action`` (after anything that renumbers its rowids)."""
    connection.exec_driver_sql(f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}) VALUES ('delete-all')")
    connection.exec_driver_sql(
        f"INSERT INTO {SEARCH_TABLE}(rowid, title, owner, description) "
        f"SELECT rowid, title, owner, description FROM {Action.__tablename__}"
    )
