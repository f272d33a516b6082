"""Which inspection criteria an action or evidence item carries: read for a page of records,
checked and replaced in a write, and shown in the audit state.

The audit keeps snapshots flat (a pack's audit events are checked as flat, scalar values), so a
record's criteria enter its audited state as one text: the codes joined by "; ".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.criteria import check_codes, join_codes
from cst_inclusion_desktop.services.records.criteria import all_criteria
from cst_inclusion_desktop.services.safety.audit import snapshot
from cst_inclusion_desktop.store.models import (
    Action,
    ActionCriterion,
    Evidence,
    EvidenceCriterion,
    InspectionCriterion,
)

AUDIT_KEY = "criteria"
_BATCH = 500  # ids per IN (...) list: well under SQLite's variable limit


def action_codes(session: Session, action_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Each action's codes, in the list's order; actions with none are left out."""
    return _codes(session, ActionCriterion.action_id, ActionCriterion.criterion_id, action_ids)


def evidence_codes(session: Session, evidence_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    return _codes(
        session, EvidenceCriterion.evidence_id, EvidenceCriterion.criterion_id, evidence_ids
    )


def checked_codes(
    session: Session, codes: Iterable[str], *, already: Iterable[str] = ()
) -> tuple[str, ...]:
    """The codes, known and current (a retired one only where the record already had it)."""
    return check_codes(codes, all_criteria(session), already=already)


def set_action_codes(session: Session, action_id: str, codes: Sequence[str]) -> None:
    _replace(session, ActionCriterion, "action_id", action_id, codes)


def set_evidence_codes(session: Session, evidence_id: str, codes: Sequence[str]) -> None:
    _replace(session, EvidenceCriterion, "evidence_id", evidence_id, codes)


def action_state(session: Session, action: Action) -> dict[str, Any]:
    """The action's audited state: its columns and its criteria."""
    codes = action_codes(session, [action.id]).get(action.id, ())
    return snapshot(action) | {AUDIT_KEY: join_codes(codes)}


def evidence_state(session: Session, evidence: Evidence) -> dict[str, Any]:
    codes = evidence_codes(session, [evidence.id]).get(evidence.id, ())
    return snapshot(evidence) | {AUDIT_KEY: join_codes(codes)}


def ids_by_code(session: Session, codes: Iterable[str]) -> dict[str, str]:
    wanted = list(codes)
    if not wanted:
        return {}
    rows = session.execute(
        select(InspectionCriterion.code, InspectionCriterion.id).where(
            InspectionCriterion.code.in_(wanted)
        )
    )
    return {code: criterion_id for code, criterion_id in rows}


def _replace(
    session: Session,
    table: type[ActionCriterion] | type[EvidenceCriterion],
    key: str,
    record_id: str,
    codes: Sequence[str],
) -> None:
    session.flush()
    column = getattr(table, key)
    session.execute(delete(table).where(column == record_id))
    ids = ids_by_code(session, codes)
    if codes:
        session.execute(
            insert(table), [{key: record_id, "criterion_id": ids[code]} for code in codes]
        )


def _codes(
    session: Session, record_column: Any, criterion_column: Any, record_ids: Sequence[str]
) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    unique = list(dict.fromkeys(record_ids))
    for start in range(0, len(unique), _BATCH):
        batch = unique[start : start + _BATCH]
        rows = session.execute(
            select(record_column, InspectionCriterion.code)
            .join(InspectionCriterion, InspectionCriterion.id == criterion_column)
            .where(record_column.in_(batch))
            .order_by(record_column, InspectionCriterion.sort_order, InspectionCriterion.code)
        )
        for record_id, code in rows:
            found.setdefault(record_id, []).append(code)
    return {record_id: tuple(codes) for record_id, codes in found.items()}
