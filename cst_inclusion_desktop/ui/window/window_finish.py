"""Fit and finish of the main window, kept apart from its construction:

- the actions table fills its width: school, title and owner share whatever the fixed columns
  leave (so at 1366×768 every column shows without maximising), whenever the table is resized;
- the principle filter's list is as wide as its longest principle, so no title is clipped;
- a visible keyboard focus outline on the controls that take typing or a choice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QApplication, QComboBox, QTableView

from cst_inclusion_desktop.ui.window.action_table_model import COL_OWNER, COL_SCHOOL, COL_TITLE

if TYPE_CHECKING:
    from cst_inclusion_desktop.ui.window.main_window import MainWindow

FLEXIBLE = {COL_SCHOOL: 0.3, COL_TITLE: 0.45, COL_OWNER: 0.25}
"""The columns that take the free width, and their shares of it."""
MINIMUM_WIDTHS = {COL_SCHOOL: 110, COL_TITLE: 160, COL_OWNER: 90}
FOCUS_STYLE = (
    "QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QDateEdit:focus, "
    "QSpinBox:focus, QToolButton:focus, QTableView:focus, QListView:focus, "
    "QTreeView:focus, QTextBrowser:focus { border: 2px solid #1a66d2; }"
)


def fit_columns(table: QTableView) -> None:
    """Share the width the fixed columns leave among school, title and owner."""
    header = table.horizontalHeader()
    fixed = sum(
        header.sectionSize(column)
        for column in range(header.count())
        if column not in FLEXIBLE and not header.isSectionHidden(column)
    )
    free = table.viewport().width() - fixed
    for column, share in FLEXIBLE.items():
        header.resizeSection(column, max(MINIMUM_WIDTHS[column], int(free * share)))


class _RefitOnResize(QObject):
    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QResizeEvent) and event.size().width() != event.oldSize().width():
            fit_columns(self.table)
        return False


def widen_popup(combo: QComboBox) -> None:
    """The drop-down list as wide as its longest entry (the box itself stays compact)."""
    view = combo.view()
    view.setMinimumWidth(view.sizeHintForColumn(0) + 24)


def install(window: MainWindow) -> None:
    table = window.table
    table.viewport().installEventFilter(_RefitOnResize(table))
    combo = window.filter_bar.principle_combo
    combo.model().rowsInserted.connect(lambda *_: widen_popup(combo))
    app = QApplication.instance()
    if isinstance(app, QApplication) and FOCUS_STYLE not in app.styleSheet():
        app.setStyleSheet(app.styleSheet() + FOCUS_STYLE)
