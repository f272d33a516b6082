"""The row of filters above the actions table: principle, inspection criterion, status, RAG,
overdue, search and "Show archived".

Search waits for a short pause in typing (a single-shot timer) so each keystroke does not run
a query over 100,000 actions; the other controls apply at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from cst_inclusion_desktop.domain.definitions import Mark, rag_text
from cst_inclusion_desktop.domain.enums import Rag, Status
from cst_inclusion_desktop.domain.filters import ActionFilter
from cst_inclusion_desktop.domain.records import PrincipleRecord
from cst_inclusion_desktop.ui.widgets.form_widgets import (
    fill_enum_combo,
    fill_principle_combo,
    named,
    select_data,
)
from cst_inclusion_desktop.ui.window.criterion_filter import CriterionFilter

SEARCH_DELAY_MS = 150


class FilterBar(QWidget):
    """Emits ``filterChanged`` whenever what the table should show changes."""

    filterChanged = Signal()
    searchLeft = Signal()
    """Down or Enter in the search box: the person wants to move into the results."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self.setAccessibleName("Filters")
        self.principle_combo = named(
            QComboBox(), "principleFilter", "Principle filter", "Show actions under one principle"
        )
        self.principle_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.principle_combo.setMinimumContentsLength(18)
        self.criterion_filter = CriterionFilter()
        self.criterion_filter.currentIndexChanged.connect(lambda _index: self.filterChanged.emit())
        self.status_combo = named(
            QComboBox(), "statusFilter", "Status filter", "Show actions with one status"
        )
        fill_enum_combo(self.status_combo, Status, blank="All statuses")
        self.rag_combo = named(
            QComboBox(), "ragFilter", "RAG filter", "Show red, amber, green or not yet rated"
        )
        fill_enum_combo(self.rag_combo, Rag, blank="All RAG")
        self.rag_combo.addItem(rag_text(None), Mark.NOT_RATED.token)
        self.overdue_check = named(
            QCheckBox("Over&due only"),
            "overdueFilter",
            "Overdue only",
            "Show only open actions past their due date",
        )
        self.search_edit = named(
            QLineEdit(), "searchEdit", "Search actions", "Search titles, owners and descriptions"
        )
        self.search_edit.setPlaceholderText("Search (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.filterChanged)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        for combo in (self.principle_combo, self.status_combo, self.rag_combo):
            combo.currentIndexChanged.connect(lambda _index: self.filterChanged.emit())
        self.overdue_check.toggled.connect(lambda _on: self.filterChanged.emit())
        self.set_principles([])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for text, widget in (
            ("&Principle:", self.principle_combo),
            ("Cr&iterion:", self.criterion_filter),
            ("Stat&us:", self.status_combo),
            ("&RAG:", self.rag_combo),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            layout.addWidget(label)
            layout.addWidget(widget, 1 if widget is self.principle_combo else 0)
        layout.addWidget(self.overdue_check)
        layout.addWidget(self.search_edit, 1)
        self._add_archived_toggle(layout)
        self.search_edit.installEventFilter(self)

    def cancel_pending(self) -> None:
        """Forget a search still waiting for its pause (the window is closing)."""
        self._search_timer.stop()

    def set_principles(self, principles: Iterable[PrincipleRecord]) -> None:
        """Refill the principle choices, keeping the current choice when it still exists."""
        current = self.principle_number()
        self.principle_combo.blockSignals(True)
        fill_principle_combo(self.principle_combo, principles, blank="All principles")
        select_data(self.principle_combo, current)
        self.principle_combo.blockSignals(False)

    def principle_number(self) -> int:
        return int(self.principle_combo.currentData() or 0)

    def set_principle(self, number: int) -> None:
        """Choose a principle (0 for all), as the trust overview does when a cell is clicked."""
        select_data(self.principle_combo, number)

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def flush_search(self) -> None:
        """Apply pending search text now (Enter in the box, or tests)."""
        if self._search_timer.isActive():
            self._search_timer.stop()
            self.filterChanged.emit()

    def apply_to(self, base: ActionFilter) -> ActionFilter:
        """``base`` (school, sort) narrowed by what this bar shows."""
        number = self.principle_number()
        # Qt hands str-based enums back as plain str, so parse them again.
        status = self.status_combo.currentData()
        rag = self.rag_combo.currentData()
        return base.with_changes(
            principle_numbers=(number,) if number else (),
            statuses=(Status.parse(status),) if status else (),
            rags=(Rag.parse(rag),) if rag and rag != Mark.NOT_RATED.token else (),
            not_rated=rag == Mark.NOT_RATED.token,
            overdue_only=self.overdue_check.isChecked(),
            search=self.search_edit.text().strip(),
            include_archived=self.archived_check.isChecked(),
            criterion_codes=self.criterion_filter.codes(),
        )

    # --- "Show archived" and leaving the search box (kept apart from the filters above) ----
    def _add_archived_toggle(self, layout: QHBoxLayout) -> None:
        self.archived_check = named(
            QCheckBox("&Show archived"),
            "showArchivedFilter",
            "Show archived",
            "Also show archived actions and evidence, so they can be restored",
        )
        self.archived_check.toggled.connect(lambda _on: self.filterChanged.emit())
        layout.addWidget(self.archived_check)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        leaving = (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if (
            watched is self.search_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in leaving
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.flush_search()
            self.searchLeft.emit()
            return True
        return super().eventFilter(watched, event)
