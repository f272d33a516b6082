"""Describing an unexpected failure without the values it carried.

An SQLAlchemy error's text holds the failed statement's parameters (titles, descriptions,
perhaps a pupil's name) and PostgreSQL adds a ``DETAIL`` line quoting the row. What the user
and the log get instead is what failed and where: the operation, the table, and the database's
own one-line reason (``UNIQUE constraint failed: school.urn`` names the field, not the value).
"""

from __future__ import annotations

import re

from sqlalchemy.exc import SQLAlchemyError, StatementError

from cst_inclusion_desktop.logging_setup import redact

_OPERATION = {"INSERT INTO": "saving to", "UPDATE": "updating", "DELETE FROM": "deleting from"}


def describe_failure(error: BaseException) -> str:
    """One line naming what failed (operation, table, reason), never the values involved."""
    if isinstance(error, StatementError):
        reason = str(error.orig).splitlines()[0] if error.orig is not None else ""
        kind = type(error.orig).__name__ if error.orig is not None else type(error).__name__
        where = _where(error.statement or "")
        return f"the database refused {where}({kind}: {reason or 'no reason given'})"
    if isinstance(error, SQLAlchemyError):
        return f"a database error ({type(error).__name__})"
    return redact(f"{type(error).__name__}: {error}")


def _where(statement: str) -> str:
    match = re.match(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", statement, re.I)
    if match is None:
        return ""
    operation = " ".join(match[1].upper().split())
    return f"{_OPERATION[operation]} table {match[2]} "
