"""The actions table's view: one row per action, sortable, Enter or double-click to edit."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from cst_inclusion_desktop.ui.widgets.form_widgets import named
from cst_inclusion_desktop.ui.widgets.rag_badge import RagBadgeDelegate
from cst_inclusion_desktop.ui.window.action_table_model import (
    COL_DUE_DATE,
    COL_RAG,
    ActionTableModel,
)

# Fits the nine columns in the table's width on a 1366×768 laptop; users' changes are remembered.
COLUMN_WIDTHS = (130, 120, 205, 115, 85, 95, 170, 85, 62)  # RAG: room for "Not yet rated"


def build_action_table(model: ActionTableModel, edit: Callable[[], object]) -> QTableView:
    table = named(QTableView(), "actionTable", "Actions", "Double-click or Enter to edit")
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
    table.verticalHeader().hide()
    table.setItemDelegateForColumn(COL_RAG, RagBadgeDelegate(table))
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSortIndicator(COL_DUE_DATE, Qt.SortOrder.AscendingOrder)
    for column, width in enumerate(COLUMN_WIDTHS):
        header.resizeSection(column, width)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.setSortingEnabled(True)
    table.doubleClicked.connect(lambda _index: edit())
    edit_on_enter = QAction("Edit action", table)
    edit_on_enter.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
    edit_on_enter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    edit_on_enter.triggered.connect(lambda _checked=False: edit())
    table.addAction(edit_on_enter)
    return table
