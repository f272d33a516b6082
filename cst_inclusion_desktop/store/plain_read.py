"""Listings read with the standard library's sqlite3 alone, for commands that only print.

``import sqlalchemy.orm`` costs a scheduled ``principles list`` more than its whole budget, so a
local file that is healthy and at the head revision is read here with the same query the ORM
path runs (``services/records/lookups.py``). Each function returns None where that path would do
more than read (no active framework: it raises its own error); the caller then takes it.
"""

from __future__ import annotations

import sqlite3

from cst_inclusion_desktop.domain.records import PrincipleRecord

# The ORM's ``Framework.active.is_(True)``, as SQLite stores a boolean.
_ACTIVE_FRAMEWORK = "SELECT id FROM framework WHERE active IS 1 LIMIT 1"
_PRINCIPLES = (
    "SELECT id, number, title, summary FROM principle WHERE framework_id = ? ORDER BY number"
)


def active_principles(connection: sqlite3.Connection) -> list[PrincipleRecord] | None:
    """The active framework's principles in number order; None if there is no active one."""
    framework = connection.execute(_ACTIVE_FRAMEWORK).fetchone()
    if framework is None:
        return None
    return [
        PrincipleRecord(id=str(row[0]), number=int(row[1]), title=str(row[2]), summary=str(row[3]))
        for row in connection.execute(_PRINCIPLES, (framework[0],))
    ]
