"""Help ▸ About: version, database in use and the bundled third-party licence notices."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu
from pytestqt.qtbot import QtBot

from cst_inclusion_desktop import __version__, paths
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.help import about_dialog
from cst_inclusion_desktop.ui.help.about_dialog import AboutDialog, licence_files
from cst_inclusion_desktop.ui.window.extensions import LATE_ENTRIES, MENU_ENTRIES
from cst_inclusion_desktop.ui.window.lazy_dialogs import install_entries

# The notices the issue names: Qt/PySide6 (LGPL), the fonts, and the libraries bundled.
REQUIRED_NOTICES = {
    "README.txt": "PySide6",
    "LGPL-3.0.txt": "GNU LESSER GENERAL PUBLIC LICENSE",
    "GPL-3.0.txt": "GNU GENERAL PUBLIC LICENSE",
    "DejaVu.txt": "Bitstream",
    "ReportLab.txt": "ReportLab",
    "SQLAlchemy.txt": "MIT",
    "Alembic.txt": "MIT",
    "platformdirs.txt": "MIT",
    "openpyxl.txt": "MIT",
    "psycopg.txt": "GNU LESSER GENERAL PUBLIC LICENSE",  # the server driver (LGPL-3.0)
}


class StubWindow(QMainWindow):
    """The two parts of the main window's API the extension uses."""

    def __init__(self, services: Services) -> None:
        super().__init__()
        self._help = self.menuBar().addMenu("&Help")
        self._services = services

    @property
    def services(self) -> Services:
        return self._services

    def menu(self, name: str) -> QMenu:
        assert name == "help"
        return self._help

    def widget(self) -> QMainWindow:
        return self


ABOUT_ENTRIES = tuple(e for e in MENU_ENTRIES + LATE_ENTRIES if e.name == "actionAbout")


def test_about_is_a_registered_extension() -> None:
    [entry] = ABOUT_ENTRIES
    assert (entry.menu, entry.opens) == ("help", "help.about_dialog:open_about_dialog")


@pytest.mark.parametrize(("name", "marker"), sorted(REQUIRED_NOTICES.items()))
def test_required_licence_notice_is_bundled(name: str, marker: str) -> None:
    text = paths.resource("licenses", name).read_text(encoding="utf-8")
    assert marker in text


def test_help_about_opens_the_dialog_with_version_and_database(
    qtbot: QtBot, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[AboutDialog] = []
    monkeypatch.setattr(AboutDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    window = StubWindow(services)
    qtbot.addWidget(window)
    install_entries(window, ABOUT_ENTRIES, ())
    [action] = [a for a in window.menu("help").actions() if a.objectName() == "actionAbout"]

    action.trigger()

    [dialog] = shown
    qtbot.addWidget(dialog)
    assert __version__ in dialog.findChild(QLabel, "aboutVersion").text()
    database = dialog.findChild(QLabel, "aboutDatabase").text()
    assert database == services.context.database.description
    assert "no network connections" in " ".join(
        label.text() for label in dialog.findChildren(QLabel)
    )


def test_licence_list_shows_each_notice_text(qtbot: QtBot, services: Services) -> None:
    dialog = AboutDialog(services)
    qtbot.addWidget(dialog)
    names = [dialog.licence_list.item(row).text() for row in range(dialog.licence_list.count())]
    assert names[0] == "Overview"
    assert {"LGPL-3.0", "DejaVu", "ReportLab", "SQLAlchemy"} <= set(names)
    assert "PySide6" in dialog.licence_text.toPlainText()

    dialog.licence_list.setCurrentRow(names.index("LGPL-3.0"))

    assert "GNU LESSER GENERAL PUBLIC LICENSE" in dialog.licence_text.toPlainText()


def test_missing_notices_are_reported_in_the_dialog(
    qtbot: QtBot, services: Services, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert licence_files(tmp_path / "absent") == []
    monkeypatch.setattr(about_dialog, "licence_files", lambda: [])
    dialog = AboutDialog(services)
    qtbot.addWidget(dialog)
    assert dialog.licence_list.count() == 0
    assert dialog.licence_text.toPlainText() == about_dialog.NO_NOTICES


def test_the_real_main_window_has_help_about(qtbot: QtBot, services: Services) -> None:
    from cst_inclusion_desktop.ui.window.main_window import MainWindow

    window = MainWindow(services)
    qtbot.addWidget(window)
    names = [action.objectName() for action in window.menu("help").actions()]
    assert "actionAbout" in names
