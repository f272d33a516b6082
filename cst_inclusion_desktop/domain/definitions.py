"""THE one definition of what the record's figures mean, used by the app, the CLI, both reports,
the figures JSON and the Trust overview (docs/report.md quotes these rules).

- *open*: planned, in progress or on hold. Red, amber, green, not yet rated, overdue and "not
  reviewed this term" count open actions only.
- *not yet rated*: an action whose RAG is empty (NULL). A new action has no RAG until its first
  review or until someone sets one by hand; it is counted apart from red, amber and green, never
  as amber. A RAG typed in is a rating; a red is never hidden.
- *overdue* on a day: open then, and due before that day.
- *as it stood*: a figure for a past day uses the status the action had then (audit history), the
  RAG of its latest review on or before that day, and overdue as of that day.
- *counts in a period*: started (start date, else creation) on or before the period's end, and not
  completed or cancelled before the period began.
- *mark* of a group of actions (a matrix cell, an overview cell): the worst RAG among its open
  actions; "not yet rated" when none of them is rated; "none" when nothing is open. One red among
  thirty greens marks the cell red.
- *in the last 12 months* (the inspection coverage and summary): on a day, an action counts when
  it is open then, or was completed within the 12 months up to and including that day (by its
  completed date); an evidence item counts when it is dated within those 12 months. Cancelled
  actions never count; archived records are left out.
- *coverage gap*: a criterion at a school with no live evidence at all, however old.
"""

from __future__ import annotations

from datetime import date, timedelta

from cst_inclusion_desktop.domain.enums import LabelledEnum, Rag, Status

NOT_RATED_WORDS = ("", "not yet rated", "not rated", "not_rated", "none", "n")
"""What a file, a command line or a form may give for "no RAG yet" (case-insensitive)."""


def parse_rag(value: str | Rag | None, field: str = "rag") -> Rag | None:
    """A RAG, or None for not yet rated (blank, "Not yet rated")."""
    if value is None or isinstance(value, Rag):
        return value
    if str(value).strip().lower() in NOT_RATED_WORDS:
        return None
    return Rag.parse(value, field)


def rag_text(rag: Rag | None) -> str:
    """ "Red", "Amber", "Green" or "Not yet rated": the words a person reads for a RAG."""
    return rag.label if rag is not None else Mark.NOT_RATED.label


class Mark(LabelledEnum):
    """A cell's mark: a colour plus a letter, so it survives greyscale and colour blindness."""

    RED = ("red", "Red")
    AMBER = ("amber", "Amber")
    GREEN = ("green", "Green")
    NOT_RATED = ("not_rated", "Not yet rated")
    NONE = ("none", "No open actions")

    @classmethod
    def field_name(cls) -> str:
        return "mark"

    @property
    def letter(self) -> str:
        """The letter printed in the cell beside (never instead of) its colour."""
        return _LETTERS[self]

    @property
    def rag(self) -> Rag | None:
        return _MARK_RAGS.get(self)


_LETTERS = {
    Mark.RED: "R",
    Mark.AMBER: "A",
    Mark.GREEN: "G",
    Mark.NOT_RATED: "N",
    Mark.NONE: "–",
}
_MARK_RAGS = {Mark.RED: Rag.RED, Mark.AMBER: Rag.AMBER, Mark.GREEN: Rag.GREEN}
_RAG_MARKS = {rag: mark for mark, rag in _MARK_RAGS.items()}


def is_open(status: Status) -> bool:
    return status.is_open


def is_overdue(status: Status, due_date: date | None, day: date) -> bool:
    """Open on ``day`` and due before it."""
    return due_date is not None and due_date < day and status.is_open


def rated(review_rag: Rag | None, recorded_rag: Rag | None, hand_set: bool) -> Rag | None:
    """The RAG an action stood at (None: not yet rated).

    ``review_rag`` is the latest review's on or before the day, ``recorded_rag`` the action's own
    RAG then, ``hand_set`` whether someone had set it by hand (which outranks reviews).
    """
    if hand_set:
        return recorded_rag
    if review_rag is not None:
        return review_rag
    return recorded_rag  # NULL until the first review or a hand-set RAG


def rag_as_of(
    latest_review: Rag | None, reviewed_later: bool, recorded: Rag | None, hand_set: bool
) -> Rag | None:
    """The RAG an action stood at on a day (None: not yet rated then).

    ``latest_review`` is the RAG of its latest review on or before the day. When reviews came
    only later, that review is all there is (none: not yet rated then); otherwise the action's
    own RAG still stands, a hand-set one outranking reviews.
    """
    if reviewed_later:
        return latest_review
    return rated(latest_review, recorded, hand_set)


def status_as_of(recorded: Status, completed_date: date | None, day: date) -> Status:
    """The status on ``day`` from the one recorded then, corrected by the completion date.

    A completion dated after ``day`` was still open on it; a completion dated on or before it
    (entered late) was already complete.
    """
    if completed_date is None:
        return recorded
    if recorded is Status.COMPLETED:
        return Status.IN_PROGRESS if completed_date > day else recorded
    if completed_date <= day and recorded is not Status.CANCELLED:
        return Status.COMPLETED
    return recorded


def counts_in_period(begun: date, period_end: date, closed_before_start: bool) -> bool:
    """Started by the period's end and not already completed or cancelled when it began."""
    return begun <= period_end and not closed_before_start


def mark(open_count: int, red: int, amber: int, green: int) -> Mark:
    """THE mark rule, from the open actions' counts: the worst RAG among them.

    The report's matrix and the app's Trust overview both call this, so they always agree.
    """
    if red:
        return Mark.RED
    if amber:
        return Mark.AMBER
    if green:
        return Mark.GREEN
    return Mark.NOT_RATED if open_count else Mark.NONE


def plural(count: int, singular: str, plural_form: str = "") -> str:
    """ "1 action", "24 actions", "3 schools of concern": THE one pluralising helper."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def shown_of(shown: int, total: int) -> str:
    """ "8 of 85" for a shortened list; "all 8" when nothing was left out."""
    return f"{shown:,} of {total:,}" if shown < total else f"all {total:,}"


COVERAGE_MONTHS = 12


def coverage_start(day: date) -> date:
    """The first day of the 12 months that end on ``day`` (1 Dec 2026 → 2 Dec 2025).

    29 February steps back to 28 February, so the window is always one calendar year long.
    """
    try:
        year_before = day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        year_before = day.replace(year=day.year - 1, day=28)
    return year_before + timedelta(days=1)


def counts_for_coverage(status: Status, completed_date: date | None, day: date) -> bool:
    """Open on ``day``, or completed within the 12 months ending on it."""
    if status.is_open:
        return True
    if status is Status.COMPLETED and completed_date is not None:
        return coverage_start(day) <= completed_date <= day
    return False


def evidence_in_coverage(evidence_date: date, day: date) -> bool:
    """Dated within the 12 months ending on ``day``."""
    return coverage_start(day) <= evidence_date <= day
