"""The framework, schools, settings and first-run dialogs, driven through their object names."""

from __future__ import annotations

import threading
import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QMessageBox, QPushButton, QWidget

from cst_inclusion_desktop.config import Settings, load_settings
from cst_inclusion_desktop.domain.errors import CancelledError
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.audit import history
from cst_inclusion_desktop.services.safety.opening import open_context
from cst_inclusion_desktop.ui.records.criteria_dialog import CriteriaDialog
from cst_inclusion_desktop.ui.records.framework_dialog import FrameworkDialog
from cst_inclusion_desktop.ui.records.schools_dialog import SchoolsDialog
from cst_inclusion_desktop.ui.records.settings_dialog import (
    DEFAULT_SCHOOL_KEY,
    SettingsDialog,
    gui_settings,
)
from cst_inclusion_desktop.ui.start import welcome
from cst_inclusion_desktop.ui.start.welcome import WelcomeDialog, run_first_run
from cst_inclusion_desktop.user_config import read_user_config, write_user_config
from tests.conftest import file_state

# SQLite only: the dialogs' fields and keys: the backend makes no difference (the services they
# call run on both; a server's conflicts in these dialogs are tested in tests/test_conflicts.py).
pytestmark = [
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),
    pytest.mark.sqlite_only,
]


def child(parent: QWidget, kind: type, name: str):
    found = parent.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name}"
    return found


