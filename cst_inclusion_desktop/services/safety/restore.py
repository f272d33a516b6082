"""Put a backup back in place of the current database, losing nothing on the way.

``restore`` works on a CLOSED database path: the caller disposes its engine first and reopens
afterwards (the GUI calls ``window.reopen_database()``; the CLI simply exits). The order keeps
every step undoable:

1. the backup is checked (a healthy SQLite file of this app, a schema this version can read,
   nothing in it the app did not create), and so is what it replaces: only this app's
   database (even a damaged one) or nothing, never a link, a device or another program's file;
2. it is copied with the online backup API to a temporary file beside the database and checked
   again there, so the final step is a rename on the same disk;
3. the current database is checkpointed and switched out of WAL, which fails if another copy
   still has it open (then nothing is changed);
4. the current database is kept: a verified ``pre-restore`` backup, or, if it is damaged, a
   raw copy of its bytes (and -wal) in ``backups/damaged/`` (also when it holds foreign
   objects, which a backup refuses to copy); if that copy cannot be made the
   restore stops, because a file we cannot copy is never overwritten;
5. stale -wal/-shm files are removed and the temporary file is renamed onto the database.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cst_inclusion_desktop.domain.errors import DatabaseError, ValidationError
from cst_inclusion_desktop.paths import create_private_file, make_private_folder
from cst_inclusion_desktop.services.safety.anchors import note_restore
from cst_inclusion_desktop.services.safety.backup import (
    backup_file_name,
    copy_database,
    error_reason,
    free_backup_path,
    fsync_file,
    fsync_folder,
    sqlite_copy,
    verify_database_file,
)
from cst_inclusion_desktop.services.safety.leftovers import remove_leftovers, staging_path
from cst_inclusion_desktop.services.safety.recovery import (
    FileInspection,
    FileStatus,
    inspect_database_file,
    inspect_for_opening,
)
from cst_inclusion_desktop.store.migrate import head_revision

if TYPE_CHECKING:
    from cst_inclusion_desktop.config import Settings

log = logging.getLogger(__name__)
SIDE_FILES = ("-wal", "-shm", "-journal")
PRE_RESTORE = "pre-restore"


@dataclass(frozen=True, slots=True)
class RestoreResult:
    database: Path
    restored_from: Path
    revision: str | None
    kept_previous: Path | None  # the pre-restore backup or the raw copy of a damaged file
    previous_was_damaged: bool = False

    @property
    def needs_upgrade(self) -> bool:
        return self.revision != head_revision()


def check_restorable(source: Path) -> FileInspection:
    """The backup's inspection if it can be restored; otherwise a ValidationError saying why."""
    inspection = inspect_database_file(source, quick=False)
    if inspection.ok and inspection.revision is None:
        inspection = FileInspection(source, FileStatus.NOT_OURS, "it is empty (no tables)")
    if not inspection.ok:
        raise ValidationError(
            "backup file",
            str(source),
            "a healthy CST Inclusion Desktop database this version can read "
            f"({REASONS[inspection.status]}: {inspection.detail})",
        )
    return inspection


REASONS = {
    FileStatus.MISSING: "the file does not exist",
    FileStatus.CORRUPT: "the file is damaged",
    FileStatus.UNREADABLE: "the file cannot be read",
    FileStatus.NOT_OURS: "it is not a CST Inclusion Desktop database",
    FileStatus.TOO_NEW: "it was made by a newer version of the app",
    FileStatus.LOCKED: "another program is writing to it",
    FileStatus.FOREIGN: "it was changed outside the app",
    FileStatus.OK: "ok",
    FileStatus.READ_ONLY: "ok",
}


def restore(source: Path, settings: Settings) -> RestoreResult:
    """Replace the configured (closed) database with ``source``; see the module docstring."""
    if "://" in settings.database:
        raise DatabaseError("this is a server database: restore it with the server's own tools")
    source = source.expanduser().resolve()
    # Not resolved: a link in the database's own name is refused, never followed.
    target = settings.database_path.expanduser().absolute()
    if source == target.resolve():
        raise ValidationError("backup file", str(source), "a backup, not the open database itself")
    inspection = check_restorable(source)
    check_replaceable(target)
    remove_leftovers(settings)
    try:
        make_private_folder(target.parent)
    except OSError as error:
        raise DatabaseError(
            f"cannot create the folder {target.parent}: {error.strerror}"
        ) from error
    staged = staging_path(target)
    try:
        _stage_copy(source, staged)
        kept, damaged = _keep_current(target, settings)
        for suffix in SIDE_FILES:
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        staged.replace(target)
        fsync_folder(target.parent)
    except (OSError, sqlite3.Error) as error:
        raise DatabaseError(
            f"restore of {target} failed ({error_reason(error)}); the current database was not "
            "replaced"
        ) from error
    finally:
        for suffix in ("", *SIDE_FILES):
            Path(f"{staged}{suffix}").unlink(missing_ok=True)
    log.info("Restored %s from %s (previous kept at %s)", target, source, kept)
    note_restore(settings, target)
    return RestoreResult(target, source, inspection.revision, kept, damaged)


