"""Query shapes for the big lists, kept in one place so indexes and queries stay in step.

Only portable SQL here (``ilike`` for search, no SQLite-only functions), so a server database
gives the same answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, TypeAlias

from sqlalchemy import Integer, Select, and_, func, literal_column, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.selectable import Join

from cst_inclusion_desktop.domain.definitions import Mark, is_open
from cst_inclusion_desktop.domain.enums import Rag, Status
from cst_inclusion_desktop.domain.filters import ActionFilter, ActionSort
from cst_inclusion_desktop.store import sort_order, text_search
from cst_inclusion_desktop.store.models import (
    Action,
    ActionCriterion,
    Evidence,
    InspectionCriterion,
    Principle,
    Review,
    School,
)

AnySelect: TypeAlias = Select[*tuple[Any, ...]]
"""A query of any columns: the list, count and matrix queries differ in what they select."""

OPEN_STATUSES = tuple(status.token for status in Status if is_open(status))
NOT_RATED = Mark.NOT_RATED.token

ACTION_LIST_COLUMNS = (
    Action,
    School.urn,
    School.name.label("school_name"),
    Principle.number,
    Principle.title.label("principle_title"),
)


def action_conditions(
    action_filter: ActionFilter, today: date, text_index: bool = False, *, counting: bool = False
) -> list[Any]:
    """WHERE terms on ``action`` alone (no joins), so the action indexes can serve them.

    ``text_index``: the database has the search index (``text_search.available``). The index
    holds live actions only, so a search that includes archived ones uses ``ilike``.
    ``counting``: a count with a search word should start from the search index's matches
    (a few thousand rowids) rather than scan the 100,000-entry archived index probing each.
    """
    text_index = text_index and not action_filter.include_archived
    conditions: list[Any] = []
    searching = text_index and any(
        len(word) >= text_search.MIN_WORD for word in action_filter.search.split()
    )
    if not action_filter.include_archived:
        if counting and searching:
            # An expression on the column keeps the planner off the archived indexes.
            conditions.append(func.coalesce(Action.archived, False).is_(False))
        else:
            conditions.append(Action.archived.is_(False))
    if action_filter.school_ids:
        conditions.append(Action.school_id.in_(action_filter.school_ids))
    if action_filter.principle_numbers:
        # A subquery, not a join: the filter then uses ix_action_principle_order.
        principle_ids = select(Principle.id).where(
            Principle.number.in_(action_filter.principle_numbers)
        )
        conditions.append(Action.principle_id.in_(principle_ids))
    if action_filter.statuses:
        conditions.append(Action.status.in_([status.token for status in action_filter.statuses]))
    if action_filter.rags or action_filter.not_rated:
        rated = Action.rag.in_([rag.token for rag in action_filter.rags])
        conditions.append(or_(rated, Action.rag.is_(None)) if action_filter.not_rated else rated)
    if action_filter.overdue_only:
        conditions.append(and_(Action.due_date < today, Action.status.in_(OPEN_STATUSES)))
    conditions += view_conditions(action_filter, today)
    if action_filter.criterion_codes:
        conditions.append(carries_criteria(action_filter.criterion_codes))
    for word in action_filter.search.split():
        if text_index and len(word) >= text_search.MIN_WORD:
            conditions.append(text_search.word_condition(word))
            continue
        pattern = f"%{_escape_like(word)}%"
        in_notes = select(Review.id).where(
            Review.action_id == Action.id, Review.note.ilike(pattern, escape="\\")
        )
        in_evidence = select(Evidence.id).where(
            Evidence.action_id == Action.id,
            Evidence.archived.is_(False),
            Evidence.title.ilike(pattern, escape="\\"),
        )
        conditions.append(
            or_(
                Action.title.ilike(pattern, escape="\\"),
                Action.owner.ilike(pattern, escape="\\"),
                Action.description.ilike(pattern, escape="\\"),
                in_notes.exists(),
                in_evidence.exists(),
            )
        )
    return conditions


def view_conditions(action_filter: ActionFilter, today: date) -> list[Any]:
    """The saved views' narrowing (domain/filters.py): owner, reviews due, red or overdue."""
    conditions: list[Any] = []
    if action_filter.owner is not None:
        # "Sam Patel" also owns "Sam Patel (SENCO)": owners often carry their role.
        me = action_filter.owner.lower()
        with_role = f"{_escape_like(me)} (%"
        owner = func.lower(Action.owner)
        conditions.append(or_(owner == me, owner.like(with_role, escape="\\")))
    due = action_filter.reviews_due
    if due is not None:
        # The latest review is the one on the action's last review date.
        next_soon = (
            select(Review.id)
            .where(
                Review.action_id == Action.id,
                Review.date == Action.last_review_date,
                Review.next_review_date <= due.next_by,
            )
            .exists()
        )
        not_this_term = or_(
            Action.last_review_date.is_(None), Action.last_review_date < due.term_start
        )
        conditions.append(and_(Action.status.in_(OPEN_STATUSES), or_(not_this_term, next_soon)))
    if action_filter.red_or_overdue:
        late = and_(Action.due_date.is_not(None), Action.due_date < today)
        conditions.append(
            and_(Action.status.in_(OPEN_STATUSES), or_(Action.rag == Rag.RED.token, late))
        )
    return conditions


