"""The overview's tables: one ``chosen`` signal per click or Enter/Space, and cells that keep
their colour (or hatching) when selected, with keyboard focus drawn as a thick frame."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QBrush, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

ACTIVATE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class RagCellDelegate(QStyledItemDelegate):
    """Keeps the RAG colour on a selected cell and shows keyboard focus as a thick frame in the
    palette's highlight colour, rather than painting the colour away."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if not isinstance(background, QBrush):
            super().paint(painter, option, index)
            return
        painter.save()
        rect: QRect = option.rect
        painter.fillRect(rect, background)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        if isinstance(foreground, QBrush):
            painter.setPen(foreground.color())
        painter.setFont(option.font)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(rect.adjusted(2, 0, -2, 0), flags, str(index.data() or ""))
        state = option.state
        if state & (QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus):
            pen = QPen(option.palette.highlight().color(), 3)
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()


class ActivatingTable(QTableView):
    """A table that reports one ``chosen`` per click or Enter/Space, on every platform (Qt's
    own ``activated`` fires on single or double click depending on the style)."""

    chosen = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in ACTIVATE_KEYS and self.currentIndex().isValid():
            self.chosen.emit(self.currentIndex())
            return
        super().keyPressEvent(event)
