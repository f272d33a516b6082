"""The look before opening reads the whole file only when it changed since this app last knew
it healthy; a file changed outside the app is always read in full again."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety import health_memory, recovery
from cst_inclusion_desktop.services.safety.recovery import FileStatus

pytestmark = pytest.mark.sqlite_only  # the SQLite file's health memory


def age(path: Path, seconds: int = 60) -> None:
    """Make the file look as if it was last written a minute ago (outside the racy window)."""
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns - seconds * 1_000_000_000))


def count_scans(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    scans: list[bool] = []
    real = recovery.inspect_database_file

    def spy(path: Path, *, quick: bool = True, scan: bool = True) -> recovery.FileInspection:
        scans.append(scan)
        return real(path, quick=quick, scan=scan)

    monkeypatch.setattr(recovery, "inspect_database_file", spy)
    return scans


def test_an_unchanged_file_is_read_in_full_once(
    services: Services, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.close()
    for part in db_path.parent.glob(db_path.name + "*"):
        age(part)
    scans = count_scans(monkeypatch)
    assert recovery.inspect_for_opening(db_path).ok
    assert recovery.inspect_for_opening(db_path).ok
    assert scans == [True, False]


def test_a_file_changed_outside_the_app_is_read_in_full_and_refused(
    services: Services, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name='action'")
        page = int(root.fetchone()[0])
    for part in db_path.parent.glob(db_path.name + "*"):
        age(part)
    assert recovery.inspect_for_opening(db_path).ok  # remembered as healthy, a minute old
    page_size = 4096
    with db_path.open("r+b") as handle:  # damage the action table's root page in place
        handle.seek(page_size * (page - 1))
        handle.write(b"\x07" * 200)
    scans = count_scans(monkeypatch)
    inspection = recovery.inspect_for_opening(db_path)
    assert scans == [True] and inspection.status is FileStatus.CORRUPT


def test_a_file_written_just_now_is_not_remembered(services: Services, db_path: Path) -> None:
    services.close()  # its own writes, a moment ago: inside the racy window
    assert not health_memory.unchanged_since_healthy(db_path)
