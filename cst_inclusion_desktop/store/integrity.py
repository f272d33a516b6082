"""SQLite's own integrity checks, kept in the store (a server checks its own storage)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session


def sqlite_integrity(session: Session) -> tuple[list[str], list[Any]]:
    """(``integrity_check``'s lines, ``foreign_key_check``'s rows) of a SQLite database."""
    rows = [str(row[0]) for row in session.execute(text("PRAGMA integrity_check"))]
    broken = list(session.execute(text("PRAGMA foreign_key_check")).fetchall())
    return rows, broken


def sqlite_integrity_word(connection: Connection) -> object:
    """``integrity_check``'s first answer ("ok" for a healthy file)."""
    return connection.exec_driver_sql("pragma integrity_check").scalar()
