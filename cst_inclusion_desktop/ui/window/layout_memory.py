"""The main window remembers how the user left it: size, toolbars, table columns, splitters."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow, QSplitter, QTableView

from cst_inclusion_desktop.ui.start.prefs import Prefs

LayoutPart = tuple[Callable[[], QByteArray], Callable[[QByteArray], object]]
FIRST_SIZE = (1280, 720)
"""Fits a 1366×768 laptop with the taskbar."""


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
            self._window.resize(*FIRST_SIZE)
        for name, (_save, restore) in self._parts.items():
            data = self._prefs.layout(name)
            if data is not None:
                restore(data)

    def save(self) -> None:
        for name, (save, _restore) in self._parts.items():
            self._prefs.save_layout(name, save())
        self._prefs.sync()
