"""Rows against the audit log: every current row must equal the ``after`` state of its latest
audit event, so a direct edit of the file (an ``UPDATE`` made with ``sqlite3``) is found even when
the hash chain itself is untouched.

One query per table, joined with the latest event of each of its rows; only rows that have an
event are converted and compared. Reported: each differing field (entity, id, field), a row with
no audit event, a row whose latest event removed it, and a row the log says exists but is gone.

A demo trust's generated rows are inserted in bulk with one "demo" event for them all; while
that event is in the log, rows with no event of their own are counted, not failed
(docs/data-protection.md says so).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, func, or_, select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.definitions import plural
from cst_inclusion_desktop.domain.records import CheckItem
from cst_inclusion_desktop.services.safety.audit import BREAKS_SHOWN, skipped_column
from cst_inclusion_desktop.store.history import fetch_all
from cst_inclusion_desktop.store.models import (
    Action,
    AuditEvent,
    Base,
    Evidence,
    Framework,
    Principle,
    Review,
    School,
    Trust,
    UTCDateTime,
    Versioned,
)

AUDITED_TABLES: dict[str, type[Base]] = {
    "trust": Trust,
    "framework": Framework,
    "principle": Principle,
    "school": School,
    "action": Action,
    "evidence": Evidence,
    "review": Review,
}
# A pack import replays the school's own audit events under the row's id; their ``after`` is
# {"original": ..., "source": ...}, not a state of the row (services/exchange/packs/merge.py).
_REPLAYED_PREFIX = '{"original":'
DEMO_ENTITY = "demo"
# Counts the services keep on an action so lists sort without joins: derived from the evidence
# and review rows (compared themselves), recounted by pack imports without an event of their own.
DERIVED_COLUMNS = {"evidence_count", "last_review_date"}
# A versioned row's ``version`` (migration 0011) counts saves so a second editor's save is
# refused, not lost: the audit log's own sequence orders the changes, and the counter starts
# again at 1 wherever the column is made again (a downgrade past 0011 and back). Not history,
# so not compared (a framework's own ``version`` is, and is compared).
SAVE_COUNTER = "version"


@dataclass(frozen=True, slots=True)
class Difference:
    entity: str
    entity_id: str
    field: str
    detail: str

    @property
    def text(self) -> str:
        where = f"{self.entity} {self.entity_id}"
        return f"{where} {self.field}: {self.detail}" if self.field else f"{where}: {self.detail}"


@dataclass(frozen=True, slots=True)
class Comparison:
    differences: list[Difference]
    compared: int
    unaudited_demo_rows: int


def compare_rows(session: Session) -> Comparison:
    """Every audited table against the latest ``after`` state of each of its rows."""
    differences: list[Difference] = []
    compared = demo_rows = 0
    demo = (
        session.execute(
            select(AuditEvent.seq).where(AuditEvent.entity == DEMO_ENTITY).limit(1)
        ).first()
        is not None
    )
    for entity, model in AUDITED_TABLES.items():
        latest = _latest_events(entity)
        identity = model.__table__.c.id
        unaudited = (
            select(identity)
            .outerjoin(latest, latest.c.entity_id == identity)
            .where(latest.c.seq.is_(None))
        )
        if demo:
            demo_rows += session.execute(
                select(func.count()).select_from(unaudited.subquery())
            ).scalar_one()
        else:
            differences.extend(
                Difference(entity, row_id, "", "no audit event records it")
                for (row_id,) in fetch_all(session, unaudited.order_by(identity))
            )
        found, count = _compare_table(session, entity, model)
        differences.extend(found)
        compared += count
        differences.extend(_gone_rows(session, entity, model))
    return Comparison(differences, compared, demo_rows)


def row_audit_check(session: Session) -> CheckItem:
    result = compare_rows(session)
    demo_note = (
        f"; {plural(result.unaudited_demo_rows, 'demo-generated row')} with no audit event of "
        "their own not compared"
        if result.unaudited_demo_rows
        else ""
    )
    if not result.differences:
        return CheckItem(
            "rows_audited",
            True,
            f"{plural(result.compared, 'row')} match their last audited state{demo_note}",
        )
    shown = "; ".join(item.text for item in result.differences[:BREAKS_SHOWN])
    extra = len(result.differences) - BREAKS_SHOWN
    more = f"; and {extra:,} more" if extra > 0 else ""
    count = f"{plural(len(result.differences), 'difference')} from the audit log: "
    return CheckItem("rows_audited", False, count + shown + more + demo_note)


def _latest_events(entity: str) -> Any:
    """Each row id's latest event (read from ``ix_audit_event_latest`` alone)."""
    return (
        select(AuditEvent.entity_id, func.max(AuditEvent.seq).label("seq"))
        .where(AuditEvent.entity == entity)
        .group_by(AuditEvent.entity_id)
        .subquery()
    )


