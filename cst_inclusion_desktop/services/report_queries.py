"""The report's queries: set-based reads of one snapshot, scoped to the chosen schools and
principles, served by the action, evidence and review indexes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.action_rules import is_overdue
from cst_inclusion_desktop.domain.enums import EvidenceKind, Rag, Status
from cst_inclusion_desktop.domain.records import PrincipleRecord
from cst_inclusion_desktop.domain.report_model import (
    EvidenceIndex,
    EvidenceLine,
    Period,
    SchoolRef,
)
from cst_inclusion_desktop.services import report_build
from cst_inclusion_desktop.services.report_build import ActionFact, FlowCounts
from cst_inclusion_desktop.store.models import Action, Blob, Evidence, Principle, Review, School

_CHUNK = 500
# Plain dict look-ups: calling the enum class per row costs a second on 100,000 actions.
_STATUSES = {status.token: status for status in Status}
_RAGS = {rag.token: rag for rag in Rag}


@dataclass(frozen=True, slots=True)
class ReportScope:
    period: Period
    schools: tuple[SchoolRef, ...]
    principles: tuple[PrincipleRecord, ...]
    principle_ids: dict[str, int]
    all_schools: bool
    all_principles: bool

    def action_terms(self) -> list[Any]:
        return [
            Action.archived.is_(False),
            Action.school_id.in_([school.id for school in self.schools]),
            Action.principle_id.in_(list(self.principle_ids)),
        ]

    def evidence_terms(self, period: Period) -> list[Any]:
        return [
            Evidence.archived.is_(False),
            Evidence.school_id.in_([school.id for school in self.schools]),
            Evidence.principle_id.in_(list(self.principle_ids)),
            Evidence.date.between(period.start, period.end),
        ]


def facts(session: Session, scope: ReportScope, today: date) -> list[ActionFact]:
    query = select(
        Action.id,
        Action.school_id,
        Action.principle_id,
        Action.title,
        Action.owner,
        Action.status,
        Action.rag,
        Action.start_date,
        Action.due_date,
        Action.completed_date,
        Action.evidence_count,
    ).where(*scope.action_terms())
    facts = []
    for row in session.execute(query):
        status = _STATUSES[row.status]
        facts.append(
            ActionFact(
                row.id,
                row.school_id,
                scope.principle_ids[row.principle_id],
                row.title,
                row.owner,
                status,
                _RAGS[row.rag],
                row.start_date,
                row.due_date,
                row.completed_date,
                row.evidence_count,
                is_overdue(status, row.due_date, today),
            )
        )
    return facts


def flows_by_school(
    session: Session, scope: ReportScope, facts: Sequence[ActionFact], period: Period
) -> dict[str, FlowCounts]:
    """What happened in the period at each school: two grouped queries, not one per school."""
    evidence = _pairs(
        session.execute(
            select(Evidence.school_id, func.count())
            .where(*scope.evidence_terms(period))
            .group_by(Evidence.school_id)
        )
    )
    reviews = _pairs(
        session.execute(
            select(Action.school_id, func.count())
            .join(Review, Review.action_id == Action.id)
            .where(*scope.action_terms(), Review.date.between(period.start, period.end))
            .group_by(Action.school_id)
        )
    )
    by_school: dict[str, list[ActionFact]] = {school.id: [] for school in scope.schools}
    for fact in facts:
        by_school[fact.school_id].append(fact)
    return {
        school_id: report_build.flows(
            members, period, evidence.get(school_id, 0), reviews.get(school_id, 0)
        )
        for school_id, members in by_school.items()
    }


def _pairs(rows: Iterable[Any]) -> dict[Any, Any]:
    return {key: value for key, value in rows}


def total_flow(flows: Iterable[FlowCounts]) -> FlowCounts:
    totals = [0, 0, 0, 0]
    for flow in flows:
        for index, value in enumerate(
            (flow.completed, flow.new_actions, flow.evidence, flow.reviews)
        ):
            totals[index] += value
    return FlowCounts(*totals)


def evidence_by_day(session: Session, scope: ReportScope, period: Period) -> dict[date, int]:
    query = (
        select(Evidence.date, func.count())
        .where(*scope.evidence_terms(period))
        .group_by(Evidence.date)
    )
    return {day: count for day, count in session.execute(query)}


def reviews_by_day(session: Session, scope: ReportScope, period: Period) -> dict[date, int]:
    query = (
        select(Review.date, func.count())
        .join(Action, Action.id == Review.action_id)
        .where(*scope.action_terms(), Review.date.between(period.start, period.end))
        .group_by(Review.date)
    )
    return {day: count for day, count in session.execute(query)}


def review_rags_at(session: Session, scope: ReportScope, day: date, today: date) -> dict[str, Rag]:
    """The RAG each action's latest review on or before ``day`` recorded (not needed for today)."""
    if day >= today:
        return {}
    # Served by ix_review_action_date alone; reviews of actions out of scope are simply unused.
    latest = (
        select(Review.action_id, func.max(Review.date).label("day"))
        .where(Review.date <= day)
        .group_by(Review.action_id)
        .subquery()
    )
    query = select(Review.action_id, Review.rag).join(
        latest, and_(Review.action_id == latest.c.action_id, Review.date == latest.c.day)
    )
    return {action_id: _RAGS[rag] for action_id, rag in session.execute(query)}


