"""The day's backup, made off the GUI thread once the main window is on screen.

On the 380 MB reference trust the backup (a copy plus an integrity check of the copy) takes
~3 s, which made the first start of a day ~4.2 s instead of ~1.1 s (docs/benchmark.md). The
CLI still makes it while opening (``services.safety.opening.open_context``); the GUI opens with
``daily_backup=False`` and calls one of these. A failure is logged, never shown and never
blocks: the copy is written as ``.partial`` and renamed only once verified, so an interrupted
one leaves no backup that looks real.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QWidget

from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.backup import start_up_backup
from cst_inclusion_desktop.ui.widgets.first_paint import after_first_paint
from cst_inclusion_desktop.ui.widgets.workers import CancelledFn, ProgressFn, Task


def backup_in_background(services: Services) -> Task | None:
    """Start the day's backup (if not made yet today) on the thread pool."""
    context = services.context
    if context.database.read_only:
        return None

    def work(progress: ProgressFn, cancelled: CancelledFn) -> Path | None:
        # Logs an expected failure itself; Task logs anything else. Nothing is shown.
        return start_up_backup(context)

    return Task(work).start()


def backup_after_first_paint(window: QWidget, services: Services) -> None:
    after_first_paint(window, lambda: backup_in_background(services))


def wait_for_backups() -> None:
    """At exit: let a backup still being made finish rather than stop it half-way."""
    QThreadPool.globalInstance().waitForDone()
