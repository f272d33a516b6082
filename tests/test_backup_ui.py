"""The GUI side: the start-up recovery prompt and File ▸ Back up now / Restore from backup."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.backup import backup_now, list_backups
from cst_inclusion_desktop.services.safety.recovery import FileStatus, check_database_at_start
from cst_inclusion_desktop.ui.safety import backup_menu, recovery
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.window.main_window import MainWindow
from tests.test_recovery import corrupt

pytestmark = pytest.mark.sqlite_only  # file backups are SQLite's

DOCS_SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def save_screenshot(widget: Any, name: str, tmp_path: Path) -> None:
    """Grab to tmp_path; with CST_SAVE_SCREENSHOTS=1 also refresh the copy in docs/."""
    folder = DOCS_SCREENSHOTS if os.environ.get("CST_SAVE_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(folder / name))


@pytest.fixture
def no_popups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record message boxes instead of showing them."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    monkeypatch.setattr(
        QMessageBox, "information", lambda _parent, _title, text, *a: shown.append(text) or 0
    )
    return shown


def test_healthy_database_opens_without_a_question(
    services: Services, settings: Settings, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    services.close()
    monkeypatch.setattr(recovery, "ask_user", lambda *_: pytest.fail("asked needlessly"))
    assert recovery.check_before_open(settings, None) == settings


def test_corrupt_database_quit_leaves_it_untouched(
    services: Services,
    settings: Settings,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
) -> None:
    services.close()
    damaged = corrupt(db_path)
    asked: list[FileStatus] = []
    monkeypatch.setattr(
        recovery, "ask_user", lambda check, _parent: asked.append(check.status) or recovery.QUIT
    )
    assert recovery.check_before_open(settings, None) is None
    assert asked == [FileStatus.CORRUPT] and db_path.read_bytes() == damaged


def test_corrupt_database_restore_newest_good_backup(
    services: Services,
    settings: Settings,
    db_path: Path,
    make_action: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
    no_popups: list[str],
    qtbot: Any,
) -> None:
    make_action(title="Saved before the backup")
    backup_now(settings)
    services.close()
    damaged = corrupt(db_path)
    monkeypatch.setattr(recovery, "ask_user", lambda *_: recovery.RESTORE)
    assert recovery.check_before_open(settings, None) == settings
    assert check_database_at_start(settings).status is FileStatus.OK
    assert any("Restored trust.db" in text for text in no_popups)
    kept = list((settings.backup_path / "damaged").glob("*-damaged.db"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged


def test_open_another_file_from_the_prompt(
    services: Services,
    settings: Settings,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
) -> None:
    other = backup_now(settings, out=tmp_path / "other.db")
    services.close()
    corrupt(db_path)
    monkeypatch.setattr(recovery, "ask_user", lambda *_: recovery.OPEN_OTHER)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(other), ""))
    chosen = recovery.check_before_open(settings, None)
    assert chosen is not None and chosen.database_path == other


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, when a box shows
def test_recovery_box_offers_the_three_ways_on(
    services: Services, settings: Settings, db_path: Path, tmp_path: Path, qtbot: Any
) -> None:
    backup_now(settings)
    services.close()
    corrupt(db_path)
    check = check_database_at_start(settings)
    box, choices = recovery.recovery_box(check, None)
    qtbot.addWidget(box)
    assert sorted(choices.values()) == sorted(
        [recovery.RESTORE, recovery.OPEN_OTHER, recovery.QUIT]
    )
    assert [b.text() for b in choices] == [
        "Restore newest good backup",
        "Open another file…",
        "Quit",
    ]
    assert "damaged" in box.informativeText() and "newest good backup" in box.informativeText()
    box.show()
    qtbot.waitExposed(box)
    save_screenshot(box, "recovery-prompt.png", tmp_path)


@pytest.fixture
def window(services: Services, qtbot: Any) -> Iterator[MainWindow]:
    window = MainWindow(services, Prefs())
    qtbot.addWidget(window)
    yield window
    window.services.close()  # after a restore the window holds newly opened services


def _action(window: MainWindow, name: str) -> Any:
    found = [a for a in window.menu("file").actions() if a.objectName() == name]
    assert len(found) == 1
    return found[0]


def test_back_up_now_from_the_file_menu(
    window: MainWindow, settings: Settings, no_popups: list[str], qtbot: Any
) -> None:
    _action(window, "backUpNowAction").trigger()
    qtbot.waitUntil(lambda: any("Backed up and checked" in text for text in no_popups))
    assert [b.label for b in list_backups(settings)] == ["manual"]


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_restore_from_backup_lists_backups_and_reopens(
    window: MainWindow,
    settings: Settings,
    make_action: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
    no_popups: list[str],
    tmp_path: Path,
    qtbot: Any,
) -> None:
    backup_now(settings)
    make_action(title="Made after the backup")
    window.refresh_all()
    assert window.model.rowCount() == 1
    chooser = backup_menu.BackupChooser(list_backups(settings), window)
    qtbot.addWidget(chooser)
    assert chooser.table.rowCount() == 1
    assert chooser.table.item(0, 1).text() == "Backed up by hand"
    chooser.show()
    qtbot.waitExposed(chooser)
    save_screenshot(chooser, "restore-from-backup.png", tmp_path)
    monkeypatch.setattr(backup_menu.BackupChooser, "exec", lambda self: self.accept() or 1)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    _action(window, "restoreFromBackupAction").trigger()
    qtbot.waitUntil(lambda: any("Restored trust.db" in text for text in no_popups))
    qtbot.waitUntil(lambda: window.model.rowCount() == 0)
    assert "pre-restore" in [b.label for b in list_backups(settings)]
    assert window.services.check.run().ok


def test_chooser_without_backups_cannot_restore(qtbot: Any) -> None:
    chooser = backup_menu.BackupChooser([], None)
    qtbot.addWidget(chooser)
    assert not chooser.restore_button.isEnabled()
    chooser.accept()
    assert chooser.result() != QDialog.DialogCode.Accepted
