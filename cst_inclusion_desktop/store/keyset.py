"""Keyset paging for the actions table: a page starts from the sort key of its neighbour's edge
row, so the database seeks instead of counting past every earlier row (OFFSET).

A page far from any page already read is found by its position in a narrow query of the sort
key alone (index only, no joins unless the sort needs one), then read by key. Only portable
SQL: comparisons, ``IS NULL``, ``AND``/``OR``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, false, or_, select

from cst_inclusion_desktop.domain.filters import ActionFilter, ActionSort, PageKey
from cst_inclusion_desktop.store.models import Action, Principle
from cst_inclusion_desktop.store.queries import (
    AnySelect,
    OrderTerm,
    SchoolsFirst,
    action_conditions,
    order_terms,
)

KEY_LABEL = "page_key_"


def _plain(terms: Sequence[OrderTerm]) -> list[OrderTerm]:
    """The terms whose values make a key (a NULL flag follows from its column's value)."""
    return [term for term in terms if not term.null_flag]


def with_keys(query: AnySelect, terms: Sequence[OrderTerm]) -> AnySelect:
    """``query`` plus each row's key, as columns ``page_key_0``, ``page_key_1``…"""
    columns = [term.column.label(f"{KEY_LABEL}{index}") for index, term in enumerate(_plain(terms))]
    return query.add_columns(*columns)


def row_key(row: Any, terms: Sequence[OrderTerm]) -> PageKey:
    return tuple(getattr(row, f"{KEY_LABEL}{index}") for index in range(len(_plain(terms))))


def key_query(
    action_filter: ActionFilter, today: date, text_index: bool, *, reverse: bool = False
) -> AnySelect:
    """The sort key alone, in the list's order: served from an index for the usual sorts."""
    terms = order_terms(action_filter)
    query = select(*(term.column for term in _plain(terms)))
    if action_filter.sort is ActionSort.SCHOOL:
        query = query.select_from(SchoolsFirst())
    else:
        query = query.select_from(Action)
    if action_filter.sort is ActionSort.PRINCIPLE:
        query = query.join(Principle, Principle.id == Action.principle_id)
    return query.where(*action_conditions(action_filter, today, text_index)).order_by(
        *(term.expression(reverse) for term in terms)
    )


def beyond(
    terms: Sequence[OrderTerm], key: PageKey, *, backwards: bool = False, inclusive: bool = False
) -> Any:
    """WHERE: rows after ``key`` in the list's order (before it when ``backwards``), and the
    row with that key itself when ``inclusive``."""
    values = dict(zip((id(term) for term in _plain(terms)), key, strict=True))
    equals: list[Any] = []
    branches: list[Any] = []
    for term in terms:
        value = values[id(_column_term(terms, term))]
        later_is_greater = term.descending == backwards
        if term.null_flag:
            # NULLs last: the flag is true for a NULL; "later" means a NULL after a value.
            equal = term.column.is_(None) if value is None else term.column.is_not(None)
            later = (
                (term.column.is_(None) if later_is_greater else None)
                if value is not None
                else (None if later_is_greater else term.column.is_not(None))
            )
        elif value is None:
            equal, later = term.column.is_(None), None
        else:
            equal = term.column == value
            later = term.column > value if later_is_greater else term.column < value
        if later is not None:
            branches.append(and_(*equals, later))
        equals.append(equal)
    if inclusive:
        branches.append(and_(*equals))
    return or_(*branches) if branches else false()


def _column_term(terms: Sequence[OrderTerm], term: OrderTerm) -> OrderTerm:
    """A NULL flag's value comes from the plain term on the same column."""
    if not term.null_flag:
        return term
    return next(other for other in _plain(terms) if other.column is term.column)
