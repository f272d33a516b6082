"""Copies of the database made with SQLite's online backup API, verified after writing."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cst_inclusion_desktop.domain.errors import DatabaseError

if TYPE_CHECKING:
    from cst_inclusion_desktop.services.context import AppContext

log = logging.getLogger(__name__)


def backup_file_name(source: Path, label: str, when: datetime | None = None) -> str:
    stamp = (when or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    return f"{source.stem}-{stamp}-{label}.db"


def copy_database(source: Path, destination: Path) -> Path:
    """Copy a live SQLite database consistently, verify the copy, then move it into place."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        source_connection = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
        target_connection = sqlite3.connect(partial)
        try:
            source_connection.backup(target_connection)
        finally:
            target_connection.close()
            source_connection.close()
        verify_database_file(partial)
        partial.replace(destination)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"backup to {destination} failed: {error}") from error
    log.info("Backed up %s to %s", source, destination)
    return destination


def verify_database_file(path: Path, *, quick: bool = False) -> None:
    pragma = "quick_check" if quick else "integrity_check"
    connection = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        result = connection.execute(f"PRAGMA {pragma}").fetchall()
    finally:
        connection.close()
    if result != [("ok",)]:
        raise DatabaseError(f"{path} failed its integrity check: {result[:3]}")


def backup_before(context: AppContext, label: str) -> Path | None:
    """Back up before risky work (a migration, a restore, a pack import)."""
    database = context.database
    if not database.is_sqlite or database.path is None or not database.path.exists():
        return None
    target = context.settings.backup_path / backup_file_name(database.path, label)
    return copy_database(database.path, target)
