"""The SENCO's routine, key by key: a new action with a due date, a file attached, a red review
(docs/gui.md counts the presses); then Undo, Redo, Show archived, Restore and corrections."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from cst_inclusion_desktop.domain.enums import Rag
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.audit import history
from cst_inclusion_desktop.ui.records.action_editor import ActionEditor
from cst_inclusion_desktop.ui.records.evidence_dialog import EvidenceDialog
from cst_inclusion_desktop.ui.records.review_dialog import ReviewDialog
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.window.main_window import MainWindow

# SQLite only: key presses through the window: the backend makes no difference (Undo and the
# records' services run on both in their service tests).
pytestmark = [
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),
    pytest.mark.sqlite_only,
]
ROUTINE_BUDGET = 20

Modifier = Qt.KeyboardModifier


class Keyboard:
    """Presses keys on whatever has the focus, and counts them (typed text is not counted)."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.presses = 0

    def press(self, key: Qt.Key, modifier: Modifier = Modifier.NoModifier) -> None:
        focused = QApplication.focusWidget()
        assert focused is not None
        self.presses += 1
        self.qtbot.keyClick(focused, key, modifier)

    def type(self, text: str) -> None:
        focused = QApplication.focusWidget()
        assert focused is not None
        self.qtbot.keyClicks(focused, text)


@pytest.fixture
def window(qtbot: Any, services: Services) -> Iterator[MainWindow]:
    main = MainWindow(services, Prefs())
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    yield main


def scripted(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, kind: type[QDialog], script: Callable[[Any], None]
) -> None:
    """The modal dialog is shown as it would be, and the person's keys run while it is open."""

    def run(dialog: QDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        script(dialog)
        qtbot.waitUntil(lambda: not dialog.isVisible())
        back = dialog.parentWidget().window() if dialog.parentWidget() else None
        if back is not None:  # what the window manager does when a modal dialog closes
            back.activateWindow()
            qtbot.waitUntil(back.isActiveWindow)
        return int(dialog.result())

    monkeypatch.setattr(kind, "exec", run)


def test_the_routine_takes_at_most_twenty_key_presses(
    qtbot: Any,
    window: MainWindow,
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    plan = tmp_path / "Reading plan.txt"
    plan.write_text("Paired reading, three times a week", encoding="utf-8")
    keys = Keyboard(qtbot)

    def new_action(editor: ActionEditor) -> None:
        keys.press(Qt.Key.Key_T, Modifier.AltModifier)  # &Title
        keys.type("Paired reading")
        keys.press(Qt.Key.Key_U, Modifier.AltModifier)  # D&ue date
        keys.type("15/03/2027")
        keys.press(Qt.Key.Key_Return)  # Save

    def attach(dialog: EvidenceDialog) -> None:
        keys.press(Qt.Key.Key_F, Modifier.AltModifier)  # &File
        keys.type(str(plan))
        keys.press(Qt.Key.Key_Return)  # Save

    def review(dialog: ReviewDialog) -> None:
        keys.press(Qt.Key.Key_R, Modifier.AltModifier)  # &RAG
        keys.press(Qt.Key.Key_R)  # Red
        keys.press(Qt.Key.Key_P, Modifier.AltModifier)  # &Progress note
        keys.type("Two sessions missed")
        keys.press(Qt.Key.Key_Tab)  # on to Next review
        keys.press(Qt.Key.Key_Return)  # Save

    scripted(qtbot, monkeypatch, ActionEditor, new_action)
    scripted(qtbot, monkeypatch, EvidenceDialog, attach)
    scripted(qtbot, monkeypatch, ReviewDialog, review)
    window.table.setFocus()
    keys.press(Qt.Key.Key_N, Modifier.ControlModifier)  # New action…
    assert window.selected_action() is not None  # the new action, selected and shown
    assert window.detail.action is not None and window.detail.action.title == "Paired reading"
    keys.press(Qt.Key.Key_E, Modifier.ControlModifier)  # Add evidence… to it
    keys.press(Qt.Key.Key_R, Modifier.ControlModifier)  # Add review… of it
    [action] = services.actions.list()
    assert (action.title, action.due_date, action.rag) == (
        "Paired reading",
        date(2027, 3, 15),
        Rag.RED,
    )
    [evidence] = services.evidence.list(action_id=action.id)
    assert (evidence.title, evidence.file_name) == ("Reading plan", "Reading plan.txt")
    [saved_review] = services.reviews.list(action.id)
    assert (saved_review.rag, saved_review.note) == (Rag.RED, "Two sessions missed")
    assert keys.presses == 13 <= ROUTINE_BUDGET


def test_undo_and_redo_from_the_edit_menu_keys(
    qtbot: Any, window: MainWindow, services: Services, make_action: Callable[..., str]
) -> None:
    action_id = make_action(title="Phonics catch-up")
    window.refresh_all()
    assert not window.record_commands.undo_action.isEnabled()
    assert window.record_commands.undo_action.toolTip() == "Nothing to undo"
    window.select_action(action_id)
    services.undo.update_action(action_id, {"owner": "Ben"})
    window.refresh_all()
    undo = window.record_commands.undo_action
    assert undo.text() == "&Undo edit action ‘Phonics catch-up’"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Modifier.ControlModifier)
    assert services.actions.get(action_id).owner == ""
    assert window.record_commands.redo_action.text() == "Re&do edit action ‘Phonics catch-up’"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y, Modifier.ControlModifier)
    assert services.actions.get(action_id).owner == "Ben"
    with services.context.read() as session:
        assert [e.operation for e in history(session, action_id)][-2:] == ["undo", "redo"]


