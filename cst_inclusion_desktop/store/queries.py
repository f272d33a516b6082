"""Query shapes for the big lists, kept in one place so indexes and queries stay in step.

Only portable SQL here (``ilike`` for search, no SQLite-only functions), so a server database
gives the same answers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select

from cst_inclusion_desktop.domain.enums import Rag, Status
from cst_inclusion_desktop.domain.filters import ActionFilter, ActionSort
from cst_inclusion_desktop.store.models import Action, Principle, School

OPEN_STATUSES = tuple(status.token for status in Status if status.is_open)

ACTION_LIST_COLUMNS = (
    Action,
    School.urn,
    School.name.label("school_name"),
    Principle.number,
    Principle.title.label("principle_title"),
)


def action_conditions(action_filter: ActionFilter, today: date) -> list[Any]:
    conditions: list[Any] = []
    if not action_filter.include_archived:
        conditions.append(Action.archived.is_(False))
    if action_filter.school_ids:
        conditions.append(Action.school_id.in_(action_filter.school_ids))
    if action_filter.principle_numbers:
        conditions.append(Principle.number.in_(action_filter.principle_numbers))
    if action_filter.statuses:
        conditions.append(Action.status.in_([status.token for status in action_filter.statuses]))
    if action_filter.rags:
        conditions.append(Action.rag.in_([rag.token for rag in action_filter.rags]))
    if action_filter.overdue_only:
        conditions.append(and_(Action.due_date < today, Action.status.in_(OPEN_STATUSES)))
    for word in action_filter.search.split():
        pattern = f"%{_escape_like(word)}%"
        conditions.append(
            or_(
                Action.title.ilike(pattern, escape="\\"),
                Action.owner.ilike(pattern, escape="\\"),
                Action.description.ilike(pattern, escape="\\"),
            )
        )
    return conditions


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_RAG_ORDER = case({Rag.RED.token: 0, Rag.AMBER.token: 1, Rag.GREEN.token: 2}, value=Action.rag)
_STATUS_ORDER = case(
    {status.token: index for index, status in enumerate(Status)}, value=Action.status
)


def _sort_columns(sort: ActionSort) -> list[Any]:
    return {
        ActionSort.SCHOOL: [School.name],
        ActionSort.PRINCIPLE: [Principle.number],
        ActionSort.TITLE: [Action.title],
        ActionSort.OWNER: [Action.owner],
        ActionSort.STATUS: [_STATUS_ORDER],
        ActionSort.RAG: [_RAG_ORDER],
        ActionSort.DUE_DATE: [Action.due_date],
        ActionSort.LAST_REVIEW: [Action.last_review_date],
        ActionSort.EVIDENCE_COUNT: [Action.evidence_count],
    }[sort]


def _joined(query: Select[Any]) -> Select[Any]:
    return query.join(School, School.id == Action.school_id).join(
        Principle, Principle.id == Action.principle_id
    )


def action_list(action_filter: ActionFilter, today: date) -> Select[Any]:
    """Filtered, sorted actions with school and principle names; page it with offset/limit."""
    order = _sort_columns(action_filter.sort)
    if action_filter.descending:
        order = [column.desc() for column in order]
    # NULL dates sort last either way, and the id breaks ties so pages never overlap.
    nulls_last = [column.is_(None) for column in _sort_columns(action_filter.sort)]
    return (
        _joined(select(*ACTION_LIST_COLUMNS))
        .where(*action_conditions(action_filter, today))
        .order_by(*nulls_last, *order, Action.id)
    )


def action_count(action_filter: ActionFilter, today: date) -> Select[Any]:
    query = select(func.count(Action.id)).select_from(Action)
    needs_join = bool(action_filter.principle_numbers)
    if needs_join:
        query = query.join(Principle, Principle.id == Action.principle_id)
    return query.where(*action_conditions(action_filter, today))


def rag_matrix(include_archived_schools: bool = False) -> Select[Any]:
    """Counts of live actions by school, principle and RAG (served by ix_action_matrix)."""
    query = (
        select(Action.school_id, Action.principle_id, Action.rag, func.count())
        .where(Action.archived.is_(False))
        .group_by(Action.school_id, Action.principle_id, Action.rag)
    )
    return query