def check_replaceable(target: Path) -> None:
    """Refuse to restore over anything but this app's database (or over nothing at all).

    A restore replaces the file, so pointed at a link, a device, a text file or another
    program's database it would destroy something that was never ours.
    """
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise ValidationError(
            "database", str(target), f"a readable path ({error.strerror})"
        ) from error
    if stat.S_ISLNK(mode):
        raise ValidationError(
            "database", str(target), "the database file itself, not a symbolic link to it"
        )
    if not stat.S_ISREG(mode):
        raise ValidationError(
            "database", str(target), "a regular database file (nothing was changed)"
        )
    state = inspect_for_opening(target)
    if state.status is FileStatus.NOT_OURS:
        raise ValidationError(
            "database",
            str(target),
            f"a CST Inclusion Desktop database to replace, or no file ({state.detail}); "
            "nothing was changed",
        )


def _stage_copy(source: Path, staged: Path) -> None:
    """Copy the backup beside the database and check the copy before anything is replaced."""
    for suffix in ("", *SIDE_FILES):
        Path(f"{staged}{suffix}").unlink(missing_ok=True)
    sqlite_copy(source, staged)
    verify_database_file(staged)
    if not inspect_database_file(staged).ok:
        raise DatabaseError(f"the copy of {source} did not pass its check")
    fsync_file(staged)


def _keep_current(target: Path, settings: Settings) -> tuple[Path | None, bool]:
    """Keep the database about to be replaced; return where, and whether it was damaged."""
    if not target.exists():
        return None, False
    state = inspect_database_file(target)
    if state.status is FileStatus.LOCKED:
        raise DatabaseError(f"{target} is in use by another copy of the app; close it first")
    if state.status in (FileStatus.CORRUPT, FileStatus.UNREADABLE, FileStatus.FOREIGN):
        return _raw_copy(target, settings), True
    if state.status is not FileStatus.MISSING and state.status is not FileStatus.NOT_OURS:
        _quiesce(target)
    try:
        kept = copy_database(target, free_backup_path(settings.backup_path, target, PRE_RESTORE))
    except DatabaseError:
        return _raw_copy(target, settings), True
    return kept, False


def _quiesce(target: Path) -> None:
    """Fold the WAL into the file and leave WAL mode; fails while another copy has it open."""
    connection = sqlite3.connect(target, timeout=2.0, isolation_level=None)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()
    except sqlite3.OperationalError as error:
        raise DatabaseError(
            f"{target} is in use by another copy of the app ({error}); close it and try again. "
            "Nothing was changed."
        ) from error
    finally:
        connection.close()
    if not mode or str(mode[0]).lower() != "delete":
        raise DatabaseError(
            f"{target} is in use by another copy of the app; close it and try again. Nothing "
            "was changed."
        )


def _raw_copy(target: Path, settings: Settings) -> Path:
    """Byte-for-byte copies of a damaged database and its -wal, so it is never lost."""
    folder = settings.backup_path / "damaged"
    name = backup_file_name(target, "damaged", datetime.now(UTC))
    destination = folder / name
    try:
        make_private_folder(folder)
        for suffix in ("", "-wal"):
            original = Path(f"{target}{suffix}")
            if original.exists():
                copy = Path(f"{destination}{suffix}")
                create_private_file(copy)
                shutil.copyfile(original, copy)
                fsync_file(copy)
    except OSError as error:
        with contextlib.suppress(OSError):
            destination.unlink(missing_ok=True)
        raise DatabaseError(
            f"{target} could not be copied aside ({error_reason(error)}), so it was not replaced: "
            "a file that cannot be copied is never overwritten"
        ) from error
    log.warning("Kept a raw copy of damaged database %s at %s", target, destination)
    return destination
