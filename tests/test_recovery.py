"""Start-up checks and the hard cases: damaged, read-only, locked, too new, full disk."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.errors import DatabaseError, ReadOnlyError
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety import recovery as recovery_module
from cst_inclusion_desktop.services.safety.backup import backup_now
from cst_inclusion_desktop.services.safety.opening import open_context
from cst_inclusion_desktop.services.safety.recovery import FileStatus, check_database_at_start
from cst_inclusion_desktop.services.safety.restore import restore
from cst_inclusion_desktop.store import database as database_module
from tests.conftest import CliResult, file_state

pytestmark = pytest.mark.sqlite_only  # recovering a damaged or locked SQLite file


def corrupt(path: Path) -> bytes:
    """Overwrite the middle of the file with junk, as a failing disk might; return the bytes."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(4096 * 2)
        handle.write(b"\xa5" * max(4096, size // 2))
    return path.read_bytes()


@pytest.fixture
def closed_db(services: Services, make_action: Callable[..., str], db_path: Path) -> Path:
    for number in range(30):
        make_action(title=f"Action {number} " + "x" * 200)
    services.close()
    return db_path


def test_healthy_database_is_ok(closed_db: Path, settings: Settings) -> None:
    check = check_database_at_start(settings)
    assert check.status is FileStatus.OK and check.can_open and check.newest_good_backup is None


def test_missing_database(settings: Settings) -> None:
    check = check_database_at_start(settings)
    assert check.status is FileStatus.MISSING and not check.can_open
    assert "There is no database" in check.explanation


def test_corrupt_file_is_explained_never_overwritten_and_restorable(
    closed_db: Path, settings: Settings
) -> None:
    good = backup_now(settings)
    damaged = corrupt(closed_db)
    check = check_database_at_start(settings)
    assert check.status is FileStatus.CORRUPT and not check.can_open
    assert "damaged" in check.explanation and "left exactly as it is" in check.explanation
    assert "newest good backup" in check.explanation
    assert check.newest_good_backup is not None and check.newest_good_backup.path == good
    with pytest.raises(DatabaseError):  # opening it normally refuses instead of "repairing"
        open_context(settings).close()
    assert closed_db.read_bytes() == damaged  # never overwritten
    result = restore(check.newest_good_backup.path, settings)
    assert result.previous_was_damaged and result.kept_previous is not None
    assert result.kept_previous.read_bytes() == damaged  # the damaged bytes are kept aside
    assert check_database_at_start(settings).status is FileStatus.OK
    reopened = Services(open_context(settings))
    try:
        assert len(reopened.actions.list()) == 30 and reopened.check.run().ok
    finally:
        reopened.close()


def test_damaged_backups_are_skipped_for_the_newest_good_one(
    closed_db: Path, settings: Settings
) -> None:
    good = backup_now(settings)
    bad = backup_now(settings)
    corrupt(bad)
    corrupt(closed_db)
    assert check_database_at_start(settings).newest_good_backup.path == good  # type: ignore[union-attr]


def test_empty_and_foreign_files(settings: Settings, db_path: Path) -> None:
    db_path.write_bytes(b"")
    assert check_database_at_start(settings).status is FileStatus.CORRUPT
    db_path.write_bytes(b"PK\x03\x04 a spreadsheet, not a database")
    check = check_database_at_start(settings)
    assert check.status is FileStatus.NOT_OURS and "not a CST Inclusion" in check.explanation
    assert db_path.read_bytes().startswith(b"PK")


def test_too_new_database_is_refused_untouched(closed_db: Path, settings: Settings) -> None:
    connection = sqlite3.connect(closed_db)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()
    before = file_state(closed_db)
    check = check_database_at_start(settings)
    assert check.status is FileStatus.TOO_NEW and "newer version" in check.explanation
    with pytest.raises(DatabaseError, match="newer version"):
        open_context(settings)
    assert file_state(closed_db) == before


def test_locked_database_waits_then_says_busy(
    closed_db: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 200)
    monkeypatch.setattr(recovery_module, "LOCK_PROBE_MS", 200)
    other = sqlite3.connect(closed_db, isolation_level=None)  # a second copy, mid-save
    other.execute("BEGIN IMMEDIATE")
    try:
        check = check_database_at_start(settings)
        assert check.status is FileStatus.LOCKED and "Another copy" in check.explanation
        app = Services(open_context(settings))  # reading still works while the other saves
        try:
            assert len(app.actions.list()) == 30
            with pytest.raises(DatabaseError, match="busy: another copy"):
                app.schools.add("Third School", "100003")
        finally:
            app.close()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert check_database_at_start(settings).status is FileStatus.OK


def test_a_second_writer_waits_for_the_first_to_finish(closed_db: Path, settings: Settings) -> None:
    other = sqlite3.connect(closed_db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE school SET senco = 'Saved by the other copy' WHERE urn = '100001'")
    release = threading.Timer(0.2, lambda: other.execute("COMMIT"))
    release.start()  # within the 5 s busy timeout: our write queues, then goes through
    app = Services(open_context(settings))
    try:
        app.schools.add("Third School", "100003")
        assert app.schools.get("100001").senco == "Saved by the other copy"
        assert app.check.audit_chain().ok
    finally:
        release.join()
        other.close()
        app.close()


def test_cli_reports_the_lock_in_one_line(
    closed_db: Path, cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(closed_db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        result = cli("schools", "add", "--name", "Third School", "--urn", "100003")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.code == 2 and "busy" in result.err and "nothing was changed" in result.err
    assert "Traceback" not in result.err


def test_write_permission_missing_opens_read_only(
    closed_db: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, for whom chmod does not deny: deny through os.access instead.
    real_access = os.access

    def no_write(path: object, mode: int, **kwargs: object) -> bool:
        if mode & os.W_OK and Path(str(path)).resolve() in {closed_db, closed_db.parent}:
            return False
        return real_access(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", no_write)
    _assert_read_only(settings)


@pytest.fixture
def read_only_mount(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A read-only bind mount of a folder (needs root); yields (writable, read-only) folders."""
    source, view = tmp_path / "media", tmp_path / "ro-view"
    source.mkdir()
    view.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to make a read-only bind mount")
    made = subprocess.run(["mount", "--bind", str(source), str(view)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {made.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True)
        yield source, view
    finally:
        subprocess.run(["umount", str(view)], check=False)


def test_wal_database_on_read_only_media_reads_and_refuses_writes(
    closed_db: Path, settings: Settings, read_only_mount: tuple[Path, Path]
) -> None:
    source, view = read_only_mount
    shutil.copy(closed_db, source / "trust.db")  # cleanly closed: no -wal, no -shm beside it
    assert not (source / "trust.db-shm").exists()
    on_media = replace(settings, database=str(view / "trust.db"))
    _assert_read_only(on_media)
    copy = backup_now(on_media)  # backing up read-only media to a writable folder works
    assert file_state(copy) == file_state(closed_db)


def test_unclean_wal_database_on_read_only_media_shows_its_last_commit(
    closed_db: Path, settings: Settings, read_only_mount: tuple[Path, Path]
) -> None:
    source, view = read_only_mount
    shutil.copy(closed_db, source / "trust.db")
    writer = Services(open_context(replace(settings, database=str(source / "trust.db"))))
    try:  # a commit still only in the -wal file, as after a crash or on a copied stick
        writer.context.database.engine.dispose()
        writer.schools.add("Still In The WAL", "100009")
        assert (source / "trust.db-wal").stat().st_size > 0
        reader = Services(open_context(replace(settings, database=str(view / "trust.db"))))
        try:
            assert "100009" in [s.urn for s in reader.schools.list()]
        finally:
            reader.close()
    finally:
        writer.close()


def _assert_read_only(settings: Settings) -> None:
    check = check_database_at_start(settings)
    assert check.status is FileStatus.READ_ONLY and check.can_open
    assert "read-only" in check.explanation
    before = (
        file_state(settings.database_path)
        if os.access(settings.database_path.parent, os.W_OK)
        else None
    )
    app = Services(open_context(settings))
    try:
        assert app.context.database.read_only
        assert len(app.actions.list()) == 30
        assert app.check.run().ok
        with pytest.raises(ReadOnlyError, match=r"read-only.*nothing was changed"):
            app.schools.add("Third School", "100003")
    finally:
        app.close()
    if before is not None:
        assert file_state(settings.database_path) == before


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs (needs root), so a write really meets a full disk."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a tmpfs")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(folder)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_full_disk_during_a_write_keeps_the_last_commit(
    settings: Settings, tiny_disk: Path, tmp_path: Path, make_action: Callable[..., str]
) -> None:
    on_tiny = replace(settings, database=str(tiny_disk / "trust.db"), backup_dir=str(tiny_disk))
    app = Services(open_context(on_tiny, create=True))
    try:
        app.trust.create("Oak Learning Trust")
        app.schools.add("Oakfield Primary School", "100001")
        big = tmp_path / "scan.pdf"
        big.write_bytes(os.urandom(4 * 1024 * 1024))
        with pytest.raises(DatabaseError, match=r"disk is full.*intact"):
            app.evidence.add(school="100001", principle=1, file=big, title="Too big for the disk")
        assert [s.urn for s in app.schools.list()] == ["100001"]
        assert app.evidence.list(school="100001") == []
        assert app.check.run().ok
        with pytest.raises(DatabaseError, match="the disk is full"):
            backup_now(on_tiny)  # no room for a copy either: said plainly, nothing half-made
        assert not list(tiny_disk.glob("*.partial"))
    finally:
        app.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_recovery_prompt_explains_foreign_objects_in_plain_words(
    closed_db: Path, settings: Settings, qtbot: Any
) -> None:
    from cst_inclusion_desktop.ui.safety import recovery as prompt

    good = backup_now(settings)
    connection = sqlite3.connect(closed_db)
    connection.execute(
        "CREATE TRIGGER wipe_reviews AFTER INSERT ON action BEGIN DELETE FROM review; END"
    )
    connection.execute('CREATE VIEW "<img src=x>" AS SELECT 1')
    connection.commit()
    connection.close()
    before = closed_db.read_bytes()
    check = check_database_at_start(settings)
    assert check.status is FileStatus.FOREIGN and check.newest_good_backup is not None
    assert check.newest_good_backup.path == good
    box, choices = prompt.recovery_box(check, None)
    qtbot.addWidget(box)
    assert "changed outside the app" in box.text()
    words = box.informativeText()
    assert "did not create" in words and "trigger wipe_reviews on action" in words
    assert "could change or delete records" in words and "left exactly as it is" in words
    assert "view <img src=x>" in words  # named as it is, and shown as text, not markup:
    informative = box.findChild(QLabel, "qt_msgbox_informativelabel")
    assert informative is not None and informative.textFormat() is Qt.TextFormat.PlainText
    assert prompt.RESTORE in choices.values()
    assert closed_db.read_bytes() == before