def _compare_table(
    session: Session, entity: str, model: type[Base]
) -> tuple[list[Difference], int]:
    # Where the differing value is: a SQLite file, or a server database.
    held_in = "file" if session.get_bind().dialect.name == "sqlite" else "database"
    columns = [
        column
        for column in model.__table__.columns
        if not skipped_column(column.key)
        and column.key not in DERIVED_COLUMNS
        and not (column.key == SAVE_COUNTER and issubclass(model, Versioned))
    ]
    latest = _latest_events(entity)
    identity = model.__table__.c.id
    # Plain driver rows: SQLAlchemy's per-row processing of 100,000 actions costs more than
    # the query; values are brought to the audit's own form column by column (_normalisers).
    rows = fetch_all(
        session,
        select(AuditEvent.seq, AuditEvent.after_json, *columns)
        .join(latest, latest.c.entity_id == identity)
        .join(AuditEvent, AuditEvent.seq == latest.c.seq),
    )
    names = [column.key for column in columns]
    normalisers = [_normaliser(column.type) for column in columns]
    found: list[Difference] = []
    for seq, after_json, *values in rows:
        row_id = values[0] if names[0] == "id" else values[names.index("id")]
        if after_json is None:
            found.append(
                Difference(entity, row_id, "", f"audit event {seq} removed it, yet it exists")
            )
            continue
        if after_json.startswith(_REPLAYED_PREFIX):
            after_json = _latest_state(session, entity, row_id)
            if after_json is None:
                continue  # only the school's own replayed history: nothing to compare
        recorded = json.loads(after_json)
        if not isinstance(recorded, dict):
            found.append(Difference(entity, row_id, "", f"audit event {seq} holds no row state"))
            continue
        # Only the fields the event recorded: a demo's status change records the status alone.
        for name, value, normal in zip(names, values, normalisers, strict=True):
            if name in recorded and normal(value) != normal(recorded[name]):
                if entity == "action" and _cleared_default_amber(name, value, recorded):
                    continue
                found.append(
                    Difference(
                        entity,
                        row_id,
                        name,
                        f"'{_shown(value)}' in the {held_in}, '{_shown(recorded[name])}' at audit "
                        f"event {seq}",
                    )
                )
    found.sort(key=lambda item: (item.entity_id, item.field))
    return found, len(rows)


def _cleared_default_amber(name: str, value: Any, recorded: dict[str, Any]) -> bool:
    """Migration 0007 cleared the amber every new action used to get: an action last audited
    as amber, never reviewed and not hand-set, is rightly "not yet rated" (NULL) now. Nothing
    else about it is excused."""
    return (
        name == "rag"
        and value is None
        and recorded.get("rag") == "amber"
        and not recorded.get("rag_overridden")
        and recorded.get("last_review_date") is None
    )


def _latest_state(session: Session, entity: str, row_id: str) -> str | None:
    """The latest recorded state of a row whose last event replays a pack's own history."""
    return session.execute(
        select(AuditEvent.after_json)
        .where(
            AuditEvent.entity == entity,
            AuditEvent.entity_id == row_id,
            or_(
                AuditEvent.after_json.is_(None),
                AuditEvent.after_json.not_like(_REPLAYED_PREFIX + "%"),
            ),
        )
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).scalar()


def _normaliser(kind: Any) -> Callable[[Any], Any]:
    """How one column's stored value and its audit JSON are brought to one form: the driver
    gives SQLite's text (``2026-12-01 09:30:00.000000``), the audit has ISO 8601 with offset."""
    if isinstance(kind, UTCDateTime | DateTime):
        return _instant
    if isinstance(kind, Date):
        return lambda value: value.isoformat() if isinstance(value, date) else value
    if isinstance(kind, Boolean):
        return lambda value: bool(value) if value is not None else None
    return lambda value: value


def _instant(value: Any) -> Any:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def _gone_rows(session: Session, entity: str, model: type[Base]) -> list[Difference]:
    """Rows whose latest event says they exist, missing from the table."""
    latest = _latest_events(entity)
    identity = model.__table__.c.id
    query = (
        select(latest.c.entity_id, latest.c.seq)
        .join(AuditEvent, AuditEvent.seq == latest.c.seq)
        .outerjoin(model.__table__, identity == latest.c.entity_id)
        .where(identity.is_(None), AuditEvent.after_json.is_not(None))
        .order_by(latest.c.entity_id)
    )
    return [
        Difference(entity, row_id, "", f"audit event {seq} records it, but the row is gone")
        for row_id, seq in fetch_all(session, query)
    ]


def _shown(value: Any, limit: int = 40) -> str:
    text = "(empty)" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
