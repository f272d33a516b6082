"""The main window paints without loading its dialogs: every menu entry of the extensions, and
the record dialogs, import their module on first use. The menus stay as they were, and each
entry still opens its dialog."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.window.extensions import LATE_ENTRIES, MENU_ENTRIES, SCHOOL_ENTRIES
from cst_inclusion_desktop.ui.window.lazy_dialogs import PACKAGE
from cst_inclusion_desktop.ui.window.main_window import MainWindow
from tests.test_start_up_imports import GUI_PROBE, loaded_by

# The offscreen platform says so whenever a window shows; nothing is wrong.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

ALL_MENU_ENTRIES = MENU_ENTRIES + LATE_ENTRIES
NOT_AT_START = (
    "reportlab",
    "openpyxl",
    "docx",
    "cryptography",
    "alembic",
    "cst_inclusion_desktop.domain.board_paper",
    *sorted({PACKAGE + each.opens.partition(":")[0] for each in ALL_MENU_ENTRIES + SCHOOL_ENTRIES}),
    "cst_inclusion_desktop.ui.exchange.import_wizard",
    "cst_inclusion_desktop.ui.exchange.keys_dialog",
    "cst_inclusion_desktop.ui.records.action_editor",
    "cst_inclusion_desktop.ui.records.evidence_dialog",
    "cst_inclusion_desktop.ui.records.review_dialog",
)


@pytest.mark.sqlite_only  # the probe opens the test's database file (as test_start_up_imports)
def test_the_painted_window_has_loaded_none_of_its_dialogs(
    services: Services, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.close()
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    probe = GUI_PROBE.replace("{heavy!r}", repr(NOT_AT_START))
    assert loaded_by(["--db", str(db_path)], tmp_path, probe) == []


@pytest.fixture
def window(qtbot: QtBot, services: Services) -> MainWindow:
    main = MainWindow(services, Prefs())
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def action_named(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


@pytest.mark.parametrize("entry", ALL_MENU_ENTRIES, ids=lambda entry: entry.name)
def test_each_menu_entry_calls_its_opener_with_the_window(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, entry: Any
) -> None:
    module_name, _, function = entry.opens.partition(":")
    module = importlib.import_module(PACKAGE + module_name)
    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr(module, function, lambda *arguments: calls.append(arguments))
    action = action_named(window, entry.name)
    assert action in window.menu(entry.menu).actions()
    action.trigger()
    assert calls == [(window,)]


@pytest.mark.parametrize("entry", SCHOOL_ENTRIES, ids=lambda entry: entry.name)
def test_each_school_entry_calls_its_opener_with_the_school(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, entry: Any
) -> None:
    module_name, _, function = entry.opens.partition(":")
    module = importlib.import_module(PACKAGE + module_name)
    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr(module, function, lambda *arguments: calls.append(arguments))
    school = window.services.schools.list()[0]
    menu = window.school_list.context_menu_for(school)
    [item] = [action for action in menu.actions() if action.objectName() == entry.name]
    item.trigger()
    assert calls == [(window, school)]


OPENS = {
    "boardReportAction": "ReportDialog",
    "actionAbout": "AboutDialog",
    "restoreFromBackupAction": "BackupChooser",
    "checkDatabaseAction": "CheckDialog",
    "actionImportActions": "ImportWizard",
    "actionPackKeys": "KeysDialog",
    "schoolReportAction": "ReportDialog",
    "schoolInspectionAction": "InspectionDialog",
}


@pytest.fixture
def shown_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The class of every dialog run, each closed at once as if cancelled."""
    shown: list[str] = []

    def record(dialog: QDialog) -> int:
        shown.append(type(dialog).__name__)
        return 0

    monkeypatch.setattr(QDialog, "exec", record)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: ("", ""))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args, **kwargs: ("", False))
    monkeypatch.setattr(QMessageBox, "information", lambda *args, **kwargs: None)
    return shown


@pytest.mark.parametrize("name", [name for name in OPENS if name.startswith(("board", "action"))])
def test_the_real_dialog_opens_from_the_menu(
    window: MainWindow, shown_dialogs: list[str], name: str
) -> None:
    action_named(window, name).trigger()
    assert shown_dialogs == [OPENS[name]]


@pytest.mark.sqlite_only  # restoring a backup is a file's (a server is backed up with pg_dump)
def test_the_check_and_restore_dialogs_open_from_the_menu(
    window: MainWindow, shown_dialogs: list[str]
) -> None:
    action_named(window, "checkDatabaseAction").trigger()
    action_named(window, "restoreFromBackupAction").trigger()
    assert shown_dialogs == ["CheckDialog", "BackupChooser"]


def test_the_school_menu_opens_the_real_report_dialogs(
    window: MainWindow, shown_dialogs: list[str]
) -> None:
    school = window.services.schools.list()[0]
    for name in ("schoolReportAction", "schoolInspectionAction"):
        menu = window.school_list.context_menu_for(school)
        [item] = [action for action in menu.actions() if action.objectName() == name]
        item.trigger()
    assert shown_dialogs == ["ReportDialog", "InspectionDialog"]


def test_ctrl_p_opens_the_board_paper_dialog(
    qtbot: QtBot, window: MainWindow, shown_dialogs: list[str]
) -> None:
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert shown_dialogs == ["ReportDialog"]


def test_ctrl_n_opens_the_action_editor(
    qtbot: QtBot, window: MainWindow, shown_dialogs: list[str]
) -> None:
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert shown_dialogs == ["ActionEditor"]


def test_evidence_without_an_action_opens_the_evidence_dialog(
    window: MainWindow, shown_dialogs: list[str]
) -> None:
    action_named(window, "addSchoolEvidenceAction").trigger()
    assert shown_dialogs == ["EvidenceDialog"]


def test_the_self_test_can_load_every_opener() -> None:
    """What ``self-test`` runs in a frozen build, where a missing module would otherwise show
    only when a user first chose the menu entry."""
    from cst_inclusion_desktop.ui.window.extensions import load_every_opener

    assert load_every_opener() == len(ALL_MENU_ENTRIES) + len(SCHOOL_ENTRIES)
