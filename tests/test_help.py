"""Help on hand: the offline user guide (F1), the keyboard shortcuts list read from the real
actions, and no pointer from the app into the source tree."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import QDialog

import cst_inclusion_desktop
from cst_inclusion_desktop import paths
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.help import user_guide
from cst_inclusion_desktop.ui.help.user_guide import ShortcutsDialog, UserGuideDialog
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
PACKAGE = Path(cst_inclusion_desktop.__file__).resolve().parent


@pytest.fixture
def window(qtbot: Any, services: Services) -> Iterator[MainWindow]:
    main = MainWindow(services, Prefs())
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    yield main


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QDialog]:
    """Dialogs that would have been shown (exec would block the test)."""
    dialogs: list[QDialog] = []

    def record(dialog: QDialog) -> int:
        dialogs.append(dialog)
        return 0

    monkeypatch.setattr(UserGuideDialog, "exec", record)
    monkeypatch.setattr(ShortcutsDialog, "exec", record)
    return dialogs


def test_f1_opens_the_offline_guide(qtbot: Any, window: MainWindow, opened: list[QDialog]) -> None:
    qtbot.keyClick(window.table, Qt.Key.Key_F1)
    assert len(opened) == 1 and isinstance(opened[0], UserGuideDialog)
    browser = opened[0].browser
    text = browser.toPlainText()
    for words in (
        "Log an action",
        "Attach evidence and record a review",
        "Import actions from a spreadsheet",
        "Pupil names do not belong in this record",
        # The rules come from domain/definitions.py itself.
        "open: planned, in progress or on hold",
        "overdue on a day: open then, and due before that day",
        "not yet rated",
        "One red among thirty greens marks the cell red",
        # The glossary.
        "Assess–plan–do–review",
        "Areas of need",
        "EHC plan",
        "SEN support",
        "RAG",
    ):
        assert words in text, words
    assert user_guide.RULES_MARK not in browser.toHtml()
    assert not browser.openExternalLinks()
    # Every picture the guide shows is shipped beside it and loads.
    document = browser.document()
    images = [name for name in _image_names(browser.toHtml())]
    assert images
    for name in images:
        assert paths.resource("help", name).is_file(), name
        resource = document.resource(QTextDocument.ResourceType.ImageResource, name)
        assert resource is not None and not resource.isNull(), name


def _image_names(page: str) -> list[str]:
    names = []
    for part in page.split('src="')[1:]:
        names.append(part.split('"', 1)[0])
    return names


def test_keyboard_shortcuts_are_read_from_the_actions(
    qtbot: Any, window: MainWindow, opened: list[QDialog]
) -> None:
    window.findChild(QAction, "keyboardShortcutsAction").trigger()
    dialog = opened[-1]
    assert isinstance(dialog, ShortcutsDialog)
    table = dialog.table
    listed = {
        (table.item(row, 0).text(), table.item(row, 1).text()) for row in range(table.rowCount())
    }
    assert ("Ctrl+N", "New action") in listed
    assert ("F1", "User guide") in listed
    assert ("Ctrl+Shift+P", "Save action as PDF") in listed
    for action in window.findChildren(QAction):
        if action.shortcut().isEmpty() or not action.text():
            continue
        keys = {
            keys
            for keys, command in listed
            if command == action.text().replace("&", "").rstrip("…").strip()
        }
        assert keys, action.objectName()


def test_help_menu_order(window: MainWindow) -> None:
    names = [a.objectName() for a in window.menu("help").actions()]
    assert names[:2] == ["userGuideAction", "keyboardShortcutsAction"]
    assert names[-1] == "actionAbout"


def _strings(tree: ast.AST) -> Iterator[str]:
    """String constants that are not docstrings (of modules, classes, functions or attributes:
    a string standing alone as a statement is never shown)."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            docstrings.add(id(node.value))
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in docstrings:
            yield node.value


def test_nothing_the_user_reads_points_into_the_source_tree() -> None:
    found = []
    for folder in ("ui", "commands"):
        for source in sorted((PACKAGE / folder).rglob("*.py")):
            for text in _strings(ast.parse(source.read_text(encoding="utf-8"))):
                if "docs/" in text:
                    found.append(f"{source.name}: {text[:60]}")
    assert found == []


def test_ctrl_p_is_the_board_paper_and_the_list_says_where_printing_an_action_is(
    window: MainWindow,
) -> None:
    rows = {(keys, command): tip for keys, command, tip in user_guide.shortcut_rows(window)}
    assert "Ctrl+Alt+P prints one action" in rows[("Ctrl+P", "Board paper")]
    assert "Ctrl+P is the board paper" in rows[("Ctrl+Alt+P", "Print action")]


def test_no_two_window_commands_share_a_shortcut(window: MainWindow) -> None:
    """A key pressed in the window means one command (Qt does nothing on an ambiguous one)."""
    owners: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        if action.shortcutContext() is not Qt.ShortcutContext.WindowShortcut:
            continue
        for sequence in action.shortcuts():
            if not sequence.isEmpty():
                owners.setdefault(sequence.toString(), []).append(action.objectName())
    shared = {keys: names for keys, names in owners.items() if len(set(names)) > 1}
    assert shared == {}
