"""Inspection coverage: each inspection criterion against each school, counting the actions and
evidence of the last 12 months (domain/definitions.py says what counts), with the gaps marked.

The Trust overview, the annex's table and the benchmark all read this one model, and the cell's
words come from here, so the screen and the paper say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cst_inclusion_desktop.domain.criteria import Criterion
from cst_inclusion_desktop.domain.report_model import SchoolRef

GAP_SYMBOL = "⚠"
"""Printed beside "Gap" so a gap survives greyscale printing and colour-blind reading."""
GAP_WORD = "Gap"


@dataclass(frozen=True, slots=True)
class CoverageCell:
    """One criterion at one school."""

    criterion_code: str
    school_id: str
    open_actions: int = 0
    completed_actions: int = 0
    """Completed within the 12 months."""
    evidence: int = 0
    """Evidence dated within the 12 months."""
    evidence_ever: int = 0
    """Live evidence of any date: none at all makes the cell a gap."""

    @property
    def gap(self) -> bool:
        return self.evidence_ever == 0

    @property
    def actions(self) -> int:
        return self.open_actions + self.completed_actions


@dataclass(frozen=True, slots=True)
class Coverage:
    """Criteria (rows of the annex's table, columns of the overview's) by school."""

    day: date
    start: date
    """The first day of the 12 months that end on ``day``."""
    criteria: tuple[Criterion, ...]
    schools: tuple[SchoolRef, ...]
    cells: dict[tuple[str, str], CoverageCell]
    """By (criterion code, school id); a missing key is an empty cell (a gap)."""

    def cell(self, criterion_code: str, school_id: str) -> CoverageCell:
        found = self.cells.get((criterion_code, school_id))
        return found if found is not None else CoverageCell(criterion_code, school_id)

    def gaps(self) -> list[tuple[Criterion, SchoolRef]]:
        """Every criterion and school with no evidence at all, in table order."""
        return [
            (criterion, school)
            for school in self.schools
            for criterion in self.criteria
            if self.cell(criterion.code, school.id).gap
        ]

    def gap_count(self, criterion_code: str) -> int:
        """How many schools have no evidence at all for the criterion."""
        return sum(self.cell(criterion_code, school.id).gap for school in self.schools)


def cell_counts(cell: CoverageCell) -> str:
    """ "3 open · 2 done": the actions of a coverage cell, on screen and on paper."""
    return f"{cell.open_actions} open · {cell.completed_actions} done"


def cell_text(cell: CoverageCell) -> str:
    """Two short lines: the actions, then the evidence or "⚠ Gap" when there is none at all."""
    evidence = f"{GAP_SYMBOL} {GAP_WORD}: no ev." if cell.gap else f"{cell.evidence} ev."
    return f"{cell_counts(cell)}\n{evidence}"


def cell_description(cell: CoverageCell, criterion: Criterion, school_name: str) -> str:
    """The cell in a sentence, for tooltips and screen readers."""
    text = (
        f"{school_name}, {criterion.code} {criterion.title}: {cell.open_actions} open and "
        f"{cell.completed_actions} completed actions, {cell.evidence} evidence items in the "
        "last 12 months"
    )
    if cell.gap:
        return f"{text}. Gap: no evidence at all for this criterion"
    if not cell.evidence:
        return f"{text}. No evidence in the last 12 months ({cell.evidence_ever} older)"
    return text


LEGEND = (
    "Each cell counts the last 12 months: open actions, actions completed (done) and evidence "
    f"items (ev.). {GAP_SYMBOL} Gap: the school holds no evidence at all for that criterion."
)