def carries_criteria(codes: tuple[str, ...]) -> Any:
    """The action carries one of the criteria: ``id IN`` the criterion's links, which SQLite
    reads once from ``ix_action_criterion_coverage`` and probes in memory. A correlated EXISTS
    probed the link table per action instead: a rare criterion's first page walked all 100,000
    (~0.7 s on the reference trust against ~40 ms; the count ~0.8 s against ~40 ms).
    """
    criterion_ids = select(InspectionCriterion.id).where(InspectionCriterion.code.in_(codes))
    return Action.id.in_(
        select(ActionCriterion.action_id).where(ActionCriterion.criterion_id.in_(criterion_ids))
    )


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# The index's own expressions (store/sort_order.py), so a far page is read by key from it.
_RAG_ORDER = literal_column(sort_order.rag_rank("action.rag"), Integer)  # not yet rated last
_STATUS_ORDER = literal_column(sort_order.status_rank("action.status"), Integer)


_NULLABLE_SORTS = (ActionSort.DUE_DATE, ActionSort.LAST_REVIEW)


def _sort_columns(sort: ActionSort) -> list[Any]:
    columns: dict[ActionSort, list[Any]] = {
        ActionSort.SCHOOL: [School.name, School.id],  # school by school (ix_school_name_order)
        ActionSort.PRINCIPLE: [Principle.number],
        ActionSort.TITLE: [Action.title],
        ActionSort.OWNER: [Action.owner],
        ActionSort.STATUS: [_STATUS_ORDER],
        ActionSort.RAG: [_RAG_ORDER],
        ActionSort.DUE_DATE: [Action.due_date],
        ActionSort.LAST_REVIEW: [Action.last_review_date],
        ActionSort.EVIDENCE_COUNT: [Action.evidence_count],
    }
    return columns[sort]


def _joined(query: AnySelect, sort: ActionSort) -> AnySelect:
    if sort is ActionSort.SCHOOL:
        query = query.select_from(SchoolsFirst())
    else:
        query = query.join(School, School.id == Action.school_id)
    return query.join(Principle, Principle.id == Action.principle_id)


class SchoolsFirst(Join):
    """``school JOIN action``, walked school by school in name order when sorting by school.

    Without table statistics SQLite's planner would rather read every live action and sort
    them all (about 200 ms a far page of 100,000); a ``CROSS JOIN`` is SQLite's documented
    way of keeping the written loop order, which ``ix_school_name_order`` and
    ``ix_action_school_id_order`` then serve with no sort. Other databases get a plain join.
    """

    inherit_cache = True

    def __init__(self) -> None:
        super().__init__(School.__table__, Action.__table__, School.id == Action.school_id)


@compiles(SchoolsFirst, "sqlite")
def _cross_join(join: SchoolsFirst, compiler: SQLCompiler, **kw: Any) -> str:
    plain: str = compiler.visit_join(join, **kw)  # type: ignore[no-untyped-call]
    return plain.replace(" JOIN ", " CROSS JOIN ", 1)  # "school JOIN action ON …"


def order_terms(action_filter: ActionFilter) -> list[OrderTerm]:
    """The list's order, term by term: keyset paging (store/keyset.py) compares against it.

    NULL dates sort last either way, and the id breaks ties so pages never overlap. Overdue
    rows all have a due date, so that term is left out there: the order is then exactly
    ix_action_due_status's and the first page needs no sort.
    """
    columns = _sort_columns(action_filter.sort)
    terms: list[OrderTerm] = []
    # Only dates can be NULL; the other sort columns never are, so their order needs no flag
    # and an index on (archived, column, id) serves it (ix_action_title_order, 0012).
    flagged = action_filter.sort in _NULLABLE_SORTS
    if flagged and not (action_filter.overdue_only and action_filter.sort is ActionSort.DUE_DATE):
        terms += [OrderTerm(column, descending=False, null_flag=True) for column in columns]
    terms += [OrderTerm(column, descending=action_filter.descending) for column in columns]
    # The id follows a descending sort too (the list is then the ascending one reversed), so
    # one index serves it backwards; a date sort keeps NULLs last, so no index serves it whole.
    terms.append(OrderTerm(Action.id, descending=action_filter.descending and not flagged))
    return terms


