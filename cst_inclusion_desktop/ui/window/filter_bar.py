"""The row of filters above the actions table: principle, inspection criterion, status, RAG,
overdue, search and "Show archived".

The status filter takes several statuses (StatusPicker, "Open" first) and a saved view
(ui/window/saved_views.py) sets every control at once, plus what no control shows (owner,
reviews due, red or overdue): ``view_kind`` and ``view_context`` carry that part.

Search waits for a short pause in typing (a single-shot timer) so each keystroke does not run
a query over 100,000 actions; the other controls apply at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop.domain.definitions import Mark, rag_text
from cst_inclusion_desktop.domain.enums import Rag
from cst_inclusion_desktop.domain.filters import (
    DEFAULT_VIEW,
    ActionFilter,
    SavedView,
    ViewKind,
    view_filter,
)
from cst_inclusion_desktop.domain.records import PrincipleRecord
from cst_inclusion_desktop.ui.widgets.form_widgets import (
    fill_enum_combo,
    fill_principle_combo,
    named,
    select_data,
)
from cst_inclusion_desktop.ui.window.criterion_filter import CriterionFilter
from cst_inclusion_desktop.ui.window.status_picker import StatusPicker

SEARCH_DELAY_MS = 150

ViewContext = Callable[[], tuple[str, date, date]]
"""Who "me" is, today, and the start of this term: what the built-in views need."""


def _default_context() -> tuple[str, date, date]:
    from cst_inclusion_desktop.domain.terms import term_containing

    today = date.today()
    return "", today, term_containing(today).start


class FilterBar(QWidget):
    """Emits ``filterChanged`` whenever what the table should show changes."""

    filterChanged = Signal()
    searchLeft = Signal()
    """Down or Enter in the search box: the person wants to move into the results."""
    controlsEdited = Signal()
    """The user changed a control by hand (the view picker then shows "Custom filter")."""

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
        # Short when squeezed (a 150% display), as wide as there is room for otherwise; the
        # drop-down list shows each title whole (window_finish.widen_popup).
        self.principle_combo.setMinimumContentsLength(8)
        self.status_picker = StatusPicker()
        self.view_kind = DEFAULT_VIEW
        self.view_context: ViewContext = _default_context
        self._quiet = False
        self.criterion_filter = CriterionFilter()
        self.criterion_filter.currentIndexChanged.connect(lambda _index: self._edited())
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
            QLineEdit(),
            "searchEdit",
            "Search actions",
            "Search titles, owners, descriptions, review notes and evidence titles",
        )
        self.search_edit.setPlaceholderText("Search (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.filterChanged)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_edit.textEdited.connect(lambda _text: self._edited(emit=False))
        for combo in (self.principle_combo, self.rag_combo):
            combo.currentIndexChanged.connect(lambda _index: self._edited())
        self.status_picker.statusesChanged.connect(self._edited)
        self.overdue_check.toggled.connect(lambda _on: self._edited())
        self.set_principles([])
        # Two rows, so the bar fits a 1366×768 screen at 150% (856 logical pixels): what to look
        # at (view, principle, criterion) above, how to narrow it (status, RAG, search) below.
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(4)
        self.row = QHBoxLayout()
        self.second_row = QHBoxLayout()
        rows.addLayout(self.row)
        rows.addLayout(self.second_row)
        for layout, text, widget in (
            (self.row, "&Principle:", self.principle_combo),
            (self.row, "Cr&iterion:", self.criterion_filter),
            (self.second_row, "Stat&us:", self.status_picker),
            (self.second_row, "&RAG:", self.rag_combo),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            layout.addWidget(label)
            layout.addWidget(widget, 1 if widget is self.principle_combo else 0)
        self.second_row.addWidget(self.overdue_check)
        self.second_row.addWidget(self.search_edit, 1)
        self._add_archived_toggle(self.row)
        self.search_edit.installEventFilter(self)

    def cancel_pending(self) -> None:
        """Forget a search still waiting for its pause: the window is closing, and nothing
        may read the database after that."""
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
        """``base`` (school, sort) narrowed by what this bar shows and the chosen view."""
        me, today, term_start = self.view_context()
        view = self.controls_view("", self.view_kind)
        narrowed = view_filter(view, base, me=me, today=today, term_start=term_start)
        return narrowed.with_changes(include_archived=self.archived_check.isChecked())

    def controls_view(self, name: str, kind: ViewKind = ViewKind.CUSTOM) -> SavedView:
        """What the controls show now, as a view (to save it, or to filter by it)."""
        number = self.principle_number()
        # Qt hands str-based enums back as plain str, so parse them again.
        rag = self.rag_combo.currentData()
        return SavedView(
            name=name,
            kind=kind,
            principle_numbers=(number,) if number else (),
            statuses=self.status_picker.statuses(),
            rags=(Rag.parse(rag),) if rag and rag != Mark.NOT_RATED.token else (),
            not_rated=rag == Mark.NOT_RATED.token,
            overdue_only=self.overdue_check.isChecked(),
            search=self.search_edit.text().strip(),
            criterion_codes=self.criterion_filter.codes(),
        )

    def show_view(self, view: SavedView) -> None:
        """Set every control from a view and apply it once."""
        self._quiet = True
        try:
            self.view_kind = view.kind
            select_data(
                self.principle_combo, view.principle_numbers[0] if view.principle_numbers else 0
            )
            self.status_picker.set_statuses(view.statuses)
            if view.rags:
                select_data(self.rag_combo, view.rags[0])
            elif view.not_rated:
                select_data(self.rag_combo, Mark.NOT_RATED.token)
            else:
                self.rag_combo.setCurrentIndex(0)
            self.overdue_check.setChecked(view.overdue_only)
            self.search_edit.setText(view.search)
            self._search_timer.stop()
            self.criterion_filter.set_code(view.criterion_codes[0] if view.criterion_codes else "")
        finally:
            self._quiet = False
        self.filterChanged.emit()

    def _edited(self, *, emit: bool = True) -> None:
        if self._quiet:
            return
        if self.view_kind is not ViewKind.CUSTOM:
            self.view_kind = ViewKind.CUSTOM
            self.controlsEdited.emit()
        if emit:
            self.filterChanged.emit()

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
