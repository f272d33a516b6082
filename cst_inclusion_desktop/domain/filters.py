"""What a list of actions is filtered and sorted by, shared by the CLI, GUI and export, and the
saved views of the filter bar (built-in ones and the user's own)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import Enum
from typing import Any, TypeAlias

from cst_inclusion_desktop.domain.definitions import is_open
from cst_inclusion_desktop.domain.enums import Rag, Status
from cst_inclusion_desktop.domain.errors import ValidationError


class ActionSort(str, Enum):
    SCHOOL = "school"
    PRINCIPLE = "principle"
    TITLE = "title"
    OWNER = "owner"
    STATUS = "status"
    RAG = "rag"
    DUE_DATE = "due_date"
    LAST_REVIEW = "last_review"
    EVIDENCE_COUNT = "evidence_count"


OPEN_CHOICE = "open"
OPEN_LABEL = "Open"
OPEN_STATUSES = tuple(status for status in Status if is_open(status))
"""*Open* as domain/definitions.py defines it: planned, in progress, on hold."""
REVIEW_WARNING_DAYS = 14
"""A review counts as due this many days before its next review date."""


def parse_statuses(values: Iterable[str]) -> tuple[Status, ...]:
    """Statuses from words (tokens or labels); "open" stands for the open ones. In status
    order, each once."""
    wanted: set[Status] = set()
    for value in values:
        if value.strip().lower() == OPEN_CHOICE:
            wanted.update(OPEN_STATUSES)
        else:
            wanted.add(Status.parse(value))
    return tuple(status for status in Status if status in wanted)


def statuses_text(statuses: Iterable[Status]) -> str:
    """What a status filter shows: "All statuses", "Open", or the labels."""
    chosen = tuple(status for status in Status if status in set(statuses))
    if not chosen or len(chosen) == len(Status):
        return "All statuses"
    if chosen == OPEN_STATUSES:
        return OPEN_LABEL
    return ", ".join(status.label for status in chosen)


@dataclass(frozen=True, slots=True)
class ReviewsDue:
    """Open actions whose next review falls on or before ``next_by``, or with no review since
    ``term_start`` (not reviewed this term)."""

    next_by: date
    term_start: date


@dataclass(frozen=True, slots=True)
class ActionFilter:
    school_ids: tuple[str, ...] = ()
    principle_numbers: tuple[int, ...] = ()
    statuses: tuple[Status, ...] = ()
    rags: tuple[Rag, ...] = ()
    not_rated: bool = False  # also (or only, with no rags) actions not yet rated
    overdue_only: bool = False
    search: str = ""
    include_archived: bool = False
    owner: str | None = None
    """Only actions led by this person (case-insensitive, the whole name, or the name followed
    by a role in brackets: "Sam Patel (SENCO)"); None: anyone."""
    reviews_due: ReviewsDue | None = None
    red_or_overdue: bool = False
    """Only open actions that are red or past their due date."""
    # Inspection criteria codes: actions that carry any of them (domain/criteria.py).
    criterion_codes: tuple[str, ...] = ()
    sort: ActionSort = ActionSort.DUE_DATE
    descending: bool = False

    def with_changes(self, **changes: object) -> ActionFilter:
        return replace(self, **changes)  # type: ignore[arg-type]


PageKey: TypeAlias = tuple[Any, ...]
"""A row's sort key in the actions list (one value per sort column, then the id)."""


@dataclass(frozen=True, slots=True)
class PageRequest:
    """Which page of a sorted list to read: after a known row's key, before one, or at a
    position counted from the start (or from the end, for the last pages)."""

    after: PageKey | None = None
    before: PageKey | None = None
    offset: int = 0
    from_end: bool = False
    limit: int = 100


class ViewKind(str, Enum):
    """The filter bar's built-in views; CUSTOM is one the user saved."""

    ALL = "all"
    OPEN = "open"
    MINE = "mine"
    REVIEWS_DUE = "reviews_due"
    RED_OR_OVERDUE = "red_or_overdue"
    CUSTOM = "custom"


