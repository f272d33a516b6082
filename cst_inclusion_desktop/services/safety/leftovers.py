"""Files a killed backup or restore leaves behind, and removing them at the next start.

A backup is written as ``<backup name>.<pid>.partial`` in the backup folder and a restore
stages ``.<database name>.<pid>.restoring`` beside the database, then each is renamed into
place. A process killed half-way leaves that file (a whole database's size) for ever, so every
start removes the ones whose process is gone. The process id in the name is what keeps a copy
of the app that is still copying safe from another one starting. Only names of exactly these
shapes are touched (earlier versions wrote them without the process id: those go too).
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cst_inclusion_desktop.config import Settings

log = logging.getLogger(__name__)
_SIDE = r"(?:-journal|-wal|-shm)?"
_PID = r"(?:\.(?P<pid>\d+))?"
PARTIAL = re.compile(rf"^.+-\d{{8}}-\d{{6}}-[a-z]+(?:-[a-z]+)*(?:-\d+)?\.db{_PID}\.partial{_SIDE}$")
_STILL_ACTIVE = 259  # Windows: GetExitCodeProcess of a process that has not ended


def partial_path(destination: Path) -> Path:
    """Where a backup to ``destination`` is written until it has passed its check."""
    return destination.with_name(f"{destination.name}.{os.getpid()}.partial")


def staging_path(target: Path) -> Path:
    """Where a restore over ``target`` stages the copy it will rename into place."""
    return target.with_name(f".{target.name}.{os.getpid()}.restoring")


def staging_pattern(target: Path) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(target.name)}{_PID}\.restoring{_SIDE}$")


def remove_leftovers(settings: Settings) -> list[Path]:
    """Delete what killed backups and restores of this database left; return what went."""
    if "://" in settings.database:
        return []
    database = settings.database_path.expanduser().absolute()
    removed: list[Path] = []
    for folder, pattern in (
        (settings.backup_path, PARTIAL),
        (database.parent, staging_pattern(database)),
    ):
        removed.extend(_remove_matching(folder, pattern))
    if removed:
        log.info("Removed %d file(s) left by an interrupted backup or restore", len(removed))
    return removed


def _remove_matching(folder: Path, pattern: re.Pattern[str]) -> list[Path]:
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed  # no such folder yet, or not ours to read
    for entry in entries:
        match = pattern.match(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        if _still_running(match["pid"]):
            continue
        try:
            os.unlink(entry.path)
        except OSError as error:
            log.warning("Could not remove the leftover %s: %s", entry.path, error.strerror)
            continue
        removed.append(Path(entry.path))
    return removed


def _still_running(pid_text: str | None) -> bool:
    """True if the process that named the file may still be writing it."""
    if pid_text is None:
        return False  # an earlier version's name: its process cannot still be running
    pid = int(pid_text)
    if pid == os.getpid():
        return True  # this process: another thread may be backing up right now
    if os.name == "nt":
        return _windows_process_running(pid)
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, belongs to someone else
    except OSError:
        return False
    return True


def _windows_process_running(pid: int) -> bool:
    import ctypes

    query_limited_information = 0x1000
    access_denied = 5
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return bool(kernel32.GetLastError() == access_denied)
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == _STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
