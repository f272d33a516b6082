"""The main window remembers how the user left it: size, toolbars, table columns, splitters."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow, QSplitter, QTableView

from cst_inclusion_desktop.ui.start.prefs import Prefs

LayoutPart = tuple[Callable[[], QByteArray], Callable[[QByteArray], object]]
FIRST_SIZE = (1280, 720)
"""Fits a 1366×768 laptop with the taskbar."""
SCREEN_SHARE = 0.94
"""At most this share of the screen's free area, so a scaled display (150%) still shows the
whole window, title bar and all."""


class LayoutMemory:
    def __init__(
        self, window: QMainWindow, prefs: Prefs, table: QTableView, splitters: list[QSplitter]
    ) -> None:
        header = table.horizontalHeader()
        self._prefs = prefs
        self._parts: dict[str, LayoutPart] = {
            "geometry": (window.saveGeometry, window.restoreGeometry),
            "state": (window.saveState, window.restoreState),
            "tableHeader": (header.saveState, header.restoreState),
        }
        for splitter in splitters:  # keyed by objectName, as earlier versions saved them
            self._parts[splitter.objectName()] = (splitter.saveState, splitter.restoreState)
        self._window = window

    def restore(self) -> None:
        if self._prefs.layout("geometry") is None:
            self._window.resize(*first_size(self._window))
        for name, (_save, restore) in self._parts.items():
            data = self._prefs.layout(name)
            if data is not None:
                restore(data)

    def save(self) -> None:
        for name, (save, _restore) in self._parts.items():
            self._prefs.save_layout(name, save())
        self._prefs.sync()


def first_size(window: QMainWindow) -> tuple[int, int]:
    """FIRST_SIZE, shrunk to fit the screen the window opens on (in its logical pixels, so
    QT_SCALE_FACTOR=1.5 on a 1366×768 screen gives about 856×481)."""
    free = window.screen().availableGeometry()
    width = min(FIRST_SIZE[0], int(free.width() * SCREEN_SHARE))
    height = min(FIRST_SIZE[1], int(free.height() * SCREEN_SHARE))
    return width, height
