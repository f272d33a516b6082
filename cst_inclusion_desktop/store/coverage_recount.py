"""The coverage tallies counted again from the links, for `check`.

``coverage_count`` (migration 0013) is kept by triggers, so the app's writes cannot put it out of
step; a direct edit of the table, or of a trigger, can. The coverage view and the board paper's
coverage table read the tallies, so `check` compares every tally with a fresh count of the live
links, kind by kind, as the migration first filled them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal, select, true
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.enums import Status
from cst_inclusion_desktop.store.coverage_counts import COUNTS
from cst_inclusion_desktop.store.models import Action, ActionCriterion, Evidence, EvidenceCriterion

Key = tuple[str, str, str, str]
"""(kind, period, criterion id, school id), the table's key."""

_MONTH, _DAY = 7, 10


def tally_differences(session: Session) -> list[tuple[Key, int, int]]:
    """Every key whose stored tally differs from the links' count: (key, stored, counted)."""
    counted = _counted(session)
    table = COUNTS.c
    stored = {
        (kind, period, criterion, school): int(n)
        for kind, period, criterion, school, n in session.execute(
            select(table.kind, table.period, table.criterion_id, table.school_id, table.n)
        )
        if int(n)
    }
    return [
        (key, stored.get(key, 0), counted.get(key, 0))
        for key in sorted(stored.keys() | counted.keys())
        if stored.get(key, 0) != counted.get(key, 0)
    ]


def _counted(session: Session) -> dict[Key, int]:
    """The live links counted by day (evidence, completed actions) and as open actions; the
    month and any-date tallies are those day counts added up, as the triggers add them."""
    open_statuses = [status.token for status in Status if status.is_open]
    completed = and_(Action.status == Status.COMPLETED.token, Action.completed_date.is_not(None))
    plans: list[tuple[str, Any, Any, ColumnElement[bool]]] = [
        ("evidence_day", _leading(session, Evidence.date), EvidenceCriterion, true()),
        ("open", literal(""), ActionCriterion, Action.status.in_(open_statuses)),
        ("done_day", _leading(session, Action.completed_date), ActionCriterion, completed),
    ]
    found: dict[Key, int] = {}
    for kind, period, links, terms in plans:
        item = Evidence if links is EvidenceCriterion else Action
        link_item = links.evidence_id if links is EvidenceCriterion else links.action_id
        query = (
            select(period, links.criterion_id, item.school_id, func.count())
            .join(item, item.id == link_item)
            .where(item.archived.is_(False), terms)
            .group_by(period, links.criterion_id, item.school_id)
        )
        for value, criterion, school, count in session.execute(query):
            found[(kind, str(value), criterion, school)] = int(count)
    sums = {"evidence_day": ("evidence_month", "evidence_all"), "done_day": ("done_month", None)}
    for (kind, day, criterion, school), count in list(found.items()):
        month_kind, all_kind = sums.get(kind, (None, None))
        for total_kind, period in ((month_kind, day[:_MONTH]), (all_kind, "")):
            if total_kind is not None:
                key = (total_kind, period, criterion, school)
                found[key] = found.get(key, 0) + count
    return found


def _leading(session: Session, day: Any) -> ColumnElement[str]:
    """A date as ISO text, as the triggers keep it: SQLite stores it so, PostgreSQL formats it."""
    if session.get_bind().dialect.name == "sqlite":
        return func.substr(day, 1, _DAY)
    return func.to_char(day, "YYYY-MM-DD")