@pytest.fixture
def errors_shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes record their text instead of waiting for a click."""
    shown: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box.text())
        return int(QMessageBox.StandardButton.Ok)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


def answer_questions(monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> list:
    asked: list = []

    def question(*args, **kwargs):
        asked.append(args[2] if len(args) > 2 else "")
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


# --- framework -----------------------------------------------------------------------------
def test_editing_a_principle_saves_audits_and_bumps_the_version(
    qtbot, services: Services, actor: str
) -> None:
    before = services.trust.framework()
    dialog = FrameworkDialog(services)
    qtbot.addWidget(dialog)
    table = child(dialog, QWidget, "principleTable")
    table.setCurrentCell(1, 0)  # principle 2
    save = child(dialog, QPushButton, "savePrincipleButton")
    assert not save.isEnabled()  # nothing changed yet
    child(dialog, QWidget, "principleTitleEdit").setText("High-quality teaching for every pupil")
    child(dialog, QWidget, "principleSummaryEdit").setPlainText("Adaptive teaching — Ŵ ✓")
    assert save.isEnabled()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    after = services.trust.framework()
    principle = after.principles[1]
    assert principle.title == "High-quality teaching for every pupil"
    assert principle.summary == "Adaptive teaching — Ŵ ✓"
    assert after.version == before.version + 1
    assert f"version {after.version}" in child(dialog, QLabel, "frameworkHeading").text()
    assert table.item(1, 1).text() == "High-quality teaching for every pupil"
    with services.context.read() as session:
        events = history(session, principle.id)
    assert events[-1].operation == "update" and events[-1].actor == actor
    assert events[-1].after["title"] == "High-quality teaching for every pupil"
    assert not save.isEnabled()


def test_an_empty_title_is_refused_inline(qtbot, services: Services) -> None:
    before = services.trust.framework()
    dialog = FrameworkDialog(services)
    qtbot.addWidget(dialog)
    child(dialog, QWidget, "principleTitleEdit").setText("   ")
    assert not child(dialog, QPushButton, "savePrincipleButton").isEnabled()
    assert child(dialog, QLabel, "principleTitleError").text() == "A title is needed."
    dialog.save_wording()
    assert services.trust.framework() == before


def test_leaving_unsaved_wording_asks_first(qtbot, services: Services, monkeypatch) -> None:
    dialog = FrameworkDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    child(dialog, QWidget, "principleTitleEdit").setText("Changed")
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.No)
    dialog.table.setCurrentCell(2, 0)
    assert len(asked) == 1 and dialog.table.currentRow() == 0  # stayed on the edited one
    assert child(dialog, QWidget, "principleTitleEdit").text() == "Changed"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(asked) == 2 and dialog.isVisible()  # "No": still open, wording still there
    answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    dialog.reject()
    assert not dialog.isVisible()
    assert services.trust.principles()[0].title != "Changed"


def test_export_then_import_a_framework(
    qtbot, services: Services, tmp_path: Path, monkeypatch
) -> None:
    out = tmp_path / "framework.json"
    dialog = FrameworkDialog(services)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(child(dialog, QPushButton, "exportFrameworkButton"), Qt.MouseButton.LeftButton)
    assert out.is_file() and "exported" in dialog.status.text()
    edited = out.read_text(encoding="utf-8").replace(
        services.trust.principles()[0].title, "Knowing every child well"
    )
    out.write_text(edited, encoding="utf-8")
    version = services.trust.framework().version
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
    answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(child(dialog, QPushButton, "importFrameworkButton"), Qt.MouseButton.LeftButton)
    assert services.trust.principles()[0].title == "Knowing every child well"
    assert services.trust.framework().version > version
    assert dialog.table.item(0, 1).text() == "Knowing every child well"


def test_a_bad_framework_file_changes_nothing(
    qtbot, services: Services, db_path: Path, tmp_path: Path, monkeypatch, errors_shown
) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"name": "Half a framework", "principles": [', encoding="utf-8")
    state = file_state(db_path)
    dialog = FrameworkDialog(services)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    dialog.import_file()
    assert errors_shown and "broken.json" in errors_shown[0]
    assert file_state(db_path) == state


# --- schools -------------------------------------------------------------------------------
@pytest.fixture
def schools_dialog(qtbot, services: Services) -> SchoolsDialog:
    dialog = SchoolsDialog(services)
    qtbot.addWidget(dialog)
    return dialog


def test_an_invalid_urn_is_shown_inline_and_nothing_saved(
    qtbot, schools_dialog: SchoolsDialog, services: Services, db_path: Path
) -> None:
    state = file_state(db_path)
    child(schools_dialog, QWidget, "schoolNameEdit").setText("Castle Hill Academy")
    urn = child(schools_dialog, QWidget, "schoolUrnEdit")
    error = child(schools_dialog, QLabel, "schoolUrnError")
    save = child(schools_dialog, QPushButton, "saveSchoolButton")
    for typed, expected in (
        ("12345", "six-digit"),
        ("10000a", "six-digit"),
        ("100001", "Oakfield"),
    ):
        urn.setText(typed)
        assert error.isVisibleTo(schools_dialog) and expected in error.text()
        assert not save.isEnabled()
        schools_dialog.save()  # even if called directly, nothing is written
    assert file_state(db_path) == state
    urn.setText("100003")
    assert not error.isVisibleTo(schools_dialog) and save.isEnabled()


def test_add_edit_archive_and_restore_a_school(
    qtbot, schools_dialog: SchoolsDialog, services: Services
) -> None:
    child(schools_dialog, QWidget, "schoolNameEdit").setText("Castle Hill Academy")
    child(schools_dialog, QWidget, "schoolUrnEdit").setText("100003")
    child(schools_dialog, QWidget, "schoolSencoEdit").setText("Aisha Khan")
    qtbot.mouseClick(
        child(schools_dialog, QPushButton, "saveSchoolButton"), Qt.MouseButton.LeftButton
    )
    added = services.schools.get("100003")
    assert (added.name, added.senco) == ("Castle Hill Academy", "Aisha Khan")
    assert schools_dialog.model.rowCount() == 3
    schools_dialog.show()
    name_edit = child(schools_dialog, QWidget, "schoolNameEdit")
    name_edit.setText("Castle Hill School")
    qtbot.keyClick(name_edit, Qt.Key.Key_Return)  # Enter saves; it does not close the dialog
    assert services.schools.get("100003").name == "Castle Hill School"
    assert schools_dialog.isVisible()
    archive = child(schools_dialog, QPushButton, "archiveSchoolButton")
    qtbot.mouseClick(archive, Qt.MouseButton.LeftButton)
    assert services.schools.get("100003").archived
    assert schools_dialog.model.rowCount() == 2  # archived schools hidden by default
    child(schools_dialog, QWidget, "showArchivedSchoolsCheck").setChecked(True)
    assert schools_dialog.model.rowCount() == 3
    urns = [school.urn for school in schools_dialog.model.rows]
    schools_dialog.table.selectRow(urns.index("100003"))
    assert "Rest" in archive.text()
    qtbot.mouseClick(archive, Qt.MouseButton.LeftButton)
    assert not services.schools.get("100003").archived


def test_model_of_schools(qtmodeltester, schools_dialog: SchoolsDialog) -> None:
    qtmodeltester.check(schools_dialog.model)
    assert schools_dialog.model.index(1, 1).data() == "Ysgol Bryn Ŵyn"


# --- settings ------------------------------------------------------------------------------
@pytest.mark.sqlite_only  # on a server the audit log names the login, whatever the name set
def test_settings_write_the_toml_and_change_the_actor(
    qtbot, services: Services, make_action, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.delenv("CST_INCLUSION_USER")
    write_user_config({"log_level": "DEBUG", "future_option": "kept"})
    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    child(dialog, QWidget, "displayNameEdit").setText("Siân O'Connor")
    folder = tmp_path / 'backups "here"'
    child(dialog, QWidget, "backupFolderEdit").setText(str(folder))
    combo = child(dialog, QWidget, "defaultSchoolCombo")
    combo.setCurrentIndex(combo.findData("100002"))
    qtbot.mouseClick(child(dialog, QPushButton, "settingsSaveButton"), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = read_user_config()
    assert stored == {
        "log_level": "DEBUG",
        "future_option": "kept",
        "user_name": "Siân O'Connor",
        "backup_dir": str(folder),
    }
    assert load_settings().user_name == "Siân O'Connor"
    assert gui_settings().value(DEFAULT_SCHOOL_KEY) == "100002"
    assert services.context.actor == "Siân O'Connor"
    action_id = make_action(title="Recorded under the new name")
    with services.context.read() as session:
        assert history(session, action_id)[0].actor == "Siân O'Connor"


def test_settings_never_offer_the_computer_account_as_the_name(
    qtbot, services: Services, monkeypatch
) -> None:
    import dataclasses
    import getpass

    monkeypatch.delenv("CST_INCLUSION_USER")
    context = services.context
    context.settings = dataclasses.replace(context.settings, user_name="")
    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    edit = child(dialog, QWidget, "displayNameEdit")
    assert edit.text() == ""
    assert getpass.getuser() not in edit.placeholderText()
    assert "computer account" not in edit.placeholderText()
    assert "Generated by" in edit.toolTip()


def test_settings_refuse_a_file_as_backup_folder(qtbot, services: Services, tmp_path: Path) -> None:
    a_file = tmp_path / "not-a-folder.txt"
    a_file.write_text("x")
    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    child(dialog, QWidget, "backupFolderEdit").setText(str(a_file))
    dialog.save()
    assert child(dialog, QLabel, "backupFolderError").isVisibleTo(dialog)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert read_user_config() == {}


def test_user_config_round_trips_awkward_text(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('keep = 3\n\n[cst-inclusion]\nuser_name = "Old"\n', encoding="utf-8")
    write_user_config({"user_name": 'Zoë "Z" \\ Ørsted\t', "backup_dir": "C:\\Backups"}, path)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["keep"] == 3
    assert data["cst-inclusion"]["user_name"] == 'Zoë "Z" \\ Ørsted\t'  # updated where it lives
    assert data["backup_dir"] == "C:\\Backups"
    write_user_config({"backup_dir": None}, path)
    assert "backup_dir" not in read_user_config(path)


# --- first run -----------------------------------------------------------------------------
@pytest.fixture
def first_run(qtbot, tmp_path: Path) -> tuple[WelcomeDialog, Settings]:
    settings = load_settings(overrides={"database": str(tmp_path / "new" / "trust.db")})
    dialog = WelcomeDialog(settings)
    qtbot.addWidget(dialog)
    return dialog, settings


def test_create_a_trust_with_its_first_schools(qtbot, first_run) -> None:
    dialog, settings = first_run
    dialog.show()
    qtbot.mouseClick(child(dialog, QPushButton, "createTrustButton"), Qt.MouseButton.LeftButton)
    assert dialog.stack.currentWidget().objectName() == "welcomeCreatePage"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc on a form goes back, it does not quit
    assert dialog.stack.currentWidget().objectName() == "welcomeChoicePage"
    assert dialog.isVisible()
    qtbot.mouseClick(child(dialog, QPushButton, "createTrustButton"), Qt.MouseButton.LeftButton)
    child(dialog, QWidget, "trustNameEdit").setText("Afon Dyfi Learning Trust")
    dialog.create_page.set_school(0, "Ysgol Gynradd Aberdyfi", "400001")
    dialog.create_page.set_school(4, "Tywyn Primary", " 400002 ")  # blank rows between
    qtbot.mouseClick(
        child(dialog, QPushButton, "createTrustConfirmButton"), Qt.MouseButton.LeftButton
    )
    assert dialog.result_settings is not None
    assert dialog.result_settings.database_path == settings.database_path
    app = Services(open_context(dialog.result_settings))
    try:
        assert app.trust.get().name == "Afon Dyfi Learning Trust"
        assert [(s.name, s.urn) for s in app.schools.list()] == [
            ("Tywyn Primary", "400002"),
            ("Ysgol Gynradd Aberdyfi", "400001"),
        ]
    finally:
        app.close()


@pytest.mark.parametrize(
    ("name", "rows", "expected"),
    [
        ("", [], "trust name"),
        ("A Trust", [("School", "4000")], "school row 1, URN"),
        ("A Trust", [("School", "400001"), ("Other", "400001")], "row 2, URN"),
        ("A Trust", [("", "400001")], "school row 1, name"),
    ],
)
def test_create_refuses_bad_fields_before_making_a_file(
    qtbot, first_run, name: str, rows: list, expected: str
) -> None:
    dialog, settings = first_run
    dialog.show()
    dialog.stack.setCurrentIndex(welcome.PAGE_CREATE)
    dialog.create_page.name_edit.setText(name)
    for row, (school, urn) in enumerate(rows):
        dialog.create_page.set_school(row, school, urn)
    dialog.create_trust()
    error = child(dialog, QLabel, "createTrustError")
    assert error.isVisibleTo(dialog) and expected in error.text()
    assert dialog.result_settings is None
    assert not settings.database_path.exists()


def test_create_refuses_an_existing_database(qtbot, first_run) -> None:
    dialog, settings = first_run
    settings.database_path.parent.mkdir(parents=True)
    settings.database_path.write_bytes(b"someone's data")
    dialog.create_page.name_edit.setText("A Trust")
    dialog.create_trust()
    assert "already exists" in dialog.create_page.error.text()
    assert settings.database_path.read_bytes() == b"someone's data"


def test_explore_with_demo_data(qtbot, first_run) -> None:
    dialog, settings = first_run
    qtbot.mouseClick(child(dialog, QPushButton, "exploreDemoButton"), Qt.MouseButton.LeftButton)
    child(dialog, QWidget, "demoSchoolsSpin").setValue(4)
    child(dialog, QWidget, "demoActionsSpin").setValue(120)
    demo_path = Path(child(dialog, QWidget, "demoDatabaseLocationEdit").text())
    assert demo_path == settings.database_path.parent / "demo-trust.db"
    with qtbot.waitSignal(dialog.accepted, timeout=60_000):
        qtbot.mouseClick(child(dialog, QPushButton, "startDemoButton"), Qt.MouseButton.LeftButton)
    assert dialog.result_settings is not None
    assert dialog.result_settings.database_path == demo_path
    app = Services(open_context(dialog.result_settings))
    try:
        assert app.trust.get().name == "Demo Learning Trust"
        assert len(app.schools.list()) == 4
        assert app.actions.count() == 120
    finally:
        app.close()


def test_cancelling_the_demo_leaves_no_database(qtbot, first_run, monkeypatch) -> None:
    dialog, _ = first_run
    started = threading.Event()

    def slow_demo(context, schools, actions, seed, progress, cancelled):
        started.set()
        progress(1, 10, "schools")
        while not cancelled():
            threading.Event().wait(0.01)  # the worker thread waits for the user's Cancel
        raise CancelledError("demo generation cancelled; nothing was added")

    monkeypatch.setattr(welcome, "generate_demo", slow_demo)
    dialog.stack.setCurrentIndex(welcome.PAGE_DEMO)
    path = dialog.demo_page.validated_path()
    dialog.start_demo()
    qtbot.waitUntil(started.is_set, timeout=30_000)
    assert path.exists()  # the file is being made
    dialog.reject()  # Esc while working cancels the work, not the welcome
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30_000)
    assert not path.exists()
    assert not Path(f"{path}-wal").exists()
    assert "Cancelled" in dialog.demo_page.error.text()
    assert dialog.result_settings is None and dialog.result() != QDialog.DialogCode.Accepted


def test_a_failing_demo_leaves_no_database(qtbot, first_run, monkeypatch) -> None:
    dialog, _ = first_run

    def broken_demo(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(welcome, "generate_demo", broken_demo)
    path = dialog.demo_page.validated_path()
    dialog.start_demo()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30_000)
    assert not path.exists()
    assert "log file" in dialog.demo_page.error.text()


def test_the_welcome_asks_for_the_persons_name_first(qtbot, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("CST_INCLUSION_USER")
    settings = load_settings(overrides={"database": str(tmp_path / "new" / "trust.db")})
    assert settings.user_name == ""
    dialog = WelcomeDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(child(dialog, QPushButton, "createTrustButton"), Qt.MouseButton.LeftButton)
    assert dialog.stack.currentWidget().objectName() == "welcomeChoicePage"
    error = child(dialog, QLabel, "welcomeDisplayNameError")
    assert error.isVisibleTo(dialog) and "your name" in error.text()
    name_edit = child(dialog, QWidget, "welcomeDisplayNameEdit")
    name_edit.setFocus()
    qtbot.keyClicks(name_edit, "Sam Patel")
    qtbot.mouseClick(child(dialog, QPushButton, "createTrustButton"), Qt.MouseButton.LeftButton)
    assert dialog.stack.currentWidget().objectName() == "welcomeCreatePage"
    child(dialog, QWidget, "trustNameEdit").setText("Oak Learning Trust")
    qtbot.mouseClick(
        child(dialog, QPushButton, "createTrustConfirmButton"), Qt.MouseButton.LeftButton
    )
    assert dialog.result_settings is not None
    assert dialog.result_settings.user_name == "Sam Patel"
    assert read_user_config()["user_name"] == "Sam Patel"
    assert load_settings().user_name == "Sam Patel"
    app = Services(open_context(dialog.result_settings))
    try:
        trust = app.trust.get()
        with app.context.read() as session:
            assert history(session, trust.id)[0].actor == "Sam Patel"
    finally:
        app.close()


def test_quitting_the_welcome_returns_none(qtbot, tmp_path: Path, monkeypatch) -> None:
    settings = load_settings(overrides={"database": str(tmp_path / "trust.db")})
    monkeypatch.setattr(WelcomeDialog, "exec", lambda self: self.reject() or 0)
    assert run_first_run(settings) is None
    assert not (tmp_path / "trust.db").exists()


# --- names for automation and assistive technology -------------------------------------------
def test_every_interactive_widget_is_named_and_explained(qtbot, services: Services) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QHeaderView,
        QLineEdit,
        QPlainTextEdit,
        QTabBar,
    )

    from cst_inclusion_desktop.ui.reporting.dashboard import TrustOverview
    from cst_inclusion_desktop.ui.reporting.inspection_dialog import InspectionDialog
    from cst_inclusion_desktop.ui.reporting.report_dialog import ReportDialog

    interactive = (
        QAbstractButton,
        QLineEdit,
        QComboBox,
        QAbstractItemView,
        QPlainTextEdit,
        QAbstractSpinBox,
    )
    windows = [
        TrustOverview(lambda: services),
        FrameworkDialog(services),
        CriteriaDialog(services),
        SchoolsDialog(services),
        SettingsDialog(services),
        WelcomeDialog(load_settings()),
        ReportDialog(services),
        InspectionDialog(services, services.schools.list()[0]),
    ]
    names: list[str] = []
    for window in windows:
        qtbot.addWidget(window)
        for widget in window.findChildren(QWidget):
            inner = _inside(widget, (QAbstractSpinBox, QComboBox, QAbstractItemView, QTabBar))
            if not isinstance(widget, interactive) or isinstance(widget, QHeaderView) or inner:
                continue
            label = f"{type(widget).__name__} in {window.objectName()}"
            assert widget.objectName(), label
            assert widget.accessibleName(), widget.objectName()
            assert widget.toolTip(), widget.objectName()
            names.append(widget.objectName())
    assert len(names) == len(set(names))  # unique across the dialogs
    documented = (Path(__file__).parent.parent / "docs" / "gui-dialogs.md").read_text("utf-8")
    missing = [name for name in names if f"`{name}`" not in documented]
    assert not missing, f"not in docs/gui-dialogs.md: {missing}"


def _inside(widget: QWidget, kinds: tuple[type, ...]) -> bool:
    """Part of a compound widget (a spin box's line edit, a combo box's pop-up list)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parentWidget()
    return False
