"""Reads of the record's history that "as it stood" figures need, each one set-based.

- status changes: only the audit events *after* the earliest day asked about, and only those that
  mention a status, are read (an action with no later event stood as it stands now), so a report
  never walks the whole audit log;
- reviews: one ordered read of (action, date, RAG) served by ix_review_action_date_rag.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.sql import ClauseElement
from sqlalchemy.orm import Session

from cst_inclusion_desktop.store.models import AuditEvent, Review

StatusChange = tuple[date, str | None, str]
"""(day of the change, status before or None when the event created the action, status after)."""


def status_changes_after(session: Session, day: date) -> dict[str, list[StatusChange]]:
    """Every action's status changes dated after ``day``, in the order they happened."""
    since = datetime.combine(day + timedelta(days=1), time(0), UTC)
    query = (
        select(AuditEvent.entity_id, AuditEvent.at, AuditEvent.before_json, AuditEvent.after_json)
        .where(
            AuditEvent.entity == "action",
            AuditEvent.at >= since,
            AuditEvent.after_json.like('%"status"%'),
        )
        .order_by(AuditEvent.seq)
    )
    changes: dict[str, list[StatusChange]] = defaultdict(list)
    for action_id, at, before_json, after_json in session.execute(query):
        after = _status(after_json)
        if after is None:
            continue
        before = _status(before_json)
        if before_json is not None and before == after:
            continue  # another field changed
        changes[action_id].append((at.date(), before, after))
    return dict(changes)


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


def review_rows(
    session: Session, action_ids: Iterable[str] | None = None
) -> list[tuple[str, str, str]]:
    """(action id, ISO day, RAG token) of every review (of ``action_ids`` when given), unordered.

    Later reviews are read too, since a past day must know a review came after it. Days stay
    ISO text: they order like dates and 200,000 of them are not each parsed; the caller sorts
    each action's few reviews (cheaper than an ordered read of the whole table).
    """
    query = select(Review.action_id, type_coerce(Review.date, String), Review.rag)
    rows: list[Any] = fetch_all(session, query)
    if action_ids is None:
        return rows
    wanted = set(action_ids)
    return [row for row in rows if row[0] in wanted]
