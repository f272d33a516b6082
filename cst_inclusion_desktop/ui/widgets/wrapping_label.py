"""A word-wrapped label that asks its layout for the height its text needs at its real width.

A plain word-wrapped QLabel guesses its height from a fixed width, so in a narrow column (the
details pane at 150%) the layout gave it four lines and the rest of the text was cut off.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


class WrappingLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)

    def _at_width(self, hint: QSize) -> QSize:
        if self.width() > 0:
            hint.setHeight(max(hint.height(), self.heightForWidth(self.width())))
        return hint

    def sizeHint(self) -> QSize:
        return self._at_width(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._at_width(super().minimumSizeHint())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # a new width: another height
