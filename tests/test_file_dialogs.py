"""Every file dialog starts in the user's Documents folder or the folder last used (never the
app's working folder): one helper (ui/widgets/file_dialogs.py) opens them all."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton

import cst_inclusion_desktop
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.widgets import file_dialogs

PACKAGE = Path(cst_inclusion_desktop.__file__).parent
HELPER = PACKAGE / "ui" / "widgets" / "file_dialogs.py"
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_no_module_but_the_helper_opens_a_file_dialog() -> None:
    calls = re.compile(r"QFileDialog\s*\.\s*get")
    direct = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path != HELPER and calls.search(path.read_text(encoding="utf-8"))
    ]
    assert direct == []


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.setattr(file_dialogs, "documents_folder", lambda: folder)
    return folder


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[tuple[str, str]]:
    """Each dialog's (kind, start) as asked; the user picks a file in tmp_path/picked."""
    picked = tmp_path / "picked"
    picked.mkdir()
    seen: list[tuple[str, str]] = []

    def open_name(_parent: Any, _title: str, start: str = "", *_rest: Any) -> tuple[str, str]:
        seen.append(("open", start))
        return str(picked / "chosen.json"), ""

    def save_name(_parent: Any, _title: str, start: str = "", *_rest: Any) -> tuple[str, str]:
        seen.append(("save", start))
        return str(picked / "saved.json"), ""

    def folder_name(_parent: Any, _title: str, start: str = "", *_rest: Any) -> str:
        seen.append(("folder", start))
        return str(picked)

    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_name)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", folder_name)
    return seen


def test_first_documents_then_the_folder_last_used(
    documents: Path, asked: list[tuple[str, str]], tmp_path: Path
) -> None:
    assert file_dialogs.open_file_name(None, "Open", "JSON (*.json)") is not None
    assert file_dialogs.save_file_name(None, "Save", "framework.json", "") is not None
    full = tmp_path / "here" / "paper.pdf"
    full.parent.mkdir()
    file_dialogs.save_file_name(None, "Save", str(full), "")  # a field's own path is kept
    assert file_dialogs.choose_folder(None, "Folder") is not None
    picked = tmp_path / "picked"
    assert asked == [
        ("open", str(documents)),
        ("save", str(picked / "framework.json")),
        ("save", str(full)),
        ("folder", str(picked)),
    ]


def test_the_evidence_browse_button_starts_in_documents(
    qtbot: Any, services: Services, documents: Path, asked: list[tuple[str, str]]
) -> None:
    from cst_inclusion_desktop.ui.records.evidence_dialog import EvidenceDialog

    dialog = EvidenceDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    browse = dialog.findChild(QPushButton, "evidenceBrowseButton")
    qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
    assert asked == [("open", str(documents))]
    assert dialog.file_edit.text().endswith("chosen.json")


def test_framework_import_and_export_start_in_documents(
    qtbot: Any,
    services: Services,
    documents: Path,
    asked: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from cst_inclusion_desktop.ui.records.framework_dialog import FrameworkDialog

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    dialog = FrameworkDialog(services)
    qtbot.addWidget(dialog)
    dialog.import_file()
    assert asked == [("open", str(documents))]
