"""Each action as it stood on a day, from one read of the actions, the reviews and the later
status changes: pure Python by the rules of ``domain/definitions.py``.

The history is read once and every day asked about (the period's end, the compared period's
end, six term ends) is answered from memory, rather than one query per day.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from cst_inclusion_desktop.domain.board_paper import Counts
from cst_inclusion_desktop.domain.definitions import rag_as_of, status_as_of
from cst_inclusion_desktop.domain.enums import AreaOfNeed, Rag, Status
from cst_inclusion_desktop.store.history import StatusChange

_STATUSES = {status.token: status for status in Status}
_RAGS = {rag.token: rag for rag in Rag}
# Plain dict look-ups: Status.is_open tests a tuple per call, and this runs 700,000 times.
_OPEN = {status: status.is_open for status in Status}


@dataclass(slots=True)
class Fact:
    """One live action in scope, with its review history (ISO days and RAGs, in date order)."""

    id: str
    school_id: str
    principle_number: int
    title: str
    owner: str
    status: Status
    rag: Rag | None
    """None: not yet rated."""
    hand_set: bool
    begun: date
    """Its start date, else the day it was created."""
    due_date: date | None
    completed_date: date | None
    """Only while the action is completed (a reopened action may keep an old date)."""
    area: AreaOfNeed | None
    evidence_count: int
    review_days: tuple[str, ...] = ()
    review_rags: tuple[Rag, ...] = ()
    changes: tuple[StatusChange, ...] = ()
    """Status changes after the earliest day the report asks about."""


@dataclass(frozen=True, slots=True)
class Stood:
    """An action on one day."""

    status: Status
    rag: Rag | None
    """None: not yet rated."""
    overdue: bool
    reviewed_this_term: bool

    @property
    def is_open(self) -> bool:
        return self.status.is_open


def attach_history(
    facts: Sequence[Fact], reviews: dict[str, str], changes: dict[str, list[StatusChange]]
) -> None:
    """Give each fact its reviews (``store.history.review_histories`` texts, put in date
    order) and its later status changes."""
    rags = _RAGS
    for fact in facts:
        text = reviews.get(fact.id)
        if text:
            entries = text.split(",")
            entries.sort()  # "YYYY-MM-DDrag": sorts by day
            fact.review_days = tuple(entry[:10] for entry in entries)
            fact.review_rags = tuple(rags[entry[10:]] for entry in entries)
        history = changes.get(fact.id)
        if history:
            fact.changes = tuple(history)


def status_token(text: str) -> Status:
    return _STATUSES[text]


def rag_token(text: str | None) -> Rag | None:
    """The stored RAG; NULL is "not yet rated"."""
    return _RAGS[text] if text else None


def _recorded(fact: Fact, day: date) -> Status:
    """The status recorded on ``day``: the one before its first later change, else today's."""
    for change_day, before, after in fact.changes:
        if change_day > day:
            return _STATUSES[before or after]
    return fact.status


def _rag(fact: Fact, day_text: str) -> tuple[Rag | None, int]:
    """The RAG on the day (ISO text) and how many reviews were on or before it."""
    upto = bisect_right(fact.review_days, day_text)
    latest = fact.review_rags[upto - 1] if upto else None
    return rag_as_of(latest, upto < len(fact.review_days), fact.rag, fact.hand_set), upto


def standing(
    facts: Sequence[Fact], day: date, term_start: date, begun_by: date | None = None
) -> list[Stood | None]:
    """Every fact on ``day``, in the same order; "this term" runs from ``term_start``.

    None for an action that does not count: begun after ``begun_by`` (the period's end, which
    may be after ``day`` while the period runs; by default ``day``).
    """
    day_text, term_text = day.isoformat(), term_start.isoformat()
    last_start = begun_by or day
    stoods: list[Stood | None] = []
    for fact in facts:
        if fact.begun > last_start:
            stoods.append(None)
            continue
        status = status_as_of(_recorded(fact, day), fact.completed_date, day)
        rag, upto = _rag(fact, day_text)
        due = fact.due_date
        reviewed = bool(upto) and fact.review_days[upto - 1] >= term_text
        stoods.append(Stood(status, rag, _OPEN[status] and due is not None and due < day, reviewed))
    return stoods


def grouped(
    stoods: Iterable[Stood | None], key: Callable[[int], Hashable]
) -> dict[Hashable, Counts]:
    """Counts of the open actions per ``key(index)`` (a school, a cell, an area)."""
    tallies: dict[Hashable, list[int]] = {}
    for index, stood in enumerate(stoods):
        if stood is None or not _OPEN[stood.status]:
            continue
        tally = tallies.get(group := key(index))
        if tally is None:
            tally = tallies[group] = [0] * 8
        tally[0] += 1
        rag = stood.rag
        tally[_RAG_SLOT[rag]] += 1
        if stood.overdue:
            tally[5] += 1
            if rag is Rag.GREEN:
                tally[7] += 1
        if not stood.reviewed_this_term:
            tally[6] += 1
    return {group: Counts(*tally) for group, tally in tallies.items()}


_RAG_SLOT: dict[Rag | None, int] = {Rag.RED: 1, Rag.AMBER: 2, Rag.GREEN: 3, None: 4}
