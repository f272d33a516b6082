"""The inspection criteria tick list the action editor and the evidence dialog share.

One checkable row per criterion, "IC3 A continuous cycle…", with the criterion's summary as its
tooltip; Space ticks the current row, so the list works without a mouse. A retired criterion is
shown, marked "(retired)", only on a record that already carries it: it can be kept or
removed there, never newly added.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from cst_inclusion_desktop.domain.criteria import Criterion

CODE_ROLE = Qt.ItemDataRole.UserRole
VISIBLE_ROWS = 5


class CriteriaTickList(QListWidget):
    changed = Signal()

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName("Inspection criteria")
        tip = (
            "The inspection criteria this shows. Space ticks or unticks the current one; "
            "hover over a criterion for its summary"
        )
        self.setToolTip(tip)
        self.setStatusTip(tip)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def set_criteria(self, criteria: Sequence[Criterion], ticked: Iterable[str] = ()) -> None:
        """Show the current criteria, and the retired ones among ``ticked``; tick ``ticked``."""
        chosen = set(ticked)
        self.blockSignals(True)
        self.clear()
        for criterion in criteria:
            if criterion.retired and criterion.code not in chosen:
                continue
            item = QListWidgetItem(criterion.label)
            item.setData(CODE_ROLE, criterion.code)
            item.setToolTip(criterion.summary or criterion.title)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            state = Qt.CheckState.Checked if criterion.code in chosen else Qt.CheckState.Unchecked
            item.setCheckState(state)
            self.addItem(item)
        if self.count():
            self.setCurrentRow(0)
        self.blockSignals(False)

    def codes(self) -> tuple[str, ...]:
        """The ticked codes, in the list's order."""
        return tuple(
            str(self.item(row).data(CODE_ROLE))
            for row in range(self.count())
            if self.item(row).checkState() == Qt.CheckState.Checked
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Space (and Select) tick the current row on every platform style."""
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select) and item is not None:
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
            event.accept()
            return
        super().keyPressEvent(event)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        row = self.sizeHintForRow(0) if self.count() else self.fontMetrics().height() + 6
        return QSize(hint.width(), row * VISIBLE_ROWS + 2 * self.frameWidth())
