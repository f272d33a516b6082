"""The user's interface preferences (last database, recent databases, window layout), kept in
an INI file beside the user's config so a portable install or a test home redirects it too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from cst_inclusion_desktop import paths

PREFS_FILE_NAME = "gui.ini"
RECENT_LIMIT = 6


def prefs_file() -> Path:
    return paths.user_config_dir() / PREFS_FILE_NAME


class Prefs:
    """A thin, typed wrapper over QSettings: callers never spell keys or convert types."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store or QSettings(str(prefs_file()), QSettings.Format.IniFormat)

    # --- databases --------------------------------------------------------------------------
    def last_database(self) -> str | None:
        value = self.store.value("database/last", "", type=str)
        return value if isinstance(value, str) and value else None

    def set_last_database(self, path: str | Path) -> None:
        text = str(path)
        self.store.setValue("database/last", text)
        recent = [item for item in self.recent_databases() if item != text]
        self.store.setValue("database/recent", [text, *recent][:RECENT_LIMIT])
        self.store.sync()

    def recent_databases(self) -> list[str]:
        value = self.store.value("database/recent", [])
        if isinstance(value, str):  # QSettings gives a bare string for a one-item list
            value = [value]
        if not isinstance(value, list):
            return []
        return [str(item) for item in value if item]

    # --- window layout ----------------------------------------------------------------------
    def save_layout(self, name: str, data: QByteArray) -> None:
        self.store.setValue(f"layout/{name}", data)

    def layout(self, name: str) -> QByteArray | None:
        value = self.store.value(f"layout/{name}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    # --- small choices ----------------------------------------------------------------------
    def text(self, key: str, default: str = "") -> str:
        return str(self.store.value(f"choices/{key}", default, type=str))

    def set_text(self, key: str, value: str) -> None:
        self.store.setValue(f"choices/{key}", value)

    def sync(self) -> None:
        self.store.sync()
