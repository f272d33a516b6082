"""The board paper's tables and trend as blocks: matrix, trends, schools at a glance, area of
need, and how the figures are counted."""

from __future__ import annotations

from cst_inclusion_desktop.domain.board_paper import (
    AreaOfNeedRow,
    BoardPaper,
    Change,
    Matrix,
    SchoolGlance,
    Trends,
)
from cst_inclusion_desktop.domain.board_paper import (
    Cell as MatrixCell,
)
from cst_inclusion_desktop.domain.definitions import Mark
from cst_inclusion_desktop.domain.report_model import format_day
from cst_inclusion_desktop.reports import charts
from cst_inclusion_desktop.reports.blocks import (
    Block,
    Bullets,
    Cell,
    Chart,
    Heading,
    KeepRoom,
    Table,
    Text,
    cells,
)
from cst_inclusion_desktop.reports.paper_front import as_of

MATRIX_HEADING = "Matrix: schools against principles"
TRENDS_HEADING = "Trends over six terms"
GLANCE_HEADING = "Schools at a glance"
AREAS_HEADING = "Area of need"
DEFINITIONS_HEADING = "How the figures are counted"


def change_text(direction: Change, previous: int, current: int) -> str:
    """ "↑ 3", "↓ 7", "→ 0": an arrow, never colour alone, says which way a figure moved."""
    return f"{direction.arrow} {abs(current - previous):,}"


def matrix_cell(cell: MatrixCell) -> Cell:
    """ "R 3/1 ↑": mark letter, open red / overdue, arrow of red against the compared period."""
    counts = cell.counts
    if cell.mark is Mark.NONE and not cell.previous.red:
        return Cell(Mark.NONE.letter, Mark.NONE)
    arrow = cell.red_change.arrow
    return Cell(f"{cell.mark.letter} {counts.red:,}/{counts.overdue:,} {arrow}", cell.mark)


def matrix(paper: BoardPaper) -> list[Block]:
    grid: Matrix = paper.matrix
    compared = paper.cover.compared.label or paper.cover.compared.text
    key = "; ".join(f"P{p.number} {p.title}" for p in grid.principles)
    rows = [
        (
            Cell(row.school.name),
            Cell(row.school.urn),
            *map(matrix_cell, row.cells),
            matrix_cell(row.total),
        )
        for row in grid.rows
    ]
    rows.append(
        (
            Cell("All schools", bold=True),
            Cell(""),
            *map(matrix_cell, grid.column_totals),
            matrix_cell(grid.total),
        )
    )
    share = 0.5 / max(len(grid.principles), 1)
    return [
        Heading(MATRIX_HEADING),
        Text(
            "Each cell counts a school's open actions under a principle as they stood on "
            f"{format_day(as_of(paper.cover))}: red/overdue, then an arrow for the change "
            f"in red since {compared} (↑ more, ↓ fewer, → the same). The letter and shading are "
            "the cell's mark, the worst RAG among its open actions: R red, A amber, G green, "
            "N not yet rated, – nothing open. A single red action marks a cell red.",
            muted=True,
        ),
        Text(key, lead="Principles: ", muted=True),
        Table(
            ("School", "URN", *(f"P{p.number}" for p in grid.principles), "All"),
            tuple(rows),
            (0.25, 0.09, *([share] * len(grid.principles)), 0.16),
        ),
    ]


def trend_charts(trends: Trends) -> list[Chart]:
    """Two charts, so counts of very different sizes each get a readable scale."""
    terms = [point.term.label or point.term.text for point in trends.points]
    open_series = (
        charts.Series("Red open actions", tuple(p.red for p in trends.points)),
        charts.Series("Overdue open actions", tuple(p.overdue for p in trends.points), 1),
    )
    flow_series = (
        charts.Series("Actions completed", tuple(p.completed for p in trends.points), 2),
        charts.Series("Reviews recorded", tuple(p.reviews for p in trends.points), 3),
    )
    return [
        Chart(
            lambda: charts.grouped_bars("Red and overdue at each term's end", terms, open_series),
            _alt_text("Red and overdue open actions at the end of each term", open_series, terms),
            "trend-open",
        ),
        Chart(
            lambda: charts.grouped_bars("Completed and reviewed in each term", terms, flow_series),
            _alt_text("Actions completed and reviews recorded in each term", flow_series, terms),
            "trend-flow",
        ),
    ]


def _alt_text(title: str, series: tuple[charts.Series, ...], terms: list[str]) -> str:
    parts = [
        f"{item.name}: "
        + ", ".join(f"{term} {value:,}" for term, value in zip(terms, item.values, strict=False))
        for item in series
    ]
    return f"Bar chart. {title}. " + ". ".join(parts) + "."


def trends(paper: BoardPaper) -> list[Block]:
    points = paper.trends.points
    rows = tuple(
        cells(
            point.term.label or point.term.text,
            f"{point.red:,}",
            f"{point.overdue:,}",
            f"{point.completed:,}",
            f"{point.reviews:,}",
        )
        for point in points
    )
    return [
        KeepRoom(120),
        Heading(TRENDS_HEADING),
        *trend_charts(paper.trends),
        Text(paper.trends.text),
        Table(
            ("Term", "Red open", "Overdue open", "Completed", "Reviews"),
            rows,
            (0.32, 0.17, 0.17, 0.17, 0.17),
            caption="The charts' figures.",
        ),
    ]


def glance_row(glance: SchoolGlance) -> tuple[Cell, ...]:
    counts, previous = glance.counts, glance.previous
    return (
        Cell(glance.school.name),
        Cell(glance.school.urn),
        *cells(
            f"{counts.open:,}",
            f"{counts.red:,}",
            f"{counts.overdue:,}",
            f"{counts.not_reviewed_this_term:,}",
            f"{glance.evidence_this_term:,}",
            change_text(glance.red_change, previous.red, counts.red),
        ),
    )


def schools_at_a_glance(paper: BoardPaper) -> list[Block]:
    return [
        KeepRoom(50),
        Heading(GLANCE_HEADING),
        Text(
            f"Open actions as they stood on {format_day(as_of(paper.cover))}; evidence "
            "added in the period; the change in red open actions since "
            f"{paper.cover.compared.label or paper.cover.compared.text}.",
            muted=True,
        ),
        Table(
            (
                "School",
                "URN",
                "Open",
                "Red",
                "Overdue",
                "Not reviewed this term",
                "Evidence added",
                "Red change",
            ),
            tuple(glance_row(glance) for glance in paper.schools),
            (0.27, 0.1, 0.08, 0.07, 0.11, 0.13, 0.12, 0.12),
        ),
    ]


def area_row(row: AreaOfNeedRow) -> tuple[Cell, ...]:
    counts = row.counts
    return cells(
        row.label,
        f"{counts.open:,}",
        f"{counts.red:,}",
        f"{counts.overdue:,}",
        f"{counts.not_reviewed_this_term:,}",
    )


def areas_of_need(paper: BoardPaper) -> list[Block]:
    return [
        KeepRoom(50),
        Heading(AREAS_HEADING),
        Text("Open actions by the area of need they address.", muted=True),
        Table(
            ("Area of need", "Open", "Red", "Overdue", "Not reviewed this term"),
            tuple(area_row(row) for row in paper.areas),
            (0.42, 0.12, 0.12, 0.14, 0.2),
        ),
    ]


def definitions(paper: BoardPaper) -> list[Block]:
    return [KeepRoom(40), Heading(DEFINITIONS_HEADING), Bullets(paper.definitions)]
