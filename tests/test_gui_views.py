"""Views that match the job: a status filter of several values with "Open", open actions by
due date first, and saved views (built-in and the user's own) driven from the keyboard."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QInputDialog, QToolButton

from cst_inclusion_desktop.domain.enums import Status
from cst_inclusion_desktop.domain.filters import (
    OPEN_STATUSES,
    ActionFilter,
    ReviewsDue,
    SavedView,
    ViewKind,
    parse_statuses,
)
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.window.action_table_model import COL_TITLE
from cst_inclusion_desktop.ui.window.main_window import MainWindow
from cst_inclusion_desktop.ui.window.saved_views import ViewPicker

# The offscreen platform warns about what a popup menu asks of a window manager it lacks.
pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "grabbing the keyboard"
)

TODAY = date.today()


@pytest.fixture
def actions(services: Services, make_action: Callable[..., str]) -> dict[str, str]:
    soon = (TODAY + timedelta(days=5)).isoformat()
    later = (TODAY + timedelta(days=60)).isoformat()
    past = (TODAY - timedelta(days=3)).isoformat()
    ids = {
        "Mine due soon": make_action(title="Mine due soon", owner="test user", due_date=later),
        "Late one": make_action(title="Late one", owner="Ann", due_date=past, status="planned"),
        "Red one": make_action(title="Red one", owner="Ann", rag="red", status="on_hold"),
        "Finished": make_action(title="Finished", owner="Test User", status="completed"),
        "Reviewed": make_action(title="Reviewed", owner="Bo", status="in_progress", due_date=later),
    }
    services.reviews.add(ids["Reviewed"], "green", "Going well", TODAY, later)
    services.reviews.add(ids["Mine due soon"], "green", "Check soon", TODAY, soon)
    return ids


@pytest.fixture
def window(qtbot, services: Services, actions: dict[str, str]) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    main = MainWindow(services, Prefs())
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main


def titles(window: MainWindow) -> list[str]:
    model = window.model
    return [model.index(row, COL_TITLE).data() for row in range(model.rowCount())]


def view_combo(window: MainWindow) -> QComboBox:
    return window.findChild(QComboBox, "viewCombo")


def choose_view(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    """Alt+G (the label's mnemonic, "Showin&g:") focuses the view list; arrow keys pick the view."""
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    combo = view_combo(window)
    qtbot.waitUntil(combo.hasFocus)
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"no view {text!r}")


def test_first_view_is_open_actions_by_due_date(window: MainWindow) -> None:
    assert view_combo(window).currentText() == "Open actions"
    assert window.findChild(QToolButton, "statusFilter").text() == "Open"
    shown = titles(window)
    assert "Finished" not in shown and len(shown) == 4
    assert shown[0] == "Late one"  # the earliest due date first, undated last
    assert shown[-1] == "Red one"
    assert window.model.action_filter().statuses == OPEN_STATUSES


def test_status_menu_takes_several_statuses_from_the_keyboard(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    picker = window.filter_bar.status_picker
    menu = picker.status_menu
    menu.popup(picker.mapToGlobal(QPoint(0, picker.height())))
    qtbot.waitExposed(menu)
    # Down to "All statuses" and tick it: everything shows, the menu stays open.
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    assert menu.activeAction() is picker.all_action
    qtbot.keyClick(menu, Qt.Key.Key_Space)
    assert menu.isVisible()
    assert len(titles(window)) == 5 and picker.text() == "All statuses"
    # Untick everything but Completed and Cancelled via the status entries.
    for status in Status:
        if status in (Status.COMPLETED, Status.CANCELLED):
            continue
        while menu.activeAction() is not picker.status_actions[status]:
            qtbot.keyClick(menu, Qt.Key.Key_Down)
        qtbot.keyClick(menu, Qt.Key.Key_Return)
    assert picker.statuses() == (Status.COMPLETED, Status.CANCELLED)
    assert titles(window) == ["Finished"]
    assert picker.text() == "Completed, Cancelled"
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not menu.isVisible())
    assert view_combo(window).currentText() == "Custom filter"


