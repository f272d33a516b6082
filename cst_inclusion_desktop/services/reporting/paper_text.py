"""The board paper's sentences, written from its figures: key messages, questions for the board,
the trend's text alternative and the definitions. Every count goes through ``plural``."""

from __future__ import annotations

from collections.abc import Sequence

from cst_inclusion_desktop.domain.board_paper import (
    Headline,
    Matrix,
    SchoolOfConcern,
    TrendPoint,
)
from cst_inclusion_desktop.domain.definitions import plural
from cst_inclusion_desktop.domain.report_model import Period

QUESTIONS_SHOWN = 5
DEFINITIONS = (
    "Open: planned, in progress or on hold. Every figure below counts open actions only.",
    "Red, amber, green: the RAG of the latest review on or before the period's end, unless "
    "someone set the RAG by hand.",
    "Not yet rated: open, never reviewed, and no RAG set by hand.",
    "Overdue: open at the period's end and due before it.",
    "Not reviewed this term: open, with no review dated in the term the period ends in.",
    "As it stood: a past period shows each action as it was on its last day (status from the "
    "audit history), so back-filled actions count where they belong.",
    "Matrix mark: the worst RAG among a cell's open actions (R, A, G; N not yet rated; – none "
    "open). One red always marks the cell red.",
)


def _moved(name: str, previous: int, current: int, since: str) -> str:
    if current == previous:
        return f"{name} stayed at {current:,} since {since}"
    verb = "rose" if current > previous else "fell"
    return f"{name} {verb} from {previous:,} to {current:,} since {since}"


def _joined(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def key_messages(
    headline: Headline,
    compared: Period,
    concerns: Sequence[SchoolOfConcern],
    matrix: Matrix,
    trends: Sequence[TrendPoint],
) -> tuple[str, ...]:
    """Three to five plain sentences saying what matters and what changed."""
    now, before = headline.current, headline.previous
    since = compared.label or compared.text
    if not now.open:
        return (
            "There were no open actions as the period ended.",
            f"{_moved('Open actions', before.open, now.open, since)}.",
            "No school meets the concern rule.",
        )
    red = _moved("Red open actions", before.red, now.red, since)
    worst = max(matrix.rows, key=lambda row: row.total.counts.red, default=None)
    if worst is not None and worst.total.counts.red and now.red:
        red += f"; {worst.total.counts.red:,} of the {now.red:,} are at {worst.school.name}"
    messages = [red + "."]
    overdue_share = round(100 * now.overdue / now.open)
    messages.append(
        f"{plural(now.overdue, 'open action')} of {now.open:,} ({overdue_share}%) "
        f"{'was' if now.overdue == 1 else 'were'} overdue, against {before.overdue:,} "
        f"at the end of {since}."
    )
    if concerns:
        names = [item.school.name for item in concerns[:3]]
        more = len(concerns) - len(names)
        tail = f" and {plural(more, 'other')}" if more else ""
        count = plural(len(concerns), "school")
        messages.append(
            f"{count} {'meets' if len(concerns) == 1 else 'meet'} the concern rule: "
            f"{_joined(names)}{tail}."
        )
    else:
        messages.append("No school meets the concern rule.")
    if now.not_reviewed_this_term:
        messages.append(
            f"{plural(now.not_reviewed_this_term, 'open action')} "
            f"{'has' if now.not_reviewed_this_term == 1 else 'have'} not been reviewed this term."
        )
    else:
        messages.append("Every open action has been reviewed this term.")
    if len(trends) >= 2:
        first, last = trends[0], trends[-1]
        done = plural(last.completed, "action was", "actions were")
        messages.append(
            f"Over the last {plural(len(trends), 'term')}, red open actions went from "
            f"{first.red:,} ({first.term.label}) to {last.red:,} ({last.term.label}); "
            f"{done} completed in {last.term.label}."
        )
    return tuple(messages[:5])


def questions(
    headline: Headline, concerns: Sequence[SchoolOfConcern], matrix: Matrix
) -> tuple[str, ...]:
    """Questions for the board, generated from the exceptions (editable before printing)."""
    now = headline.current
    asked = []
    for item in concerns[:2]:
        asked.append(
            f"What is {item.school.name} doing about its "
            f"{plural(item.counts.red, 'red open action')}, and when should the board expect "
            "the number to fall?"
        )
    if now.overdue:
        asked.append(
            f"{plural(now.overdue, 'open action is', 'open actions are')} overdue: which should "
            "be re-planned, given more support or closed?"
        )
    if now.green_overdue:
        asked.append(
            f"{plural(now.green_overdue, 'action is', 'actions are')} rated green but overdue: "
            "are those ratings right?"
        )
    if now.not_reviewed_this_term:
        asked.append(
            f"Why {'has' if now.not_reviewed_this_term == 1 else 'have'} "
            f"{plural(now.not_reviewed_this_term, 'open action')} not been reviewed this term?"
        )
    columns = zip(matrix.column_totals, matrix.principles, strict=True)
    reds = [(column.counts.red, principle) for column, principle in columns]
    top_red, principle = max(reds, key=lambda pair: pair[0], default=(0, None))
    if principle is not None and top_red:
        asked.append(
            f"Principle {principle.number} ({principle.title}) holds the most red actions "
            f"({top_red:,}): what support does the trust give schools on it?"
        )
    return tuple(asked[:QUESTIONS_SHOWN])


def trend_text(points: Sequence[TrendPoint]) -> str:
    """The chart's text alternative: every value, term by term."""
    if not points:
        return "No terms to show."
    parts = [
        f"{point.term.label or point.term.text}: {point.red:,} red, {point.overdue:,} overdue, "
        f"{point.completed:,} completed, {plural(point.reviews, 'review')}"
        for point in points
    ]
    return (
        f"Open red and overdue actions at the end of each of the last "
        f"{plural(len(points), 'term')}, with actions completed and reviews recorded in each: "
        + "; ".join(parts)
        + "."
    )
