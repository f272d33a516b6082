"""Help ▸ About: the version, which database and settings are in use, and the third-party
licence notices the LGPL (Qt) and the font licence require us to show.

A window extension: its menu entry is declared in ``ui/window/extensions.py`` and opens it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop import APP_NAME, __version__, paths
from cst_inclusion_desktop.logging_setup import log_file_path
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.widgets.form_widgets import named
from cst_inclusion_desktop.ui.widgets.screen_fit import fit_to_screen

log = logging.getLogger(__name__)
INDEX_FILE = "README.txt"
PATH_ROLE = Qt.ItemDataRole.UserRole
NO_NOTICES = "The licence notices are missing from this installation (resources/licenses)."


class AboutHost(Protocol):
    """What the dialog needs from the main window."""

    @property
    def services(self) -> Services: ...

    def menu(self, name: str) -> QMenu: ...


def open_about_dialog(window: AboutHost) -> None:
    """Help ▸ About (declared in ``ui/window/extensions.py``)."""
    AboutDialog(window.services, _as_widget(window)).exec()


def licence_files(folder: Path | None = None) -> list[Path]:
    """The bundled notices, the index first; an empty list when the folder is missing."""
    folder = folder or paths.resource("licenses")
    if not folder.is_dir():
        return []
    files = sorted(folder.glob("*.txt"), key=lambda path: path.name.lower())
    return sorted(files, key=lambda path: path.name != INDEX_FILE)


class AboutDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(f"About {APP_NAME}")
        self.setWindowIcon(QIcon(str(paths.resource("icons", "app.png"))))
        settings = services.context.settings
        title = named(QLabel(f"<b>{APP_NAME}</b> {__version__}"), "aboutVersion", "Version")
        facts = QFormLayout()
        facts.addRow("Database:", self._fact(services.context.database.description, "Database"))
        sources = ", ".join(settings.sources) or "built-in defaults"
        facts.addRow("Settings from:", self._fact(sources, "Settings sources", "aboutSettings"))
        facts.addRow("Log file:", self._fact(str(log_file_path()), "Log file", "aboutLog"))
        network = (
            "This app makes no network connections except to the database server above."
            if settings.is_server
            else "This app makes no network connections; your data stays here."
        )
        facts.addRow("Network:", QLabel(network))
        self.licence_list = named(QListWidget(), "aboutLicenceList", "Third-party licences")
        self.licence_text = named(QPlainTextEdit(), "aboutLicenceText", "Licence text")
        self.licence_text.setReadOnly(True)
        self.licence_list.currentItemChanged.connect(self._show_licence)
        splitter = QSplitter()
        splitter.addWidget(self.licence_list)
        splitter.addWidget(self.licence_text)
        splitter.setSizes([180, 520])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        named(buttons, "aboutButtons", "Close")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(facts)
        layout.addWidget(QLabel("Third-party software and licences:"))
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 520)
        self._fill_licences()

    @staticmethod
    def _fact(text: str, accessible: str, object_name: str = "aboutDatabase") -> QLabel:
        label = named(QLabel(text), object_name, accessible)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _fill_licences(self) -> None:
        files = licence_files()
        if not files:
            self.licence_text.setPlainText(NO_NOTICES)
            return
        for path in files:
            item = QListWidgetItem("Overview" if path.name == INDEX_FILE else path.stem)
            item.setData(PATH_ROLE, str(path))
            self.licence_list.addItem(item)
        self.licence_list.setCurrentRow(0)

    def _show_licence(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        path = Path(str(item.data(PATH_ROLE)))
        try:
            self.licence_text.setPlainText(path.read_text(encoding="utf-8", errors="replace"))
        except OSError as error:
            log.warning("Cannot read licence file %s: %s", path, error)
            self.licence_text.setPlainText(f"Cannot read {path}: {error}")


def _as_widget(window: AboutHost) -> QWidget | None:
    return window if isinstance(window, QWidget) else None
