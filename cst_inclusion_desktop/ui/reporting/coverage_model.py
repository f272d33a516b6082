"""The table model behind the Trust overview's "By inspection criterion" tab: schools down,
criteria across, each cell the counts of the last 12 months (domain/coverage.py).

A gap (no evidence at all) says "⚠ Gap" in the cell and in its tooltip and accessible text, and
its background is hatched, so it shows in greyscale and to colour-blind readers alike.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from cst_inclusion_desktop.domain.coverage import (
    Coverage,
    CoverageCell,
    cell_description,
    cell_text,
)
from cst_inclusion_desktop.ui.reporting.overview_models import header_lines

Index = QModelIndex | QPersistentModelIndex
CRITERION_KEY_ROLE = int(Qt.ItemDataRole.UserRole) + 11
"""(school_id, criterion code) of a cell."""
GAP_ROLE = int(Qt.ItemDataRole.UserRole) + 12
"""True for a gap (no evidence at all)."""
GAP_BRUSH = QBrush(QColor("#7b8794"), Qt.BrushStyle.BDiagPattern)
GAP_TEXT = QBrush(QColor("#000000"))


class CoverageModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.coverage: Coverage | None = None

    def set_coverage(self, coverage: Coverage) -> None:
        self.beginResetModel()
        self.coverage = coverage
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.coverage is None:
            return 0
        return len(self.coverage.schools)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.coverage is None or not self.coverage.schools:
            return 0
        return len(self.coverage.criteria)

    def cell(self, index: Index) -> CoverageCell | None:
        coverage = self.coverage
        if coverage is None or not index.isValid():
            return None
        if index.row() >= len(coverage.schools) or index.column() >= len(coverage.criteria):
            return None
        school = coverage.schools[index.row()]
        return coverage.cell(coverage.criteria[index.column()].code, school.id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cell = self.cell(index)
        if cell is None or self.coverage is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(cell)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            school = self.coverage.schools[index.row()]
            criterion = self.coverage.criteria[index.column()]
            described = cell_description(cell, criterion, school.name)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{described}. Click or press Enter to see these actions."
            return described
        if role == Qt.ItemDataRole.BackgroundRole:
            return GAP_BRUSH if cell.gap else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return GAP_TEXT if cell.gap else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == CRITERION_KEY_ROLE:
            return (cell.school_id, cell.criterion_code)
        if role == GAP_ROLE:
            return cell.gap
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        coverage = self.coverage
        if coverage is None or section < 0:
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        display = role == Qt.ItemDataRole.DisplayRole
        if orientation == Qt.Orientation.Horizontal:
            if section >= len(coverage.criteria):
                return None
            criterion = coverage.criteria[section]
            if display:
                return header_lines(f"{criterion.code} {criterion.title}", 18)
            gaps = coverage.gap_count(criterion.code)
            return (
                f"{criterion.code} {criterion.title}: {gaps} of {len(coverage.schools)} schools "
                "have a gap. Click to see its actions at every school."
            )
        if section >= len(coverage.schools):
            return None
        school = coverage.schools[section]
        if display:
            return school.name if len(school.name) <= 34 else school.name[:33] + "…"
        return f"{school.name} (URN {school.urn}) — click to see its actions"

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
