"""The board paper's reads: the actions in scope as facts with their history, and evidence counts.

Set-based: one read of the actions, one of the reviews, one of the later status changes, and a
grouped count of evidence; everything else is arithmetic in ``standing`` and ``paper_build``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.enums import AreaOfNeed, Status
from cst_inclusion_desktop.domain.report_model import Period
from cst_inclusion_desktop.services.reporting.report_queries import ReportScope
from cst_inclusion_desktop.services.reporting.standing import (
    Fact,
    attach_history,
    rag_token,
    status_token,
)
from cst_inclusion_desktop.store import history
from cst_inclusion_desktop.store.models import Action, Evidence

_AREAS = {area.token: area for area in AreaOfNeed}


def facts(session: Session, scope: ReportScope, earliest: date) -> list[Fact]:
    """Every live action in scope, with its reviews and its status changes after ``earliest``."""
    query = select(
        Action.id,
        Action.school_id,
        Action.principle_id,
        Action.title,
        Action.owner,
        Action.status,
        Action.rag,
        Action.rag_overridden,
        type_coerce(Action.start_date, String),
        type_coerce(Action.created_at, String),
        type_coerce(Action.due_date, String),
        type_coerce(Action.completed_date, String),
        Action.area_of_need,
        Action.evidence_count,
    ).where(*scope.action_terms())
    numbers = scope.principle_ids
    found = []
    for row in history.fetch_all(session, query):
        (
            action_id,
            school_id,
            principle_id,
            title,
            owner,
            status,
            rag,
            hand_set,
            start,
            created,
            due,
            done,
            area,
            evidence_count,
        ) = row
        current = status_token(status)
        found.append(
            Fact(
                action_id,
                school_id,
                numbers[principle_id],
                title,
                owner,
                current,
                rag_token(rag),
                bool(hand_set),
                _day(start or created),
                _day(due) if due else None,
                # Only a completion that still stands dates the status (a reopened action
                # may keep its old completion date).
                _day(done) if done and current is Status.COMPLETED else None,
                _AREAS.get(area) if area else None,
                evidence_count,
            )
        )
    ids = (
        None
        if scope.all_schools and scope.all_principles
        else select(Action.id).where(*scope.action_terms())
    )
    attach_history(
        found,
        history.review_histories(session, ids),
        history.status_changes_after(session, earliest),
    )
    return found


def _day(value: str | date) -> date:
    """A day from a raw column: ISO text on SQLite (a timestamp's first ten characters), a
    date or datetime from drivers that convert."""
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value.date() if isinstance(value, datetime) else value


def evidence_by_school(session: Session, scope: ReportScope, period: Period) -> dict[str, int]:
    """Evidence dated within ``period`` per school (what "evidence added this term" counts)."""
    query = (
        select(Evidence.school_id, func.count())
        .where(*scope.evidence_terms(period))
        .group_by(Evidence.school_id)
    )
    return {school_id: count for school_id, count in session.execute(query)}


def review_days(facts: Sequence[Fact]) -> list[str]:
    """Every review day of the facts, sorted (ISO text), for ``reviews_within``."""
    return sorted(day for fact in facts for day in fact.review_days)


def reviews_within(days: Sequence[str], period: Period) -> int:
    """How many of the sorted ``days`` fall within ``period``."""
    start = bisect_left(days, period.start.isoformat())
    return bisect_right(days, period.end.isoformat()) - start
