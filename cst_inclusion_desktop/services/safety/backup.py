"""Copies of the database made with SQLite's online backup API, verified after writing.

Backups live in ``settings.backup_path``, named ``<db stem>-<UTC yyyymmdd-hhmmss>-<label>.db`` so
the folder sorts by time and the name alone says when and why each copy was made. Labels:
``daily`` (the first start of a day), ``manual`` (Back up now), ``pre-migration``,
``pre-restore``, ``pre-import`` and ``damaged`` (a raw copy of a file that failed its check,
kept when a backup is restored over it). See docs/backup-and-recovery.md for the retention rule.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from cst_inclusion_desktop.domain.errors import DatabaseError
from cst_inclusion_desktop.paths import create_private_file, make_private_folder
from cst_inclusion_desktop.services.files import check_output_path
from cst_inclusion_desktop.services.safety.leftovers import partial_path, remove_leftovers
from cst_inclusion_desktop.store.schema import foreign_objects_in
from cst_inclusion_desktop.store.sqlite_files import needs_immutable

if TYPE_CHECKING:
    from cst_inclusion_desktop.config import Settings
    from cst_inclusion_desktop.services.context import AppContext

log = logging.getLogger(__name__)

DAILY, MANUAL = "daily", "manual"
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<label>[a-z]+(?:-[a-z]+)*)(?:-\d+)?\.db$"
)


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file: where it is, when it was made (UTC), how big, and why."""

    path: Path
    created: datetime
    size: int
    label: str


def backup_file_name(source: Path, label: str, when: datetime | None = None) -> str:
    stamp = (when or datetime.now(UTC)).strftime(_STAMP)
    return f"{source.stem}-{stamp}-{label}.db"


def free_backup_path(folder: Path, source: Path, label: str, when: datetime | None = None) -> Path:
    """A backup path not yet used (two backups in one second get ``-2``, ``-3`` ...)."""
    base = backup_file_name(source, label, when).removesuffix(".db")
    target = folder / f"{base}.db"
    number = 2
    while target.exists():
        target = folder / f"{base}-{number}.db"
        number += 1
    return target


def sqlite_copy(source: Path, target: Path) -> None:
    """Copy a live database with SQLite's online backup API into one self-contained file,
    private to the user (its -journal takes the file's mode)."""
    create_private_file(target)
    source_connection = connect_read_only(source)
    target_connection = sqlite3.connect(target)
    try:
        source_connection.backup(target_connection)
        # A backup should be one self-contained file: no -wal beside it.
        target_connection.execute("PRAGMA journal_mode = DELETE")
    finally:
        target_connection.close()
        source_connection.close()


def copy_database(source: Path, destination: Path, *, allow_foreign: bool = False) -> Path:
    """Copy a live SQLite database consistently, verify the copy, then move it into place.

    The copy is written beside the destination as ``.<pid>.partial`` and renamed only after
    its integrity check passes, so a full disk or a crash never leaves a half-written backup
    that looks real (a killed copy's file is removed at the next start: leftovers.py). A copy
    holding objects the app did not create is refused unless ``allow_foreign`` (the copy kept
    before those objects are removed). The source is opened read-only and never changed.
    """
    if not source.is_file():
        raise DatabaseError(f"cannot back up {source}: the file does not exist")
    try:
        make_private_folder(destination.parent)
    except OSError as error:
        raise DatabaseError(
            f"cannot create the backup folder {destination.parent}: {error.strerror}"
        ) from error
    partial = partial_path(destination)
    try:
        partial.unlink(missing_ok=True)
        sqlite_copy(source, partial)
        verify_database_file(partial)
        if not allow_foreign:
            refuse_foreign_objects(partial, source)
        fsync_file(partial)
        partial.replace(destination)
        fsync_folder(destination.parent)
    except (sqlite3.Error, OSError, DatabaseError) as error:
        partial.unlink(missing_ok=True)
        raise DatabaseError(
            f"backup to {destination} failed ({error_reason(error)}); the database itself is "
            "unchanged and no partial backup was left"
        ) from error
    log.info("Backed up %s to %s", source, destination)
    return destination