def test_built_in_views_from_the_keyboard(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    choose_view(qtbot, window, "My open actions")
    assert titles(window) == ["Mine due soon"]  # owner is me, any case; not the completed one
    choose_view(qtbot, window, "Red or overdue")
    assert sorted(titles(window)) == ["Late one", "Red one"]
    choose_view(qtbot, window, "Reviews due")
    # Never reviewed (this term or ever), or next review within 14 days; not "Reviewed".
    assert sorted(titles(window)) == ["Late one", "Mine due soon", "Red one"]
    choose_view(qtbot, window, "All actions")
    assert len(titles(window)) == 5
    assert Prefs().text("current_view") == ViewKind.ALL.value


def test_own_views_are_saved_renamed_deleted_and_remembered(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers = iter([("Ann's late work", True), ("Late for Ann", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    search = window.filter_bar.search_edit
    search.setFocus()
    qtbot.keyClicks(search, "Late")
    window.filter_bar.flush_search()
    assert titles(window) == ["Late one"]
    assert view_combo(window).currentText() == "Custom filter"
    qtbot.keyClick(
        window,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert view_combo(window).currentText() == "Ann's late work"
    window.findChild(ViewPicker).rename_action.trigger()
    assert view_combo(window).currentText() == "Late for Ann"
    choose_view(qtbot, window, "All actions")
    assert len(titles(window)) == 5
    choose_view(qtbot, window, "Late for Ann")
    assert titles(window) == ["Late one"] and search.text() == "Late"
    # A new window (the next start) comes back to the same view.
    again = MainWindow(services, Prefs())
    qtbot.addWidget(again)
    assert view_combo(again).currentText() == "Late for Ann"
    assert titles(again) == ["Late one"]
    again.findChild(ViewPicker).delete_action.trigger()
    assert view_combo(again).findText("Late for Ann") < 0
    assert Prefs().text("saved_views") == "[]"


def test_damaged_saved_views_are_skipped(
    qtbot, services: Services, actions: dict[str, str]
) -> None:  # type: ignore[no-untyped-def]
    prefs = Prefs()
    prefs.set_text("saved_views", '[{"name": ""}, 7, {"name": "Ok", "statuses": ["open"]}]')
    prefs.set_text("current_view", "saved:Ok")
    main = MainWindow(services, prefs)
    qtbot.addWidget(main)
    assert view_combo(main).currentText() == "Ok"
    assert len(titles(main)) == 4
    prefs.set_text("saved_views", "{not json")
    QApplication.processEvents()
    other = MainWindow(services, Prefs())
    qtbot.addWidget(other)
    assert view_combo(other).currentText() == "Open actions"


def test_saved_view_round_trip_and_statuses() -> None:
    view = SavedView("Mine", principle_numbers=(2,), statuses=OPEN_STATUSES, search="x")
    assert SavedView.from_json(view.to_json()) == view
    assert parse_statuses(["open", "Completed"]) == (
        *OPEN_STATUSES[:2],
        Status.COMPLETED,
        Status.ON_HOLD,
    )


def test_reviews_due_and_owner_in_the_service(services: Services, actions: dict[str, str]) -> None:
    due = ReviewsDue(TODAY + timedelta(days=14), TODAY - timedelta(days=30))
    found = {a.title for a in services.actions.list(ActionFilter(reviews_due=due), 0, None)}
    assert found == {"Late one", "Mine due soon", "Red one"}
    mine = services.actions.list(ActionFilter(owner="TEST USER"), 0, None)
    assert {a.title for a in mine} == {"Mine due soon", "Finished"}
    assert services.actions.count(ActionFilter(red_or_overdue=True)) == 2


def test_cli_status_open_is_repeatable(cli, services: Services, actions: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    result = cli("actions", "list", "--status", "open", "--json")
    assert result.code == 0 and result.out.count('"title"') == 4
    both = cli("actions", "list", "--status", "completed", "--status", "on_hold", "--json")
    assert both.code == 0 and both.out.count('"title"') == 2
    bad = cli("actions", "list", "--status", "opened")
    assert bad.code == 2 and "opened" in bad.err and "status" in bad.err


def test_my_actions_include_my_name_with_a_role(
    services: Services, make_action: Callable[..., str]
) -> None:
    make_action(title="Mine", owner="Sam Patel")
    make_action(title="Mine with my role", owner="sam patel (SENCO)")
    make_action(title="Someone else", owner="Sam Patelson")
    make_action(title="Percent", owner="Sam_Patel (x)")
    mine = services.actions.list(ActionFilter(owner="Sam Patel"), 0, None)
    assert {a.title for a in mine} == {"Mine", "Mine with my role"}


def test_a_saved_view_keeps_its_criterion(
    qtbot,  # type: ignore[no-untyped-def]
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cst_inclusion_desktop.domain.action_rules import ActionDraft

    services.actions.add(
        ActionDraft(school="100001", principle=1, title="Screening", criteria=("IC2",))
    )
    services.actions.add(ActionDraft(school="100001", principle=1, title="Untagged"))
    window = MainWindow(services, Prefs())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    combo = window.filter_bar.criterion_filter
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # IC2
    assert combo.code() == "IC2" and titles(window) == ["Screening"]
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Identification", True))
    window.findChild(ViewPicker).save_view()
    choose_view(qtbot, window, "All actions")
    assert combo.code() == "" and sorted(titles(window)) == ["Screening", "Untagged"]
    choose_view(qtbot, window, "Identification")
    assert combo.code() == "IC2" and titles(window) == ["Screening"]
    again = MainWindow(services, Prefs())  # the next start
    qtbot.addWidget(again)
    assert again.filter_bar.criterion_filter.code() == "IC2" and titles(again) == ["Screening"]
    stored = SavedView.from_json(SavedView("Old", search="x").to_json() | {"criteria": ["IC6"]})
    assert stored.criterion_codes == ("IC6",)
