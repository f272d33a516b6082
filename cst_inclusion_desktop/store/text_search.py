"""The optional FTS5 trigram index behind action search (created by migration 0003; live
actions only since 0004).

SQLite-only SQL lives here and nowhere else: callers ask ``available`` and, when it says no
(a server database, or a SQLite built without FTS5 trigram), search falls back to portable
``ilike``. A trigram index matches any substring of 3+ characters, case-insensitively, so it
gives the same rows as the fallback (shorter words always use the fallback). The index holds
live (not archived) actions only, so a search that includes archived actions uses the fallback.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
)
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


def _matching(words: list[str]) -> Any:
    """``MATCH '"w1" AND "w2"'``: each word (3+ characters) in title, owner or description."""
    query = " AND ".join('"' + word.replace('"', '""') + '"' for word in words)
    return literal_column(SEARCH_TABLE).op("MATCH")(literal(query))


def word_condition(word: str) -> Any:
    """Live actions whose title, owner or description contains ``word`` (3+ characters)."""
    index = table(SEARCH_TABLE, column("rowid"))
    matches = select(index.c.rowid).where(_matching([word]))
    return literal_column(f"{Action.__tablename__}.rowid").in_(matches.scalar_subquery())


def count_matches(words: list[str]) -> Select[int]:
    """How many live actions contain every word, from the index alone (~0.7 ms for a word in
    4% of 100,000 actions, against ~5 ms probing each match's row for ``archived``)."""
    return select(func.count()).select_from(table(SEARCH_TABLE)).where(_matching(words))


def rebuild(connection: Connection) -> None:
    """Refill the index from the live actions (after anything that renumbers their rowids)."""
    connection.exec_driver_sql(f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}) VALUES ('delete-all')")
    connection.exec_driver_sql(
        f"INSERT INTO {SEARCH_TABLE}(rowid, title, owner, description) "
        f"SELECT rowid, title, owner, description FROM {Action.__tablename__} WHERE NOT archived"
    )
