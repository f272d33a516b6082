"""Where the app keeps its files: one module, so tests and portable installs can redirect it.

``CST_INCLUSION_HOME`` (set by tests, or by IT for a portable install) puts data, config, logs
and backups under one folder instead of the platform's standard directories.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.resources
import os
from pathlib import Path
from typing import Literal

import platformdirs

from cst_inclusion_desktop import APP_SLUG

# No vendor folder level on Windows: %LOCALAPPDATA%\cst-inclusion.
_APP_AUTHOR: Literal[False] = False


def _home_override() -> Path | None:
    home = os.environ.get("CST_INCLUSION_HOME")
    return Path(home) if home else None


def user_data_dir() -> Path:
    home = _home_override()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP_SLUG, _APP_AUTHOR))


def user_config_dir() -> Path:
    home = _home_override()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP_SLUG, _APP_AUTHOR))


def site_config_dir() -> Path:
    """Machine-wide config (e.g. %PROGRAMDATA%\\cst-inclusion, /etc/xdg/cst-inclusion)."""
    override = os.environ.get("CST_INCLUSION_SITE_CONFIG_DIR")
    if override:
        return Path(override)
    home = _home_override()
    if home:
        return home / "site-config"
    return Path(platformdirs.site_config_dir(APP_SLUG, _APP_AUTHOR))


def user_log_dir() -> Path:
    home = _home_override()
    return home / "logs" if home else Path(platformdirs.user_log_dir(APP_SLUG, _APP_AUTHOR))


def default_database_path() -> Path:
    return user_data_dir() / "inclusion.db"


def default_backup_dir() -> Path:
    return user_data_dir() / "backups"


def user_config_file() -> Path:
    return user_config_dir() / "config.toml"


def site_config_file() -> Path:
    return site_config_dir() / "config.toml"


PRIVATE_FOLDER_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def make_private_folder(folder: Path) -> Path:
    """Create ``folder`` and its missing parents readable by this user only (0700 on POSIX).

    Folders that exist already are left alone: they may be the user's own (Documents). On
    Windows the mode means nothing and the per-user AppData folders are private already.
    """
    missing: list[Path] = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=PRIVATE_FOLDER_MODE)
        except FileExistsError:
            continue  # made meanwhile by another copy of the app
    return folder


def create_private_file(path: Path) -> bool:
    """Create an empty file only this user can read (0600), unless it exists; True if made.

    Made before SQLite or a copy writes to it, because SQLite creates files 0644 and gives its
    -wal, -shm and -journal files the mode of the database file.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags, PRIVATE_FILE_MODE)
    except FileExistsError:
        return False
    os.close(descriptor)
    return True


RESOURCE_PACKAGE = "cst_inclusion_desktop.resources"
_extracted = contextlib.ExitStack()
atexit.register(_extracted.close)


def resource(*parts: str) -> Path:
    """A bundled file (fonts, the default framework, icons, licences), found the same way in a
    wheel, an editable install and the frozen bundle: through ``importlib.resources``."""
    found = importlib.resources.files(RESOURCE_PACKAGE).joinpath(*parts)
    if isinstance(found, Path):
        return found
    # A zipped install: extract once, kept until the process ends.
    return _extracted.enter_context(importlib.resources.as_file(found))
