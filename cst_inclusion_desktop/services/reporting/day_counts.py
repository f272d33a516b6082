"""The board paper's counts on several days from one read of the actions and their history.

Each action is read once as a plain tuple (no per-action object), its reviews as one sorted list
of ``"YYYY-MM-DDrag"`` texts and its later status changes as (day, status) pairs; then every
day asked about (the period's end, the compared period's end, six term ends) is one pass that
tallies the open actions by (school, principle, area, RAG, overdue, reviewed this term). The
rules are ``domain/definitions.py``'s own functions, so the figures are the definitions'.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from cst_inclusion_desktop.domain.board_paper import Counts
from cst_inclusion_desktop.domain.definitions import rag_as_of, status_as_of
from cst_inclusion_desktop.domain.enums import AreaOfNeed, Rag, Status

_STATUSES = {status.token: status for status in Status}
_RAGS = {rag.token: rag for rag in Rag}
_OPEN = {status: status.is_open for status in Status}
_SLOT: dict[Rag | None, int] = {Rag.RED: 1, Rag.AMBER: 2, Rag.GREEN: 3, None: 4}
_AFTER_ANY_WORD = "~"
"""Sorts after every RAG and status word, so ``day + "~"`` is above every review or change
dated on or before ``day`` and below every one dated after it."""


class Standing(NamedTuple):
    """One live action in scope: what its figures on any day are worked out from."""

    id: str
    school_id: str
    principle_number: int
    area: AreaOfNeed | None
    status: Status
    rag: Rag | None
    """None: not yet rated."""
    hand_set: bool
    begun: str
    """ISO day: its start date, else the day it was created."""
    due_date: str | None
    """ISO day."""
    completed_date: date | None
    """Only while the action is completed (a reopened action may keep an old date)."""
    reviews: list[str] | None
    """``"YYYY-MM-DDrag"`` in order; None when never reviewed."""
    changes: list[str] | None
    """``"YYYY-MM-DDstatus"``: the day of each status change after the earliest day asked
    about and the status before it, in the order they happened; None when there are none."""


@dataclass(frozen=True, slots=True)
class Day:
    """A day to count on: "this term" starts on ``term_start``; actions begun after
    ``begun_by`` (the period's end) do not count."""

    day: date
    term_start: date
    begun_by: date


GroupKey = tuple[str, int, AreaOfNeed | None]
"""(school id, principle number, area of need)."""


Pressing = tuple[Standing, Rag | None, bool]
"""An open red or overdue action on the first day counted: (action, its RAG, overdue)."""


@dataclass(slots=True)
class Tally:
    """The counts of one pass over the actions: per day asked about, the open actions per
    group; the pressing ones on the first day; review and completion days for the trend."""

    days: list[dict[GroupKey, list[int]]]
    pressing: list[Pressing]
    reviews: Counter[str]
    """How many reviews of each ``"YYYY-MM-DDrag"``."""
    completions: Counter[date]
    """How many actions still completed were completed on each day."""

    def counts(self, position: int) -> dict[GroupKey, Counts]:
        """The counts per group on ``days[position]``."""
        return {key: Counts(*tally) for key, tally in self.days[position].items()}


def tally(actions: Iterable[Standing], days: Sequence[Day]) -> Tally:
    """Every open action on each of ``days``, counted by the rules of ``domain/definitions.py``
    in one pass (each action is looked at once, so the actions need never be kept)."""
    plans = []
    for day in days:
        text = day.day.isoformat()
        # The bound is above every review or change dated on or before the day.
        plans.append(
            (
                day.day,
                text,
                text + _AFTER_ANY_WORD,
                day.term_start.isoformat(),
                day.begun_by.isoformat(),
            )
        )
    counted: list[dict[GroupKey, list[int]]] = [{} for _ in days]
    found: list[Pressing] = []
    review_entries: list[str] = []
    completions: Counter[date] = Counter()
    is_open, rags, statuses = _OPEN, _RAGS, _STATUSES
    for action in actions:
        (
            _,
            school_id,
            number,
            area,
            status,
            own_rag,
            hand_set,
            begun,
            due,
            done,
            reviews,
            changes,
        ) = action
        if reviews is not None:
            review_entries += reviews  # counted once at the end: far cheaper than per action
        if done is not None:
            completions[done] += 1
        key = (school_id, number, area)
        for position, (when, text, bound, term, begun_by) in enumerate(plans):
            if begun > begun_by or (done is not None and done <= when):
                # A completion dated on or before the day closed it, whatever status it then
                # had (status_as_of), so its history need not be followed.
                continue
            recorded = status
            if changes is not None:
                for change in changes:
                    if change > bound:  # dated after the day
                        recorded = statuses[change[10:]]
                        break
            if not is_open[status_as_of(recorded, done, when)]:
                continue
            if reviews is None:
                rag = rag_as_of(None, False, own_rag, hand_set)
                reviewed = False
            else:
                upto = bisect_right(reviews, bound)
                latest = reviews[upto - 1] if upto else ""
                rag = rag_as_of(
                    rags[latest[10:]] if upto else None, upto < len(reviews), own_rag, hand_set
                )
                reviewed = latest >= term
            overdue = due is not None and due < text
            groups = counted[position]
            counts = groups.get(key)
            if counts is None:
                counts = groups[key] = [0] * 8
            counts[0] += 1
            counts[_SLOT[rag]] += 1
            if overdue:
                counts[5] += 1
                if rag is Rag.GREEN:
                    counts[7] += 1
            if not reviewed:
                counts[6] += 1
            if not position and (overdue or rag is Rag.RED):
                found.append((action, rag, overdue))
    return Tally(counted, found, Counter(review_entries), completions)
