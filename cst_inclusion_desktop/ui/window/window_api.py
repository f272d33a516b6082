"""What the menus may ask of the main window, as a Protocol, so that ``menus.py`` does not
import ``main_window.py`` (which imports the menus): the dependency runs one way only."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QMainWindow

from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.start.prefs import Prefs


class MenuHost(Protocol):
    prefs: Prefs

    @property
    def services(self) -> Services: ...

    def widget(self) -> QMainWindow:
        """The window itself, as the Qt parent of menus, toolbars and dialogs."""
        ...

    def new_database(self) -> None: ...

    def open_database(self, path: str | Path | None = None) -> None: ...

    def new_action(self) -> None: ...

    def edit_selected_action(self) -> None: ...

    def archive_selected_action(self) -> None: ...

    def add_evidence(self) -> None: ...

    def add_school_evidence(self) -> None: ...

    def add_review(self) -> None: ...

    def focus_search(self) -> None: ...

    def show_tab(self, index: int) -> None: ...

    def refresh_all(self) -> None: ...
