"""Run something once a window has first been painted: the day's backup waits for it, so the
window appears at once, and the benchmark times start-up to it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget


class _FirstPaint(QObject):
    """Watches the whole app for the first paint of any widget in the window, then removes
    itself and calls back once."""

    def __init__(self, window: QWidget, callback: Callable[[], object]) -> None:
        super().__init__(window)
        self._window, self._callback = window, callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self._callback()
        return False


def after_first_paint(window: QWidget, callback: Callable[[], object]) -> None:
    """Call ``callback`` once ``window`` has painted; at once when there is no app to wait on."""
    app = QApplication.instance()
    if app is None:
        callback()
        return
    app.installEventFilter(_FirstPaint(window, callback))
