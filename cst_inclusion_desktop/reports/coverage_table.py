"""The annex's inspection coverage: each school against each inspection criterion, the counts of
the last 12 months in every cell and each gap marked in words and with a symbol (never by
colour alone). Many criteria are split into tables of at most CRITERIA_PER_TABLE columns."""

from __future__ import annotations

from cst_inclusion_desktop.domain.coverage import (
    GAP_SYMBOL,
    GAP_WORD,
    Coverage,
    CoverageCell,
)
from cst_inclusion_desktop.domain.definitions import plural
from cst_inclusion_desktop.domain.report_model import format_day
from cst_inclusion_desktop.reports.blocks import (
    Block,
    Cell,
    Heading,
    KeepRoom,
    Running,
    Table,
    Text,
)

CRITERIA_PER_TABLE = 9
SCHOOL_SHARE = 0.19
COVERAGE_HEADING = "Inspection coverage"


def short_counts(cell: CoverageCell) -> str:
    """ "3 · 2" (open · completed actions), then the evidence count or "⚠ Gap" below."""
    evidence = f"{GAP_SYMBOL} {GAP_WORD}" if cell.gap else f"{cell.evidence} ev."
    return f"{cell.open_actions} · {cell.completed_actions}\n{evidence}"


def coverage_blocks(coverage: Coverage) -> list[Block]:
    """The heading, what the cells mean, the criteria's titles and the tables."""
    out: list[Block] = [
        Heading(COVERAGE_HEADING),
        Running(COVERAGE_HEADING),
        Text(
            f"The 12 months from {format_day(coverage.start)} to {format_day(coverage.day)}. "
            "In each cell: open actions · actions completed in the 12 months, and below them "
            f"the evidence items (ev.) dated in them. {GAP_SYMBOL} {GAP_WORD}: the school holds "
            "no evidence at all for that criterion."
        ),
    ]
    if not coverage.criteria:
        return [*out, Text("No inspection criteria are in use."), Running("")]
    out.append(
        Text(
            "; ".join(f"{criterion.code} {criterion.title}" for criterion in coverage.criteria)
            + ".",
            muted=True,
        )
    )
    gaps = len(coverage.gaps())
    out.append(Text(f"{plural(gaps, 'gap')} across {plural(len(coverage.schools), 'school')}."))
    for first in range(0, len(coverage.criteria), CRITERIA_PER_TABLE):
        criteria = coverage.criteria[first : first + CRITERIA_PER_TABLE]
        share = (1 - SCHOOL_SHARE) / CRITERIA_PER_TABLE
        rows = [
            (
                Cell(f"{school.name} ({school.urn})"),
                *(_cell(coverage.cell(criterion.code, school.id)) for criterion in criteria),
            )
            for school in coverage.schools
        ]
        rows.append(
            (
                Cell("Schools with a gap", bold=True),
                *(
                    Cell(str(coverage.gap_count(criterion.code)), bold=True)
                    for criterion in criteria
                ),
            )
        )
        out += [
            KeepRoom(40),
            Table(
                ("School", *(criterion.code for criterion in criteria)),
                tuple(rows),
                (SCHOOL_SHARE, *([share] * len(criteria))),
                small=True,
            ),
        ]
    out.append(Running(""))
    return out


def _cell(cell: CoverageCell) -> Cell:
    return Cell(short_counts(cell), bold=cell.gap)
