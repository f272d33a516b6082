"""Import in the words people use: the template (File ▸ Save import template…), R/A/G,
"Principle 2", "Not started" and "Complete", a preview of what was understood, messages with
the labels people read, and a last page with nothing left to cancel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWizard

from cst_inclusion_desktop.domain.enums import Rag, Status, in_users_words
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.spreadsheet_columns import COLUMNS
from cst_inclusion_desktop.domain.validation import parse_principle_number
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.exchange.import_wizard import ImportPreviewModel, ImportWizard
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

WORDS = (
    "URN,Principle,Title,Status,RAG,Start date,Due date\n"
    "100001,Principle 2,Reading,Not started,R,01/09/2026,2026-10-23\n"
    "100002,P3,Phonics,Complete,g,,\n"
    "100001,4. Partnerships,Parents' forum,In progress,A,,\n"
)


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    texts: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: texts.append(text))
    return texts


@pytest.fixture
def window(qtbot: Any, services: Services) -> Iterator[MainWindow]:
    main = MainWindow(services, Prefs())
    qtbot.addWidget(main)
    yield main


def test_words_people_type_are_understood() -> None:
    assert Rag.parse("R") is Rag.RED and Rag.parse("g") is Rag.GREEN
    assert Status.parse("Not started") is Status.PLANNED
    assert Status.parse("complete") is Status.COMPLETED
    for text in ("Principle 2", "P2", "p 2", "2. High quality teaching", "2"):
        assert parse_principle_number(text, [1, 2, 3]) == 2
    for text in ("2.5", "²", "Principle", "22", "2 apples"):
        with pytest.raises(ValidationError, match="principle"):
            parse_principle_number(text, [1, 2, 3])
    message = "row 3, column Status: value 'on_holdx' — expected one of planned, in_progress"
    assert in_users_words(message) == (
        "row 3, column Status: value 'on_holdx' — expected one of “Planned”, “In progress”"
    )


def test_preview_shows_what_was_understood_and_the_last_page_cannot_cancel(
    services: Services, tmp_path: Path, qtbot: Any
) -> None:
    file = tmp_path / "words.csv"
    file.write_text(WORDS)
    wizard = ImportWizard(services)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.choose.path_edit.setFocus()
    qtbot.keyClicks(wizard.choose.path_edit, str(file))
    qtbot.keyClick(wizard.choose.path_edit, Qt.Key.Key_Return)  # Next is the default button
    qtbot.waitUntil(lambda: wizard.preview.report is not None)
    model = wizard.preview.model
    shown = [
        [model.index(row, column).data() for column in range(2, 8)]
        for row in range(model.rowCount())
    ]
    assert shown == [
        ["100001 Oakfield Primary School", "2", "Reading", "Planned", "01/09/2026", "23/10/2026"],
        ["100002 Ysgol Bryn Ŵyn", "3", "Phonics", "Completed", "", ""],
        ["100001 Oakfield Primary School", "4", "Parents' forum", "In progress", "", ""],
    ]
    assert model.headerData(5, Qt.Orientation.Horizontal) == "Status"
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert commit.isEnabled()
    commit.click()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page)
    assert not wizard.button(QWizard.WizardButton.CancelButton).isVisible()
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()
    rags = {a.title: a.rag for a in services.actions.list()}
    assert rags == {"Reading": Rag.RED, "Phonics": Rag.GREEN, "Parents' forum": Rag.AMBER}


def test_problems_are_told_in_the_words_users_see(services: Services, tmp_path: Path) -> None:
    file = tmp_path / "bad.csv"
    file.write_text("URN,Principle,Title,Status\n100001,1,Reading,finished\n")
    model = ImportPreviewModel()
    model.set_rows(services.importer.import_actions(file, dry_run=True).outcomes)
    detail = model.index(0, ImportPreviewModel.COL_DETAIL).data()
    assert "“In progress”" in detail and "“On hold”" in detail
    assert "in_progress" not in detail and "on_hold" not in detail


def test_the_wizard_points_to_the_guide_not_the_source_tree(services: Services) -> None:
    wizard = ImportWizard(services)
    assert "docs/" not in wizard.choose.subTitle()
    assert "User guide" in wizard.choose.subTitle()


def test_save_template_writes_headers_example_and_allowed_values(
    window: MainWindow,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    told: list[str],
) -> None:
    out = tmp_path / "template"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(out), ""))
    names = [a.objectName() for a in window.menu("file").actions()]
    assert names.index("saveImportTemplateAction") == names.index("actionImportActions") + 1
    window.findChild(QAction, "saveImportTemplateAction").trigger()
    written = tmp_path / "template.xlsx"
    assert told and "template.xlsx" in told[0]
    book = load_workbook(written)
    assert book.sheetnames == ["Actions", "Allowed values"]
    actions = book["Actions"]
    rows = list(actions.iter_rows(values_only=True))
    assert list(rows[0]) == [column.header for column in COLUMNS]
    assert rows[1][0] == "100001" and rows[1][1] == 1 and len(rows) == 2
    allowed = {
        col[0].value: [c.value for c in col[1:] if c.value]
        for col in book["Allowed values"].columns
    }
    assert allowed["Status"] == [status.label for status in Status]
    assert allowed["RAG"] == ["Red", "Amber", "Green"]
    assert allowed["School URN"] == ["100001", "100002"]
    assert len(allowed["Principle"]) == 5
    assert len(actions.data_validations.dataValidation) == 3
    # The template imports as it stands: its example row is a valid new action.
    report = services.importer.import_actions(written, dry_run=True)
    assert report.ok and report.created == 1


def test_save_template_refuses_a_folder(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, told: list[str]
) -> None:
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    errors: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(folder), ""))
    monkeypatch.setattr(
        "cst_inclusion_desktop.ui.exchange.template_menu.show_error",
        lambda _parent, error: errors.append(str(error)),
    )
    window.findChild(QAction, "saveImportTemplateAction").trigger()
    assert errors and "folder.xlsx" in errors[0] and not told
    assert list(folder.iterdir()) == []
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp" or p.name.startswith(".")]
