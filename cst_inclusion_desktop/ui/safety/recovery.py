"""Before the window opens: check the database and, if it cannot be used, say why in plain
words and offer a way on — restore the newest good backup, open another file, or quit.

The file itself is never changed here: a damaged database, or one holding objects added outside
the app, is only ever replaced by an explicit restore, which keeps a copy of it first
(services/safety/restore.py); another program's file is never replaced.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from cst_inclusion_desktop import APP_NAME
from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.services.safety.recovery import (
    FileStatus,
    StartupCheck,
    check_database_at_start,
)
from cst_inclusion_desktop.services.safety.restore import RestoreResult, restore
from cst_inclusion_desktop.ui.widgets.errors import show_error
from cst_inclusion_desktop.ui.widgets.file_dialogs import open_file_name
from cst_inclusion_desktop.ui.widgets.workers import run_with_progress

log = logging.getLogger(__name__)
RESTORE, OPEN_OTHER, RETRY, QUIT = "restore", "open", "retry", "quit"
DATABASE_FILTER = "Inclusion databases (*.db *.sqlite *.sqlite3);;All files (*)"
# Another program's file is never restored over (restore refuses it): only open another.
RESTORABLE = (FileStatus.CORRUPT, FileStatus.UNREADABLE, FileStatus.FOREIGN)
HEADLINES = {
    FileStatus.CORRUPT: "the file is damaged",
    FileStatus.UNREADABLE: "the file cannot be read",
    FileStatus.NOT_OURS: "it is not a CST Inclusion Desktop database",
    FileStatus.TOO_NEW: "it was made by a newer version",
    FileStatus.FOREIGN: "it was changed outside the app",
    FileStatus.LOCKED: "another copy is saving to it",
}


def check_before_open(settings: Settings, parent: QWidget | None) -> Settings | None:
    """The settings to open (perhaps another file, or after a restore), or None to quit."""
    while True:
        check = check_database_at_start(settings)
        if check.can_open or check.status is FileStatus.MISSING:
            return settings  # read-only opens with the window's banner; missing is explained later
        log.warning("Start-up check of %s: %s (%s)", check.path, check.status, check.detail)
        choice = ask_user(check, parent)
        if choice == QUIT:
            return None
        if choice == OPEN_OTHER:
            path = open_file_name(
                parent, "Open another trust database", DATABASE_FILTER, start=check.path.parent
            )
            if path is not None:
                settings = replace(settings, database=str(path))
        elif choice == RESTORE and check.newest_good_backup is not None:
            restored = restore_blocking(parent, check.newest_good_backup.path, settings)
            if restored is not None:
                tell_restored(parent, restored)


def recovery_box(check: StartupCheck, parent: QWidget | None) -> tuple[QMessageBox, dict[Any, str]]:
    """The message box for a database that cannot be opened, and what each button means."""
    box = QMessageBox(parent)
    box.setObjectName("recoveryMessage")
    box.setAccessibleName("The database cannot be opened")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(APP_NAME)
    headline = HEADLINES.get(check.status)
    reason = f": {headline}" if headline else ""
    box.setText(f"<b>{APP_NAME} cannot open {html.escape(check.path.name)}{reason}.</b>")
    box.setInformativeText(" ".join((check.explanation, *check.warnings)))
    # The explanation quotes names from the file itself: shown as text, never as markup.
    informative = box.findChild(QLabel, "qt_msgbox_informativelabel")
    if informative is not None:
        informative.setTextFormat(Qt.TextFormat.PlainText)
    box.setDetailedText(f"File: {check.path}\nFound: {check.status.value}\n{check.detail}")
    choices: dict[Any, str] = {}
    if check.status in RESTORABLE and check.newest_good_backup is not None:
        button = box.addButton("Restore newest good backup", QMessageBox.ButtonRole.AcceptRole)
        button.setObjectName("restoreNewestButton")
        choices[button] = RESTORE
        box.setDefaultButton(button)
    if check.status is FileStatus.LOCKED:
        choices[box.addButton("Try again", QMessageBox.ButtonRole.AcceptRole)] = RETRY
    choices[box.addButton("Open another file…", QMessageBox.ButtonRole.ActionRole)] = OPEN_OTHER
    choices[box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)] = QUIT
    return box, choices


def ask_user(check: StartupCheck, parent: QWidget | None) -> str:
    box, choices = recovery_box(check, parent)
    box.exec()
    return choices.get(box.clickedButton(), QUIT)


def restore_blocking(
    parent: QWidget | None, source: Any, settings: Settings
) -> RestoreResult | None:
    """Restore behind a progress dialog and wait for it; on failure explain and return None."""
    outcome: dict[str, Any] = {}
    loop = QEventLoop()

    def finished(key: str) -> Callable[..., None]:
        def store(value: Any = None) -> None:
            outcome[key] = value
            loop.quit()

        return store

    task = run_with_progress(
        parent,
        "Restoring the backup…",
        lambda _progress, _cancelled: restore(source, settings),
        finished("result"),
        finished("error"),
        finished("cancelled"),
    )
    if not outcome:
        loop.exec()
    del task
    if "error" in outcome:
        show_error(parent, outcome["error"])
        return None
    return outcome.get("result")


def tell_restored(parent: QWidget | None, result: RestoreResult) -> None:
    kept = (
        f"The file it replaced was kept, unchanged, at:\n{result.kept_previous}"
        if result.previous_was_damaged
        else f"The database it replaced was backed up to:\n{result.kept_previous}"
    )
    box = QMessageBox(parent)
    box.setObjectName("restoredMessage")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(APP_NAME)
    box.setText(f"Restored {result.database.name} from the backup {result.restored_from.name}.")
    if result.kept_previous is not None:
        box.setInformativeText(kept)
    box.exec()
