"""Opening a local database file for a command that only reads, without SQLAlchemy.

The same steps as ``opening.open_context``, in the same order: leftovers of a killed backup
removed, the read-only look (integrity, schema version, foreign objects) refusing a damaged,
foreign or too-new file with its bytes unchanged, and the day's backup. Only a file already at
the head revision is read this way; a server URL, a missing or empty file, or one that needs
migrating gets None, and the caller opens it the ordinary way (which migrates or explains).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from cst_inclusion_desktop.services.safety.backup import connect_read_only, start_up_backup_of
from cst_inclusion_desktop.services.safety.leftovers import remove_leftovers
from cst_inclusion_desktop.services.safety.recovery import check_healthy, is_writable
from cst_inclusion_desktop.store.revisions import head_revision
from cst_inclusion_desktop.store.sqlite_files import BUSY_TIMEOUT_MS, is_network_path

if TYPE_CHECKING:
    from cst_inclusion_desktop.config import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")


def read_plainly(settings: Settings, read: Callable[[sqlite3.Connection], T | None]) -> T | None:
    """``read`` over a read-only sqlite3 connection to the configured file, after the checks
    the app makes on opening; None when the file must be opened the ordinary way instead."""
    if "://" in settings.database:
        return None
    remove_leftovers(settings)
    path = settings.database_path.expanduser().resolve()
    if not path.is_file():
        return None
    if check_healthy(settings).revision != head_revision():
        return None
    if is_network_path(path):  # as Database.open_file warns
        log.warning("Database %s is on a network drive: do not open it from several PCs", path)
    if is_writable(path):  # as open_context: at most once a day, never blocks the command
        start_up_backup_of(settings, path)
    connection = connect_read_only(path, BUSY_TIMEOUT_MS / 1000)
    try:
        return read(connection)
    finally:
        connection.close()
