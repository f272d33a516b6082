"""A one-line label drawn elided in the middle when it is wider than it may grow (the status
bar's database path: it never runs over the action counts). ``text()`` and the tooltip keep the
whole text, for screen readers and automation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget

MAXIMUM_WIDTH = 420


class ElidingLabel(QLabel):
    def __init__(self, parent: QWidget | None = None, maximum: int = MAXIMUM_WIDTH) -> None:
        super().__init__(parent)
        self.setMaximumWidth(maximum)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def shown_text(self) -> str:
        """What is drawn: the text, elided in the middle to the label's width."""
        room = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle, room)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        alignment = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.drawText(self.contentsRect(), int(alignment), self.shown_text())
        painter.end()