BUILT_IN_VIEWS: dict[ViewKind, str] = {
    ViewKind.OPEN: "Open actions",
    ViewKind.MINE: "My open actions",
    ViewKind.REVIEWS_DUE: "Reviews due",
    ViewKind.RED_OR_OVERDUE: "Red or overdue",
    ViewKind.ALL: "All actions",
}
DEFAULT_VIEW = ViewKind.OPEN
"""What the table shows first: open actions by due date."""


@dataclass(frozen=True, slots=True)
class SavedView:
    """A named filter: what the filter bar's controls show, plus any hidden narrowing."""

    name: str
    kind: ViewKind = ViewKind.CUSTOM
    principle_numbers: tuple[int, ...] = ()
    statuses: tuple[Status, ...] = ()
    rags: tuple[Rag, ...] = ()
    not_rated: bool = False
    overdue_only: bool = False
    search: str = ""
    criterion_codes: tuple[str, ...] = ()
    """The inspection criteria shown (the filter bar offers one, or all)."""

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "principles": list(self.principle_numbers),
            "statuses": [status.token for status in self.statuses],
            "rags": [rag.token for rag in self.rags],
            "not_rated": self.not_rated,
            "overdue_only": self.overdue_only,
            "search": self.search,
            "criteria": list(self.criterion_codes),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> SavedView:
        """A saved view read back from the preferences; ValidationError when it is damaged."""
        name = data.get("name")
        principles = data.get("principles", [])
        statuses = data.get("statuses", [])
        rags = data.get("rags", [])
        criteria = data.get("criteria", [])  # absent from views saved before criteria
        if not isinstance(name, str) or not name.strip():
            raise ValidationError("saved view", name, "a name")
        if not all(isinstance(item, list) for item in (principles, statuses, rags, criteria)):
            raise ValidationError(
                "saved view", name, "lists of principles, statuses, RAGs and criteria"
            )
        assert isinstance(principles, list) and isinstance(statuses, list)
        assert isinstance(rags, list) and isinstance(criteria, list)
        if not all(isinstance(number, int) for number in principles):
            raise ValidationError("saved view", name, "principle numbers")
        if not all(isinstance(code, str) for code in criteria):
            raise ValidationError("saved view", name, "criterion codes")
        return cls(
            name=name.strip(),
            principle_numbers=tuple(principles),
            statuses=parse_statuses(str(item) for item in statuses),
            rags=tuple(Rag.parse(str(item)) for item in rags),
            not_rated=data.get("not_rated") is True,
            overdue_only=data.get("overdue_only") is True,
            search=str(data.get("search", "")),
            criterion_codes=tuple(criteria),
        )


def built_in_view(kind: ViewKind) -> SavedView:
    """The controls a built-in view sets (``view_filter`` adds what the controls cannot show)."""
    name = BUILT_IN_VIEWS[kind]
    if kind in (ViewKind.OPEN, ViewKind.MINE, ViewKind.REVIEWS_DUE, ViewKind.RED_OR_OVERDUE):
        return SavedView(name, kind, statuses=OPEN_STATUSES)
    return SavedView(name, kind)


def view_filter(
    view: SavedView, base: ActionFilter, *, me: str, today: date, term_start: date
) -> ActionFilter:
    """``base`` (school, sort) narrowed by a view: its controls and its hidden part."""
    narrowed = base.with_changes(
        principle_numbers=view.principle_numbers,
        statuses=view.statuses,
        rags=view.rags,
        not_rated=view.not_rated,
        overdue_only=view.overdue_only,
        search=view.search,
        criterion_codes=view.criterion_codes,
        owner=None,
        reviews_due=None,
        red_or_overdue=False,
    )
    if view.kind is ViewKind.MINE:
        return narrowed.with_changes(owner=me.strip() or "\0")
    if view.kind is ViewKind.REVIEWS_DUE:
        due = ReviewsDue(today + timedelta(days=REVIEW_WARNING_DAYS), term_start)
        return narrowed.with_changes(reviews_due=due)
    if view.kind is ViewKind.RED_OR_OVERDUE:
        return narrowed.with_changes(red_or_overdue=True)
    return narrowed
