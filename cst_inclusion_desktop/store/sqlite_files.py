"""A local SQLite file through the standard library alone: its URL, read-only access on
read-only media, crash recovery and network-drive detection.

Kept apart from ``database.py`` (which needs SQLAlchemy) so that the read-only look at a file
before opening it, and the plain read of a listing command, load no database library.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

log = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 5000


def sqlite_url(path: Path, *, read_only: bool = False, immutable: bool = False) -> str:
    if read_only:
        extra = "&immutable=1" if immutable else ""
        return f"sqlite:///file:{path.as_posix()}?mode=ro{extra}&uri=true"
    return f"sqlite:///{path.as_posix()}"


def needs_immutable(path: Path) -> bool:
    """True for a WAL database in a folder we cannot write (read-only media).

    SQLite reads a WAL database read-only only if its -shm file exists or can be created; when
    neither holds, ``immutable=1`` lets it read the file as it is (no one can write there).
    """
    try:
        connection = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlite3.OperationalError as error:
        return "unable to open" in str(error) and not os.access(path.parent, os.W_OK)
    except sqlite3.Error:
        return False
    return False


def roll_back_interrupted_write(path: Path) -> bool:
    """Let SQLite put back the last committed state after a crash mid-write; True if it did.

    A rollback-journal database (a restored backup, until it is first opened) killed during a
    write keeps a "hot" ``-journal``. A read-only connection cannot roll it back ("attempt to
    write a readonly database"), so the file would look unreadable although it only needs
    SQLite's own crash recovery: a plain read on a read-write connection does that (it writes
    back the pages the journal kept, then deletes the journal) and nothing else.
    """
    journal = Path(f"{path}-journal")
    try:
        if journal.stat().st_size == 0:
            return False
    except OSError:
        return False
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        return False
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        log.warning("Could not roll back the interrupted write to %s: %s", path, error)
        return False
    rolled_back = not journal.exists()
    if rolled_back:
        log.warning("Rolled back a write to %s that a crash had interrupted", path)
    return rolled_back


def is_network_path(path: Path) -> bool:
    """True for UNC paths and mapped network drives, where SQLite must not be shared."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if os.name == "nt" and len(text) >= 2 and text[1] == ":":
        try:
            import ctypes

            drive_remote = 4
            drive_type: int = ctypes.windll.kernel32.GetDriveTypeW(text[:3])  # type: ignore[attr-defined,unused-ignore]
            return drive_type == drive_remote
        except (AttributeError, OSError):
            return False
    return False
