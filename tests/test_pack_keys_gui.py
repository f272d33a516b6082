"""Issue 14 in the GUI: a school's first pack asks the trust lead to confirm its key's
fingerprint (Cancel by default, and Cancel changes nothing); File ▸ School pack keys… shows the
keys and re-registers a school's key, audited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import file_state
from pack_tools import Cli, Keys, leftovers, pair, school_db
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox

from cst_inclusion_desktop.config import load_settings
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.opening import open_context
from cst_inclusion_desktop.ui.exchange import transfer_menu
from cst_inclusion_desktop.ui.exchange.keys_dialog import KeysDialog
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.window.main_window import MainWindow
from tests.test_transfer_gui import save_screenshot

pytestmark = pytest.mark.sqlite_only  # pack signing keys live beside a SQLite file


def open_lead(path: Path) -> Services:
    return Services(open_context(load_settings(overrides={"database": str(path)}), create=True))


def test_the_first_pack_asks_for_the_fingerprint_and_cancel_changes_nothing(
    services: Services, cli: Cli, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead_db = tmp_path / "lead.db"
    assert cli("init", "--trust-name", "Oak Learning Trust", db=lead_db).code == 0
    pair(services, lead_db)
    pack = tmp_path / "oakfield.cstpack"
    assert cli("pack", "export", "--school", "100001", "--out", str(pack)).code == 0
    fingerprint = Keys(school_db(services), lead_db).school_fingerprint()
    before = file_state(lead_db)
    lead_services = open_lead(lead_db)
    lead = MainWindow(lead_services, Prefs())
    qtbot.addWidget(lead)
    asked: list[tuple[str, str, str]] = []

    def answer(box: QMessageBox) -> int:
        default = box.defaultButton()
        asked.append((box.objectName(), box.text(), default.text() if default else ""))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(pack), ""))
    transfer_menu.import_pack(lead)
    qtbot.waitUntil(lambda: bool(asked))
    lead_services.close()
    [(name, text, default)] = asked
    assert name == "packKeyConfirm" and default == "Cancel"
    assert "Oakfield Primary School (100001)" in text and fingerprint in text
    assert file_state(lead_db) == before and leftovers(lead_db) == []


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, when a dialog shows
def test_the_keys_dialog_shows_the_keys_and_re_registers_a_school(
    services: Services, cli: Cli, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead_db = tmp_path / "lead.db"
    assert cli("init", "--trust-name", "Oak Learning Trust", db=lead_db).code == 0
    pair(services, lead_db)
    pack = tmp_path / "oakfield.cstpack"
    assert cli("pack", "export", "--school", "100001", "--out", str(pack)).code == 0
    old = Keys(school_db(services), lead_db).school_fingerprint()
    assert cli("pack", "import", str(pack), "--trust-key", old, db=lead_db).code == 0

    school_dialog = KeysDialog(services)
    qtbot.addWidget(school_dialog)
    assert school_dialog.findChild(QLineEdit, "signingFingerprint").text() == old
    assert school_dialog.findChild(QLineEdit, "trustKeySource").text() == (
        "the trust's framework file"
    )
    assert not school_dialog.table.isVisibleTo(school_dialog)  # no register at a school

    lead_services = open_lead(lead_db)
    dialog = KeysDialog(lead_services)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == old
    save_screenshot(dialog, "pack-keys-dialog.png", tmp_path)
    new = "ABCD-EF01-2345-6789"
    answers = iter([("100001", True), (new.lower(), True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    dialog.table.setCurrentCell(0, 0)
    dialog.register_button.setFocus()
    qtbot.keyClick(dialog.register_button, Qt.Key.Key_Space)
    assert told == [
        f"Registered key {new} for Oakfield Primary School (100001). It was {old}. Packs signed "
        "by any other key are refused from now on."
    ]
    assert dialog.table.item(0, 2).text() == new
    assert dialog.table.item(0, 5).text() == "waiting for the next pack"
    dialog.close()
    lead_services.close()
    refused = cli("pack", "import", str(pack), db=lead_db)
    assert refused.code == 2 and f"registered for Oakfield Primary School (100001), {new}" in (
        refused.err
    )
