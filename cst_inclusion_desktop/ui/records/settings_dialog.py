"""The user's own settings: the name the audit log records, the default school and the backup
folder.

The display name and backup folder go in the per-user TOML file (the CLI reads them too); the
default school is a GUI choice kept with the other window preferences. Saving also updates the
open database's settings, so the very next change is recorded under the new name.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop.config import OPTIONS
from cst_inclusion_desktop.domain.errors import InclusionError, ValidationError
from cst_inclusion_desktop.domain.validation import clean_name
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.start.prefs import prefs_file
from cst_inclusion_desktop.ui.widgets.dialog_parts import add_field_row
from cst_inclusion_desktop.ui.widgets.errors import show_error
from cst_inclusion_desktop.ui.widgets.form_widgets import (
    error_label,
    named,
    save_cancel_buttons,
    select_data,
    set_error,
)
from cst_inclusion_desktop.user_config import read_user_config, write_user_config

DEFAULT_SCHOOL_KEY = "ui/default_school_urn"


def gui_settings() -> QSettings:
    """The GUI preferences file (under the user's config folder, so tests redirect it too)."""
    return QSettings(str(prefs_file()), QSettings.Format.IniFormat)


def default_school_urn() -> str:
    return str(gui_settings().value(DEFAULT_SCHOOL_KEY, "", type=str))


class SettingsDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setObjectName("settingsDialog")
        self.setAccessibleName("Settings")
        self.setWindowTitle("Settings")
        settings = services.context.settings

        self.name_edit = named(
            QLineEdit(),
            "displayNameEdit",
            "Your name",
            "Your name as the audit log records it beside every change you make",
        )
        self.name_edit.setPlaceholderText(f"Blank: your computer account ({settings.actor})")
        self.name_error = error_label("displayNameError")
        self.school_combo = named(
            QComboBox(),
            "defaultSchoolCombo",
            "Default school",
            "The school the main window shows when it opens",
        )
        self.backup_edit = named(
            QLineEdit(),
            "backupFolderEdit",
            "Backup folder",
            "Where automatic backups of the database are kept; blank for the standard place",
        )
        self.backup_edit.setPlaceholderText(str(settings.backup_path))
        self.backup_error = error_label("backupFolderError")
        self.browse_button = named(
            QPushButton("&Browse…"),
            "backupFolderBrowseButton",
            "Choose backup folder",
            "Choose the backup folder",
        )
        self.browse_button.clicked.connect(self.browse)
        self.note = QLabel()
        self.note.setObjectName("settingsNote")
        self.note.setWordWrap(True)
        self.buttons = save_cancel_buttons(
            "settingsSaveButton",
            "settingsCancelButton",
            save_label="Save settings",
            save_tip="Save these settings",
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self._load()

    def _lay_out(self) -> None:
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.backup_edit, 1)
        folder_row.addWidget(self.browse_button)
        form = QFormLayout()
        add_field_row(form, "Your &name:", self.name_edit, self.name_error)
        add_field_row(form, "Default &school:", self.school_combo)
        folder = QWidget()
        folder.setLayout(folder_row)
        folder_row.setContentsMargins(0, 0, 0, 0)
        folder_label = add_field_row(form, "Backup &folder:", folder, self.backup_error)
        folder_label.setBuddy(self.backup_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    def _load(self) -> None:
        try:
            stored = read_user_config()
        except InclusionError as error:
            stored = {}
            self.note.setText(
                f"The settings file could not be read, so it will be rewritten.\n{error}"
            )
        settings = self.services.context.settings
        self.name_edit.setText(str(stored.get("user_name", settings.user_name)))
        self.backup_edit.setText(str(stored.get("backup_dir", settings.backup_dir)))
        self.school_combo.addItem("(None — show all schools)", "")
        try:
            schools = self.services.schools.list()
        except InclusionError:
            schools = []
        for school in schools:
            self.school_combo.addItem(f"{school.name} ({school.urn})", school.urn)
        select_data(self.school_combo, default_school_urn())
        overriding = [
            option.env
            for option in OPTIONS
            if option.key in ("user_name", "backup_dir") and os.environ.get(option.env)
        ]
        if overriding and not self.note.text():
            self.note.setText(
                f"Note: {', '.join(overriding)} is set on this computer and takes precedence "
                "when the app starts; your choice here applies until then."
            )

    def browse(self) -> None:
        start = self.backup_edit.text() or self.backup_edit.placeholderText()
        folder = QFileDialog.getExistingDirectory(self, "Backup folder", start)
        if folder:
            self.backup_edit.setText(folder)

    def _validated(self) -> tuple[str, str] | None:
        ok = True
        try:
            name = clean_name(self.name_edit.text(), "display name", required=False)
            set_error(self.name_error, "")
        except ValidationError as error:
            set_error(self.name_error, error.message)
            ok = False
        folder = self.backup_edit.text().strip()
        if folder and Path(folder).expanduser().exists() and not Path(folder).expanduser().is_dir():
            set_error(self.backup_error, f"'{folder}' is a file; choose a folder.")
            ok = False
        elif folder and not Path(folder).expanduser().is_absolute():
            set_error(self.backup_error, "Give the whole path of the folder (e.g. D:\\Backups).")
            ok = False
        else:
            set_error(self.backup_error, "")
        return (name, folder) if ok else None

    def save(self) -> None:
        values = self._validated()
        if values is None:
            return
        name, folder = values
        try:
            write_user_config({"user_name": name or None, "backup_dir": folder or None})
        except (InclusionError, OSError) as error:
            show_error(self, error if isinstance(error, InclusionError) else _os_error(error))
            return
        store = gui_settings()
        store.setValue(DEFAULT_SCHOOL_KEY, self.school_combo.currentData() or "")
        store.sync()
        context = self.services.context
        context.settings = dataclasses.replace(context.settings, user_name=name, backup_dir=folder)
        self.accept()


def _os_error(error: OSError) -> InclusionError:
    return ValidationError("settings file", str(error.filename or ""), f"a writable file ({error})")
