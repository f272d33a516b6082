"""Table models behind the trust overview: the principle × school matrix and the due-soon list.

Both are fed an ``OverviewData`` (plain dataclasses) and never touch the database, so they can
be tested without a window. Every coloured cell also says its RAG in words: the colour helps,
but the text carries the meaning (greyscale printing, colour-blind readers, screen readers).
"""

from __future__ import annotations

import textwrap
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from cst_inclusion_desktop.domain.definitions import Mark, rag_text
from cst_inclusion_desktop.domain.enums import Rag
from cst_inclusion_desktop.domain.records import ActionRecord, MatrixCell
from cst_inclusion_desktop.services.reporting.overview import OverviewData
from cst_inclusion_desktop.ui.widgets.form_widgets import uk_date
from cst_inclusion_desktop.ui.window.action_table_model import RAG_ROLES, rag_brush

Index = QModelIndex | QPersistentModelIndex
ALL_SCHOOLS_LABEL = "All schools"
ALL_PRINCIPLES_LABEL = "All principles"
KEY_ROLE = int(Qt.ItemDataRole.UserRole) + 1
"""(school_id, principle_number) of a matrix cell; "" and 0 mean "all" (the totals)."""
RAG_ROLE = int(Qt.ItemDataRole.UserRole) + 2
"""The cell's mark token ("red", "amber", "green", "not_rated", "none"): the worst RAG among its
open actions, by the rule the board paper's matrix uses (a token: Qt hands a str enum back as a
plain str anyway)."""
ACTION_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 3
"""The action id of a due-soon row."""


def cell_text(cell: MatrixCell) -> str:
    """ "Red (R)\nR 3 · A 5 · G 2": the mark in words and letter, then every open count."""
    mark = cell.mark
    if mark is Mark.NONE:
        return "No open actions"
    counts = f"R {cell.red} · A {cell.amber} · G {cell.green}"
    if cell.not_rated:
        counts += f" · N {cell.not_rated}"
    return f"{mark.label} ({mark.letter})\n{counts}"


def rag_brushes(rag: Rag | None, role: int) -> QBrush | None:
    return rag_brush(rag, role) if role in RAG_ROLES else None


def _sum_cells(school_id: str, number: int, cells: list[MatrixCell]) -> MatrixCell:
    return MatrixCell(
        school_id=school_id,
        principle_number=number,
        red=sum(cell.red for cell in cells),
        amber=sum(cell.amber for cell in cells),
        green=sum(cell.green for cell in cells),
        not_rated=sum(cell.not_rated for cell in cells),
    )


class MatrixModel(QAbstractTableModel):
    """Rows are schools, columns principles; the last row and column are the totals."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._data: OverviewData | None = None
        self._grid: list[list[MatrixCell]] = []

    def set_overview(self, data: OverviewData) -> None:
        self.beginResetModel()
        self._data = data
        numbers = [principle.number for principle in data.principles]
        by_key = {(cell.school_id, cell.principle_number): cell for cell in data.cells}
        grid = [
            [by_key.get((school.id, n), MatrixCell(school.id, n)) for n in numbers]
            for school in data.schools
        ]
        for row, school in zip(grid, data.schools, strict=True):
            row.append(_sum_cells(school.id, 0, row))
        if grid:
            keys = [*numbers, 0]
            grid.append(
                [_sum_cells("", n, [row[col] for row in grid]) for col, n in enumerate(keys)]
            )
        self._grid = grid
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._grid)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._data is None or not self._grid:
            return 0
        return len(self._data.principles) + 1

    def cell(self, index: Index) -> MatrixCell | None:
        if not index.isValid() or index.row() >= len(self._grid):
            return None
        row = self._grid[index.row()]
        return row[index.column()] if index.column() < len(row) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cell = self.cell(index)
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(cell)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._describe(index, cell)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            return rag_brushes(cell.mark.rag, role)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == KEY_ROLE:
            return (cell.school_id, cell.principle_number)
        if role == RAG_ROLE:
            return cell.mark.token
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self._data is None or section < 0:
            return None
        if role == Qt.ItemDataRole.FontRole and self._is_total(section, orientation):
            font = QFont()
            font.setBold(True)  # the totals row and column stand apart without colour
            return font
        display = role == Qt.ItemDataRole.DisplayRole
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section >= len(self._data.principles):
                return ALL_PRINCIPLES_LABEL if section == len(self._data.principles) else None
            principle = self._data.principles[section]
            if display:
                return header_lines(f"{principle.number}. {principle.title}")
            return f"Principle {principle.number}: {principle.title} (click to see its actions)"
        if section >= len(self._data.schools):
            return ALL_SCHOOLS_LABEL if section == len(self._data.schools) else None
        school = self._data.schools[section]
        if display:
            return _shorten(school.name, 34)
        return f"{school.name} (URN {school.urn}) — click to see its actions"

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _is_total(self, section: int, orientation: Qt.Orientation) -> bool:
        assert self._data is not None
        if orientation == Qt.Orientation.Horizontal:
            return section == len(self._data.principles)
        return section == len(self._data.schools)

    def _describe(self, index: Index, cell: MatrixCell) -> str:
        school = str(
            self.headerData(index.row(), Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole)
        )
        principle = str(self.headerData(index.column(), Qt.Orientation.Horizontal))
        if cell.mark is Mark.NONE:
            return f"{school}, {principle}: no open actions"
        return (
            f"{school}, {principle}: marked {cell.mark.label.lower()} (the worst among open "
            f"actions); {cell.red} red, {cell.amber} amber, {cell.green} green, "
            f"{cell.not_rated} not yet rated"
        )


DUE_COLUMNS = ("Due", "School", "Principle", "Action", "Owner", "RAG")
COL_DUE, COL_SCHOOL, COL_PRINCIPLE, COL_TITLE, COL_OWNER, COL_RAG = range(len(DUE_COLUMNS))


class DueSoonModel(QAbstractTableModel):
    """Open actions due in the next few days, soonest first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ActionRecord] = []
        self._texts: list[tuple[str, ...]] = []

    def set_rows(self, rows: list[ActionRecord]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        # Every cell's text made once: sizing the columns asks data() thousands of times.
        self._texts = [self._row_texts(record) for record in self._rows]
        self.endResetModel()

    def record(self, row: int) -> ActionRecord | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(DUE_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.record(index.row()) if index.isValid() else None
        if record is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._texts[index.row()][column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{record.title} — {record.school_name}, due {uk_date(record.due_date)}"
        if column == COL_RAG and role in (
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            return rag_brushes(record.rag, role)
        if role == ACTION_ID_ROLE:
            return record.id
        return None

    @staticmethod
    def _row_texts(record: ActionRecord) -> tuple[str, ...]:
        """The row's texts in DUE_COLUMNS order."""
        return (
            uk_date(record.due_date),
            record.school_name,
            f"{record.number}. {_shorten(record.principle_title, 26)}",
            record.title,
            record.owner,
            rag_text(record.rag),
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return DUE_COLUMNS[section] if 0 <= section < len(DUE_COLUMNS) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def header_lines(text: str, width: int = 22) -> str:
    """At most two short lines, so five principles fit across a 1366-pixel laptop screen."""
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > 2:
        lines = [lines[0], _shorten(" ".join(lines[1:]), width)]
    return "\n".join(lines)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
