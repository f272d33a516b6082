"""Dates typed the UK way, by real keys after a Tab focus-in, in every date field of the app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox, QTableView

from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.validation import parse_date
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.records.action_editor import ActionEditor
from cst_inclusion_desktop.ui.records.evidence_dialog import EvidenceDialog
from cst_inclusion_desktop.ui.records.review_dialog import ReviewDialog
from cst_inclusion_desktop.ui.reporting.report_dialog import ReportDialog
from cst_inclusion_desktop.ui.start.prefs import Prefs

# SQLite only: typing dates into widgets: the backend makes no difference (the domain reads every
# date; typed dates through the services run on both in tests/test_cli.py and tests/test_undo.py).
pytestmark = [
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),
    pytest.mark.sqlite_only,
]


@pytest.fixture(autouse=True)
def no_real_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing an edited dialog asks first; a real modal question would block the run."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


TYPED = {
    "01/09/2026": date(2026, 9, 1),
    "1/9/2026": date(2026, 9, 1),
    "2026-09-01": date(2026, 9, 1),
    "1 Sep 2026": date(2026, 9, 1),
    "15/03/2027": date(2027, 3, 15),
}


def tab_into(qtbot: Any, dialog: QDialog, edit: QLineEdit) -> None:
    """Arrive in ``edit`` the way a person does: from the field before it, with Tab."""
    dialog.show()
    qtbot.waitExposed(dialog)
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClick(edit, Qt.Key.Key_Backtab)
    before = QApplication.focusWidget()
    assert before is not edit
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is edit


def type_date(qtbot: Any, dialog: QDialog, edit: QLineEdit, text: str) -> None:
    tab_into(qtbot, dialog, edit)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)  # leave the field, as a person does


def test_the_one_rule_reads_every_uk_habit() -> None:
    for text, expected in TYPED.items():
        assert parse_date(text, "date") == expected
    assert parse_date("1 September 2026", "date") == date(2026, 9, 1)
    with pytest.raises(ValidationError) as caught:
        parse_date("31/02/2027", "due_date")
    assert "31/02/2027" in caught.value.message


def test_the_command_line_takes_the_same_forms(
    services: Services, make_action: Callable[..., str], cli: Callable[..., Any]
) -> None:
    action_id = make_action()
    result = cli("actions", "update", action_id, "--due", "1 Sep 2026")
    assert result.code == 0, result.err
    assert services.actions.get(action_id).due_date == date(2026, 9, 1)


@pytest.mark.parametrize("field", ["start_date", "due_date", "completed_date"])
def test_action_editor_dates_take_a_whole_date_typed(
    qtbot: Any, services: Services, field: str
) -> None:
    for text, expected in TYPED.items():
        editor = ActionEditor(services)
        qtbot.addWidget(editor)
        widget = getattr(editor, field)
        type_date(qtbot, editor, widget.edit, text)
        assert widget.value() == expected, text
        assert widget.edit.text() == expected.strftime("%d/%m/%Y")


def test_an_optional_date_is_set_by_typing_and_unset_by_clearing(
    qtbot: Any, services: Services, make_action: Callable[..., str]
) -> None:
    action_id = make_action(due_date=date(2026, 9, 1))
    editor = ActionEditor(services, action_id=action_id)
    qtbot.addWidget(editor)
    tab_into(qtbot, editor, editor.due_date.edit)
    qtbot.keyClick(editor.due_date.edit, Qt.Key.Key_Delete)  # Tab selected the whole date
    assert editor.due_date.value() is None
    type_date(qtbot, editor, editor.start_date.edit, "2/9/2026")
    editor.save_button.click()
    saved = services.actions.get(action_id)
    assert (saved.start_date, saved.due_date) == (date(2026, 9, 2), None)


def test_an_impossible_date_is_named_inline_and_nothing_is_saved(
    qtbot: Any, services: Services
) -> None:
    editor = ActionEditor(services)
    qtbot.addWidget(editor)
    qtbot.keyClicks(editor.title_edit, "Reading buddies")
    type_date(qtbot, editor, editor.due_date.edit, "31/02/2027")
    assert "Expected a date" in editor.errors["due_date"].text()
    assert not editor.save_button.isEnabled()
    assert editor.save() is False
    assert services.actions.count() == 0


def test_review_dates_take_a_whole_date_and_refuse_an_impossible_one(
    qtbot: Any, services: Services, make_action: Callable[..., str]
) -> None:
    action = services.actions.get(make_action(start_date=date(2026, 1, 5)))
    for text, expected in TYPED.items():
        dialog = ReviewDialog(services, action)
        qtbot.addWidget(dialog)
        type_date(qtbot, dialog, dialog.date_edit.edit, text)
        type_date(qtbot, dialog, dialog.next_date.edit, text)
        assert (dialog.date_edit.value(), dialog.next_date.value()) == (expected, expected)
    dialog = ReviewDialog(services, action)
    qtbot.addWidget(dialog)
    type_date(qtbot, dialog, dialog.date_edit.edit, "31/02/2027")
    assert "31/02/2027" in dialog.error.text()
    assert not dialog.save_button.isEnabled()
    assert dialog.save() is False
    assert services.reviews.list(action.id) == []
    type_date(qtbot, dialog, dialog.date_edit.edit, "15/03/2027")
    dialog.rag_combo.setFocus()
    qtbot.keyClick(dialog.rag_combo, Qt.Key.Key_Down)  # a first review's RAG is chosen: Red
    assert dialog.save_button.isEnabled() and dialog.save()
    assert services.reviews.list(action.id)[0].date == date(2027, 3, 15)


def test_evidence_date_takes_a_whole_date_and_refuses_an_impossible_one(
    qtbot: Any, services: Services, make_action: Callable[..., str]
) -> None:
    action = services.actions.get(make_action())
    for text, expected in TYPED.items():
        dialog = EvidenceDialog(services, action=action)
        qtbot.addWidget(dialog)
        type_date(qtbot, dialog, dialog.date_edit.edit, text)
        assert dialog.date_edit.value() == expected
    qtbot.keyClicks(dialog.title_edit, "Observation notes")
    type_date(qtbot, dialog, dialog.date_edit.edit, "31/02/2027")
    assert not dialog.save_button.isEnabled() and dialog.save() is False
    assert services.evidence.list(action_id=action.id) == []
    type_date(qtbot, dialog, dialog.date_edit.edit, "1 Sep 2026")
    assert dialog.save()
    assert services.evidence.list(action_id=action.id)[0].date == date(2026, 9, 1)


def test_report_dialog_dates_take_every_form(qtbot: Any, services: Services) -> None:
    dialog = ReportDialog(services, Prefs())
    qtbot.addWidget(dialog)
    meeting = dialog.cover_tab.form.meeting
    for text, expected in TYPED.items():
        tab_into(qtbot, dialog, dialog.scope.period_to.edit)
        qtbot.keyClicks(dialog.scope.period_to.edit, text)
        assert dialog.scope.period_to.value() == expected
        meeting.edit.setText("")
        qtbot.keyClicks(meeting.edit, text)
        assert meeting.value() == expected


@pytest.mark.qt_log_ignore("propagateSizeHints", "support raise", "support grabbing")
def test_the_calendar_still_picks_a_date(
    qtbot: Any, services: Services, make_action: Callable[..., str]
) -> None:
    action = services.actions.get(make_action())
    dialog = ReviewDialog(services, action)
    qtbot.addWidget(dialog)
    tab_into(qtbot, dialog, dialog.next_date.edit)
    menu = dialog.next_date.pick.menu()
    qtbot.keyClick(dialog.next_date.edit, Qt.Key.Key_F4)  # opens the calendar popup
    qtbot.waitUntil(menu.isVisible)
    calendar = dialog.next_date.calendar
    assert calendar is not None
    grid = calendar.findChild(QTableView)  # the calendar's day grid
    wanted = calendar.selectedDate().addDays(3)
    calendar.setSelectedDate(wanted)
    cell = grid.visualRect(grid.currentIndex()).center()
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.waitUntil(lambda: not menu.isVisible())
    assert dialog.next_date.value() == date(wanted.year(), wanted.month(), wanted.day())
