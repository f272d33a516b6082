"""Where file dialogs start: the folder last used, else the user's Documents folder (never the
app's working folder), with a suggested file name. One helper, so every dialog agrees."""

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


def remember_folder(chosen: str | Path, prefs: Prefs | None = None) -> None:
    store = prefs or Prefs()
    store.set_text(LAST_FOLDER_KEY, str(Path(chosen).parent))
    store.sync()


def save_file_name(
    parent: QWidget | None, title: str, suggested: str, filters: str, prefs: Prefs | None = None
) -> Path | None:
    """Ask where to save ``suggested``; remembers the folder chosen. None when cancelled."""
    start = start_folder(prefs) / suggested
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(start), filters)
    if not chosen:
        return None
    remember_folder(chosen, prefs)
    return Path(chosen)


def open_file_name(
    parent: QWidget | None, title: str, filters: str, prefs: Prefs | None = None
) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder(prefs)), filters)
    if not chosen:
        return None
    remember_folder(chosen, prefs)
    return Path(chosen)
