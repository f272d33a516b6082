"""The board paper's figures from the actions as they stood: headline, matrix, schools at a
glance, areas of need, schools of concern, escalations and the six-term trend. Pure Python."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, fields

from cst_inclusion_desktop.domain.board_paper import (
    AreaOfNeedRow,
    Cell,
    Counts,
    Headline,
    HeadlineFigure,
    Matrix,
    MatrixRow,
    SchoolGlance,
    SchoolOfConcern,
    TrendPoint,
)
from cst_inclusion_desktop.domain.definitions import plural
from cst_inclusion_desktop.domain.enums import AreaOfNeed, Rag
from cst_inclusion_desktop.domain.records import PrincipleRecord
from cst_inclusion_desktop.domain.report_model import Period, SchoolRef
from cst_inclusion_desktop.services.reporting.day_counts import GroupKey, Pressing

ESCALATIONS_SHOWN = 5
CONCERN_RED_AT_LEAST = 3
CONCERN_RED_SHARE = 20
CONCERN_OVERDUE_AT_LEAST = 3
CONCERN_OVERDUE_SHARE = 25
CONCERN_RED_RISE = 3
CONCERNS_RULE = (
    f"A school is of concern when, as the period ended, at least {CONCERN_RED_AT_LEAST} of its "
    f"open actions were red and they were at least {CONCERN_RED_SHARE}% of them; or at least "
    f"{CONCERN_OVERDUE_AT_LEAST} were overdue and they were at least {CONCERN_OVERDUE_SHARE}% of "
    f"them; or its red open actions rose by {CONCERN_RED_RISE} or more since the compared period."
)


def add(counts: Iterable[Counts]) -> Counts:
    """The sum of several groups' counts."""
    totals = [0] * len(fields(Counts))
    for item in counts:
        for slot, value in enumerate(
            (
                item.open,
                item.red,
                item.amber,
                item.green,
                item.not_rated,
                item.overdue,
                item.not_reviewed_this_term,
                item.green_overdue,
            )
        ):
            totals[slot] += value
    return Counts(*totals)


def headline(current: Counts, previous: Counts) -> Headline:
    def figure(key: str, label: str, lower_is_better: bool = True) -> HeadlineFigure:
        return HeadlineFigure(
            key,
            label,
            getattr(current, key),
            getattr(previous, key),
            current.open,
            lower_is_better,
        )

    return Headline(
        current,
        previous,
        (
            figure("open", "Open actions", lower_is_better=False),
            figure("red", "Red"),
            figure("overdue", "Overdue"),
            figure("not_reviewed_this_term", "Not reviewed this term"),
            figure("green_overdue", "Green but overdue"),
        ),
    )


@dataclass(frozen=True, slots=True)
class Grouping:
    """Counts per school, per matrix cell and per area of need on one day."""

    schools: dict[Hashable, Counts]
    cells: dict[Hashable, Counts]
    areas: dict[Hashable, Counts]
    total: Counts


def grouping(counts: dict[GroupKey, Counts]) -> Grouping:
    """Per cell, school and area, from the counts per (school, principle, area)."""
    cells: dict[Hashable, list[Counts]] = {}
    schools: dict[Hashable, list[Counts]] = {}
    areas: dict[Hashable, list[Counts]] = {}
    for (school_id, number, area), part in counts.items():
        cells.setdefault((school_id, number), []).append(part)
        schools.setdefault(school_id, []).append(part)
        areas.setdefault(area, []).append(part)
    return Grouping(
        {school_id: add(parts) for school_id, parts in schools.items()},
        {cell: add(parts) for cell, parts in cells.items()},
        {area: add(parts) for area, parts in areas.items()},
        add(counts.values()),
    )


def matrix(
    now: Grouping,
    before: Grouping,
    schools: Sequence[SchoolRef],
    principles: Sequence[PrincipleRecord],
) -> Matrix:
    empty = Counts()
    rows = []
    for school in schools:
        cells = tuple(
            Cell(
                p.number,
                now.cells.get((school.id, p.number), empty),
                before.cells.get((school.id, p.number), empty),
            )
            for p in principles
        )
        total = Cell(0, now.schools.get(school.id, empty), before.schools.get(school.id, empty))
        rows.append(MatrixRow(school, cells, total))
    columns = tuple(
        Cell(
            p.number,
            add(row.cells[index].counts for row in rows),
            add(row.cells[index].previous for row in rows),
        )
        for index, p in enumerate(principles)
    )
    return Matrix(tuple(principles), tuple(rows), columns, Cell(0, now.total, before.total))


def glance(
    now: Grouping, before: Grouping, schools: Sequence[SchoolRef], evidence: dict[str, int]
) -> tuple[SchoolGlance, ...]:
    empty = Counts()
    return tuple(
        SchoolGlance(
            school,
            now.schools.get(school.id, empty),
            before.schools.get(school.id, empty),
            evidence.get(school.id, 0),
        )
        for school in schools
    )


def areas(now: Grouping) -> tuple[AreaOfNeedRow, ...]:
    rows = [AreaOfNeedRow(area, now.areas.get(area, Counts())) for area in AreaOfNeed]
    rows.append(AreaOfNeedRow(None, now.areas.get(None, Counts())))
    return tuple(rows)


def concerns(glances: Iterable[SchoolGlance]) -> tuple[SchoolOfConcern, ...]:
    """Schools meeting CONCERNS_RULE, most red first."""
    found = []
    for row in glances:
        counts, reasons = row.counts, []
        if counts.red >= CONCERN_RED_AT_LEAST and _share(counts.red, counts) >= CONCERN_RED_SHARE:
            reasons.append(
                f"{plural(counts.red, 'red open action')} ({_share(counts.red, counts)}% of open)"
            )
        if (
            counts.overdue >= CONCERN_OVERDUE_AT_LEAST
            and _share(counts.overdue, counts) >= CONCERN_OVERDUE_SHARE
        ):
            reasons.append(
                f"{plural(counts.overdue, 'overdue action')} "
                f"({_share(counts.overdue, counts)}% of open)"
            )
        rise = counts.red - row.previous.red
        if rise >= CONCERN_RED_RISE:
            reasons.append(f"red open actions up by {rise:,} since the compared period")
        if reasons:
            found.append(SchoolOfConcern(row.school, counts, tuple(reasons)))
    found.sort(key=lambda item: (-item.counts.red, -item.counts.overdue, item.school.name))
    return tuple(found)


def _share(part: int, counts: Counts) -> int:
    return round(100 * part / counts.open) if counts.open else 0


def escalation_order(
    pressing: Iterable[Pressing], titles: dict[str, tuple[str, str]]
) -> list[Pressing]:
    """The open red or overdue actions (``Tally.pressing``), most pressing first: red and
    overdue, then red, then overdue, the longest overdue first, then by title. Completed
    actions never appear."""
    chosen = []
    for item in pressing:
        action, rag, overdue = item
        chosen.append(
            (
                0 if rag is Rag.RED and overdue else 1 if rag is Rag.RED else 2,
                action.due_date or "9999-99-99",
                titles[action.id][0],
                action.id,
                item,
            )
        )
    chosen.sort(key=lambda entry: entry[:4])
    return [entry[4] for entry in chosen]


def trend_point(
    term: Period, red_overdue: tuple[int, int], completed: int, reviews: int
) -> TrendPoint:
    """One term of the trend: red and overdue as it ended, completions and reviews within it."""
    return TrendPoint(term, red_overdue[0], red_overdue[1], completed, reviews)
