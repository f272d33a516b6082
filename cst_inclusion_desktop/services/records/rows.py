"""Small helpers shared by the services that change rows."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, cast

from sqlalchemy import CursorResult, Table, inspect, select, update
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.attributes import set_committed_value

from cst_inclusion_desktop.domain.errors import ConflictError
from cst_inclusion_desktop.store.models import AuditEvent, Tracked, Versioned, utc_now


def touch(row: Tracked, actor: str, *, read_version: int | None = None) -> None:
    """Record who changed a row and when, and bump its revision (packs merge on it).

    A versioned row is changed only if it is still at ``read_version`` — the version the person
    saw when they opened it (by default, the one this transaction loaded) — otherwise
    ConflictError says who changed it and when. Call it before the audit's "after" snapshot.
    """
    if isinstance(row, Versioned):
        guard_version(row, read_version)
    row.updated_at = utc_now()
    row.updated_by = actor
    row.revision = (row.revision or 0) + 1


def guard_version(row: Versioned, read_version: int | None = None) -> None:
    """``UPDATE … SET version = version + 1 WHERE id = ? AND version = ?`` — no rows means
    someone saved first. On PostgreSQL the update also holds the row until commit, so of two
    concurrent saves from the same version exactly one wins."""
    session = object_session(row)
    assert session is not None, "a row being changed belongs to the session changing it"
    table, row_id = _table_and_id(row)
    expected = row.version if read_version is None else read_version
    # Before the row's own pending changes are flushed: a refusal must name the row as saved.
    with session.no_autoflush:
        result = session.execute(
            update(table)
            .where(table.c.id == row_id, table.c.version == expected)
            .values(version=expected + 1)
        )
        if cast(CursorResult[Any], result).rowcount != 1:
            raise conflict(session, row)
    set_committed_value(row, "version", expected + 1)


def conflict(session: Session, row: Versioned) -> ConflictError:
    """The refusal, naming the row as it is now and the last change the audit log holds."""
    table, row_id = _table_and_id(row)
    current = session.execute(select(table).where(table.c.id == row_id)).mappings().first()
    latest = session.execute(
        select(AuditEvent.actor, AuditEvent.at)
        .where(AuditEvent.entity == table.name, AuditEvent.entity_id == row_id)
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).first()
    who, when = (latest.actor, latest.at) if latest is not None else ("", None)
    values: dict[str, Any] = dict(current) if current is not None else {}
    version = int(values.get("version") or 0)
    return ConflictError(table.name, _label(values), who, when, version)


def _table_and_id(row: Versioned) -> tuple[Table, str]:
    state = inspect(row)
    table = cast(Table, state.mapper.local_table)
    identity = state.identity
    assert identity is not None, "only a saved row has a version to guard"
    return table, str(identity[0])


def _label(values: Mapping[str, Any]) -> str:
    """What people call the row: an action's title, a school's name, a review's day."""
    for name in ("title", "name"):
        value = values.get(name)
        if isinstance(value, str) and value:
            return value
    day = values.get("date")
    return day.isoformat() if isinstance(day, date) else str(values.get("id", ""))
