"""What this app last knew of each database file it found healthy, so that an unchanged file is
not read end to end again on every command.

SQLite's quick_check reads the whole file (about 0.45 s for the reference trust of 100,000
actions), which would make every command and every start slow. The look before opening
therefore runs it only when the file (or its write-ahead log) has changed since this app last
knew it healthy: after a clean check, or after closing its own writes. A file edited outside the
app changes its size or modification time and is checked in full again; `check` always reads
everything. The memory lives in the user's data folder; losing it only costs one check.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

from cst_inclusion_desktop import paths
from cst_inclusion_desktop.atomic_write import write_via_temporary
from cst_inclusion_desktop.domain.errors import InclusionError

log = logging.getLogger(__name__)
MEMORY_FILE = "known-healthy.json"
REMEMBERED_FILES = 20
RACY_WINDOW_NS = 2_000_000_000
"""File times are coarse (a clock tick): a file changed within this long of being remembered
could change again without its time moving, so it is not remembered (git's "racy" rule)."""


def _signature(database: Path) -> list[int]:
    """Size and modification time of the file and of its write-ahead log. An empty or missing
    log counts as (0, 0): it holds nothing, and SQLite touches it even for a read-only look."""
    signature: list[int] = []
    for part in (database, database.with_name(database.name + "-wal")):
        try:
            status = part.stat()
        except OSError:
            signature += [0, 0]
            continue
        signature += [status.st_size, status.st_mtime_ns] if status.st_size else [0, 0]
    return signature


def _memory_path() -> Path:
    return paths.user_data_dir() / MEMORY_FILE


def _read() -> dict[str, list[int]]:
    try:
        data = json.loads(_memory_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        key: value
        for key, value in data.items()
        if isinstance(value, list) and all(isinstance(item, int) for item in value)
    }


def _key(database: Path) -> str:
    return os.path.normcase(str(database.absolute()))


def unchanged_since_healthy(database: Path) -> bool:
    remembered = _read().get(_key(database))
    return remembered is not None and remembered == _signature(database)


def remember_healthy(database: Path) -> None:
    """Record the file as it is now; never fails the caller (the memory is only a shortcut)."""
    memory = _read()
    memory.pop(_key(database), None)
    signature = _signature(database)
    if time.time_ns() - max(signature[1], signature[3]) > RACY_WINDOW_NS:
        memory[_key(database)] = signature
    kept = dict(list(memory.items())[-REMEMBERED_FILES:])
    content = json.dumps(kept, indent=1).encode("utf-8")
    try:
        paths.make_private_folder(_memory_path().parent)
        write_via_temporary(_memory_path(), lambda temporary: temporary.write_bytes(content))
    except (OSError, InclusionError) as error:
        log.info("Could not record the database as healthy (%s)", type(error).__name__)
