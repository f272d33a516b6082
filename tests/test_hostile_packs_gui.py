"""Issue 12 in the GUI: a refused pack is one clear message box (never the crash dialog) and
changes nothing; evidence opened for a viewer stays inside one app-named folder, cleaned at
the next start."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from conftest import file_state
from pack_tools import OpenPack, Trust, first, leftovers, trust
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cst_inclusion_desktop.services.records.evidence import OPENED_PREFIX, clean_opened_copies
from cst_inclusion_desktop.ui.exchange import transfer_menu
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.widgets import errors as errors_module
from cst_inclusion_desktop.ui.window import detail_pane as detail_pane_module
from cst_inclusion_desktop.ui.window.detail_pane import DetailPane
from cst_inclusion_desktop.ui.window.main_window import MainWindow

pytestmark = (
    pytest.mark.sqlite_only
)  # pack signing keys live beside a SQLite file (no server home yet)

__all__ = ["trust"]  # the fixture, imported so pytest finds it here


def test_a_refused_pack_shows_one_clear_message_and_changes_nothing(
    trust: Trust, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def forge(pack: OpenPack) -> None:
        first(pack.data["actions"])["status"] = "pwned"

    hostile = trust.edited(forge)
    before = file_state(trust.db)
    lead_services = trust.services()
    lead = MainWindow(lead_services, Prefs())
    qtbot.addWidget(lead)
    shown: list[str] = []
    crashed: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    monkeypatch.setattr(errors_module.CrashDialog, "exec", lambda dialog: crashed.append("!"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(hostile), ""))
    transfer_menu.import_pack(lead)
    qtbot.waitUntil(lambda: bool(shown))
    lead_services.close()
    assert crashed == []
    assert shown == [
        "Please correct the following and try again:\n\n"
        f"edited.pack, action {trust.ids['action']}: status: value 'pwned' — expected one of "
        "planned, in_progress, completed, on_hold, cancelled"
    ]
    assert file_state(trust.db) == before and leftovers(trust.db) == []


def test_open_puts_a_forged_file_name_inside_the_opened_folder(
    trust: Trust, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    victim = tmp_path / "home" / ".bashrc"
    with sqlite3.connect(trust.db) as connection:  # a database edited by hand
        connection.execute(
            "UPDATE evidence SET file_name = ? WHERE id = ?",
            ("../../../.." + str(victim), trust.ids["evidence"]),
        )
    services = trust.services()
    pane = DetailPane(lambda: services)
    qtbot.addWidget(pane)
    pane.set_action(services.actions.get(trust.ids["action"]))
    pane.evidence_list.setCurrentItem(pane.evidence_list.topLevelItem(0))
    opened: list[str] = []
    monkeypatch.setattr(
        detail_pane_module.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile())
    )
    pane.open_evidence()
    services.close()
    [path] = [Path(name) for name in opened]
    [folder] = temp.iterdir()
    assert folder.name.startswith(OPENED_PREFIX) and (folder.stat().st_mode & 0o777) == 0o700
    assert path == folder / trust.ids["evidence"] / ".bashrc"
    assert path.read_bytes() == b"%PDF-1.4 the genuine plan" and not victim.exists()


def test_the_next_start_cleans_only_our_own_opened_copies(tmp_path: Path) -> None:
    folder = tmp_path / f"{OPENED_PREFIX}test"
    ours = folder / str(uuid.uuid4())
    ours.mkdir(parents=True)
    (ours / "plan.pdf").write_bytes(b"copy")
    (folder / "notes.txt").write_text("not ours")
    (folder / "not-a-uuid").mkdir()
    assert clean_opened_copies(folder) == 1
    assert sorted(p.name for p in folder.iterdir()) == ["not-a-uuid", "notes.txt"]