def connect_read_only(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    """A connection that cannot change the file, and that can read a WAL database even on
    read-only media (where SQLite needs ``immutable=1``: see store.database.needs_immutable)."""
    extra = "&immutable=1" if needs_immutable(path) else ""
    return sqlite3.connect(f"file:{path.as_posix()}?mode=ro{extra}", uri=True, timeout=timeout)


def verify_database_file(path: Path, *, quick: bool = False) -> None:
    """Raise DatabaseError unless SQLite's integrity (or quick) check says ``ok``."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        connection = connect_read_only(path)
        try:
            result = connection.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise DatabaseError(f"{path} cannot be checked: {error}") from error
    if result != [("ok",)]:
        found = "; ".join(" ".join(str(row[0]).split()) for row in result[:3])
        raise DatabaseError(f"{path} is damaged (SQLite's {pragma.replace('_', ' ')}: {found})")


def refuse_foreign_objects(copy: Path, source: Path) -> None:
    """Raise DatabaseError if ``copy`` holds objects the app's migrations did not create."""
    connection = connect_read_only(copy)
    try:
        found = foreign_objects_in(connection)
    finally:
        connection.close()
    if found:
        names = ", ".join(item.describe() for item in found)
        raise DatabaseError(
            f"{source} holds objects CST Inclusion Desktop did not create ({names}), so it is "
            "not copied as a backup; list them with `cst-inclusion schema foreign`"
        )


def backup_now(settings: Settings, label: str = MANUAL, out: Path | None = None) -> Path:
    """Back up the configured database file to ``out`` or into the backup folder."""
    remove_leftovers(settings)
    source = sqlite_file(settings)
    # Looked at first, read-only, so a refused backup creates nothing (not even its folder).
    verify_database_file(source, quick=True)
    refuse_foreign_objects(source, source)
    if out is not None:
        return copy_database(source, check_output_path(out))
    target = copy_database(source, free_backup_path(settings.backup_path, source, label))
    prune_backups(settings)
    return target


def backup_before(context: AppContext, label: str) -> Path | None:
    """Back up before risky work (a migration, a restore, a pack import)."""
    database = context.database
    if not database.is_sqlite or database.path is None or not database.path.exists():
        return None
    folder = context.settings.backup_path
    return copy_database(database.path, free_backup_path(folder, database.path, label))


def ensure_daily_backup(context: AppContext, now: datetime | None = None) -> Path | None:
    """At start-up: one ``daily`` backup per local calendar day, then apply the retention rule.

    Returns the new backup, or None when today's exists or the database is not a local file.
    """
    database = context.database
    if not database.is_sqlite or database.path is None:
        return None
    return daily_backup_of(context.settings, database.path, now)


def daily_backup_of(settings: Settings, path: Path, now: datetime | None = None) -> Path | None:
    """``ensure_daily_backup`` for a local file that no engine has open (a plain read)."""
    if not path.exists():
        return None
    now = now or datetime.now(UTC)
    today = now.astimezone().date()
    existing = list_backups(settings)
    if any(b.label == DAILY and b.created.astimezone().date() == today for b in existing):
        return None
    target = copy_database(path, free_backup_path(settings.backup_path, path, DAILY, now))
    prune_backups(settings, now=now)
    return target


def list_backups(settings: Settings) -> list[BackupInfo]:
    """Backups of the configured database in the backup folder, newest first."""
    folder = settings.backup_path
    stem = settings.database_path.stem
    found: list[BackupInfo] = []
    try:
        entries = list(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        return []
    for path in entries:
        match = _NAME.match(path.name)
        if match is None or match["stem"] != stem:
            continue
        try:
            created = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
            size = path.stat().st_size
        except (ValueError, OSError):
            continue
        found.append(BackupInfo(path=path, created=created, size=size, label=match["label"]))
    found.sort(key=lambda item: (item.created, item.path.name), reverse=True)
    return found


def retention_window(settings: Settings) -> timedelta:
    """How long any backup is kept at least: the longest of the daily/weekly/monthly spans."""
    return max(
        timedelta(days=settings.backup_keep_daily),
        timedelta(weeks=settings.backup_keep_weekly),
        timedelta(days=31 * settings.backup_keep_monthly),
    )


def backups_to_keep(backups: list[BackupInfo], settings: Settings, now: datetime) -> set[Path]:
    """The retention rule (grandfather-father-son), as a pure function the tests can probe.

    Kept: the newest backup of each of the last ``keep_daily`` days that have backups, of each
    of the last ``keep_weekly`` ISO weeks and of each of the last ``keep_monthly`` months;
    every labelled backup (anything but ``daily``) younger than the retention window; and the
    newest backup of all, whatever the settings say.
    """
    ordered = sorted(backups, key=lambda item: item.created, reverse=True)
    keep: set[Path] = {ordered[0].path} if ordered else set()
    buckets = (
        (settings.backup_keep_daily, lambda d: d.date()),
        (settings.backup_keep_weekly, lambda d: d.date().isocalendar()[:2]),
        (settings.backup_keep_monthly, lambda d: (d.year, d.month)),
    )
    for count, bucket_of in buckets:
        seen: list[object] = []
        for item in ordered:
            bucket = bucket_of(item.created.astimezone())
            if bucket in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(bucket)
            keep.add(item.path)
    window = retention_window(settings)
    keep.update(i.path for i in ordered if i.label != DAILY and now - i.created < window)
    return keep


def prune_backups(settings: Settings, now: datetime | None = None) -> list[Path]:
    """Delete backups the retention rule no longer keeps; return what was deleted."""
    now = now or datetime.now(UTC)
    backups = list_backups(settings)
    keep = backups_to_keep(backups, settings, now)
    deleted: list[Path] = []
    for item in backups:
        if item.path in keep:
            continue
        try:
            item.path.unlink()
            deleted.append(item.path)
        except OSError as error:
            log.warning("Could not delete old backup %s: %s", item.path, error)
    if deleted:
        log.info("Retention rule removed %d old backup(s)", len(deleted))
    return deleted


def start_up_backup(context: AppContext) -> Path | None:
    """The daily backup at start-up; a failure is logged, never stops the app opening."""
    return _logged_daily_backup(lambda: ensure_daily_backup(context))


def start_up_backup_of(settings: Settings, path: Path) -> Path | None:
    """``start_up_backup`` for a local file that no engine has open (a plain read)."""
    return _logged_daily_backup(lambda: daily_backup_of(settings, path))


def _logged_daily_backup(make: Callable[[], Path | None]) -> Path | None:
    try:
        return make()
    except (DatabaseError, OSError) as error:
        log.warning("The daily backup was not made: %s", error)
        return None


def sqlite_file(settings: Settings) -> Path:
    """The configured database as an existing local file, or a clear error."""
    if "://" in settings.database:
        raise DatabaseError("this is a server database: back it up with the server's own tools")
    path = settings.database_path
    if not path.is_file():
        raise DatabaseError(f"{path} does not exist: there is nothing to back up")
    return path


def human_size(size: float) -> str:
    """A file size as people read it: 812 bytes, 3.4 MB."""
    for unit in ("bytes", "KB", "MB"):
        if size < 1024:
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024
    return f"{size:,.1f} GB"


def error_reason(error: BaseException) -> str:
    text = str(error)
    if isinstance(error, OSError) and error.errno is not None and error.strerror:
        text = error.strerror
    if "full" in text.lower() or "no space" in text.lower():
        return "the disk is full"
    return text


def fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename durable on POSIX; Windows has no directory handles to sync."""
    if os.name == "nt":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