def latest_notes(session: Session, action_ids: Iterable[str]) -> dict[str, tuple[date, str]]:
    ids = sorted(action_ids)
    notes: dict[str, tuple[date, str]] = {}
    for start in range(0, len(ids), _CHUNK):
        query = (
            select(Review.action_id, Review.date, Review.note)
            .where(Review.action_id.in_(ids[start : start + _CHUNK]))
            .order_by(Review.date, Review.created_at)
        )
        for action_id, day, note in session.execute(query):
            notes[action_id] = (day, note)  # ordered by date: the last one wins
    return notes


def evidence_index(
    session: Session, scope: ReportScope, bad_hashes: set[str], limit: int | None
) -> EvidenceIndex:
    """Counts over every item in scope from one aggregate; rows only as many as are listed.

    ``bad_hashes`` come from the evidence check, which re-hashed each distinct stored file once.
    """
    terms = scope.evidence_terms(scope.period)
    has_file = Evidence.blob_sha256.is_not(None)
    broken = or_(Blob.sha256.is_(None), Evidence.blob_sha256.in_(sorted(bad_hashes)))
    total, with_file, failed = session.execute(
        select(
            func.count(),
            func.count(Evidence.blob_sha256),
            func.coalesce(func.sum(case((and_(has_file, broken), 1), else_=0)), 0),
        )
        .select_from(Evidence)
        .outerjoin(Blob, Blob.sha256 == Evidence.blob_sha256)
        .where(*terms)
    ).one()
    query = (
        select(
            Evidence.kind,
            Evidence.date,
            Evidence.title,
            Action.title,
            School.urn,
            Principle.number,
            Evidence.blob_sha256,
            Blob.size,
        )
        .join(School, School.id == Evidence.school_id)
        .join(Principle, Principle.id == Evidence.principle_id)
        .outerjoin(Action, Action.id == Evidence.action_id)
        .outerjoin(Blob, Blob.sha256 == Evidence.blob_sha256)
        .where(*terms)
        .order_by(Evidence.date, School.urn, Evidence.title, Evidence.id)
        .limit(limit)
    )
    rows = []
    for kind, day, title, action_title, urn, number, sha256, size in session.execute(query):
        ok = None if not sha256 else (size is not None and sha256 not in bad_hashes)
        rows.append(
            EvidenceLine(
                EvidenceKind(kind), day, title, action_title or "", urn, number, sha256, ok
            )
        )
    return EvidenceIndex(tuple(rows), total, with_file, with_file - failed, failed)
