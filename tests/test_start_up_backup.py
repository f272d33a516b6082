"""The GUI makes the day's backup in the background once its window is on screen; the CLI
still makes it while opening (tests/test_backup_restore.py)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.errors import DatabaseError
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety import backup as backup_module
from cst_inclusion_desktop.services.safety.backup import list_backups
from cst_inclusion_desktop.ui.safety.start_up_backup import (
    backup_after_first_paint,
    backup_in_background,
    wait_for_backups,
)
from cst_inclusion_desktop.ui.start import database_switch

pytestmark = pytest.mark.sqlite_only  # the day's file backup is SQLite's


def _labels(settings: Settings) -> list[str]:
    return [item.label for item in list_backups(settings)]


@pytest.fixture
def opened(services: Services, settings: Settings):
    services.close()
    app = database_switch.open_services(settings, daily_backup=False)
    yield app
    wait_for_backups()
    app.close()


def test_opening_for_the_gui_leaves_the_backup_for_later(
    opened: Services, settings: Settings
) -> None:
    assert _labels(settings) == []
    assert backup_in_background(opened) is not None
    wait_for_backups()
    assert _labels(settings) == ["daily"]
    # Once a day: a second start the same day makes none.
    backup_in_background(opened)
    wait_for_backups()
    assert _labels(settings) == ["daily"]


def test_the_backup_starts_after_the_window_has_painted(
    opened: Services, settings: Settings, qtbot
) -> None:
    window = QLabel("Trust overview")
    qtbot.addWidget(window)
    backup_after_first_paint(window, opened)
    assert _labels(settings) == []  # nothing before the window is on screen
    window.show()
    qtbot.waitUntil(lambda: _labels(settings) == ["daily"], timeout=20_000)


def test_a_failed_background_backup_is_logged_only(
    opened: Services, settings: Settings, monkeypatch, caplog
) -> None:
    def full(*_args: object) -> Path:
        raise DatabaseError("backup failed (the disk is full)")

    monkeypatch.setattr(backup_module, "copy_database", full)
    with caplog.at_level(logging.WARNING):
        backup_in_background(opened)
        wait_for_backups()
    assert "The daily backup was not made" in caplog.text
    assert _labels(settings) == []
