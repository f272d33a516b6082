"""Reads of the record's history that "as it stood" figures need, each one set-based.

- status changes: only the audit events *after* the earliest day asked about, and only those that
  mention a status, are read (an action with no later event stood as it stands now), so a report
  never walks the whole audit log;
- reviews: one grouped read giving each action's reviews (day and RAG) as one text.

The database picks statuses out of the audit JSON itself (SQLite's ``json_extract``,
PostgreSQL's ``->>``) and gives days as ISO text, so ~280,000 events are never parsed here
(that parsing made the board paper ~2.5 s slower on the server than on a file); any other
database gets the portable path (the JSON parsed here).
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Date, Select, String, cast, func, or_, select, type_coerce
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement

from cst_inclusion_desktop.store.models import AuditEvent, Review

StatusChange = tuple[date, str | None, str]
"""(day of the change, status before or None when the event created the action, status after)."""


def status_changes_after(session: Session, day: date) -> dict[str, list[StatusChange]]:
    """Every action's status changes dated after ``day``, in the order they happened."""
    since = datetime.combine(day + timedelta(days=1), time(0), UTC)
    conditions = (
        AuditEvent.entity == "action",
        AuditEvent.at >= since,
        AuditEvent.after_json.like('%"status"%'),
    )
    changes: dict[str, list[StatusChange]] = defaultdict(list)
    dialect = session.get_bind().dialect.name
    if dialect in _IN_DATABASE:
        # The database picks the two statuses out of the JSON: 180,000 json.loads cost ~2 s.
        before = _json_status(AuditEvent.before_json, dialect)
        after = _json_status(AuditEvent.after_json, dialect)
        query = (
            select(AuditEvent.entity_id, _day_text(AuditEvent.at, dialect), before, after)
            .where(*conditions, after.is_not(None))
            .where(or_(AuditEvent.before_json.is_(None), before.is_distinct_from(after)))
            .order_by(AuditEvent.seq)
        )
        for action_id, at_text, before_status, after_status in fetch_all(session, query):
            changes[action_id].append(
                (date.fromisoformat(at_text[:10]), before_status, after_status)
            )
        return dict(changes)
    query = (
        select(AuditEvent.entity_id, AuditEvent.at, AuditEvent.before_json, AuditEvent.after_json)
        .where(*conditions)
        .order_by(AuditEvent.seq)
    )
    for action_id, at, before_json, after_json in session.execute(query):
        after_status = _status(after_json)
        if after_status is None:
            continue
        before_status = _status(before_json)
        if before_json is not None and before_status == after_status:
            continue  # another field changed
        changes[action_id].append((at.date(), before_status, after_status))
    return dict(changes)


def status_befores_after(session: Session, day: date) -> dict[str, list[str]]:
    """Each action's status changes dated after ``day``, in the order they happened, each as
    one text ``"2025-05-01planned"``: the day of the change and the status before it (the first
    status when the event created the action). "The status an action had on a day" is the one
    before its first change after that day. One text per change, not a tuple of parts: 140,000
    fewer Python objects on the reference trust."""
    dialect = session.get_bind().dialect.name
    if dialect not in _IN_DATABASE:
        return {
            action_id: [f"{when.isoformat()}{before or after}" for when, before, after in history]
            for action_id, history in status_changes_after(session, day).items()
        }
    since = datetime.combine(day + timedelta(days=1), time(0), UTC)
    before = _json_status(AuditEvent.before_json, dialect)
    after = _json_status(AuditEvent.after_json, dialect)
    query = (
        select(
            AuditEvent.entity_id,
            _day_text(AuditEvent.at, dialect) + func.coalesce(before, after),
        )
        .where(
            AuditEvent.entity == "action",
            AuditEvent.at >= since,
            AuditEvent.after_json.like('%"status"%'),
            after.is_not(None),
            or_(AuditEvent.before_json.is_(None), before.is_distinct_from(after)),
        )
        # "+ 0": one scan of the table and a sort (~170 ms) rather than a walk of the seq
        # index that fetches each row on its own (~260 ms).
        .order_by(AuditEvent.seq + 0)
    )
    changes: dict[str, list[str]] = {}
    for action_id, change in fetch_all(session, query):
        found = changes.get(action_id)
        if found is None:
            changes[action_id] = [change]
        else:
            found.append(change)
    return changes


_IN_DATABASE = ("sqlite", "postgresql")
"""The dialects whose JSON and day functions ``_json_status`` and ``_day_text`` know."""


def _json_status(column: Any, dialect: str) -> Any:
    """The ``status`` member of a JSON text column, as text (NULL when it has none)."""
    if dialect == "sqlite":
        return func.json_extract(column, "$.status")
    return cast(column, JSONB)["status"].astext


def _day_text(column: Any, dialect: str) -> Any:
    """A date or UTC timestamp column's day as ISO text, ``2026-03-15``. SQLite stores ISO
    text already; on PostgreSQL the app's connections use the ISO DateStyle (store/database.py),
    so a cast to text will do, at well under half the cost of ``to_char`` (the reviews' read:
    137 against 331 ms)."""
    if dialect == "sqlite":
        return type_coerce(func.substr(column, 1, 10), String)
    return cast(cast(column, Date), String)


def day_text(session: Session, column: Any) -> Any:
    """``column``'s day as ISO text from the database itself, for reads of 100,000 rows through
    ``fetch_all``: a date object per row and its ``isoformat`` cost ~0.3 s more on the server.
    Other databases get the column as it is."""
    dialect = session.get_bind().dialect.name
    if dialect in _IN_DATABASE:
        return _day_text(column, dialect)
    return type_coerce(column, String)


def _status(text: str | None) -> str | None:
    if not text:
        return None
    value: Any = json.loads(text).get("status")
    return value if isinstance(value, str) else None


def fetch_all(session: Session, statement: ClauseElement) -> list[tuple[Any, ...]]:
    """The statement's rows as plain DB-API tuples, with no result processing.

    Dates and times come back as the driver stores them (ISO text on SQLite); on 300,000 rows
    SQLAlchemy's per-row processing costs more than the query itself.
    """
    connection = session.connection()
    compiled: Any = statement.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    parameters = compiled.construct_params()
    positions = compiled.positiontup
    values: Any = (
        tuple(parameters[name] for name in positions) if positions is not None else parameters
    )
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), values)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def review_histories(session: Session, action_ids: Select[Any] | None = None) -> dict[str, str]:
    """Each reviewed action's reviews as one text, ``"2026-03-15red,2026-07-10green"`` (unordered),
    of the actions ``action_ids`` selects (every action when None).

    Grouped in the database: one row per action is half the cost of a row per review, and later
    reviews are read too, since a past day must know a review came after it.
    """
    dialect = session.get_bind().dialect.name
    day = _day_text(Review.date, dialect) if dialect in _IN_DATABASE else Review.date.cast(String)
    entry = day + Review.rag
    joined = func.group_concat(entry, ",") if dialect == "sqlite" else func.string_agg(entry, ",")
    query = select(Review.action_id, joined).group_by(Review.action_id)
    if action_ids is not None:
        query = query.where(Review.action_id.in_(action_ids))
    return dict(fetch_all(session, query))
