"""The board paper's reads: the actions in scope as facts with their history, and evidence counts.

Set-based: one read of the actions, one of the reviews, one of the later status changes, and a
grouped count of evidence; everything else is arithmetic in ``standing`` and ``paper_build``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.enums import AreaOfNeed, Rag, Status
from cst_inclusion_desktop.domain.report_model import Period
from cst_inclusion_desktop.services.reporting.day_counts import Standing
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
_CHUNK = 500


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
        *_days(session),
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
    attach_history(
        found,
        history.review_histories(session, _scoped_ids(scope)),
        history.status_changes_after(session, earliest),
    )
    return found


def standings(session: Session, scope: ReportScope, earliest: date) -> Iterator[Standing]:
    """Every live action in scope as a ``Standing``, with its reviews and its status changes
    after ``earliest``: what the board paper's counts on every day are worked out from. Made
    one at a time as ``day_counts.tally`` asks, so 100,000 of them are never kept."""
    query = select(
        Action.id,
        Action.school_id,
        Action.principle_id,
        Action.area_of_need,
        Action.status,
        Action.rag,
        Action.rag_overridden,
        *_days(session),
    ).where(*scope.action_terms())
    reviews: dict[str, Any] = history.review_histories(session, _scoped_ids(scope))
    changes = history.status_befores_after(session, earliest)
    statuses = {status.token: status for status in Status}
    rags: dict[str | None, Rag | None] = {rag.token: rag for rag in Rag}
    rags[None] = None  # NULL: not yet rated
    completed = Status.COMPLETED
    numbers, areas = scope.principle_ids, _AREAS
    for (
        action_id,
        school_id,
        principle_id,
        area,
        status,
        rag,
        hand_set,
        start,
        created,
        due,
        done,
    ) in history.fetch_all(session, query):
        current = statuses[status]
        entries = reviews.get(action_id)
        if entries is not None:
            entries = entries.split(",")
            entries.sort()  # "YYYY-MM-DDrag": by day, then by RAG word
        yield (
            Standing(
                action_id,
                school_id,
                numbers[principle_id],
                areas.get(area) if area else None,
                current,
                rags[rag],
                bool(hand_set),
                _iso(start or created),
                _iso(due) if due else None,
                # Only a completion that still stands dates the status (a reopened action
                # may keep its old completion date).
                _day(done) if done and current is completed else None,
                entries,
                changes.get(action_id),
            )
        )


def _days(session: Session) -> tuple[Any, ...]:
    """An action's start, creation, due and completion days as ISO text (``_iso``, ``_day``)."""
    columns = (Action.start_date, Action.created_at, Action.due_date, Action.completed_date)
    return tuple(history.day_text(session, column) for column in columns)


def _scoped_ids(scope: ReportScope) -> Select[Any] | None:
    """The actions in scope, for the reads of their history (None: every action will do)."""
    if scope.all_schools and scope.all_principles:
        return None
    return select(Action.id).where(*scope.action_terms())


def titles(session: Session, action_ids: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Each action's (title, owner), read for the few the paper names."""
    found: dict[str, tuple[str, str]] = {}
    ids = sorted(action_ids)
    for start in range(0, len(ids), _CHUNK):
        query = select(Action.id, Action.title, Action.owner).where(
            Action.id.in_(ids[start : start + _CHUNK])
        )
        found.update(
            (action_id, (title, owner)) for action_id, title, owner in session.execute(query)
        )
    return found


def _iso(value: str | date) -> str:
    """An ISO day from a raw column (see ``_day``)."""
    return value[:10] if isinstance(value, str) else _day(value).isoformat()


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


def within(counts: Counter[str] | Counter[date], period: Period) -> int:
    """How many of the ``counts`` (keyed by a day, or a text starting with an ISO day) fall
    in ``period``."""
    start, end = period.start.isoformat(), period.end.isoformat()
    return sum(
        count
        for key, count in counts.items()
        if start <= (key if isinstance(key, str) else key.isoformat())[:10] <= end
    )