def test_undo_is_refused_with_a_message_when_changed_elsewhere(
    qtbot: Any,
    window: MainWindow,
    services: Services,
    make_action: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    action_id = make_action(owner="Ann")
    services.undo.update_action(action_id, {"owner": "Ben"})
    services.actions.update(action_id, {"owner": "Cara"})  # another window
    window.refresh_all()
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Z, Modifier.ControlModifier)
    assert shown and "changed since" in shown[0] and "Nothing was changed" in shown[0]
    assert services.actions.get(action_id).owner == "Cara"


def test_commands_needing_a_selection_say_why_they_are_off(
    window: MainWindow, make_action: Callable[..., str]
) -> None:
    for action in (window.commands.edit_action, window.commands.add_review):
        assert not action.isEnabled()
        assert "Select an action in the table first" in action.toolTip()
    make_action()
    window.refresh_all()
    window.table.selectRow(0)
    assert window.commands.add_review.isEnabled()
    assert "Select" not in window.commands.add_review.toolTip()


def test_down_or_enter_in_search_moves_into_the_results(
    qtbot: Any, window: MainWindow, make_action: Callable[..., str]
) -> None:
    make_action(title="Phonics catch-up")
    make_action(title="Reading buddies")
    window.refresh_all()
    window.focus_search()
    qtbot.keyClicks(window.filter_bar.search_edit, "reading")
    qtbot.keyClick(window.filter_bar.search_edit, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.table
    assert window.selected_action() is not None
    assert window.selected_action().title == "Reading buddies"  # type: ignore[union-attr]
    window.focus_search()
    qtbot.keyClick(window.filter_bar.search_edit, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is window.table


def test_show_archived_and_restore_an_action_and_its_evidence(
    qtbot: Any, window: MainWindow, services: Services, make_action: Callable[..., str]
) -> None:
    action_id = make_action(title="Old plan")
    evidence = services.evidence.add(action_id=action_id, title="Minutes")
    services.evidence.archive(evidence.id)
    services.actions.archive(action_id)
    window.refresh_all()
    assert window.model.rowCount() == 0
    view = window.record_commands.show_archived_action
    assert view in window.menu("view").actions()
    view.trigger()  # View ▸ Show archived ticks the filter bar's box too
    assert window.filter_bar.archived_check.isChecked()
    window.table.selectRow(0)
    assert window.detail.restore_action_button.isVisible()
    item = window.detail.evidence_list.topLevelItem(0)
    assert item.text(0) == "Minutes (archived)"
    window.detail.evidence_list.setCurrentItem(item)
    assert window.detail.archive_button.text() == "Restore"
    window.detail.archive_button.click()
    assert not services.evidence.get(evidence.id).archived
    assert window.record_commands.restore_action.isEnabled()
    window.record_commands.restore_action.trigger()
    assert not services.actions.get(action_id).archived
    with services.context.read() as session:
        assert history(session, action_id)[-1].operation == "restore"


def test_a_review_and_evidence_are_corrected_from_the_detail_pane(
    qtbot: Any,
    window: MainWindow,
    services: Services,
    make_action: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    action_id = make_action(title="Phonics")
    services.reviews.add(action_id, "green", "Fine", review_date="2026-10-01")
    evidence = services.evidence.add(action_id=action_id, title="Obs")
    window.refresh_all()
    window.select_action(action_id)

    def correct_review(dialog: ReviewDialog) -> None:
        assert dialog.note_edit.toPlainText() == "Fine"
        dialog.rag_combo.setFocus()
        qtbot.keyClicks(dialog.rag_combo, "Red")
        dialog.note_edit.setFocus()
        qtbot.keyClick(dialog.note_edit, Qt.Key.Key_A, Modifier.ControlModifier)
        qtbot.keyClicks(dialog.note_edit, "Not fine after all")
        dialog.save_button.click()

    def correct_evidence(dialog: EvidenceDialog) -> None:
        assert not dialog.file_edit.isEnabled() or dialog.file_edit.isReadOnly()
        dialog.title_edit.setFocus()
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_A, Modifier.ControlModifier)
        qtbot.keyClicks(dialog.title_edit, "Observation")
        dialog.save_button.click()

    scripted(qtbot, monkeypatch, ReviewDialog, correct_review)
    scripted(qtbot, monkeypatch, EvidenceDialog, correct_evidence)
    reviews = window.detail.review_list
    reviews.setFocus()
    reviews.setCurrentItem(reviews.topLevelItem(0))
    qtbot.keyClick(reviews, Qt.Key.Key_Return)  # Enter on a review corrects it
    [review] = services.reviews.list(action_id)
    assert (review.rag, review.note) == (Rag.RED, "Not fine after all")
    assert services.actions.get(action_id).rag is Rag.RED
    window.detail.evidence_list.setCurrentItem(window.detail.evidence_list.topLevelItem(0))
    window.detail.correct_evidence_button.click()
    assert services.evidence.get(evidence.id).title == "Observation"
    assert window.record_commands.undo_action.text() == "&Undo correct evidence ‘Observation’"


def test_the_unsaved_prompt_defaults_to_the_safe_answer_when_invalid(
    qtbot: Any, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[Any, Any]] = []

    def question(_parent: QWidget, _title: str, _text: str, buttons: Any, default: Any) -> Any:
        asked.append((buttons, default))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", question)
    editor = ActionEditor(services)
    qtbot.addWidget(editor)
    editor.show()
    editor.due_date.edit.setFocus()
    qtbot.keyClicks(editor.due_date.edit, "31/02/2027")  # typed, but no title and no real date
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    buttons, default = asked[-1]
    assert default == QMessageBox.StandardButton.Cancel
    assert not buttons & QMessageBox.StandardButton.Save
    editor.title_edit.setFocus()
    qtbot.keyClicks(editor.title_edit, "Valid now")
    editor.due_date.set_value(date(2027, 3, 1))
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert asked[-1][1] == QMessageBox.StandardButton.Save


@pytest.mark.qt_log_ignore("propagateSizeHints", "support raise", "support grabbing")
def test_the_table_context_menu_offers_restore_for_an_archived_action(
    qtbot: Any, window: MainWindow, services: Services, make_action: Callable[..., str]
) -> None:
    from PySide6.QtWidgets import QMenu

    action_id = make_action(title="Old plan")
    services.actions.archive(action_id)
    window.filter_bar.archived_check.setChecked(True)
    window.refresh_all()
    table = window.table
    position = table.visualRect(window.model.index(0, 2)).center()
    table.customContextMenuRequested.emit(position)  # what a right-click on the row sends
    menu = table.findChild(QMenu, "actionTableMenu")
    qtbot.waitUntil(menu.isVisible)
    restore = window.record_commands.restore_action
    assert restore in menu.actions() and restore.isEnabled()
    assert not window.commands.archive_action.isEnabled()
    menu.hide()
    restore.trigger()
    assert not services.actions.get(action_id).archived
