"""Where file dialogs start: the folder last used, else the user's Documents folder (never the
app's working folder), with a suggested file name. One helper, so every dialog agrees: no
other module calls ``QFileDialog`` (tests/test_file_dialogs.py looks)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from cst_inclusion_desktop.ui.start.prefs import Prefs

LAST_FOLDER_KEY = "last_folder"


def documents_folder() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


def start_folder(prefs: Prefs | None = None) -> Path:
    """The last folder a file was chosen in, while it still exists; else Documents."""
    remembered = (prefs or Prefs()).text(LAST_FOLDER_KEY)
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    return documents_folder()


def remember_folder(
    chosen: str | Path, prefs: Prefs | None = None, *, is_folder: bool = False
) -> None:
    """Keep the folder of a chosen file (or a chosen folder itself) for the next dialog."""
    store = prefs or Prefs()
    folder = Path(chosen) if is_folder else Path(chosen).parent
    store.set_text(LAST_FOLDER_KEY, str(folder))
    store.sync()


def _save_start(suggested: str, prefs: Prefs | None) -> Path:
    """A full path whose folder exists (a field's current text) is kept; a bare name goes into
    the last folder used or Documents."""
    path = Path(suggested).expanduser() if suggested else None
    if path is not None and path.is_absolute() and path.parent.is_dir():
        return path
    return start_folder(prefs) / (path.name if path is not None else "")


def save_file_name(
    parent: QWidget | None, title: str, suggested: str, filters: str, prefs: Prefs | None = None
) -> Path | None:
    """Ask where to save ``suggested``; remembers the folder chosen. None when cancelled."""
    start = _save_start(suggested, prefs)
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(start), filters)
    if not chosen:
        return None
    remember_folder(chosen, prefs)
    return Path(chosen)


def open_file_name(
    parent: QWidget | None,
    title: str,
    filters: str = "",
    prefs: Prefs | None = None,
    *,
    start: Path | None = None,
) -> Path | None:
    """Ask for a file to open, from ``start`` when given (and still there), else the last
    folder used or Documents; remembers the folder chosen. None when cancelled."""
    folder = start if start is not None and start.is_dir() else start_folder(prefs)
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(folder), filters)
    if not chosen:
        return None
    remember_folder(chosen, prefs)
    return Path(chosen)


def choose_folder(
    parent: QWidget | None, title: str, current: str = "", prefs: Prefs | None = None
) -> Path | None:
    """Ask for a folder, from ``current`` when it is one, else the last folder or Documents."""
    here = Path(current).expanduser() if current else None
    start = here if here is not None and here.is_dir() else start_folder(prefs)
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start))
    if not chosen:
        return None
    remember_folder(chosen, prefs, is_folder=True)
    return Path(chosen)
