"""The Trust overview's "By inspection criterion" tab: every school against every inspection
criterion over the last 12 months, gaps marked.

Choosing a cell (mouse or Enter/Space) emits ``criterionActivated(school_id, code)`` so the main
window can filter its actions table; a column header gives every school ("") for that criterion,
a row header the school's actions under every criterion (code "").
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from cst_inclusion_desktop.domain.coverage import LEGEND, Coverage
from cst_inclusion_desktop.domain.definitions import plural
from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.domain.report_model import format_day
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.reporting.cell_table import ActivatingTable, RagCellDelegate
from cst_inclusion_desktop.ui.reporting.coverage_model import CRITERION_KEY_ROLE, CoverageModel
from cst_inclusion_desktop.ui.widgets.errors import error_message
from cst_inclusion_desktop.ui.widgets.form_widgets import named
from cst_inclusion_desktop.ui.widgets.workers import Task

log = logging.getLogger(__name__)


class CoverageView(QWidget):
    criterionActivated = Signal(str, str)
    loaded = Signal()
    """The coverage read in the background is on screen."""

    def __init__(
        self, services_provider: Callable[[], Services], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("overviewCoverage")
        self.setAccessibleName("Coverage by inspection criterion")
        self._services_provider = services_provider
        self.stale = True
        self.task: Task | None = None
        self.model = CoverageModel(self)
        self.table = named(
            ActivatingTable(),
            "overviewCoverageTable",
            "Inspection criterion by school coverage",
            "Each cell counts the last 12 months: open actions, completed actions and evidence "
            "items; a hatched cell marked Gap has no evidence at all. "
            "Click or press Enter to see those actions.",
        )
        self.table.setModel(self.model)
        self.table.setItemDelegate(RagCellDelegate(self.table))
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(90)
        line = self.table.fontMetrics().lineSpacing()
        self.table.verticalHeader().setDefaultSectionSize(2 * line + 10)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.chosen.connect(self._chosen)
        self.table.clicked.connect(self._chosen)
        self.table.horizontalHeader().sectionClicked.connect(self._column_clicked)
        self.table.verticalHeader().sectionClicked.connect(self._row_clicked)
        self.window_label = QLabel()
        self.window_label.setObjectName("overviewCoverageWindow")
        self.message = QLabel()
        self.message.setObjectName("overviewCoverageMessage")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        legend = QLabel(f"{LEGEND} Gap cells are hatched too.")
        legend.setObjectName("overviewCoverageLegend")
        legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.window_label)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(legend)

    def load(self) -> None:
        """Read the coverage again off the GUI thread (about a second on a large trust when the
        record has changed); a problem is shown in the tab instead of the figures."""
        if self.task is not None:
            self.stale = True  # read again once the running read ends
            return
        self.stale = False
        self.window_label.setText("Counting the last 12 months…")
        coverage = self._services_provider().coverage
        self.task = Task(lambda _progress, _cancelled: coverage.coverage())
        self.task.signals.succeeded.connect(self.show_coverage)
        self.task.signals.failed.connect(self._failed)
        self.task.signals.finished.connect(self._ended)
        self.task.start()

    def _failed(self, error: Exception) -> None:
        log.warning("Coverage could not be read: %s", error)
        self.window_label.setText("")
        self.message.setText(
            error_message(error) if isinstance(error, InclusionError) else str(error)
        )
        self.message.setVisible(True)

    def _ended(self) -> None:
        self.task = None
        if self.stale and self.isVisible():
            self.load()

    def show_coverage(self, coverage: Coverage) -> None:
        self.message.setVisible(False)
        self.model.set_coverage(coverage)
        gaps = len(coverage.gaps())
        self.window_label.setText(
            f"The 12 months from {format_day(coverage.start)} to {format_day(coverage.day)}: "
            f"{plural(gaps, 'gap')} across {plural(len(coverage.schools), 'school')}"
        )
        self.loaded.emit()

    def _chosen(self, index: QModelIndex) -> None:
        key = self.model.data(index, CRITERION_KEY_ROLE)
        if key is not None:
            self.criterionActivated.emit(str(key[0]), str(key[1]))

    def _column_clicked(self, section: int) -> None:
        coverage = self.model.coverage
        if coverage is not None and section < len(coverage.criteria):
            self.criterionActivated.emit("", coverage.criteria[section].code)

    def _row_clicked(self, section: int) -> None:
        coverage = self.model.coverage
        if coverage is not None and section < len(coverage.schools):
            self.criterionActivated.emit(coverage.schools[section].id, "")
