"""The trust overview: every school against every principle at a glance (or, on the second
tab, against every inspection criterion: coverage_view.py), plus what needs attention (overdue
and red actions, and what falls due in the next 30 days).

Choosing a matrix cell (mouse or Enter/Space) emits ``cellActivated(school_id, number)`` so the
main window can filter its actions table; "" means all schools and 0 all principles (the totals
row and column, and the headers).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.reporting.overview import OverviewData
from cst_inclusion_desktop.ui.reporting.cell_table import ActivatingTable, RagCellDelegate
from cst_inclusion_desktop.ui.reporting.coverage_view import CoverageView
from cst_inclusion_desktop.ui.reporting.overview_models import (
    ACTION_ID_ROLE,
    COL_TITLE,
    KEY_ROLE,
    DueSoonModel,
    MatrixModel,
)
from cst_inclusion_desktop.ui.widgets.errors import error_message
from cst_inclusion_desktop.ui.widgets.form_widgets import named, uk_date

log = logging.getLogger(__name__)
RESIZE_SAMPLE_ROWS = 40  # the due-soon columns fit about a screenful of rows


class TrustOverview(QWidget):
    """The dashboard. ``refresh()`` re-reads everything from the services."""

    cellActivated = Signal(str, int)
    criterionActivated = Signal(str, str)
    """(school id or "", criterion code or ""): a coverage cell or header was chosen."""
    actionActivated = Signal(str)

    def __init__(
        self, services_provider: Callable[[], Services], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("trustOverview")
        self.setAccessibleName("Trust overview")
        self._services_provider = services_provider
        self.data: OverviewData | None = None
        self._stale = False

        self.heading = QLabel()
        self.heading.setObjectName("overviewHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.overdue_label = self._count_label("overviewOverdueCount", "Overdue open actions")
        self.red_label = self._count_label("overviewRedCount", "Red open actions")
        self.due_label = self._count_label("overviewDueSoonCount", "Actions due soon")
        self.refresh_button = named(
            QPushButton("&Refresh"),
            "overviewRefreshButton",
            "Refresh overview",
            "Read the latest figures from the database",
        )
        self.refresh_button.clicked.connect(self.refresh)
        self.message = QLabel()
        self.message.setObjectName("overviewMessage")
        self.message.setWordWrap(True)
        self.message.setVisible(False)

        self.matrix_model = MatrixModel(self)
        self.matrix = named(
            ActivatingTable(),
            "overviewMatrix",
            "Principle by school RAG matrix",
            "Each cell shows the worst RAG among its open actions and their red, amber, green "
            "and not-yet-rated counts. "
            "Click or press Enter to see those actions.",
        )
        self.matrix.setModel(self.matrix_model)
        self.matrix.setItemDelegate(RagCellDelegate(self.matrix))
        self.matrix.setWordWrap(True)
        self.matrix.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # Two lines of text per cell ("Red" / "R 3 · A 5 · G 2"), following the font size.
        line = self.matrix.fontMetrics().lineSpacing()
        self.matrix.verticalHeader().setDefaultSectionSize(2 * line + 10)
        self.matrix.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.matrix.horizontalHeader().setSectionsClickable(True)
        self.matrix.verticalHeader().setSectionsClickable(True)
        self.matrix.chosen.connect(self._matrix_chosen)
        self.matrix.clicked.connect(self._matrix_chosen)
        self.matrix.horizontalHeader().sectionClicked.connect(self._column_header_clicked)
        self.matrix.verticalHeader().sectionClicked.connect(self._row_header_clicked)
        legend = QLabel(
            "Each cell: the worst RAG among its open actions in words (one red action makes the "
            "cell red, as in the board paper), then counts of red (R), amber (A), green (G) and "
            "not yet rated (N) open actions. The last row and column are totals."
        )
        legend.setObjectName("overviewLegend")
        legend.setWordWrap(True)

        self.due_model = DueSoonModel(self)
        self.due_table = named(
            ActivatingTable(),
            "overviewDueSoonTable",
            "Actions due soon",
            "Open actions due in the next 30 days, soonest first. Enter opens the action.",
        )
        self.due_table.setModel(self.due_model)
        self.due_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.due_table.horizontalHeader()
        # Columns fitted to the first rows once (_fit_due_columns), then left to the user: with
        # ResizeToContents every refresh asked data() for every row in every role (62 ms of
        # each refresh with 500 rows on the reference trust).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(RESIZE_SAMPLE_ROWS)
        self._due_columns_fitted = False
        self.due_table.verticalHeader().setVisible(False)
        self.due_table.chosen.connect(self._due_chosen)
        self.due_table.doubleClicked.connect(self._due_chosen)
        self.due_heading = QLabel()
        self.due_heading.setObjectName("overviewDueSoonHeading")
        self.due_heading.setBuddy(self.due_table)

        self.coverage = CoverageView(services_provider, self)
        self.coverage.criterionActivated.connect(self.criterionActivated)
        self.lenses = named(QTabWidget(), "overviewLenses", "Overview by")
        self._lay_out(legend)

    def _count_label(self, object_name: str, accessible: str) -> QLabel:
        label = QLabel()
        label.setObjectName(object_name)
        label.setAccessibleName(accessible)
        return label

    def _lay_out(self, legend: QLabel) -> None:
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.refresh_button)
        counts = QHBoxLayout()
        for label in (self.overdue_label, self.red_label, self.due_label):
            counts.addWidget(label)
        counts.addStretch(1)
        by_principle = QWidget()
        upper_layout = QVBoxLayout(by_principle)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.matrix, 1)
        upper_layout.addWidget(legend)
        upper = self.lenses
        upper.addTab(by_principle, "By &principle")
        upper.addTab(self.coverage, "By inspection &criterion")
        upper.setTabToolTip(0, "Every school against the trust's five principles")
        upper.setTabToolTip(1, "Every school against Ofsted's inclusion criteria, 12 months")
        upper.currentChanged.connect(self._lens_changed)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.due_heading)
        lower_layout.addWidget(self.due_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("overviewSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(counts)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

    def refresh_when_shown(self) -> None:
        """Re-read now if the overview is on screen, else the next time it is shown: the main
        window starts on the actions tab, and the overview's counts (a tenth of a second on a
        large trust) should not delay its first paint."""
        self._stale = not self.isVisible()
        if not self._stale:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    def refresh(self) -> None:
        """Re-read the overview; a problem is shown in the widget instead of the figures."""
        try:
            data = self._services_provider().overview.overview()
        except InclusionError as error:
            log.warning("Overview could not be read: %s", error)
            self.message.setText(error_message(error))
            self.message.setVisible(True)
            return
        self.message.setVisible(False)
        self.show_data(data)
        self.coverage.stale = True
        if self.lenses.currentWidget() is self.coverage:
            self.coverage.load()

    def _lens_changed(self, _index: int) -> None:
        """The coverage is read when its tab is first shown after a refresh, not before."""
        if self.lenses.currentWidget() is self.coverage and self.coverage.stale:
            self.coverage.load()

    def show_data(self, data: OverviewData) -> None:
        self.data = data
        self.heading.setText(f"{data.trust_name} — trust overview, {uk_date(data.today)}")
        self.overdue_label.setText(f"Overdue open actions: <b>{data.overdue_count:,}</b>")
        self.red_label.setText(f"Red open actions: <b>{data.red_count:,}</b>")
        self.due_label.setText(
            f"Due in the next {data.due_days} days: <b>{data.due_soon_total:,}</b>"
        )
        for label in (self.overdue_label, self.red_label, self.due_label):
            label.setAccessibleDescription(label.text().replace("<b>", "").replace("</b>", ""))
        self.matrix_model.set_overview(data)
        shown = len(data.due_soon)
        more = f" (showing the first {shown:,})" if shown < data.due_soon_total else ""
        self.due_heading.setText(
            f"Actions &due in the next {data.due_days} days: {data.due_soon_total:,}{more}"
        )
        self.due_model.set_rows(data.due_soon)
        if data.due_soon and not self._due_columns_fitted:
            self._fit_due_columns()

    def _fit_due_columns(self) -> None:
        """Fit every column but the title (which stretches) to the first rows, once."""
        for column in range(self.due_model.columnCount()):
            if column != COL_TITLE:
                self.due_table.resizeColumnToContents(column)
        self._due_columns_fitted = True

    # --- choosing ------------------------------------------------------------------------------
    def _matrix_chosen(self, index: QModelIndex) -> None:
        key = self.matrix_model.data(index, KEY_ROLE)
        if key is not None:
            self.cellActivated.emit(str(key[0]), int(key[1]))

    def _column_header_clicked(self, section: int) -> None:
        if self.data is None:
            return
        numbers = [principle.number for principle in self.data.principles]
        self.cellActivated.emit("", numbers[section] if section < len(numbers) else 0)

    def _row_header_clicked(self, section: int) -> None:
        if self.data is None:
            return
        schools = self.data.schools
        self.cellActivated.emit(schools[section].id if section < len(schools) else "", 0)

    def _due_chosen(self, index: QModelIndex) -> None:
        action_id = self.due_model.data(index, ACTION_ID_ROLE)
        if action_id:
            self.actionActivated.emit(str(action_id))
