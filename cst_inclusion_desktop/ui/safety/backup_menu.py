"""File ▸ Back up now… and File ▸ Restore from backup…, opened from the entries in
``ui/window/extensions.py``.

Both run in the background behind a progress dialog. A restore needs the database closed, so
the window's services are closed first and the database reopened afterwards (through
``window.reopen_database()`` when the window has it, else ``window.open_database(path)``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop import APP_NAME
from cst_inclusion_desktop.services.safety.backup import (
    BackupInfo,
    backup_now,
    human_size,
    list_backups,
)
from cst_inclusion_desktop.services.safety.restore import RestoreResult, restore
from cst_inclusion_desktop.ui.safety.recovery import DATABASE_FILTER, tell_restored
from cst_inclusion_desktop.ui.widgets.file_dialogs import open_file_name
from cst_inclusion_desktop.ui.widgets.screen_fit import fit_to_screen
from cst_inclusion_desktop.ui.widgets.workers import run_with_progress

LABELS = {
    "daily": "Daily (automatic)",
    "manual": "Backed up by hand",
    "pre-migration": "Before an upgrade",
    "pre-restore": "Before a restore",
    "pre-import": "Before an import",
}


def back_up_now(window: Any) -> None:
    settings = window.settings

    def done(path: Path) -> None:
        QMessageBox.information(
            window, APP_NAME, f"Backed up and checked.\n\nThe copy is at:\n{path}"
        )

    run_with_progress(
        window,
        "Backing up…",
        lambda _progress, _cancelled: backup_now(settings),
        done,
        window.show_error,
    )


class BackupChooser(QDialog):
    """The backups of the open database, newest first, with date, reason and size."""

    def __init__(self, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupChooser")
        self.setWindowTitle("Restore from backup")
        self.setAccessibleName("Restore from backup")
        self.backups = backups
        self.chosen: Path | None = None
        intro = QLabel(
            "Choose the backup to put back. The database as it is now will be backed up "
            "first, so you can change your mind."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(backups), 3, self)
        self.table.setObjectName("backupTable")
        self.table.setAccessibleName("Backups, newest first")
        self.table.setHorizontalHeaderLabels(["Made on", "Why", "Size"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for row, item in enumerate(backups):
            made = item.created.astimezone().strftime("%a %d %b %Y, %H:%M")
            cells = [made, LABELS.get(item.label, item.label), human_size(item.size)]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(str(item.path))
                if column == 2:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, cell)
        if backups:
            self.table.selectRow(0)
        self.table.doubleClicked.connect(self.accept)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = QPushButton("&Restore selected")
        self.restore_button.setObjectName("restoreSelectedButton")
        self.restore_button.setEnabled(bool(backups))
        self.restore_button.setDefault(True)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        other = buttons.addButton("Choose a file…", QDialogButtonBox.ButtonRole.ActionRole)
        other.setObjectName("chooseBackupFileButton")
        other.clicked.connect(self.choose_file)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if not backups:
            layout.addWidget(QLabel("There are no backups in the backup folder yet."))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        fit_to_screen(self, 560, 360)

    def accept(self) -> None:
        row = self.table.currentRow()
        if self.chosen is None and 0 <= row < len(self.backups):
            self.chosen = self.backups[row].path
        if self.chosen is not None:
            super().accept()

    def choose_file(self) -> None:
        path = open_file_name(self, "Choose a backup", DATABASE_FILTER)
        if path is not None:
            self.chosen = path
            super().accept()


def choose_and_restore(window: Any) -> None:
    settings = window.settings
    if "://" in settings.database:
        QMessageBox.information(
            window, APP_NAME, "This is a server database: restore it with the server's tools."
        )
        return
    chooser = BackupChooser(list_backups(settings), window)
    if chooser.exec() != QDialog.DialogCode.Accepted or chooser.chosen is None:
        return
    answer = QMessageBox.question(
        window,
        APP_NAME,
        f"Replace the open database with the backup {chooser.chosen.name}?\n\n"
        "Changes made since that backup will no longer show; the database as it is now is "
        "backed up first.",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    restore_into(window, chooser.chosen)


def restore_into(window: Any, source: Path) -> None:
    """Close the database, restore in the background, then reopen whatever is now there."""
    settings = window.settings
    window.services.close()  # disposes the engine: restore needs the file closed

    def done(result: RestoreResult) -> None:
        reopen(window, result.database)
        tell_restored(window, result)

    def failed(error: Exception) -> None:
        window.show_error(error)
        reopen(window, settings.database_path)

    run_with_progress(
        window,
        "Restoring the backup…",
        lambda _progress, _cancelled: restore(source, settings),
        done,
        failed,
    )


def reopen(window: Any, path: Path) -> None:
    if hasattr(window, "reopen_database"):
        window.reopen_database()
    elif hasattr(window, "open_database"):
        window.open_database(path)
    else:
        QMessageBox.information(
            window, APP_NAME, "Please restart the app to see the restored data."
        )
