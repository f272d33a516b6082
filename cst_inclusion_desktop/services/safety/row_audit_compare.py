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
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.definitions import plural
from cst_inclusion_desktop.domain.records import CheckItem
from cst_inclusion_desktop.services.safety.audit import BREAKS_SHOWN, skipped_column
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
    compared = 0
    unaudited: list[Difference] = []
    for entity, model in AUDITED_TABLES.items():
        found, count, missing_events = _compare_table(session, entity, model)
        differences.extend(found)
        unaudited.extend(missing_events)
        compared += count
        differences.extend(_gone_rows(session, entity, model))
    demo = session.execute(
        select(AuditEvent.seq).where(AuditEvent.entity == DEMO_ENTITY).limit(1)
    ).first()
    if demo is not None:
        return Comparison(differences, compared, len(unaudited))
    return Comparison(unaudited + differences, compared, 0)


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
    """Each row id's latest event that records a state (or the row's removal)."""
    return (
        select(AuditEvent.entity_id, func.max(AuditEvent.seq).label("seq"))
        .where(
            AuditEvent.entity == entity,
            or_(
                AuditEvent.after_json.is_(None),
                AuditEvent.after_json.not_like(_REPLAYED_PREFIX + "%"),
            ),
        )
        .group_by(AuditEvent.entity_id)
        .subquery()
    )


def _compare_table(
    session: Session, entity: str, model: type[Base]
) -> tuple[list[Difference], int, list[Difference]]:
    columns = [
        column
        for column in model.__table__.columns
        if not skipped_column(column.key) and column.key not in DERIVED_COLUMNS
    ]
    latest = _latest_events(entity)
    identity = model.__table__.c.id
    found: list[Difference] = []
    unaudited: list[Difference] = []
    no_event = session.execute(
        select(identity)
        .outerjoin(latest, latest.c.entity_id == identity)
        .where(latest.c.seq.is_(None))
        .order_by(identity)
    ).scalars()
    unaudited = [Difference(entity, row_id, "", "no audit event records it") for row_id in no_event]
    rows = session.execute(
        select(AuditEvent.seq, AuditEvent.after_json, *columns)
        .join(latest, latest.c.entity_id == identity)
        .join(AuditEvent, AuditEvent.seq == latest.c.seq)
        .order_by(identity)
    )
    names = [column.key for column in columns]
    count = 0
    for row in rows:
        count += 1
        seq, after_json, *values = row
        current = dict(zip(names, values, strict=True))
        if after_json is None:
            found.append(
                Difference(
                    entity, current["id"], "", f"audit event {seq} removed it, yet it exists"
                )
            )
            continue
        found.extend(_field_differences(entity, current, json.loads(after_json), seq))
    return found, count, unaudited


def _field_differences(
    entity: str, current: dict[str, Any], recorded: Any, seq: int
) -> list[Difference]:
    if not isinstance(recorded, dict):
        return [Difference(entity, current["id"], "", f"audit event {seq} holds no row state")]
    found = []
    # Only the fields the event recorded: a demo's status change records the status alone.
    for name, value in current.items():
        if name not in recorded:
            continue
        if _plain(value) != recorded[name]:
            found.append(
                Difference(
                    entity,
                    current["id"],
                    name,
                    f"'{_shown(_plain(value))}' in the file, "
                    f"'{_shown(recorded[name])}' at audit event {seq}",
                )
            )
    return found


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
        for row_id, seq in session.execute(query)
    ]


def _plain(value: Any) -> Any:
    """A column value as the audit snapshot stores it (services/safety/audit.py ``snapshot``)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _shown(value: Any, limit: int = 40) -> str:
    text = "(empty)" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