@dataclass(frozen=True, slots=True)
class OrderTerm:
    """One ORDER BY term; ``null_flag``: the term is ``column IS NULL`` (NULLs last)."""

    column: Any
    descending: bool
    null_flag: bool = False

    def expression(self, reverse: bool = False) -> Any:
        value = self.column.is_(None) if self.null_flag else self.column
        return value.asc() if self.descending == reverse else value.desc()


def action_list(
    action_filter: ActionFilter, today: date, text_index: bool = False, *, reverse: bool = False
) -> AnySelect:
    """Filtered, sorted actions with school and principle names; page it with offset/limit
    (``reverse``: the same order backwards, for pages counted from the end)."""
    return (
        _joined(select(*ACTION_LIST_COLUMNS), action_filter.sort)
        .where(*action_conditions(action_filter, today, text_index))
        .order_by(*(term.expression(reverse) for term in order_terms(action_filter)))
    )


ACTION_ROW_COLUMNS = (
    *Action.__table__.columns,
    School.urn,
    School.name.label("school_name"),
    Principle.number,
    Principle.title.label("principle_title"),
)


def action_rows(
    action_filter: ActionFilter, today: date, text_index: bool = False, *, reverse: bool = False
) -> AnySelect:
    """``action_list`` as plain rows (``row.title``, ``row.urn`` ...), not ORM objects.

    For read-only pages: a 200-row page loads in about half the time without the ORM's
    identity map and instance set-up (measured in docs/benchmark.md).
    """
    query = action_list(action_filter, today, text_index, reverse=reverse)
    return query.with_only_columns(*ACTION_ROW_COLUMNS)


def action_page(
    action_filter: ActionFilter, today: date, offset: int, limit: int, text_index: bool = False
) -> AnySelect:
    """One page of ``action_rows``: the page's ids first, then only those rows.

    The ids come from the narrow list indexes alone (each ends in the list's order and the id),
    so finding the page never reads the wide rows it skips. On PostgreSQL this also keeps the
    planner off a misjudged walk: with one status chosen it walked ``ix_action_live_order``,
    assuming statuses spread evenly along the due dates, and read ~60,000 completed actions
    before it had 100 "in progress" ones (250 ms); the page of ids is an index-only read of
    ``ix_action_status`` (0.1 ms), then 100 rows by key (docs/benchmark.md).
    """
    order = [term.expression() for term in order_terms(action_filter)]
    ids = select(Action.id.label("page_id"))
    if action_filter.sort in (ActionSort.SCHOOL, ActionSort.PRINCIPLE):
        # The order needs the school's name or the principle's number.
        ids = _joined(ids, action_filter.sort)
    page = (
        ids.where(*action_conditions(action_filter, today, text_index))
        .order_by(*order)
        .offset(offset)
        .limit(limit)
        .subquery("page")
    )
    # The page's own rows by key: a plain join (no school-by-school walk for 100 rows).
    return (
        _joined(select(*ACTION_ROW_COLUMNS), ActionSort.DUE_DATE)
        .join(page, page.c.page_id == Action.id)
        .order_by(*order)
    )


def action_count(action_filter: ActionFilter, today: date, text_index: bool = False) -> AnySelect:
    words = action_filter.search.split()
    # Sorting does not change a count; anything else but the words narrows it further.
    unsorted = action_filter.with_changes(search="", sort=ActionSort.DUE_DATE, descending=False)
    only_searching = unsorted == ActionFilter()
    if text_index and words and only_searching and min(map(len, words)) >= text_search.MIN_WORD:
        # The indexes hold exactly the live actions' text, notes and evidence titles.
        return text_search.count_matches(words)
    # count(*), not count(id): the id is not in the narrow indexes, so count(id) reads every row.
    query = select(func.count()).select_from(Action)
    return query.where(*action_conditions(action_filter, today, text_index, counting=True))


def rated_rag() -> Any:
    """The RAG an action stands at now, "not_rated" when it has none (domain/definitions.py:
    a NULL RAG)."""
    return func.coalesce(Action.rag, NOT_RATED)


def rag_matrix() -> AnySelect:
    """Counts of live open actions by school, principle and RAG as rated (``rated_rag``)."""
    rag = rated_rag()
    return (
        select(Action.school_id, Action.principle_id, rag, func.count())
        .where(Action.archived.is_(False), Action.status.in_(OPEN_STATUSES))
        .group_by(Action.school_id, Action.principle_id, rag)
    )
