"""What a spreadsheet import found: every problem by row and column, and each row's outcome.

The same report serves the command line (problems printed, exit 2), the wizard's preview table
and a dry run, so all three always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cst_inclusion_desktop.domain.definitions import plural
from cst_inclusion_desktop.domain.enums import Status
from cst_inclusion_desktop.domain.errors import ValidationError


class CellProblem(ValidationError):
    """One bad cell, named the way the user finds it: the row number and the column header."""

    def __init__(self, row: int, column: str, value: object, expected: str) -> None:
        self.row = row
        self.column = column
        super().__init__(column, value, expected, where=f"row {row}")

    @property
    def message(self) -> str:
        shown = str(self.value if self.value is not None else "")
        shown = shown.replace("\n", "\\n").replace("\r", "\\r")
        shown = shown if len(shown) <= 80 else shown[:79] + "…"
        return f"row {self.row}, column {self.column}: value '{shown}' — expected {self.expected}"


@dataclass(frozen=True, slots=True)
class Understood:
    """What a valid row was read as, so the preview can show it to be checked."""

    school_name: str
    principle_number: int
    status: Status
    start_date: date | None
    due_date: date | None


@dataclass(frozen=True, slots=True)
class RowOutcome:
    """What importing one row does (or why it cannot): shown in the wizard's preview."""

    row: int
    outcome: str  # create | update | unchanged | invalid
    urn: str
    title: str
    changed: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    understood: Understood | None = None


@dataclass(frozen=True, slots=True)
class ImportReport:
    file: str
    encoding: str
    dry_run: bool
    applied: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    problems: list[CellProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        verb = "Would import" if self.dry_run or not self.applied else "Imported"
        if self.problems:
            return (
                f"{plural(len(self.problems), 'problem')} in {self.file}: nothing was imported "
                f"({plural(self.rows, 'row')} read)"
            )
        return (
            f"{verb} {plural(self.rows, 'row')} from {self.file}: {self.created:,} new, "
            f"{self.updated:,} updated, {self.unchanged:,} unchanged"
        )
