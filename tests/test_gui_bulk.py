"""Bulk changes from the keyboard: select several actions (Shift+arrows), set their status or
owner (one audited change per action), or step through them in a termly review."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMessageBox

from cst_inclusion_desktop.domain.enums import Operation, Rag, Status
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.audit import history
from cst_inclusion_desktop.ui.records import bulk_changes
from cst_inclusion_desktop.ui.records.termly_review import TermlyReviewDialog
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.window.main_window import MainWindow

# The offscreen platform warns about what a popup menu asks of a window manager it lacks.
pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "grabbing the keyboard"
)
TITLES = ("First", "Second", "Third", "Fourth")


@pytest.fixture
def ids(make_action: Callable[..., str]) -> list[str]:
    return [
        make_action(title=title, due_date=f"2027-0{n}-01", owner="Ann")
        for n, title in enumerate(TITLES, start=1)
    ]


@pytest.fixture
def window(qtbot: Any, services: Services, ids: list[str]) -> Iterator[MainWindow]:
    main = MainWindow(services, Prefs())
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    yield main


def select_first(qtbot: Any, window: MainWindow, count: int) -> None:
    """Down onto the first row, then Shift+Down to take the next ones too."""
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Home)
    window.table.selectRow(0)
    for _ in range(count - 1):
        qtbot.keyClick(window.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert [a.title for a in bulk_changes.selected_actions(window)] == list(TITLES[:count])


def updates(services: Services, action_id: str) -> int:
    with services.context.read() as session:
        return sum(1 for e in history(session, action_id) if e.operation == Operation.UPDATE)


def test_set_status_of_three_actions(
    qtbot: Any, window: MainWindow, services: Services, ids: list[str], monkeypatch: Any
) -> None:
    select_first(qtbot, window, 3)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("On hold", True))
    window.findChild(QAction, "setStatusAction").trigger()
    statuses = {a.title: a.status for a in services.actions.list()}
    assert statuses == {
        "First": Status.ON_HOLD,
        "Second": Status.ON_HOLD,
        "Third": Status.ON_HOLD,
        "Fourth": Status.PLANNED,
    }
    assert [updates(services, action_id) for action_id in ids] == [1, 1, 1, 0]
    assert "Status set to On hold for 3 actions" in window.statusBar().currentMessage()


def test_set_owner_of_two_actions(
    qtbot: Any, window: MainWindow, services: Services, monkeypatch: Any
) -> None:
    select_first(qtbot, window, 2)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("  Bo Khan ", True))
    window.findChild(QAction, "setOwnerAction").trigger()
    owners = {a.title: a.owner for a in services.actions.list()}
    assert owners == {"First": "Bo Khan", "Second": "Bo Khan", "Third": "Ann", "Fourth": "Ann"}


def test_nothing_selected_says_so(window: MainWindow, monkeypatch: Any) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    window.table.clearSelection()
    window.findChild(QAction, "setStatusAction").trigger()
    assert told == [bulk_changes.NONE_SELECTED]


def test_a_failed_action_is_named_and_the_rest_change(services: Services, ids: list[str]) -> None:
    actions = services.actions.list()

    def change(action: Any) -> None:
        if action.title == "Second":
            raise ValidationError("owner", "x", "a name")
        services.actions.update(action.id, {"owner": "Cy"})

    done, failures = bulk_changes.apply_to_each(services, actions, change)
    assert done == 3 and len(failures) == 1 and failures[0].startswith("“Second”: owner")


def test_termly_review_steps_through_with_the_keyboard(
    qtbot: Any, window: MainWindow, services: Services, ids: list[str], monkeypatch: Any
) -> None:
    select_first(qtbot, window, 3)
    seen: list[TermlyReviewDialog] = []

    def drive(dialog: TermlyReviewDialog) -> int:
        seen.append(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.progress.text() == "Action 1 of 3" and dialog.heading.text() == "First"
        dialog.activateWindow()
        qtbot.waitUntil(dialog.rag_combo.hasFocus)
        qtbot.keyClicks(dialog.rag_combo, "R")  # not yet rated: Red by its first letter
        qtbot.keyClick(dialog.rag_combo, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.note_edit, "Stalled: cover needed")
        qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert dialog.progress.text() == "Action 2 of 3"
        qtbot.keyClick(dialog.rag_combo, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # Skip
        qtbot.waitUntil(lambda: dialog.heading.text() == "Third")  # a mnemonic animates a click
        qtbot.keyClicks(dialog.rag_combo, "G")  # Green by its first letter
        qtbot.keyClick(dialog.rag_combo, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.note_edit, "On track")
        qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert not dialog.isVisible()
        return 1

    monkeypatch.setattr(TermlyReviewDialog, "exec", drive)
    qtbot.keyClick(
        window.table,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert seen and seen[0].saved == 2 and seen[0].skipped == 1
    reviews = {action_id: services.reviews.list(action_id) for action_id in ids}
    assert [r.rag for r in reviews[ids[0]]] == [Rag.RED]
    assert reviews[ids[0]][0].note == "Stalled: cover needed"
    assert reviews[ids[0]][0].next_review_date is not None
    assert reviews[ids[1]] == []
    assert [r.note for r in reviews[ids[2]]] == ["On track"]
    assert services.actions.get(ids[2]).rag is Rag.GREEN


def test_termly_review_keeps_saved_reviews_when_finished_early(
    qtbot: Any, services: Services, ids: list[str]
) -> None:
    actions = [services.actions.get(action_id) for action_id in ids[:2]]
    dialog = TermlyReviewDialog(services, actions)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.rag_combo.hasFocus)
    qtbot.keyClicks(dialog.rag_combo, "A")  # not yet rated: a first review's RAG is chosen
    qtbot.keyClick(dialog.rag_combo, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.note_edit, "Half way")
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Finish
    assert not dialog.isVisible() and dialog.saved == 1
    assert [r.note for r in services.reviews.list(ids[0])] == ["Half way"]
    assert services.reviews.list(ids[1]) == []


def test_the_table_menu_gathers_the_commands_for_the_selection(
    qtbot: Any, window: MainWindow
) -> None:
    from PySide6.QtWidgets import QApplication, QMenu

    select_first(qtbot, window, 2)
    window.table.customContextMenuRequested.emit(
        window.table.visualRect(window.model.index(0, 0)).center()
    )
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    names = [a.objectName() for a in menu.actions() if not a.isSeparator()]
    assert names == [
        "editActionAction",
        "addEvidenceAction",
        "addReviewAction",
        "setStatusAction",
        "setOwnerAction",
        "termlyReviewAction",
        "saveActionPdfAction",
        "printActionAction",
        "archiveActionAction",
        "restoreActionAction",
    ]
    assert len(bulk_changes.selected_actions(window)) == 2  # a right-click inside keeps both
    menu.close()
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    qtbot.keyClick(window.table, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    QApplication.activePopupWidget().close()
