"""The main window and the everyday SENCO workflow, driven through real widgets by objectName."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFileDialog,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QWidget,
)

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.enums import Rag, Status
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.records import SchoolRecord
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.store.database import Database
from cst_inclusion_desktop.ui import app as gui_app
from cst_inclusion_desktop.ui.records.action_editor import ActionEditor
from cst_inclusion_desktop.ui.records.evidence_dialog import EvidenceDialog
from cst_inclusion_desktop.ui.records.review_dialog import ReviewDialog
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.widgets import errors as gui_errors
from cst_inclusion_desktop.ui.window import detail_pane as detail_pane_module
from cst_inclusion_desktop.ui.window import main_window as main_window_module
from cst_inclusion_desktop.ui.window.action_table_model import COL_EVIDENCE, COL_RAG, COL_TITLE
from cst_inclusion_desktop.ui.window.main_window import MainWindow

# The offscreen platform warns that it cannot pass size hints to a window manager it lacks.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def no_real_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real modal question would block the test run (for example when a failed test's
    editor is closed with unsaved changes): answer Discard unless a test says otherwise."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


@pytest.fixture
def window(qtbot, services: Services) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    main = MainWindow(services, Prefs())
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()  # before the database closes: nothing left pending reads a dropped database


def table(window: MainWindow) -> QTableView:
    return window.findChild(QTableView, "actionTable")


def titles(window: MainWindow) -> list[str]:
    model = table(window).model()
    return [model.index(row, COL_TITLE).data() for row in range(model.rowCount())]


def select_title(window: MainWindow, title: str) -> None:
    view = table(window)
    view.setFocus()
    view.selectRow(titles(window).index(title))
    assert window.selected_action() is not None
    assert window.selected_action().title == title


def fill_editor(editor: ActionEditor, **texts: str) -> None:
    for name, text in texts.items():
        editor.findChild(QLineEdit, name).setText(text)


# --- the window's shape and API -----------------------------------------------------------
def test_window_api_menus_toolbar_and_status(window: MainWindow, services: Services) -> None:
    assert window.objectName() == "mainWindow"
    assert window.services is services
    titles_in_bar = [action.text() for action in window.menuBar().actions()]
    assert titles_in_bar == ["&File", "&Edit", "&View", "&Tools", "&Help"]
    for name in ("file", "edit", "view", "tools", "help"):
        assert isinstance(window.menu(name), QMenu)
    assert window.main_toolbar().objectName() == "mainToolbar"
    shortcuts = {
        a.objectName(): a.shortcut().toString()
        for a in window.findChildren(type(window.commands.find))
    }
    assert shortcuts["newActionAction"] == "Ctrl+N"
    assert shortcuts["findAction"] == "Ctrl+F"
    assert shortcuts["refreshAction"] == "F5"
    assert shortcuts["quitAction"] == "Ctrl+Q"
    own = [action.shortcut().toString() for action in vars(window.commands).values()]
    assert "Ctrl+P" not in own  # left for the report extension
    assert (
        str(services.context.database.description)
        in window.findChild(QLabel, "statusDatabase").text()
    )
    assert window.findChild(QLabel, "statusCounts").text() == "0 actions shown · 0 overdue"
    assert window.windowTitle().startswith("Oak Learning Trust")
    assert not window.findChild(QLabel, "readOnlyBanner").isVisible()
    schools = window.findChild(QListWidget, "schoolList")
    assert schools.count() == 3 and schools.item(0).text() == "All schools"
    assert window.selected_school() is None and window.selected_action() is None


def test_every_interactive_widget_has_names(
    window: MainWindow,
    services: Services,
    make_action,  # type: ignore[no-untyped-def]
) -> None:
    action = services.actions.get(make_action())
    tops = [
        window,
        ActionEditor(services, window),
        EvidenceDialog(services, window),
        EvidenceDialog(services, window, action=action),
        ReviewDialog(services, action, window),
    ]
    interactive = (
        QAbstractButton,
        QComboBox,
        QLineEdit,
        QAbstractItemView,
        QAbstractSpinBox,
        QPlainTextEdit,
        QTabWidget,
    )
    checked = 0
    for top in tops:
        for widget in top.findChildren(QWidget):
            if not isinstance(widget, interactive) or _qt_internal(widget):
                continue
            assert widget.objectName(), f"{type(widget).__name__} in {top.objectName()}"
            assert widget.accessibleName(), widget.objectName()
            checked += 1
    assert checked > 60
    for action_item in window.main_toolbar().actions():
        assert action_item.isSeparator() or action_item.objectName()


def _qt_internal(widget: QWidget) -> bool:
    """Parts Qt builds inside other widgets (header views, combo pop-ups, spin-box editors,
    tool buttons made from named QActions); they take their names from their owner."""
    return (
        widget.objectName().startswith("qt_")
        or isinstance(widget, QHeaderView | QToolButton)
        or (isinstance(widget, QListView) and type(widget.parent()) is QFrame)
    )


# --- the SENCO workflow -----------------------------------------------------------------------
def test_create_an_action_through_the_editor_and_see_it(
    window: MainWindow,
    services: Services,
    qtbot,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    def fill_and_save(editor: ActionEditor) -> int:
        school = editor.findChild(QComboBox, "schoolCombo")
        school.setCurrentIndex(school.findData("100002"))
        principle = editor.findChild(QComboBox, "principleCombo")
        principle.setCurrentIndex(principle.findData(3))
        assert principle.currentText().startswith("3. ")
        fill_editor(editor, titleEdit="Speech and language screening", ownerEdit="Siân Jones")
        editor.due_date.set_value(date(2030, 7, 18))
        qtbot.mouseClick(editor.findChild(QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
        return int(editor.result())

    monkeypatch.setattr(ActionEditor, "exec", fill_and_save)
    window.commands.new_action.trigger()
    assert titles(window) == ["Speech and language screening"]
    record = services.actions.list()[0]
    assert (record.urn, record.number, record.owner) == ("100002", 3, "Siân Jones")
    assert record.due_date == date(2030, 7, 18)
    assert window.findChild(QLabel, "statusCounts").text().startswith("1 action shown")


def test_filter_by_school_principle_status_and_search(
    window: MainWindow,
    make_action: Callable[..., str],
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    make_action(title="Screening for speech", principle=1)
    make_action(title="Teaching toolkit", principle=2, status="in_progress")
    make_action(title="Welsh school action", school="100002", principle=2)
    window.refresh_all()
    assert len(titles(window)) == 3
    combo = window.findChild(QComboBox, "principleFilter")
    combo.setCurrentIndex(combo.findData(2))
    assert sorted(titles(window)) == ["Teaching toolkit", "Welsh school action"]
    assert window.current_filter().principle_numbers == (2,)
    schools = window.findChild(QListWidget, "schoolList")
    schools.setCurrentRow(2)  # sorted by name: Oakfield, then Ysgol Bryn Ŵyn
    assert window.selected_school().urn == "100002"
    assert titles(window) == ["Welsh school action"]
    schools.setCurrentRow(0)
    combo.setCurrentIndex(0)
    search = window.findChild(QLineEdit, "searchEdit")
    qtbot.keyClicks(search, "screen")
    qtbot.waitUntil(lambda: titles(window) == ["Screening for speech"])
    search.clear()
    qtbot.waitUntil(lambda: len(titles(window)) == 3)
    window.filter_bar.status_picker.set_statuses([Status.IN_PROGRESS])
    assert titles(window) == ["Teaching toolkit"]


def test_find_shortcut_focuses_search(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.tabs.setCurrentIndex(1)
    window.commands.find.trigger()
    assert window.tabs.currentIndex() == 0
    qtbot.waitUntil(lambda: window.findChild(QLineEdit, "searchEdit").hasFocus())


def test_attach_evidence_by_drop_and_by_the_drop_handler(
    window: MainWindow,
    services: Services,
    make_action,
    tmp_path: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    make_action(title="Needs evidence")
    window.refresh_all()
    select_title(window, "Needs evidence")
    first = tmp_path / "minutes.txt"
    first.write_text("SEND governor meeting minutes", encoding="utf-8")
    added = window.detail.attach_files([first])
    assert [item.file_name for item in added] == ["minutes.txt"]
    second = tmp_path / "observation.txt"
    second.write_text("Learning walk", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(second))])
    enter = QDragEnterEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window.detail, enter)  # Qt routes a drop to the entered widget
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window.detail, drop)
    evidence = window.findChild(QTreeWidget, "evidenceList")
    assert evidence.topLevelItemCount() == 2
    assert {evidence.topLevelItem(i).text(3) for i in range(2)} == {
        "minutes.txt",
        "observation.txt",
    }
    model = table(window).model()
    assert model.index(0, COL_EVIDENCE).data() == "2"
    assert window.selected_action().title == "Needs evidence"  # selection survives refresh
    evidence.setCurrentItem(evidence.topLevelItem(0))
    archive = window.findChild(QPushButton, "archiveEvidenceButton")
    assert archive.isEnabled()
    qtbot.mouseClick(archive, Qt.MouseButton.LeftButton)
    assert evidence.topLevelItemCount() == 1
    assert model.index(0, COL_EVIDENCE).data() == "1"


def test_add_a_review_and_the_rag_follows(
    window: MainWindow,
    services: Services,
    make_action,
    qtbot,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    make_action(title="Reviewed action", rag="amber")
    window.refresh_all()
    assert table(window).model().index(0, COL_RAG).data() == "Amber"
    select_title(window, "Reviewed action")

    def review_red(dialog: ReviewDialog) -> int:
        rag = dialog.findChild(QComboBox, "reviewRagCombo")
        rag.setCurrentIndex(rag.findData(Rag.RED))
        dialog.note_edit.setPlainText("Attendance at interventions has fallen.")
        dialog.next_date.set_value(date(2099, 1, 1))
        qtbot.mouseClick(
            dialog.findChild(QPushButton, "reviewSaveButton"), Qt.MouseButton.LeftButton
        )
        return int(dialog.result())

    monkeypatch.setattr(ReviewDialog, "exec", review_red)
    qtbot.mouseClick(window.findChild(QPushButton, "addReviewButton"), Qt.MouseButton.LeftButton)
    assert table(window).model().index(0, COL_RAG).data() == "Red"
    reviews = window.findChild(QTreeWidget, "reviewList")
    assert reviews.topLevelItemCount() == 1
    assert reviews.topLevelItem(0).text(1) == "Red"
    assert reviews.topLevelItem(0).text(3) == "01/01/2099"


def test_enter_on_the_table_edits_the_action(
    window: MainWindow,
    services: Services,
    make_action,
    qtbot,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    action_id = make_action(title="Old title")
    window.refresh_all()
    select_title(window, "Old title")
    seen: list[str] = []

    def rename(editor: ActionEditor) -> int:
        seen.append(editor.findChild(QLineEdit, "titleEdit").text())
        fill_editor(editor, titleEdit="New title")
        assert editor.save()
        return int(editor.result())

    monkeypatch.setattr(ActionEditor, "exec", rename)
    qtbot.keyClick(table(window), Qt.Key.Key_Return)
    assert seen == ["Old title"]
    assert services.actions.get(action_id).title == "New title"
    assert titles(window) == ["New title"]


# --- the editor's validation -------------------------------------------------------------------
def test_save_is_disabled_until_the_form_is_valid(services: Services, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = ActionEditor(services)
    qtbot.addWidget(editor)
    save = editor.findChild(QPushButton, "saveButton")
    assert not save.isEnabled()  # no title yet
    assert not editor.findChild(QLabel, "titleError").isVisibleTo(editor)  # untouched: no nagging
    fill_editor(editor, titleEdit="Something to do")
    assert save.isEnabled()


def test_validation_messages_inline_and_nothing_saved(
    services: Services,
    qtbot,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    editor = ActionEditor(services)
    qtbot.addWidget(editor)
    editor.show()
    fill_editor(editor, titleEdit="x")
    fill_editor(editor, titleEdit="   ")
    title_error = editor.findChild(QLabel, "titleError")
    assert title_error.isVisible()
    assert "cannot be empty" in title_error.text()
    fill_editor(editor, titleEdit="Dates the wrong way round")
    assert not title_error.isVisible()
    editor.start_date.set_value(date(2030, 5, 1))
    editor.due_date.set_value(date(2030, 4, 1))
    due_error = editor.findChild(QLabel, "dueDateError")
    assert due_error.isVisible() and due_error.text() == (
        "Expected a date on or after the start date 01/05/2030"
    )
    assert not editor.findChild(QPushButton, "saveButton").isEnabled()
    assert editor.save() is False
    assert services.actions.count() == 0
    fill_editor(editor, ownerEdit="bad\x01owner")
    assert "control character" in editor.findChild(QLabel, "ownerError").text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    editor.reject()
    assert services.actions.count() == 0


def test_unsaved_changes_prompt(services: Services, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    editor = ActionEditor(services)
    qtbot.addWidget(editor)
    editor.show()
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.Cancel]

    def question(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    fill_editor(editor, titleEdit="Half typed")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert asked and "unsaved changes" in asked[0]
    assert editor.isVisible()  # Cancel: keep editing
    answer[0] = QMessageBox.StandardButton.Save
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert [a.title for a in services.actions.list()] == ["Half typed"]
    fresh = ActionEditor(services)
    qtbot.addWidget(fresh)
    fresh.show()
    asked.clear()
    qtbot.keyClick(fresh, Qt.Key.Key_Escape)
    assert asked == [] and not fresh.isVisible()  # nothing typed: no question


def test_editing_keeps_untouched_fields_and_can_hand_rag_back(
    services: Services,
    make_action,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    action_id = make_action(
        title="Overridden", rag="amber", area_of_need="semh", due_date="2031-01-02"
    )
    services.actions.update(action_id, {"rag": "green"})
    services.reviews.add(action_id, "red", "review")
    assert services.actions.get(action_id).rag is Rag.GREEN  # overridden by hand
    editor = ActionEditor(services, action_id=action_id)
    qtbot.addWidget(editor)
    assert editor.findChild(QComboBox, "areaOfNeedCombo").currentText().startswith("Social")
    assert editor.due_date.value() == date(2031, 1, 2)
    assert not editor.is_dirty()
    follow = editor.rag_follow_check
    assert follow.isEnabled() and not follow.isChecked()
    follow.setChecked(True)
    assert editor.save()
    record = services.actions.get(action_id)
    assert record.rag is Rag.RED and not record.rag_overridden


# --- databases, read-only, errors -----------------------------------------------------------
@pytest.mark.sqlite_only  # a read-only file
def test_read_only_database_shows_banner_and_changes_nothing(
    qtbot,
    services: Services,
    settings: Settings,
    make_action,
    tmp_path: Path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    make_action(title="Look only")
    database = Database.open_file(settings.database_path, read_only=True)
    read_only = Services(AppContext(database=database, settings=settings))
    main = MainWindow(read_only, Prefs())
    qtbot.addWidget(main)
    main.show()
    assert main.findChild(QLabel, "readOnlyBanner").isVisible()
    assert not main.commands.new_action.isEnabled()
    assert not main.findChild(QPushButton, "addReviewButton").isEnabled()
    select_title(main, "Look only")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    note = tmp_path / "note.txt"
    note.write_text("x", encoding="utf-8")
    assert main.detail.attach_files([note]) == []
    assert shown and "read-only" in shown[0]
    assert services.evidence.list() == []
    read_only.close()


@pytest.mark.sqlite_only  # opening and making database files
def test_open_and_new_database_switch_services(
    window: MainWindow,
    services: Services,
    tmp_path: Path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    target = tmp_path / "second.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(
        main_window_module.QInputDialog, "getText", lambda *a, **k: ("Birch Trust", True)
    )
    window.commands.new_database.trigger()
    assert window.services is not services
    assert window.windowTitle().startswith("Birch Trust")
    assert str(target) in window.findChild(QLabel, "statusDatabase").text()
    assert Prefs().last_database() == str(target)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    current = window.services
    window.open_database(tmp_path / "missing.db")
    assert window.services is current and shown and "missing.db" in shown[0]
    window.open_database(services.context.settings.database_path)
    assert window.windowTitle().startswith("Oak Learning Trust")
    assert Prefs().recent_databases()[:2] == [
        str(services.context.settings.database_path),
        str(target),
    ]


def test_layout_is_remembered(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(services, Prefs())
    qtbot.addWidget(first)
    first.table.horizontalHeader().resizeSection(COL_TITLE, 123)
    first.close()
    second = MainWindow(services, Prefs())
    qtbot.addWidget(second)
    assert second.table.horizontalHeader().sectionSize(COL_TITLE) == 123


def test_school_context_hooks_and_overview_cells(window: MainWindow, services: Services) -> None:
    seen: list[SchoolRecord] = []

    def hook(menu: QMenu, school: SchoolRecord) -> None:
        seen.append(school)
        menu.addAction(f"Report for {school.name}…")

    window.add_school_context_action(hook)
    school = services.schools.get("100002")
    menu = window.school_list.context_menu_for(school)
    assert menu.actions()[-1].text() == "Report for Ysgol Bryn Ŵyn…"  # after extensions' entries
    assert seen == [school]
    window.tabs.setCurrentIndex(1)
    window._overview_cell_activated(school.id, 4)
    assert window.tabs.currentIndex() == 0
    assert window.selected_school() == school
    assert window.current_filter().principle_numbers == (4,)
    assert window.current_filter().school_ids == (school.id,)
    window._overview_cell_activated("", 0)
    assert (
        window.current_filter().school_ids == () and window.current_filter().principle_numbers == ()
    )


def test_extensions_are_installed(qtbot, services: Services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    installed: list[MainWindow] = []
    fake = SimpleNamespace(
        install=lambda w: (installed.append(w), w.menu("file").addAction("Export…"))
    )
    monkeypatch.setattr(main_window_module, "extension_modules", lambda: [fake])
    main = MainWindow(services, Prefs())
    qtbot.addWidget(main)
    assert installed == [main]
    texts = [a.text() for a in main.menu("file").actions() if a.text()]
    assert texts.index("Export…") < texts.index("&Quit")


# --- start-up and crashes ------------------------------------------------------------------
@pytest.mark.sqlite_only  # the last database file
def test_start_up_prefers_configured_then_last_database(
    services: Services,
    settings: Settings,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    prefs = Prefs()
    assert gui_app.choose_settings(settings, prefs) == settings
    unset = Settings()
    prefs.set_last_database(settings.database_path)
    assert gui_app.choose_settings(unset, prefs).database == str(settings.database_path)


def test_first_run_without_a_database_makes_one(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    target = Settings(database=str(tmp_path / "fresh.db"), trust_name="Elm Trust")
    calls: list[Settings] = []
    import cst_inclusion_desktop.ui as ui_package

    welcome = SimpleNamespace(run_first_run=lambda s, parent=None: calls.append(s) or None)
    monkeypatch.setitem(
        __import__("sys").modules, "cst_inclusion_desktop.ui.start.welcome", welcome
    )
    assert gui_app.choose_settings(target, Prefs()) is None
    assert calls == [target]
    assert ui_package is not None


def test_errors_are_explained_and_crashes_offer_details(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    message = gui_errors.error_message(ValidationError("title", "", "some text"))
    assert "Please correct" in message and "title" in message
    unexpected = gui_errors.error_message(RuntimeError("boom"))
    assert "log file" in unexpected and "boom" not in unexpected
    shown: list[gui_errors.CrashDialog] = []
    monkeypatch.setattr(gui_errors.CrashDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    try:
        raise RuntimeError("kaboom")
    except RuntimeError as error:
        gui_errors.handle_exception(RuntimeError, error, error.__traceback__)
    assert len(shown) == 1
    dialog = shown[0]
    qtbot.addWidget(dialog)
    assert "kaboom" in dialog.details
    qtbot.mouseClick(dialog.findChild(QPushButton, "copyDetailsButton"), Qt.MouseButton.LeftButton)
    clipboard = QApplication.clipboard().text()
    assert "kaboom" in clipboard and "Log file:" in clipboard


def test_tools_dialogs_open_with_services_and_refresh(
    window: MainWindow,
    services: Services,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    from cst_inclusion_desktop.ui.records.framework_dialog import FrameworkDialog
    from cst_inclusion_desktop.ui.records.schools_dialog import SchoolsDialog
    from cst_inclusion_desktop.ui.records.settings_dialog import SettingsDialog

    opened: list[str] = []
    for dialog_class in (FrameworkDialog, SchoolsDialog, SettingsDialog):
        monkeypatch.setattr(dialog_class, "exec", lambda d: opened.append(type(d).__name__) or 1)
    refreshed: list[bool] = []
    monkeypatch.setattr(window, "refresh_all", lambda: refreshed.append(True))
    for action in (window.commands.framework, window.commands.schools, window.commands.settings):
        action.trigger()
    assert opened == ["FrameworkDialog", "SchoolsDialog", "SettingsDialog"]
    assert len(refreshed) == 3


def test_open_and_save_a_copy_of_evidence(
    window: MainWindow,
    services: Services,
    make_action,
    tmp_path: Path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    action_id = make_action(title="With a file")
    source = tmp_path / "plan.txt"
    source.write_bytes(b"provision map \xe2\x9c\x93")
    services.evidence.add(action_id=action_id, file=source)
    window.refresh_all()
    select_title(window, "With a file")
    evidence = window.findChild(QTreeWidget, "evidenceList")
    evidence.setCurrentItem(evidence.topLevelItem(0))
    opened: list[str] = []
    monkeypatch.setattr(
        detail_pane_module.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile())
    )
    window.findChild(QPushButton, "openEvidenceButton").click()
    assert len(opened) == 1 and Path(opened[0]).read_bytes() == source.read_bytes()
    assert Path(opened[0]).name == "plan.txt"
    copy = tmp_path / "copy.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    window.findChild(QPushButton, "saveEvidenceButton").click()
    assert copy.read_bytes() == source.read_bytes()


def test_evidence_against_a_school_and_principle_without_an_action(
    window: MainWindow,
    services: Services,
    qtbot,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    window.findChild(QListWidget, "schoolList").setCurrentRow(2)
    combo = window.findChild(QComboBox, "principleFilter")
    combo.setCurrentIndex(combo.findData(4))

    def fill(dialog: EvidenceDialog) -> int:
        assert dialog.findChild(QComboBox, "evidenceSchoolCombo").currentData() == "100002"
        assert dialog.findChild(QComboBox, "evidencePrincipleCombo").currentData() == 4
        dialog.findChild(QLineEdit, "evidenceTitleEdit").setText("Parent forum notes")
        kind = dialog.findChild(QComboBox, "evidenceKindCombo")
        kind.setCurrentIndex(kind.findText("Pupil/parent voice"))
        dialog.findChild(QPushButton, "evidenceSaveButton").click()
        return int(dialog.result())

    monkeypatch.setattr(EvidenceDialog, "exec", fill)
    window.commands.add_school_evidence.trigger()
    [saved] = services.evidence.list(school="100002")
    assert (saved.title, saved.number, saved.action_id, saved.kind.value) == (
        "Parent forum notes",
        4,
        None,
        "voice",
    )


def test_evidence_dialog_errors_show_inline_and_save_nothing(
    services: Services,
    make_action,
    qtbot,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    action = services.actions.get(make_action())
    dialog = EvidenceDialog(services, action=action)
    qtbot.addWidget(dialog)
    dialog.findChild(QLineEdit, "evidenceFileEdit").setText(str(tmp_path / "nowhere.pdf"))
    assert dialog.save() is False
    error = dialog.findChild(QLabel, "evidenceError")
    assert "nowhere.pdf" in error.text()
    assert services.evidence.list() == []


def test_run_gui_opens_the_window_on_the_configured_database(
    services: Services,
    settings: Settings,
    backend: str,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    import sys

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own
    shown: list[MainWindow] = []

    def fake_exec() -> int:
        window = QApplication.activeWindow() or next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)
        )
        shown.append(window)
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert gui_app.run_gui(settings) == 0
    assert shown and shown[0].windowTitle().startswith("Oak Learning Trust")
    # A server URL is never remembered as "the last file" (it may carry a password).
    remembered = str(settings.database_path) if backend == "sqlite" else None
    assert Prefs().last_database() == remembered
    assert sys.excepthook is gui_errors.handle_exception
    shown[0].deleteLater()


def test_tab_order_follows_the_layout(window: MainWindow, make_action, qtbot) -> None:  # type: ignore[no-untyped-def]
    make_action(title="Keyboard only")
    window.refresh_all()
    window.activateWindow()
    window.school_list.setFocus()
    qtbot.waitUntil(window.school_list.hasFocus)
    order: list[str] = []
    for _ in range(30):
        widget = QApplication.focusWidget()
        name = widget.objectName() if widget is not None else ""
        if name and name not in order:
            order.append(name)
        qtbot.keyClick(widget or window, Qt.Key.Key_Tab)
    expected = [
        "schoolList",
        "principleFilter",
        "statusFilter",
        "ragFilter",
        "overdueFilter",
        "searchEdit",
        "actionTable",
    ]
    assert [name for name in order if name in expected] == expected
    assert order.index("actionTable") < order.index("evidenceList") < order.index("reviewList")
