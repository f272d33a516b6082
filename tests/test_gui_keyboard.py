"""The keyboard paths: table cells committed before a form is read, Enter on the main button,
and every underlined mnemonic reaching its field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton, QWidget

from cst_inclusion_desktop.config import load_settings
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.opening import open_context
from cst_inclusion_desktop.ui.start.welcome import PAGE_CREATE, WelcomeDialog

# Alt+U opens the status filter's menu (its label's buddy is a drop-down button); the offscreen
# platform warns about what a popup asks of a window manager it lacks.
pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "grabbing the keyboard"
)


@pytest.fixture(autouse=True)
def no_real_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
    """One key to whatever has the focus now, as a keyboard delivers it."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key, modifier)


def type_text(qtbot: Any, text: str) -> None:
    """Each character to the focused widget in turn (a cell's editor opens on the first)."""
    for character in text:
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClicks(focused, character)


@pytest.fixture
def welcome(qtbot: Any, tmp_path: Path) -> WelcomeDialog:
    settings = load_settings(overrides={"database": str(tmp_path / "new" / "trust.db")})
    dialog = WelcomeDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_trust_is_created_from_the_keyboard_with_the_last_cell_still_open(
    qtbot: Any, welcome: WelcomeDialog
) -> None:
    welcome.choice.name_edit.setFocus()
    type_text(qtbot, "Sam Patel")
    press(qtbot, Qt.Key.Key_Return)  # Enter presses the welcome page's main button
    assert welcome.stack.currentIndex() == PAGE_CREATE
    assert QApplication.focusWidget() is welcome.create_page.name_edit
    type_text(qtbot, "Oak Learning Trust")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # First &schools → the table
    table = welcome.create_page.schools_table
    assert table.isAncestorOf(QApplication.focusWidget())  # the first cell's editor
    assert (table.currentRow(), table.currentColumn()) == (0, 0)
    type_text(qtbot, "Oakfield Primary")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "100001")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Ashgrove Academy")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "100002")  # the editor is still open when the shortcut is pressed
    press(qtbot, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # Create &trust
    # a shortcut clicks the button after a short press animation
    qtbot.waitUntil(lambda: bool(welcome.result_settings or welcome.create_page.error.text()))
    assert welcome.create_page.error.text() == ""
    assert welcome.result_settings is not None
    app = Services(open_context(welcome.result_settings))
    try:
        assert [(s.name, s.urn) for s in app.schools.list()] == [
            ("Ashgrove Academy", "100002"),
            ("Oakfield Primary", "100001"),
        ]
    finally:
        app.close()


def test_enter_on_the_create_page_creates_the_trust(qtbot: Any, welcome: WelcomeDialog) -> None:
    welcome.choice.name_edit.setFocus()
    type_text(qtbot, "Sam Patel")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "Oak Learning Trust")
    press(qtbot, Qt.Key.Key_Return)
    assert welcome.result_settings is not None


def mnemonic_labels(root: QWidget) -> list[QLabel]:
    return [
        label
        for label in root.findChildren(QLabel)
        if "&" in label.text().replace("&&", "") and label.isVisibleTo(root)
    ]


def check_mnemonics(qtbot: Any, root: QWidget) -> list[str]:
    """Press Alt+letter for every underlined label; return those whose buddy got no focus."""
    broken = []
    for label in mnemonic_labels(root):
        text = label.text().replace("&&", "")
        letter = text[text.index("&") + 1]
        buddy = label.buddy()
        if buddy is None:
            broken.append(f"{label.text()} has no buddy")
            continue
        # Start from a visible button (a hidden tab's button cannot take the focus).
        neutral = next(
            (
                button
                for button in root.findChildren(QPushButton)
                if button.isVisible() and button.isEnabled() and button is not buddy
            ),
            None,
        )
        start = neutral or root
        start.setFocus()
        qtbot.keyClick(
            QApplication.focusWidget() or root,
            getattr(Qt.Key, f"Key_{letter.upper()}"),
            Qt.KeyboardModifier.AltModifier,
        )
        focused = QApplication.focusWidget()
        target = buddy.focusProxy() or buddy
        popup = QApplication.activePopupWidget()  # Alt+U opens the status list's menu
        if popup is not None:
            popup.close()
        if focused is not target and not target.isAncestorOf(focused):
            broken.append(f"{label.text()} → {focused.objectName() if focused else None}")
    return broken


def dialogs_to_walk(services: Services, action_id: str) -> list[QWidget]:
    from cst_inclusion_desktop.ui.records.action_editor import ActionEditor
    from cst_inclusion_desktop.ui.records.evidence_dialog import EvidenceDialog
    from cst_inclusion_desktop.ui.records.framework_dialog import FrameworkDialog
    from cst_inclusion_desktop.ui.records.review_dialog import ReviewDialog
    from cst_inclusion_desktop.ui.records.schools_dialog import SchoolsDialog
    from cst_inclusion_desktop.ui.records.settings_dialog import SettingsDialog
    from cst_inclusion_desktop.ui.reporting.report_dialog import ReportDialog
    from cst_inclusion_desktop.ui.start.prefs import Prefs
    from cst_inclusion_desktop.ui.window.main_window import MainWindow

    action = services.actions.get(action_id)
    return [
        MainWindow(services, Prefs()),
        ActionEditor(services),
        ActionEditor(services, action_id=action_id),
        ReviewDialog(services, action),
        EvidenceDialog(services, action=action),
        EvidenceDialog(services),
        SchoolsDialog(services),
        FrameworkDialog(services),
        SettingsDialog(services),
        ReportDialog(services, Prefs()),
    ]


def test_every_underlined_label_moves_focus_to_its_field(
    qtbot: Any, services: Services, make_action: Any
) -> None:
    broken: list[str] = []
    for dialog in dialogs_to_walk(services, make_action()):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        broken += [
            f"{dialog.objectName()}: {problem}" for problem in check_mnemonics(qtbot, dialog)
        ]
        dialog.hide()
    assert broken == [], "\n".join(broken)
