"""Inspection coverage (domain/coverage.py): one read for actions and one for evidence, however
many criteria and schools, so the Trust overview stays quick on a large trust. On SQLite they
read the tallies the triggers keep (store/coverage_counts.py); the annex's principle scope and
other databases count by joining every link.

The Trust overview asks for today; the annex for the day its period ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.coverage import Coverage, CoverageCell
from cst_inclusion_desktop.domain.criteria import Criterion
from cst_inclusion_desktop.domain.definitions import coverage_start
from cst_inclusion_desktop.domain.enums import Phase, Status
from cst_inclusion_desktop.domain.report_model import SchoolRef
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.services.records.criteria import all_criteria, to_criterion
from cst_inclusion_desktop.store import coverage_counts, queries
from cst_inclusion_desktop.store.models import (
    Action,
    ActionCriterion,
    AuditEvent,
    Evidence,
    EvidenceCriterion,
    InspectionCriterion,
    School,
)


class CoverageService:
    """The coverage, kept while the record stands still.

    A fresh read of the tallies takes some 25 ms on the reference trust (the join it replaced,
    3 s), and the last result is still kept with the day and the audit log's last sequence
    number it was read at: every change to the record appends an audit event, so an unchanged
    number means an unchanged record and the kept coverage is returned.
    """

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self._kept: tuple[tuple[date, int], Coverage] | None = None

    def coverage(self, day: date | None = None) -> Coverage:
        """Every current criterion against every open school, on ``day`` (default today)."""
        with self.context.read() as session:
            key = (day or self.context.today(), audit_head(session))
            kept = self._kept
            if kept is not None and kept[0] == key:
                return kept[1]
            found = read_coverage(session, key[0], live_schools(session))
        self._kept = (key, found)
        return found


def audit_head(session: Session) -> int:
    """The audit log's last sequence number (0 for an empty log), read from its unique index."""
    return int(session.execute(select(func.max(AuditEvent.seq))).scalar_one() or 0)


def live_schools(session: Session) -> tuple[SchoolRef, ...]:
    rows = session.execute(
        select(School).where(School.archived.is_(False)).order_by(School.name, School.urn)
    ).scalars()
    return tuple(
        SchoolRef(school.id, school.urn, school.name, Phase.parse(school.phase).label, school.senco)
        for school in rows
    )


def current_criteria(session: Session) -> tuple[Criterion, ...]:
    """The criteria not retired, in their list order."""
    return tuple(all_criteria(session, include_retired=False))


def read_coverage(
    session: Session,
    day: date,
    schools: Sequence[SchoolRef],
    principle_ids: Sequence[str] | None = None,
) -> Coverage:
    """The coverage of ``schools`` on ``day``; ``principle_ids`` narrows it to those principles'
    actions and evidence (the annex's scope), None counts every principle."""
    start = coverage_start(day)
    rows = session.execute(
        select(InspectionCriterion)
        .where(InspectionCriterion.retired.is_(False))
        .order_by(InspectionCriterion.sort_order, InspectionCriterion.code)
    ).scalars()
    current = [(row.id, to_criterion(row)) for row in rows]
    criteria = tuple(criterion for _, criterion in current)
    codes = {criterion_id: criterion.code for criterion_id, criterion in current}
    school_ids = [school.id for school in schools]
    if principle_ids is None and coverage_counts.available(session):
        counts = coverage_counts.read_tallies(session, start, day)
    else:
        counts = joined_counts(session, start, day, school_ids, principle_ids)
    wanted = set(school_ids)
    cells = {
        (codes[criterion_id], school_id): CoverageCell(codes[criterion_id], school_id, *values)
        for (criterion_id, school_id), values in counts.items()
        if criterion_id in codes and school_id in wanted
    }
    return Coverage(day, start, criteria, tuple(schools), cells)


def joined_counts(
    session: Session,
    start: date,
    day: date,
    school_ids: Sequence[str],
    principle_ids: Sequence[str] | None,
) -> coverage_counts.Tallies:
    """The counts read by joining every link to its item: the annex's principle scope, and
    databases without the tallies (PostgreSQL)."""
    counts: coverage_counts.Tallies = {}

    completed = and_(
        Action.status == Status.COMPLETED.token,
        Action.completed_date >= start,
        Action.completed_date <= day,
    )
    is_open = Action.status.in_(queries.OPEN_STATUSES)
    action_terms = [Action.archived.is_(False), or_(is_open, completed)]
    if principle_ids is not None:
        action_terms.append(Action.principle_id.in_(list(principle_ids)))
    if len(school_ids) <= _NARROW_SCOPE:
        action_terms.append(Action.school_id.in_(school_ids))
    by_actions = (
        select(
            ActionCriterion.criterion_id,
            Action.school_id,
            func.sum(case((is_open, 1), else_=0)),
            func.sum(case((completed, 1), else_=0)),
        )
        .join(Action, Action.id == ActionCriterion.action_id)
        .where(*action_terms)
        .group_by(ActionCriterion.criterion_id, Action.school_id)
    )
    for criterion_id, school_id, open_count, completed_count in session.execute(by_actions):
        cell = counts.setdefault((criterion_id, school_id), [0, 0, 0, 0])
        cell[0], cell[1] = int(open_count or 0), int(completed_count or 0)

    recent = and_(Evidence.date >= start, Evidence.date <= day)
    evidence_terms = [Evidence.archived.is_(False), Evidence.date <= day]
    if principle_ids is not None:
        evidence_terms.append(Evidence.principle_id.in_(list(principle_ids)))
    if len(school_ids) <= _NARROW_SCOPE:
        evidence_terms.append(Evidence.school_id.in_(school_ids))
    by_evidence = (
        select(
            EvidenceCriterion.criterion_id,
            Evidence.school_id,
            func.sum(case((recent, 1), else_=0)),
            func.count(),
        )
        .join(Evidence, Evidence.id == EvidenceCriterion.evidence_id)
        .where(*evidence_terms)
        .group_by(EvidenceCriterion.criterion_id, Evidence.school_id)
    )
    for criterion_id, school_id, recent_count, ever_count in session.execute(by_evidence):
        cell = counts.setdefault((criterion_id, school_id), [0, 0, 0, 0])
        cell[2], cell[3] = int(recent_count or 0), int(ever_count or 0)
    return counts


_NARROW_SCOPE = 10
"""Up to this many schools the reads start from the schools' own index rows; for more, every
link is read once and other schools' cells are dropped afterwards (an IN list of 60 schools made
SQLite walk the school index and fetch each action's row: twice as slow)."""
