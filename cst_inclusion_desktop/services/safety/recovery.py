"""Look at a database file before opening it, without ever changing it.

``inspect_database_file`` answers "is this a healthy CST Inclusion Desktop database this version
can read?" using read-only SQLite connections only, so a damaged file is described, never
"repaired" or overwritten. ``check_database_at_start`` adds what the start-up needs: whether the
file can be written, whether another copy holds the write lock, and the newest good backup.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from cst_inclusion_desktop.domain.errors import DatabaseError
from cst_inclusion_desktop.domain.text import printable
from cst_inclusion_desktop.services.safety import health_memory
from cst_inclusion_desktop.services.safety.backup import BackupInfo, connect_read_only, list_backups
from cst_inclusion_desktop.store.revisions import head_revision, known_revisions
from cst_inclusion_desktop.store.schema import ForeignObject, expected_schema, foreign_objects
from cst_inclusion_desktop.store.sqlite_files import is_network_path, roll_back_interrupted_write

if TYPE_CHECKING:
    from cst_inclusion_desktop.config import Settings

log = logging.getLogger(__name__)
SQLITE_MAGIC = b"SQLite format 3\x00"
LOCK_PROBE_MS = 1500


class FileStatus(StrEnum):
    OK = "ok"
    MISSING = "missing"
    CORRUPT = "corrupt"
    UNREADABLE = "unreadable"
    NOT_OURS = "not_our_database"
    TOO_NEW = "too_new"
    READ_ONLY = "read_only"
    LOCKED = "locked"
    FOREIGN = "foreign_objects"


@dataclass(frozen=True, slots=True)
class FileInspection:
    path: Path
    status: FileStatus
    detail: str = ""  # the technical reason, for the log and "details"
    revision: str | None = None
    foreign: tuple[ForeignObject, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status is FileStatus.OK

    @property
    def foreign_names(self) -> str:
        return ", ".join(item.describe() for item in self.foreign)


@dataclass(frozen=True, slots=True)
class StartupCheck:
    """What the start-up found, in plain words, and the newest backup that passed its check."""

    status: FileStatus
    path: Path
    explanation: str
    detail: str = ""
    newest_good_backup: BackupInfo | None = None
    warnings: tuple[str, ...] = ()

    @property
    def can_open(self) -> bool:
        """OK opens normally; READ_ONLY opens with a banner; everything else needs the user."""
        return self.status in (FileStatus.OK, FileStatus.READ_ONLY)


def our_tables() -> set[str]:
    """The tables the app's migrations create up to the head revision (every model's table,
    and the search and tally tables): read from the recorded schema, so no ORM is loaded."""
    return {item.name for item in expected_schema(head_revision()).values() if item.type == "table"}


def inspect_database_file(path: Path, *, quick: bool = True, scan: bool = True) -> FileInspection:
    """Classify a file using read-only access only; ``quick=False`` runs the full check, and
    ``scan=False`` skips reading every page (the file is unchanged since known healthy)."""
    if not path.exists():
        return FileInspection(path, FileStatus.MISSING, "no such file")
    if not path.is_file():
        return FileInspection(path, FileStatus.NOT_OURS, "this is a folder, not a file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        return FileInspection(path, FileStatus.UNREADABLE, error.strerror or str(error))
    if not header:
        return FileInspection(path, FileStatus.CORRUPT, "the file is empty (0 bytes)")
    if header != SQLITE_MAGIC:
        return FileInspection(path, FileStatus.NOT_OURS, "the file is not an SQLite database")
    try:
        connection = connect_read_only(path, LOCK_PROBE_MS / 1000)
        try:
            return _inspect_connection(path, connection, quick, scan)
        finally:
            connection.close()
    except sqlite3.Error as error:
        return FileInspection(path, _status_of(error), str(error))


def inspect_for_opening(path: Path) -> FileInspection:
    """``inspect_database_file`` after SQLite's own crash recovery (the one write allowed
    first: it only puts back the last committed state; see roll_back_interrupted_write)."""
    roll_back_interrupted_write(path)
    scan = not health_memory.unchanged_since_healthy(path)
    inspection = inspect_database_file(path, scan=scan)
    if scan and inspection.ok:
        health_memory.remember_healthy(path)
    return inspection


def check_healthy(settings: Settings, *, allow_foreign: bool = False) -> FileInspection:
    """The read-only look before opening; a DatabaseError in plain words if it fails."""
    inspection = inspect_for_opening(settings.database_path)
    if inspection.ok or (allow_foreign and inspection.status is FileStatus.FOREIGN):
        return inspection
    raise refusal(settings, inspection)


def _inspect_connection(
    path: Path, connection: sqlite3.Connection, quick: bool, scan: bool
) -> FileInspection:
    if scan:
        result = connection.execute(f"PRAGMA {'quick_check' if quick else 'integrity_check'}")
        rows = [str(row[0]) for row in result.fetchall()]
        if rows != ["ok"]:
            return FileInspection(path, FileStatus.CORRUPT, "; ".join(rows[:3]))
    tables = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    if not tables:
        return FileInspection(path, FileStatus.OK, "an empty database (no tables yet)")
    if "alembic_version" not in tables:
        return FileInspection(
            path, FileStatus.NOT_OURS, "it has tables but no CST Inclusion schema version"
        )
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    revision = str(row[0]) if row else None
    if revision is not None and revision not in known_revisions():
        return FileInspection(
            path,
            FileStatus.TOO_NEW,
            f"schema {revision}; this version knows up to {head_revision()}",
            revision,
        )
    missing = our_tables() - tables if revision == head_revision() else set()
    if revision is None or missing:
        what = f"missing tables: {', '.join(sorted(missing))}" if missing else "no schema version"
        return FileInspection(path, FileStatus.NOT_OURS, what, revision)
    extra = tuple(foreign_objects(connection, revision))
    if extra:
        names = ", ".join(item.describe() for item in extra)
        detail = f"objects the app did not create: {names}"
        return FileInspection(path, FileStatus.FOREIGN, detail, revision, extra)
    return FileInspection(path, FileStatus.OK, f"schema {revision}", revision)


def _status_of(error: sqlite3.Error) -> FileStatus:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return FileStatus.LOCKED
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return FileStatus.CORRUPT
    return FileStatus.UNREADABLE


def newest_good_backup(settings: Settings) -> BackupInfo | None:
    """The newest backup that passes the quick check and is a database this version can read."""
    for backup in list_backups(settings):
        if inspect_database_file(backup.path).ok:
            return backup
        log.warning("Backup %s failed its check; skipping it", backup.path)
    return None


def check_database_at_start(settings: Settings) -> StartupCheck:
    """Look before opening: never changes the file, whatever it finds."""
    path = settings.database_path
    if "://" in settings.database:
        return StartupCheck(FileStatus.OK, path, "A server database: the server checks it.")
    inspection = inspect_for_opening(path)
    warnings = (NETWORK_WARNING,) if is_network_path(path) else ()
    status = inspection.status
    if status is FileStatus.OK:
        if not is_writable(path):
            status = FileStatus.READ_ONLY
        elif holds_write_lock_elsewhere(path):
            status = FileStatus.LOCKED
    needs_backup = status not in NO_RESTORE_NEEDED
    backup = newest_good_backup(settings) if needs_backup else None
    return StartupCheck(
        status=status,
        path=path,
        explanation=explain(status, path, backup, found_text(inspection)),
        detail=inspection.detail,
        newest_good_backup=backup,
        warnings=warnings,
    )


def is_writable(path: Path) -> bool:
    """Write permission on the file and its folder (the folder holds the -wal and -shm files).

    ``os.access`` reports EROFS for read-only media even to an administrator.
    """
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def holds_write_lock_elsewhere(path: Path) -> bool:
    """True if another connection keeps the write lock for longer than a short wait."""
    try:
        connection = sqlite3.connect(path, timeout=LOCK_PROBE_MS / 1000, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
        finally:
            connection.close()
    except sqlite3.OperationalError as error:
        return "locked" in str(error) or "busy" in str(error)
    return False


def found_text(inspection: FileInspection) -> str:
    """The objects found, for a refusal that must name them."""
    return f" Found: {inspection.foreign_names}." if inspection.foreign else ""


def refusal(settings: Settings, inspection: FileInspection) -> DatabaseError:
    """Why an existing file is not opened: plain words, what was found, how to restore."""
    log.warning("Not opening %s: %s (%s)", inspection.path, inspection.status, inspection.detail)
    status = inspection.status
    backup = None if status in NO_RESTORE_NEEDED else newest_good_backup(settings)
    found = found_text(inspection)
    if status in (FileStatus.CORRUPT, FileStatus.NOT_OURS) and inspection.detail:
        found = f" (details: {printable(inspection.detail)})"
    text = explain(status, inspection.path, backup, found)
    if backup is not None:
        text += f" To restore it: cst-inclusion restore {backup.path}"
    return DatabaseError(text)


def opening_failure(settings: Settings, error: Exception) -> DatabaseError:
    """The error to raise when SQLite could not open the file: what happened and what to do."""
    log.error("Could not open %s: %s", settings.database_path, error)
    check = check_database_at_start(settings)
    text = check.explanation if not check.can_open else f"{settings.database_path}: {error}"
    if check.newest_good_backup is not None:
        text += f" To restore it: cst-inclusion restore {check.newest_good_backup.path}"
    return DatabaseError(text)


NETWORK_WARNING = (
    "This database is on a network drive. Only one computer at a time may use it, or it can be "
    "damaged; for several computers, ask IT for the shared-server mode."
)


# Nothing is wrong with the file itself: a newer app, or another copy saving, is the answer.
NO_RESTORE_NEEDED = (FileStatus.OK, FileStatus.READ_ONLY, FileStatus.LOCKED, FileStatus.TOO_NEW)


def explain(status: FileStatus, path: Path, backup: BackupInfo | None, found: str = "") -> str:
    """The plain-words explanation shown to the user (the technical detail goes to the log)."""
    name = path.name
    text = {
        FileStatus.OK: f"{name} is healthy.",
        FileStatus.MISSING: f"There is no database at {path}.",
        FileStatus.CORRUPT: f"{name} is damaged: SQLite's check found errors inside it. It has "
        "been left exactly as it is, so nothing more can be lost.",
        FileStatus.UNREADABLE: f"{name} cannot be read (you may not have permission, or the "
        "drive may be failing). It has been left exactly as it is.",
        FileStatus.NOT_OURS: f"{name} is not a CST Inclusion Desktop database. It has been left "
        "exactly as it is.",
        FileStatus.TOO_NEW: f"{name} was made by a newer version of CST Inclusion Desktop. "
        "Install the newer version to open it; it has not been changed.",
        FileStatus.READ_ONLY: f"{name} is on read-only media or you cannot write to it, so it "
        "opens read-only: you can look and print reports, but changes are refused.",
        FileStatus.FOREIGN: f"{name} holds database instructions that CST Inclusion Desktop did "
        "not create (another program or a person changed it outside the app); they could change "
        "or delete records the next time anything is saved, so it was not opened and has been "
        "left exactly as it is. Ask IT to look at it: `cst-inclusion schema foreign` lists them "
        "and `cst-inclusion schema remove-foreign NAME` removes them after a backup.",
        FileStatus.LOCKED: f"Another copy of CST Inclusion Desktop (or another program) is "
        f"saving to {name} and has not finished. Close the other copy and try again.",
    }[status] + found
    if status in NO_RESTORE_NEEDED:
        return text
    if backup is not None:
        when = backup.created.astimezone().strftime("%d %B %Y at %H:%M")
        return f"{text} The newest good backup is from {when}; you can restore it."
    if status is FileStatus.NOT_OURS:
        return text  # a file that was never a database (a spreadsheet opened by mistake)
    return f"{text} No good backup was found."
