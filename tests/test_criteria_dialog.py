"""Tools ▸ Inspection criteria: reword, add, retire and restore, import and export, with every
change audited and the list's version shown; a bad file changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
)
from sqlalchemy import text

from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.audit import history
from cst_inclusion_desktop.ui.records.criteria_dialog import CriteriaDialog
from tests.conftest import file_state

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
TITLE_1 = "High expectations for all pupils"


@pytest.fixture
def dialog(qtbot, services: Services) -> CriteriaDialog:  # type: ignore[no-untyped-def]
    shown = CriteriaDialog(services)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


@pytest.fixture
def errors_shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box.text())
        return int(QMessageBox.StandardButton.Ok)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


def test_the_dialog_shows_the_list_and_its_toolkit(dialog: CriteriaDialog) -> None:
    table = dialog.findChild(QTableWidget, "criteriaTable")
    assert table.rowCount() == 9
    assert [table.item(0, column).text() for column in range(3)] == [
        "IC1",
        "High expectations for all pupils",
        "Current",
    ]
    heading = dialog.findChild(QLabel, "criteriaHeading").text()
    assert "School inspection toolkit (renewed framework)" in heading
    assert "published 10/11/2025" in heading and "list version 1" in heading


def test_rewording_with_the_keyboard_saves_audits_and_bumps_the_version(
    qtbot,  # type: ignore[no-untyped-def]
    dialog: CriteriaDialog,
    services: Services,
    actor: str,
) -> None:
    table = dialog.findChild(QTableWidget, "criteriaTable")
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)  # IC2
    title = dialog.findChild(QLineEdit, "criterionTitleEdit")
    assert title.text() == "Early and accurate identification of needs"
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Early identification of need")
    save = dialog.findChild(QPushButton, "saveCriterionButton")
    assert save.isEnabled()
    qtbot.keyClick(title, Qt.Key.Key_Return)  # Save is the default button
    assert services.criteria.get("IC2").title == "Early identification of need"
    assert services.criteria.toolkit().version == 2
    assert "list version 2" in dialog.findChild(QLabel, "criteriaHeading").text()
    assert dialog.status.text() == "IC2 saved; the list is now version 2."
    assert table.currentRow() == 1 and not save.isEnabled()
    with services.context.read() as session:
        criterion_id = session.execute(
            text("SELECT id FROM inspection_criterion WHERE code = 'IC2'")
        ).scalar_one()
        event = history(session, criterion_id)[-1]
    assert event.entity == "criterion" and event.actor == actor
    assert event.after is not None and event.after["title"] == "Early identification of need"


def test_an_empty_title_is_refused_inline(
    qtbot, dialog: CriteriaDialog, services: Services
) -> None:  # type: ignore[no-untyped-def]
    dialog.findChild(QLineEdit, "criterionTitleEdit").setText("  ")
    assert not dialog.findChild(QPushButton, "saveCriterionButton").isEnabled()
    assert dialog.findChild(QLabel, "criterionTitleError").text() == "A title is needed."
    dialog.save_wording()
    assert services.criteria.toolkit().version == 1
    qtbot.mouseClick(
        dialog.findChild(QPushButton, "revertCriterionButton"), Qt.MouseButton.LeftButton
    )
    assert dialog.findChild(QLineEdit, "criterionTitleEdit").text() == TITLE_1


def test_add_retire_and_restore(
    qtbot,  # type: ignore[no-untyped-def]
    dialog: CriteriaDialog,
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Attendance", True))
    qtbot.mouseClick(dialog.findChild(QPushButton, "addCriterionButton"), Qt.MouseButton.LeftButton)
    table = dialog.findChild(QTableWidget, "criteriaTable")
    assert table.rowCount() == 10 and table.currentRow() == 9
    assert dialog.status.text().startswith("IC10 added")
    dialog.findChild(QPlainTextEdit, "criterionSummaryEdit").setPlainText("Who attends, and why.")
    dialog.save_wording()
    assert services.criteria.get("IC10").summary == "Who attends, and why."
    retire = dialog.findChild(QPushButton, "retireCriterionButton")
    assert retire.text() == "&Retire"
    qtbot.mouseClick(retire, Qt.MouseButton.LeftButton)
    assert services.criteria.get("IC10").retired
    assert table.item(9, 2).text() == "Retired" and retire.text() == "&Restore"
    qtbot.mouseClick(retire, Qt.MouseButton.LeftButton)
    assert not services.criteria.get("IC10").retired
    assert services.criteria.toolkit().version == 5


def test_export_then_import(
    qtbot,  # type: ignore[no-untyped-def]
    dialog: CriteriaDialog,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "criteria.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(
        dialog.findChild(QPushButton, "exportCriteriaButton"), Qt.MouseButton.LeftButton
    )
    assert "exported" in dialog.status.text()
    data = json.loads(out.read_text(encoding="utf-8"))
    data["criteria"][0]["title"] = "High expectations for every pupil"
    out.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(
        dialog.findChild(QPushButton, "importCriteriaButton"), Qt.MouseButton.LeftButton
    )
    assert services.criteria.get("IC1").title == "High expectations for every pupil"
    assert dialog.findChild(QTableWidget, "criteriaTable").item(0, 1).text() == (
        "High expectations for every pupil"
    )
    assert "now version 2" in dialog.status.text()


def test_a_bad_criteria_file_shows_a_message_and_changes_nothing(
    dialog: CriteriaDialog,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors_shown: list[str],
) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "cst-inclusion-criteria", "criteria": [', encoding="utf-8")
    state = file_state(db_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.import_file()
    assert errors_shown and "broken.json" in errors_shown[0]
    assert "expected valid JSON" in errors_shown[0]
    assert file_state(db_path) == state


def test_the_tools_menu_opens_it(qtbot, services: Services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAction

    from cst_inclusion_desktop.ui.window.main_window import MainWindow

    window = MainWindow(services)
    qtbot.addWidget(window)
    opened: list[int] = []
    monkeypatch.setattr(CriteriaDialog, "exec", lambda self: opened.append(self.table.rowCount()))
    action = window.findChild(QAction, "criteriaAction")
    assert action.text() == "&Inspection criteria…"
    assert action in window.menu("tools").actions()
    action.trigger()
    assert opened == [9]
