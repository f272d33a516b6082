"""The GUI side of import/export: the Import wizard and the File menu's transfer entries."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import file_state
from pack_tools import Keys, pair, school_db
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWizard

from cst_inclusion_desktop.config import load_settings
from cst_inclusion_desktop.domain.filters import ActionFilter
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.opening import open_context
from cst_inclusion_desktop.ui.exchange import transfer_menu
from cst_inclusion_desktop.ui.exchange.import_wizard import ImportPreviewModel, ImportWizard
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.window.main_window import MainWindow

DOCS_SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
BAD = (
    "URN,Principle,Title,Due date,Colour\n"
    "100001,1,Reading,2026-10-01,red\n"
    "100009,9,,31/02/2026,blue\n"
)


def save_screenshot(widget: Any, name: str, tmp_path: Path) -> None:
    """Grab to tmp_path; with CST_SAVE_SCREENSHOTS=1 also refresh the copy in docs/."""
    folder = DOCS_SCREENSHOTS if os.environ.get("CST_SAVE_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(folder / name))


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record information boxes instead of showing them."""
    texts: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda _parent, _title, text, *a: texts.append(text) or 0
    )
    return texts


@pytest.fixture
def window(qtbot: Any, services: Services) -> Iterator[MainWindow]:
    main = MainWindow(services, Prefs())
    qtbot.addWidget(main)
    yield main


def test_the_preview_model_passes_the_model_tester(
    services: Services, tmp_path: Path, qtmodeltester: Any
) -> None:
    file = tmp_path / "bad.csv"
    file.write_text(BAD)
    model = ImportPreviewModel()
    model.set_rows(services.importer.import_actions(file, dry_run=True).outcomes)
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.index(1, ImportPreviewModel.COL_DETAIL).data().splitlines() == [
        "column URN: value '100009' — expected the URN of a school in this database",
        "column Principle: value '9' — expected a principle number in the framework (1 to 5)",
        "column Title: value '' — expected some text (it cannot be empty)",
        "column Due date: value '31/02/2026' — expected a date as YYYY-MM-DD or DD/MM/YYYY",
    ]


def test_wizard_shows_problems_and_cannot_import_them(
    services: Services, db_path: Path, tmp_path: Path, qtbot: Any
) -> None:
    file = tmp_path / "bad.csv"
    file.write_text(BAD)
    before = file_state(db_path)
    wizard = ImportWizard(services)
    qtbot.addWidget(wizard)
    wizard.restart()  # what showing it does; offscreen Qt warns about show() on a wizard
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.choose.path_edit.setText(str(file))
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview.report is not None)
    assert wizard.preview.summary.text().startswith("4 problems in bad.csv. Nothing can be")
    assert wizard.preview.warnings.text() == (
        "column E 'Colour' is not a column the importer knows; ignored"
    )
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    save_screenshot(wizard, "import-wizard-problems.png", tmp_path)
    assert file_state(db_path) == before


def test_wizard_imports_a_good_file(services: Services, tmp_path: Path, qtbot: Any) -> None:
    file = tmp_path / "good.csv"
    file.write_text(BAD.split("\n100009")[0] + "\n100002,3,Phonics,,x\n")
    wizard = ImportWizard(services)
    qtbot.addWidget(wizard)
    wizard.restart()  # what showing it does; offscreen Qt warns about show() on a wizard
    wizard.choose.path_edit.setText(str(file))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview.report is not None)
    assert [wizard.preview.model.index(r, 1).data() for r in range(2)] == ["New", "New"]
    assert services.actions.count(ActionFilter()) == 0  # the preview wrote nothing
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert commit.isEnabled() and commit.text() == "&Import"
    commit.click()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page)
    assert wizard.done_page.result.text() == (
        "Imported 2 rows from good.csv: 2 new, 0 updated, 0 unchanged."
    )
    assert sorted(a.title for a in services.actions.list()) == ["Phonics", "Reading"]


def test_file_menu_has_the_transfer_entries(window: MainWindow) -> None:
    names = [a.objectName() for a in window.menu("file").actions()]
    for name in (
        "actionImportActions",
        "actionExportActions",
        "actionExportPack",
        "actionImportPack",
    ):
        assert name in names


def test_export_actions_uses_the_current_filter(
    window: MainWindow,
    services: Services,
    make_action: Callable[..., str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: list[str],
    qtbot: Any,
) -> None:
    make_action(title="Shown")
    make_action(title="Filtered out", school="100002")
    school = services.schools.get("100001")
    monkeypatch.setattr(window, "current_filter", lambda: ActionFilter(school_ids=(school.id,)))
    out = tmp_path / "view.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    transfer_menu.export_actions(window)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [f"Exported 1 action to:\n{out}"]


@pytest.mark.sqlite_only  # pack signing keys live beside a SQLite file (no server home yet)
def test_export_and_import_a_school_pack_through_the_menu(
    window: MainWindow,
    services: Services,
    make_action: Callable[..., str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: list[str],
    qtbot: Any,
) -> None:
    action_id = make_action(title="Travels to the trust")
    pack = tmp_path / "oakfield.cstpack"
    pair(services, tmp_path / "lead.db")
    monkeypatch.setattr(window, "selected_school", lambda: services.schools.get("100001"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pack), ""))
    transfer_menu.export_pack(window)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown.pop().startswith("Wrote the pack for Oakfield Primary School (100001)")

    trust = Services(
        open_context(load_settings(overrides={"database": str(tmp_path / "lead.db")}), create=True)
    )
    trust.trust.create("Oak Learning Trust")
    lead = MainWindow(trust, Prefs())
    qtbot.addWidget(lead)
    asked: list[str] = []

    def answer(box: QMessageBox) -> int:
        asked.append(box.text())
        name = "pack-key-confirm.png" if len(asked) == 1 else "pack-import-confirm.png"
        save_screenshot(box, name, tmp_path)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(pack), ""))
    transfer_menu.import_pack(lead)
    qtbot.waitUntil(lambda: bool(shown))
    fingerprint = Keys(school_db(services), tmp_path / "lead.db").school_fingerprint()
    assert asked[0].startswith("This is the first pack from Oakfield Primary School (100001).")
    assert fingerprint in asked[0]
    assert asked[1].startswith("Import the pack for Oakfield Primary School (100001)?")
    assert "actions: 1 new, 0 updated" in asked[1]
    assert shown[0].startswith("Imported oakfield.cstpack for Oakfield Primary School")
    assert trust.actions.get(action_id).title == "Travels to the trust"
    trust.close()
