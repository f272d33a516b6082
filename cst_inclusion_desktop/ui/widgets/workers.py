"""Run long service calls off the GUI thread, with a progress dialog and Cancel.

Services speak callbacks (``progress(done, total, message)`` and ``cancelled() -> bool``); this
module adapts them to Qt signals, so the window never freezes and no service imports Qt.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, SignalInstance
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

from cst_inclusion_desktop.domain.errors import CancelledError

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]
Work = Callable[[ProgressFn, CancelledFn], Any]


class TaskSignals(QObject):
    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()


class Task(QRunnable):
    """One piece of work on the thread pool. ``cancel()`` is checked by the work's callbacks."""

    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work
        self.signals = TaskSignals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def start(self) -> Task:
        """Run on the global thread pool, kept alive until it finishes.

        Connect to ``signals`` before this: a quick piece of work can finish, and emit its
        signals to no one, before a connection made after ``start`` exists (a coverage read
        was seen to stay "Counting…" for ever that way).
        """
        _running.add(self)
        self.signals.finished.connect(lambda: _running.discard(self))
        QThreadPool.globalInstance().start(self)
        return self

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit, self.is_cancelled)
        except CancelledError:
            self.signals.cancelled.emit()
        except Exception as error:  # handed to the GUI thread, which explains it
            log.exception("Background task failed")
            self.signals.failed.emit(error)
        else:
            if self.is_cancelled():
                self.signals.cancelled.emit()
            else:
                self.signals.succeeded.emit(result)
        finally:
            self.signals.finished.emit()


_running: set[Task] = set()


def run_with_progress(
    parent: QWidget | None,
    title: str,
    work: Work,
    on_success: Callable[[Any], None],
    on_error: Callable[[Exception], None] | None = None,
    on_cancel: Callable[[], None] | None = None,
    on_finished: Callable[[], None] | SignalInstance | None = None,
) -> Task:
    """Run ``work`` in the background behind a modal progress dialog with a Cancel button;
    ``on_finished`` runs after whichever of the others, and is connected before the start.

    A dialog's own signal is passed as the signal, not its ``emit``: Qt then drops the
    connection when the dialog is deleted, so a late finish cannot touch a deleted object.
    """
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setObjectName("progressDialog")
    dialog.setAccessibleName(title)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    task = Task(work)

    # The dialog may already be gone when a late signal arrives (its parent window closed,
    # or the task finished twice over): touching a deleted C++ object would raise.
    def show_progress(done: int, total: int, message: str) -> None:
        if not isValid(dialog):
            return
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        dialog.setLabelText(f"{title}\n{message}")

    def finish() -> None:
        if not isValid(dialog):
            return
        dialog.reset()
        dialog.close()
        dialog.deleteLater()

    task.signals.progress.connect(show_progress)
    task.signals.succeeded.connect(on_success)
    if on_error is not None:
        task.signals.failed.connect(on_error)
    if on_cancel is not None:
        task.signals.cancelled.connect(on_cancel)
    task.signals.finished.connect(finish)
    if on_finished is not None:
        task.signals.finished.connect(on_finished)
    dialog.canceled.connect(task.cancel)
    return task.start()
